// SPDX-License-Identifier: Apache-2.0
// The documents a procedure ends in (refugee and stateless-person certificates, the 1951
// and 1954 travel documents) come only from the procedure's decision: its transition
// issues them under four eyes and the age rule; asking for one by hand is Conflict and
// writes nothing; an approval that disagrees with the draft issues nothing either.
#include <filesystem>

#include "support/temp_database.h"

#include "documents/support.h"

namespace nansen::documents {
namespace {

using testing::day;
using testing::officer;

class OutcomeDocumentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = nansen::testing::open_temp_database(dir_, "outcome-docs");
    ASSERT_TRUE(db_);
    catalog_ = *procedures::load_builtin_definitions();
    now_ = *parse_instant("2025-03-10T06:00:00Z");
    adult_ = add("Абдрашов", "Жанибек", "1988-03-15");
    teen_ = add("Абдрашова", "Айлин", "2010-06-01");
  }
  void TearDown() override { nansen::testing::close_temp_database(db_, dir_); }

  registry::PersonId add(const char* family, const char* given, const char* birth) {
    registry::PersonInput p;
    p.country = "KAZ";
    p.names.push_back(
        {registry::NameKind::kOfficial, std::string(family) + " " + given, given, family, "", ""});
    p.birth_date = day(birth);
    p.sex = 'M';
    p.nationalities.push_back({"stateless", ""});
    return *registry::register_person(*db_, access::system_actor(), p, now_);
  }
  std::vector<std::string> types_of(registry::PersonId p) {
    std::vector<std::string> out;
    auto docs = person_documents(*db_, access::system_actor(), p, now_);
    EXPECT_TRUE(docs);
    for (const auto& d : *docs) out.emplace_back(document_type_name(d.type));
    return out;
  }
  std::int64_t count(const std::string& sql) { return db_->query(sql)->at(0).integer(0); }
  Status take(const access::Actor& a, procedures::CaseId c, const char* t, const char* on,
              std::map<std::string, std::string> f = {}) {
    return take_transition_with_documents(*db_, catalog_, a, c, {t, std::move(f)}, day(on), now_);
  }
  procedures::Case case_of(procedures::CaseId c) {
    return *procedures::get_case(*db_, access::system_actor(), c, now_);
  }

  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  procedures::Catalog catalog_;
  Instant now_;
  registry::PersonId adult_, teen_;
  access::Actor issuer_ = officer(3, access::Role::kDecisionMaker);
};

TEST_F(OutcomeDocumentsTest, AreNeverIssuedByHandWithOrWithoutTheirCase) {
  const auto c = testing::recognised_stateless(*db_, catalog_, adult_, {teen_}, now_);
  const auto documents = count("SELECT COUNT(*) FROM issued_documents");
  const auto audit = count("SELECT COUNT(*) FROM audit_log");
  for (auto type : {DocumentType::kRefugeeCertificate, DocumentType::kStatelessPersonCertificate,
                    DocumentType::kTravelDocument1951, DocumentType::kTravelDocument1954})
    for (std::optional<procedures::CaseId> with : {std::optional<procedures::CaseId>{}, {c}}) {
      auto r = issue_document(*db_, catalog_, issuer_, {type, adult_, with, day("2025-03-10"), 120},
                              now_);
      ASSERT_FALSE(r) << document_type_name(type);
      EXPECT_EQ(r.error().code, ErrorCode::kConflict) << document_type_name(type);
      EXPECT_EQ(r.error().field, "type");
    }
  EXPECT_EQ(count("SELECT COUNT(*) FROM issued_documents"), documents);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), audit) << "a refusal writes nothing";
  // Another country's officer learns nothing about the person: NotFound, as for nobody.
  auto kgz = issue_document(
      *db_, catalog_, officer(9, access::Role::kDecisionMaker, "KGZ"),
      {DocumentType::kRefugeeCertificate, adult_, std::nullopt, day("2025-03-10"), 12}, now_);
  EXPECT_EQ(kgz.error().code, ErrorCode::kNotFound);
}

TEST_F(OutcomeDocumentsTest, TheDecisionIssuesThemOnlyUnderFourEyes) {
  const auto self = officer(23, access::Role::kDecisionMaker);
  const auto c = testing::drafted_stateless(*db_, catalog_, adult_, {}, now_, "stateless", self);
  auto own = take(self, c, "approve_stateless", "2024-12-05");
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(count("SELECT COUNT(*) FROM issued_documents"), 0);
  EXPECT_EQ(case_of(c).state, "decision_drafted");
  ASSERT_TRUE(take(testing::approver(), c, "approve_stateless", "2024-12-05"));
  EXPECT_EQ(types_of(adult_), std::vector<std::string>{"stateless_person_certificate"});
  // The approver needs no document.issue permission: the decision is the authority.
  EXPECT_FALSE(
      access::has_permission(access::Role::kCaseworker, access::Permission::kDocumentIssue));
  ASSERT_TRUE(take(officer(24, access::Role::kCaseworker), c, "notify_recognition", "2024-12-06"));
  EXPECT_EQ(types_of(adult_),
            (std::vector<std::string>{"stateless_person_certificate", "travel_document_1954"}));
  auto audit = db_->query(
      "SELECT COUNT(*) FROM audit_log WHERE action = 'document.issue' AND record_type = "
      "'document'");
  EXPECT_EQ(audit->at(0).integer(0), 2);
}

TEST_F(OutcomeDocumentsTest, AnApprovalThatDisagreesWithTheDraftWritesNothing) {
  const auto c = testing::drafted_stateless(*db_, catalog_, adult_, {teen_}, now_, "refuse");
  const auto history = case_of(c).history.size();
  const std::string writes = "SELECT COUNT(*) FROM audit_log WHERE action <> 'case.read'";
  const auto audit = count(writes);
  auto wrong = take(testing::approver(), c, "approve_stateless", "2024-12-05");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kConflict);
  EXPECT_EQ(wrong.error().field, "outcome");
  EXPECT_EQ(case_of(c).state, "decision_drafted");
  EXPECT_EQ(case_of(c).history.size(), history);
  EXPECT_EQ(count("SELECT COUNT(*) FROM issued_documents"), 0);
  EXPECT_EQ(count(writes), audit) << "nothing but reads was audited";
  ASSERT_TRUE(take(testing::approver(), c, "approve_refusal", "2024-12-05"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM issued_documents"), 0);
}

TEST_F(OutcomeDocumentsTest, RecognitionOnAppealIssuesTheCertificateToo) {
  const auto c = testing::drafted_stateless(*db_, catalog_, adult_, {}, now_, "refuse");
  const auto sys = access::system_actor();
  ASSERT_TRUE(take(testing::approver(), c, "approve_refusal", "2024-12-05"));
  ASSERT_TRUE(take(sys, c, "notify_refusal", "2024-12-06", {{"reasons", "an answer came"}}));
  ASSERT_TRUE(take(sys, c, "lodge_appeal", "2024-12-20"));
  ASSERT_TRUE(take(officer(25, access::Role::kDecisionMaker), c, "overturn_on_appeal", "2025-01-20",
                   {{"reasons", "the answer was not about him"}}));
  EXPECT_EQ(types_of(adult_), std::vector<std::string>{"stateless_person_certificate"});
  ASSERT_TRUE(take(sys, c, "notify_recognition", "2025-01-21"));
  EXPECT_EQ(types_of(adult_),
            (std::vector<std::string>{"stateless_person_certificate", "travel_document_1954"}));
}

TEST_F(OutcomeDocumentsTest, AnAdultAssessedWithAnotherOutcomeGetsNoRefugeeCertificate) {
  const auto wife = add("Абдрашова", "Гульнара", "1990-04-12");
  const auto son = add("Абдрашов", "Арман", "2004-01-20");  // an adult dependant
  const auto sys = access::system_actor();
  const auto caseworker = officer(26, access::Role::kCaseworker);
  procedures::CaseOpening o{"kz_asylum", "KAZ", "", adult_, {wife, son, teen_}, {}, std::nullopt};
  const auto c = *procedures::open_case(*db_, catalog_, sys, o, now_);
  ASSERT_TRUE(take(sys, c, "apply", "2024-09-02", {{"arrival_date", "2024-09-01"}}));
  ASSERT_TRUE(take(sys, c, "register", "2024-09-03"));
  ASSERT_TRUE(take(sys, c, "fingerprint", "2024-09-04"));
  ASSERT_TRUE(take(caseworker, c, "interview", "2024-10-01"));
  for (auto [who, outcome] : {std::pair{wife, "recognise"}, std::pair{son, "refuse"}})
    ASSERT_TRUE(procedures::record_member_assessment(
        *db_, catalog_, caseworker, c, {who, outcome, "own interview"}, day("2024-10-02"), now_));
  ASSERT_TRUE(take(caseworker, c, "draft_decision", "2024-10-03",
                   {{"outcome", "recognise"}, {"reasons", "well-founded fear"}}));
  ASSERT_TRUE(take(testing::approver(), c, "approve_recognition", "2024-10-04"));
  for (auto p : {adult_, wife, teen_})
    EXPECT_EQ(types_of(p), std::vector<std::string>{"refugee_certificate"}) << p.value;
  EXPECT_TRUE(types_of(son).empty());
  ASSERT_TRUE(take(sys, c, "notify_recognition", "2024-10-05"));
  for (auto p : {adult_, wife})
    EXPECT_EQ(types_of(p),
              (std::vector<std::string>{"refugee_certificate", "travel_document_1951"}))
        << p.value;
  EXPECT_EQ(types_of(teen_), std::vector<std::string>{"refugee_certificate"}) << "under 16";
  EXPECT_TRUE(types_of(son).empty());
  auto td = person_documents(*db_, sys, adult_, now_)->back();
  ASSERT_TRUE(td.mrz);
  EXPECT_EQ(read_td3(td.mrz->line1, td.mrz->line2)->nationality, "XXB");
  EXPECT_EQ(format_civil_date(td.valid_until), "2029-10-05");
}

TEST_F(OutcomeDocumentsTest, ARecordTheMrzCannotSpellGetsNoTravelDocumentButKeepsItsDecision) {
  registry::PersonInput p;
  p.country = "KAZ";
  p.names.push_back({registry::NameKind::kOfficial, "Жанибек", "", "", "", ""});
  p.birth_date = day("1980-01-01");
  const auto mononym = *registry::register_person(*db_, access::system_actor(), p, now_);
  testing::recognised_stateless(*db_, catalog_, mononym, {}, now_);
  EXPECT_EQ(types_of(mononym), std::vector<std::string>{"stateless_person_certificate"});
}

TEST_F(OutcomeDocumentsTest, OneIssuedByHandBeforeTheRuleIsNotRenewed) {
  // The row a registrar could write before the rule: a 10-year certificate and no case.
  auto tx = db_->begin(true);
  ASSERT_TRUE(tx);
  auto id = (*tx)->insert(
      "INSERT INTO issued_documents (country, number, doc_type, person_id, issued_on, "
      "valid_until, status, issued_at) VALUES ('KAZ', 'RC0000099', 'refugee_certificate', ?, "
      "'2024-01-01', '2034-01-01', 'valid', '2024-01-01T00:00:00Z') RETURNING id",
      {adult_.value});
  ASSERT_TRUE(id) << id.error().message;
  ASSERT_TRUE((*tx)->commit());
  const DocumentId legacy{*id};
  auto renewed = renew_document(*db_, catalog_, issuer_, legacy, day("2025-03-10"), now_);
  ASSERT_FALSE(renewed);
  EXPECT_EQ(renewed.error().code, ErrorCode::kConflict);
  EXPECT_EQ(renewed.error().field, "type");
  // Revoking it stays possible.
  EXPECT_TRUE(
      revoke_document(*db_, issuer_, legacy, "issued without a decision", day("2025-03-10"), now_));
}

}  // namespace
}  // namespace nansen::documents
