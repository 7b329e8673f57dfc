// SPDX-License-Identifier: Apache-2.0
// Each adult family member assessed individually (KZ asylum): a family stays in one case,
// but the decision cannot be drafted until every adult dependant has their own recorded
// assessment. Also: effects another module runs inside a transition's transaction.
#include <filesystem>

#include "support/temp_database.h"

#include "procedures/support.h"

namespace nansen::procedures {
namespace {

using access::Role;
using testing::day;
using testing::officer;

class MemberAssessmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = nansen::testing::open_temp_database(dir_, "assess");
    ASSERT_TRUE(db_);
    now_ = *parse_instant("2024-03-01T06:00:00Z");
    father_ = add_person("Рахимов Фарход", "1985-04-02");
    mother_ = add_person("Рахимова Нилуфар", "1988");  // year only: possibly adult
    son_ = add_person("Рахимов Азиз", "2007-09-01");   // 16 on the day of the draft
  }
  void TearDown() override { nansen::testing::close_temp_database(db_, dir_); }

  registry::PersonId add_person(const char* name, const char* birth) {
    registry::PersonInput p;
    p.country = "KAZ";
    p.names.push_back({registry::NameKind::kOfficial, name, "", "", "", ""});
    p.birth_date = *parse_civil_date(birth);
    p.nationalities.push_back({"AFG", "declared"});
    auto id = registry::register_person(*db_, access::system_actor(), p, now_);
    EXPECT_TRUE(id) << (id ? "" : id.error().message);
    return *id;
  }

  CaseId interviewed_family_case() {
    CaseOpening o{"kz_asylum", "KAZ", "", father_, {mother_, son_}, {}, std::nullopt};
    auto id = open_case(*db_, testing::shipped(), registrar_, o, now_);
    EXPECT_TRUE(id) << (id ? "" : id.error().message);
    for (auto [t, on] : {std::pair{"apply", "2024-01-30"},
                         {"register", "2024-01-31"},
                         {"fingerprint", "2024-02-01"},
                         {"interview", "2024-02-15"}}) {
      auto r = take_transition(*db_, testing::shipped(),
                               t == std::string("interview") ? caseworker_ : registrar_, *id,
                               {t, {{"arrival_date", "2024-01-29"}}}, day(on), now_);
      EXPECT_TRUE(r) << t << ": " << (r ? "" : r.error().message);
    }
    return *id;
  }

  Status draft(CaseId id) {
    return take_transition(*db_, testing::shipped(), caseworker_, id,
                           {"draft_decision", {{"outcome", "recognise"}, {"reasons", "r"}}},
                           day("2024-02-20"), now_);
  }

  Status assess(const access::Actor& a, CaseId id, registry::PersonId person,
                const char* outcome = "recognise") {
    return record_member_assessment(*db_, testing::shipped(), a, id,
                                    {person, outcome, "own claim heard"}, day("2024-02-18"), now_);
  }

  std::int64_t count(const std::string& sql) { return db_->query(sql)->at(0).integer(0); }

  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  Instant now_;
  registry::PersonId father_, mother_, son_;
  access::Actor registrar_ = officer(1, Role::kRegistrar);
  access::Actor caseworker_ = officer(2, Role::kCaseworker);
};

TEST_F(MemberAssessmentTest, TheDecisionWaitsForEachAdultDependantsOwnAssessment) {
  const CaseId id = interviewed_family_case();
  auto waiting =
      adults_awaiting_assessment(*db_, testing::shipped(), caseworker_, id, day("2024-02-20"));
  ASSERT_TRUE(waiting) << waiting.error().message;
  EXPECT_EQ(*waiting, std::vector<registry::PersonId>{mother_});  // the son is 16

  auto refused = draft(id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().field, "dependants");
  EXPECT_EQ(count("SELECT COUNT(*) FROM case_events WHERE event = 'draft_decision'"), 0);

  ASSERT_TRUE(assess(caseworker_, id, mother_));
  ASSERT_TRUE(draft(id));
  auto c = get_case(*db_, caseworker_, id, now_);
  ASSERT_TRUE(c);
  const auto& entry = c->history.at(c->history.size() - 2);
  EXPECT_EQ(entry.event, kMemberAssessmentEvent);
  EXPECT_FALSE(entry.from_state);
  EXPECT_EQ(entry.fields.at("person"), std::to_string(mother_.value));
  EXPECT_EQ(entry.fields.at("outcome"), "recognise");
  EXPECT_EQ(c->state, "decision_drafted");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.member_assessment'"), 1);
}

TEST_F(MemberAssessmentTest, OnlyAdultDependantsOfTheCaseByAnOfficerWhoMayDecide) {
  const CaseId id = interviewed_family_case();
  EXPECT_EQ(assess(caseworker_, id, son_).error().field, "person");     // a child
  EXPECT_EQ(assess(caseworker_, id, father_).error().field, "person");  // the principal
  EXPECT_EQ(assess(registrar_, id, mother_).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(assess(caseworker_, id, mother_, " ").error().field, "outcome");
  access::Actor kgz = officer(7, Role::kCaseworker);
  kgz.scope.country = "KGZ";
  EXPECT_EQ(assess(kgz, id, mother_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(count("SELECT COUNT(*) FROM case_events WHERE event = 'member_assessment'"), 0);
}

TEST_F(MemberAssessmentTest, ProceduresWithoutIndividualAssessmentRefuseIt) {
  CaseOpening o{"kz_statelessness", "KAZ", "", father_, {mother_}, {}, std::nullopt};
  auto id = open_case(*db_, testing::shipped(), registrar_, o, now_);
  ASSERT_TRUE(id);
  EXPECT_EQ(assess(caseworker_, *id, mother_).error().field, "case");
  EXPECT_TRUE(
      adults_awaiting_assessment(*db_, testing::shipped(), caseworker_, *id, day("2024-02-20"))
          ->empty());
}

TEST(PossiblyAdult, CountsUnknownAndImpreciseBirthDatesAsPossiblyAdult) {
  EXPECT_TRUE(possibly_adult(std::nullopt, day("2024-02-20")));
  EXPECT_TRUE(possibly_adult(day("2006-02-20"), day("2024-02-20")));
  EXPECT_FALSE(possibly_adult(day("2006-02-21"), day("2024-02-20")));
  EXPECT_TRUE(possibly_adult(*parse_civil_date("2006"), day("2024-01-01")));
  EXPECT_FALSE(possibly_adult(*parse_civil_date("2006-03"), day("2024-02-29")));
}

TEST_F(MemberAssessmentTest, AFailingEffectRollsTheTransitionBack) {
  CaseOpening o{"kz_asylum", "KAZ", "", father_, {}, {}, std::nullopt};
  auto id = open_case(*db_, testing::shipped(), registrar_, o, now_);
  ASSERT_TRUE(id);
  std::string seen;
  EventEffect effect = [&](db::Transaction&, const access::Actor&, const Definition&,
                           const Case& before, std::string_view event, const CivilDate& on,
                           Instant) -> Status {
    seen = std::string(event) + " from " + before.state + " on " + format_civil_date(on);
    return fail(ErrorCode::kConflict, "no");
  };
  auto r = take_transition(*db_, testing::shipped(), registrar_, *id,
                           {"apply", {{"arrival_date", "2024-01-29"}}}, day("2024-01-30"), now_,
                           "Asia/Almaty", effect);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(seen, "apply from opened on 2024-01-30");
  EXPECT_EQ(get_case(*db_, registrar_, *id, now_)->state, "opened");
  EXPECT_EQ(count("SELECT COUNT(*) FROM case_events"), 0);
  EXPECT_EQ(record_case_event(*db_, testing::shipped(), registrar_, *id, "arrival",
                              day("2024-01-29"), std::nullopt, now_, effect)
                .error()
                .code,
            ErrorCode::kConflict);
  EXPECT_EQ(count("SELECT COUNT(*) FROM case_events"), 0);
}

}  // namespace
}  // namespace nansen::procedures
