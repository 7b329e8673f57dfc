// SPDX-License-Identifier: Apache-2.0
// Renewal on case events: the KZ asylum-seeker certificate (valid 3 months) is renewed
// when the decision period is extended (rule renew_on "decision_period_extended"), in the
// transaction that records the extension, for every member holding one.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/temp_database.h"

#include "documents/documents.h"
#include "procedures/support.h"

namespace nansen::documents {
namespace {

using procedures::testing::day;
using procedures::testing::officer;

class RenewalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = nansen::testing::open_temp_database(dir_, "renewal");
    ASSERT_TRUE(db_);
    catalog_ = *procedures::load_builtin_definitions();
    now_ = *parse_instant("2024-05-20T06:00:00Z");
    mother_ = add("Хасанова Зухра", "1990-05-01");
    child_ = add("Хасанов Умед", "2016-02-10");
    procedures::CaseOpening o{"kz_asylum", "KAZ", "", mother_, {child_}, {}, std::nullopt};
    case_ = *procedures::open_case(*db_, catalog_, registrar_, o, now_);
    take("apply", "2024-01-30", {{"arrival_date", "2024-01-28"}});
    take("register", "2024-01-31");
    for (auto person : {mother_, child_}) {
      auto cert = issue_document(
          *db_, catalog_, registrar_,
          {DocumentType::kAsylumSeekerCertificate, person, case_, day("2024-01-31"), 0}, now_);
      ASSERT_TRUE(cert) << cert.error().message;
    }
    take("fingerprint", "2024-02-01");
  }
  void TearDown() override { nansen::testing::close_temp_database(db_, dir_); }

  registry::PersonId add(const char* name, const char* birth) {
    registry::PersonInput p;
    p.country = "KAZ";
    p.names.push_back({registry::NameKind::kOfficial, name, "", "", "", ""});
    p.birth_date = day(birth);
    return *registry::register_person(*db_, access::system_actor(), p, now_);
  }
  void take(const char* t, const char* on, std::map<std::string, std::string> f = {}) {
    auto r = take_transition_with_documents(*db_, catalog_, registrar_, case_, {t, std::move(f)},
                                            day(on), now_);
    ASSERT_TRUE(r) << t << ": " << r.error().message;
  }
  std::vector<IssuedDocument> documents_of(registry::PersonId p) {
    return *person_documents(*db_, registrar_, p, now_);
  }
  std::int64_t count(const std::string& sql) { return db_->query(sql)->at(0).integer(0); }

  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  procedures::Catalog catalog_;
  Instant now_;
  registry::PersonId mother_, child_;
  procedures::CaseId case_;
  access::Actor registrar_ = officer(1, access::Role::kRegistrar);
  access::Actor caseworker_ = officer(2, access::Role::kCaseworker);
};

TEST_F(RenewalTest, ExtendingTheDecisionPeriodRenewsEveryMembersCertificate) {
  const auto audit_before = count("SELECT COUNT(*) FROM audit_log WHERE action = 'document.renew'");
  // A caseworker records the extension: the rule renews, no document.issue permission needed.
  ASSERT_TRUE(record_case_event_with_documents(*db_, catalog_, caseworker_, case_,
                                               "decision_period_extended", day("2024-04-25"),
                                               std::nullopt, now_));
  for (auto person : {mother_, child_}) {
    auto docs = documents_of(person);
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_EQ(docs[0].status, DocumentStatus::kRenewed);
    EXPECT_EQ(docs[1].status, DocumentStatus::kValid);
    EXPECT_EQ(docs[1].replaces, docs[0].id);
    EXPECT_EQ(docs[1].case_id, case_);
    EXPECT_EQ(format_civil_date(docs[1].issued_on), "2024-04-25");
    EXPECT_EQ(format_civil_date(docs[1].valid_until), "2024-07-25");
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'document.renew'"),
            audit_before + 2);

  // A second extension renews the successors, not the old certificates.
  ASSERT_TRUE(record_case_event_with_documents(*db_, catalog_, caseworker_, case_,
                                               "decision_period_extended", day("2024-07-20"),
                                               std::nullopt, now_));
  auto docs = documents_of(mother_);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[1].status, DocumentStatus::kRenewed);
  EXPECT_EQ(format_civil_date(docs[2].valid_until), "2024-10-20");
}

TEST_F(RenewalTest, OtherEventsAndTransitionsRenewNothing) {
  ASSERT_TRUE(take_transition_with_documents(*db_, catalog_, caseworker_, case_, {"interview", {}},
                                             day("2024-02-20"), now_));
  ASSERT_TRUE(record_case_event_with_documents(*db_, catalog_, caseworker_, case_, "arrival",
                                               day("2024-01-28"), std::nullopt, now_));
  EXPECT_EQ(documents_of(mother_).size(), 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM issued_documents WHERE status = 'renewed'"), 0);
}

TEST_F(RenewalTest, TheRenewalIsPartOfTheEventsTransaction) {
  // A revoked certificate is not renewed; the event itself is still recorded.
  auto docs = documents_of(child_);
  ASSERT_TRUE(
      revoke_document(*db_, registrar_, docs[0].id, "left the country", day("2024-03-01"), now_));
  ASSERT_TRUE(record_case_event_with_documents(*db_, catalog_, caseworker_, case_,
                                               "decision_period_extended", day("2024-04-25"),
                                               std::nullopt, now_));
  EXPECT_EQ(documents_of(child_).size(), 1u);
  EXPECT_EQ(documents_of(mother_).size(), 2u);
  // An event the procedure does not know writes nothing, renewals included.
  EXPECT_FALSE(record_case_event_with_documents(*db_, catalog_, caseworker_, case_,
                                                "enquiry_answered", day("2024-04-26"), std::nullopt,
                                                now_));
  EXPECT_EQ(count("SELECT COUNT(*) FROM issued_documents"), 3);
}

TEST_F(RenewalTest, TheProceduresCallAloneDoesNotRenew) {
  // Why web/ and cli/ call documents::record_case_event_with_documents: procedures/ knows no
  // documents.
  ASSERT_TRUE(procedures::record_case_event(*db_, catalog_, caseworker_, case_,
                                            "decision_period_extended", day("2024-04-25"),
                                            std::nullopt, now_));
  EXPECT_EQ(documents_of(mother_).size(), 1u);
}

}  // namespace
}  // namespace nansen::documents
