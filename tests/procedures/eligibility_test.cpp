// SPDX-License-Identifier: Apache-2.0
// Bulk eligibility: preview with counts, confirmation against the preview, one audited
// decision per person; never across the actor's country.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/temp_database.h"

#include "procedures/support.h"

namespace nansen::procedures {
namespace {

using testing::day;

class EligibilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = nansen::testing::open_temp_database(dir_, "elig");
    ASSERT_TRUE(db_);
    now_ = *parse_instant("2024-06-01T06:00:00Z");
    // Stateless with residence since 1990 (eligible), stateless since 2001 (not),
    // undetermined since 1990 (not), a stateless child with an old permit (eligible),
    // and a KGZ person matching everything (another country).
    add("KAZ", "Иванов Пётр", "1950-01-01", 'M', "stateless", "1990-05-01");
    add("KAZ", "Ким Ольга", "1960", 'F', "stateless", "2001-05-01");
    add("KAZ", "Пак Анна", "1970-02-02", 'F', "undetermined", "1990-05-01");
    add("KAZ", "Ли Мария", "2010-03-03", 'F', "stateless", "1994-12-31");
    add("KGZ", "Асанов Бакыт", "1950-01-01", 'M', "stateless", "1990-05-01");
  }
  void TearDown() override { nansen::testing::close_temp_database(db_, dir_); }
  void add(const char* country, const char* name, const char* birth, char sex, const char* claim,
           const char* permit_from) {
    registry::PersonInput p;
    p.country = country;
    p.names.push_back({registry::NameKind::kOfficial, name, "", "", "", ""});
    p.birth_date = *parse_civil_date(birth);
    p.sex = sex;
    p.nationalities.push_back({claim, ""});
    p.documents.push_back(
        {"residence_permit", "RP-1", country, *parse_civil_date(permit_from), std::nullopt});
    ASSERT_TRUE(registry::register_person(*db_, access::system_actor(), p, now_));
  }
  EligibilityRule rule() const {
    return EligibilityRule{
        "KAZ", {"stateless"}, "residence_permit", day("1995-01-01"), std::nullopt};
  }
  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  Instant now_;
  access::Actor decider_ = testing::officer(3, access::Role::kDecisionMaker);
  access::Actor other_decider_ = testing::officer(4, access::Role::kDecisionMaker);
};

TEST_F(EligibilityTest, PreviewCountsThenOneAuditedDecisionPerPerson) {
  auto preview = preview_eligibility(*db_, decider_, rule(), day("2024-06-01"));
  ASSERT_TRUE(preview) << preview.error().message;
  EXPECT_EQ(preview->persons, 2);
  EXPECT_EQ(preview->female, 1);
  EXPECT_EQ(preview->male, 1);
  EXPECT_EQ(preview->children, 1);
  std::vector<std::int64_t> progress;
  auto done = apply_eligibility(*db_, decider_, rule(),
                                {"eligible_for_citizenship", "Law on Citizenship, amnesty"},
                                preview->fingerprint, day("2024-06-01"), now_,
                                [&](std::int64_t d, std::int64_t) { progress.push_back(d); });
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(*done, 2);
  EXPECT_EQ(progress.back(), 2);
  EXPECT_EQ(db_->query("SELECT COUNT(*) FROM eligibility_decisions")->at(0).integer(0), 2);
  EXPECT_EQ(db_->query("SELECT COUNT(*) FROM audit_log WHERE action = 'person.eligibility'")
                ->at(0)
                .integer(0),
            2);
}

TEST_F(EligibilityTest, TheSameFingerprintIsAppliedOnceEvenAfterARestart) {
  const BulkDecision decision{"eligible_for_citizenship", "Law on Citizenship, amnesty"};
  auto preview = preview_eligibility(*db_, decider_, rule(), day("2024-06-01"));
  ASSERT_TRUE(preview);
  ASSERT_TRUE(check_eligibility_apply(*db_, decider_, rule(), decision, preview->fingerprint,
                                      day("2024-06-01")));
  ASSERT_EQ(*apply_eligibility(*db_, decider_, rule(), decision, preview->fingerprint,
                               day("2024-06-01"), now_),
            2);
  auto count = [&](const char* sql) { return db_->query(sql)->at(0).integer(0); };
  const auto audit = count("SELECT COUNT(*) FROM audit_log");
  // A restart: the same database opened anew, as a new server process would.
  std::string url = (dir_ / "test.db").string();
  if (std::filesystem::exists(dir_ / "postgres-schema-url"))
    std::getline(std::ifstream(dir_ / "postgres-schema-url"), url);
  db_.reset();
  db_ = *db::open(url, db::builtin_migrations());
  for (const auto* who : {&decider_, &other_decider_}) {
    auto twice = apply_eligibility(*db_, *who, rule(), decision, preview->fingerprint,
                                   day("2024-06-02"), now_);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
    EXPECT_EQ(twice.error().field, "fingerprint");
    auto check = check_eligibility_apply(*db_, *who, rule(), decision, preview->fingerprint,
                                         day("2024-06-02"));
    ASSERT_FALSE(check);
    EXPECT_EQ(check.error().code, ErrorCode::kConflict);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM eligibility_decisions"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), audit) << "a refusal writes nothing";
  // The store itself refuses a second row for the same set and decision.
  auto tx = db_->begin(true);
  ASSERT_TRUE(tx);
  auto dup = (*tx)->execute(
      "INSERT INTO eligibility_applications (country, fingerprint, decision, persons, "
      "applied_at) VALUES ('KAZ', ?, 'eligible_for_citizenship', 2, 'x')",
      {preview->fingerprint});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  tx->reset();
  // Another decision about the same persons is another act, recorded once in turn.
  const BulkDecision other{"eligible_for_permanent_residence", "Order 607"};
  EXPECT_EQ(*apply_eligibility(*db_, decider_, rule(), other, preview->fingerprint,
                               day("2024-06-02"), now_),
            2);
  EXPECT_FALSE(apply_eligibility(*db_, decider_, rule(), other, preview->fingerprint,
                                 day("2024-06-02"), now_));
}

TEST_F(EligibilityTest, AChangedRegistryNeedsANewPreview) {
  auto preview = preview_eligibility(*db_, decider_, rule(), day("2024-06-01"));
  add("KAZ", "Новый Человек", "1940-01-01", 'M', "stateless", "1980-01-01");
  auto done = apply_eligibility(*db_, decider_, rule(), {"eligible_for_citizenship", "basis"},
                                preview->fingerprint, day("2024-06-01"), now_);
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, ErrorCode::kConflict);
  EXPECT_EQ(db_->query("SELECT COUNT(*) FROM eligibility_decisions")->at(0).integer(0), 0);
}

TEST_F(EligibilityTest, ScopeAndBadRules) {
  access::Actor kgz = decider_;
  kgz.scope.country = "KGZ";
  EXPECT_EQ(preview_eligibility(*db_, kgz, rule(), day("2024-06-01")).error().code,
            ErrorCode::kForbidden);
  EXPECT_EQ(preview_eligibility(*db_, testing::officer(1, access::Role::kRegistrar), rule(),
                                day("2024-06-01"))
                .error()
                .code,
            ErrorCode::kForbidden);
  EligibilityRule bad = rule();
  bad.nationality_claims = {"nobody"};
  EXPECT_EQ(preview_eligibility(*db_, decider_, bad, day("2024-06-01")).error().field,
            "nationality_claims[0]");
  bad = rule();
  bad.document_type.reset();
  EXPECT_EQ(preview_eligibility(*db_, decider_, bad, day("2024-06-01")).error().field,
            "document_type");
}

// The decisions and the legal basis a bulk rule may record are the domain's: the form and
// the API refuse what it refuses, with the same field.
TEST(BulkDecisions, OnlyKnownDecisionsWithABoundedLegalBasis) {
  EXPECT_TRUE(check_bulk_decision({"eligible_for_citizenship", "Law on Citizenship, art. 3"}));
  EXPECT_EQ(check_bulk_decision({"eligible_for_anything", "law"}).error().field, "decision");
  EXPECT_EQ(check_bulk_decision({"eligible_for_citizenship", "  "}).error().field, "legal_basis");
  EXPECT_EQ(
      check_bulk_decision({"eligible_for_citizenship", std::string(kMaxLegalBasisBytes + 1, 'x')})
          .error()
          .field,
      "legal_basis");
  EXPECT_TRUE(check_bulk_decision(
      {"eligible_for_stateless_certificate", std::string(kMaxLegalBasisBytes, 'x')}));
  EXPECT_EQ(bulk_decisions().size(), 3u);
}

}  // namespace
}  // namespace nansen::procedures
