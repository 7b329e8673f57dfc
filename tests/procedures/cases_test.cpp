// SPDX-License-Identifier: Apache-2.0
// Cases on a real SQLite database: each transition checked against the definition, the
// role and the scope, audited in the same transaction, and kept as the case history.
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "support/temp_database.h"

#include "procedures/support.h"

namespace nansen::procedures {
namespace {

using access::Role;
using testing::day;
using testing::officer;

class CasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = nansen::testing::open_temp_database(dir_, "cases");
    ASSERT_TRUE(db_);
    now_ = *parse_instant("2024-01-31T06:00:00Z");
    principal_ = add_person("KAZ", "Абдрашов Жанибек", "1988-03-15", 'M', "undetermined");
    child_ = add_person("KAZ", "Абдрашова Айлин", "2015-06-01", 'F', "undetermined");
  }
  void TearDown() override { nansen::testing::close_temp_database(db_, dir_); }

  registry::PersonId add_person(const char* country, const char* name, const char* birth, char sex,
                                const char* claim) {
    registry::PersonInput p;
    p.country = country;
    p.names.push_back({registry::NameKind::kOfficial, name, "", "", "", ""});
    p.birth_date = *parse_civil_date(birth);
    p.sex = sex;
    p.nationalities.push_back({claim, "declared"});
    auto id = registry::register_person(*db_, access::system_actor(), p, now_);
    EXPECT_TRUE(id) << (id ? "" : id.error().message);
    return *id;
  }

  CaseId open_asylum() {
    CaseOpening o{"kz_asylum", "KAZ", "", principal_, {child_}, {}, registrar_.user};
    auto id = open_case(*db_, testing::shipped(), registrar_, o, now_);
    EXPECT_TRUE(id) << (id ? "" : id.error().message);
    return *id;
  }

  // An asylum case up to a decision the supervisor drafted (by 2024-02-11).
  CaseId drafted_by_supervisor(const char* outcome) {
    const CaseId id = open_asylum();
    EXPECT_TRUE(take(registrar_, id, "apply", "2024-01-30", {{"arrival_date", "2024-01-29"}}));
    EXPECT_TRUE(take(registrar_, id, "register", "2024-01-31"));
    EXPECT_TRUE(take(registrar_, id, "fingerprint", "2024-02-01"));
    EXPECT_TRUE(take(supervisor_, id, "interview", "2024-02-10"));
    EXPECT_TRUE(take(supervisor_, id, "draft_decision", "2024-02-11",
                     {{"outcome", outcome}, {"reasons", "r"}}));
    return id;
  }

  Status take(const access::Actor& a, CaseId id, const char* transition, const char* today,
              std::map<std::string, std::string> fields = {}) {
    return take_transition(*db_, testing::shipped(), a, id, {transition, std::move(fields)},
                           day(today), now_);
  }

  std::int64_t count(const std::string& sql) { return db_->query(sql)->at(0).integer(0); }

  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  Instant now_;
  registry::PersonId principal_, child_;
  access::Actor registrar_ = officer(1, Role::kRegistrar);
  access::Actor caseworker_ = officer(2, Role::kCaseworker);
  access::Actor supervisor_ = officer(3, Role::kDecisionMaker);
  access::Actor appeal_officer_ = officer(4, Role::kDecisionMaker);
};

TEST_F(CasesTest, AFamilyCaseRunsToADecisionWithItsHistoryAndAudit) {
  const CaseId id = open_asylum();
  ASSERT_TRUE(record_case_event(*db_, testing::shipped(), registrar_, id, "arrival",
                                day("2024-01-29"), std::nullopt, now_));
  ASSERT_TRUE(take(registrar_, id, "apply", "2024-01-30", {{"arrival_date", "2024-01-29"}}));
  ASSERT_TRUE(take(registrar_, id, "register", "2024-01-31"));
  ASSERT_TRUE(take(registrar_, id, "fingerprint", "2024-02-02"));
  ASSERT_TRUE(take(caseworker_, id, "interview", "2024-03-01"));
  ASSERT_TRUE(take(caseworker_, id, "draft_decision", "2024-03-05",
                   {{"outcome", "recognise"}, {"reasons", "well-founded fear"}}));
  ASSERT_TRUE(take(supervisor_, id, "approve_recognition", "2024-03-06"));

  auto c = get_case(*db_, caseworker_, id, now_);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->state, "recognised");
  EXPECT_EQ(c->dependants, std::vector<registry::PersonId>{child_});
  EXPECT_EQ(c->number, "KAZ-2024-000001");
  ASSERT_EQ(c->history.size(), 7u);
  EXPECT_EQ(c->history[0].event, "arrival");
  EXPECT_EQ(c->history[6].event, "approve_recognition");
  EXPECT_EQ(c->history[6].from_state, "decision_drafted");
  EXPECT_EQ(c->history[6].actor_login, "officer3");
  EXPECT_EQ(c->history[5].fields.at("reasons"), "well-founded fear");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.transition'"), 6);
  EXPECT_EQ(find_case_by_number(*db_, caseworker_, "KAZ-2024-000001"), id);
}

TEST_F(CasesTest, ForbiddenAndOutOfOrderTransitionsWriteNothing) {
  const CaseId id = open_asylum();
  ASSERT_TRUE(take(registrar_, id, "apply", "2024-01-30", {{"arrival_date", "2024-01-29"}}));
  const auto before = count("SELECT COUNT(*) FROM case_events");
  const auto audit_before = count("SELECT COUNT(*) FROM audit_log");
  EXPECT_EQ(take(registrar_, id, "approve_recognition", "2024-02-01").error().code,
            ErrorCode::kForbidden);
  EXPECT_EQ(take(supervisor_, id, "approve_recognition", "2024-02-01").error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(take(registrar_, id, "teleport", "2024-02-01").error().code, ErrorCode::kInvalid);
  EXPECT_EQ(take(registrar_, id, "register", "2024-02-01", {{"note", std::string(10 << 20, 'x')}})
                .error()
                .code,
            ErrorCode::kTooLarge);
  EXPECT_EQ(record_case_event(*db_, testing::shipped(), registrar_, id, "enquiry_answered",
                              day("2024-02-01"), std::nullopt, now_)
                .error()
                .code,
            ErrorCode::kInvalid);
  EXPECT_EQ(count("SELECT COUNT(*) FROM case_events"), before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), audit_before);
  EXPECT_EQ(get_case(*db_, caseworker_, id, now_)->state, "applied");
}

TEST_F(CasesTest, FourEyesHoldOnTheStoredHistory) {
  const CaseId id = drafted_by_supervisor("refuse");
  auto own = take(supervisor_, id, "approve_refusal", "2024-02-12");
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().code, ErrorCode::kForbidden);
  ASSERT_TRUE(take(appeal_officer_, id, "approve_refusal", "2024-02-12"));
  ASSERT_TRUE(take(registrar_, id, "notify_refusal", "2024-02-13", {{"reasons", "r"}}));
  ASSERT_TRUE(take(registrar_, id, "lodge_appeal", "2024-02-20"));
  // Both officers of the first decision are excluded from the appeal.
  EXPECT_FALSE(take(appeal_officer_, id, "uphold_on_appeal", "2024-03-01", {{"reasons", "r"}}));
  EXPECT_FALSE(take(supervisor_, id, "uphold_on_appeal", "2024-03-01", {{"reasons", "r"}}));
  EXPECT_TRUE(take(officer(5, Role::kDecisionMaker), id, "uphold_on_appeal", "2024-03-01",
                   {{"reasons", "r"}}));
}

TEST_F(CasesTest, AnotherCountrysCaseDoesNotExist) {
  const CaseId id = open_asylum();
  access::Actor kgz = officer(9, Role::kDecisionMaker);
  kgz.scope.country = "KGZ";
  EXPECT_EQ(get_case(*db_, kgz, id, now_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(take(kgz, id, "apply", "2024-01-30", {{"arrival_date", "x"}}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(find_case_by_number(*db_, kgz, "KAZ-2024-000001").error().code, ErrorCode::kNotFound);
  auto list = due_list(*db_, testing::shipped(), kgz, {}, day("2024-02-01"));
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->empty());
  CaseOpening o{"kz_asylum", "KAZ", "", principal_, {}, {}, std::nullopt};
  EXPECT_EQ(open_case(*db_, testing::shipped(), kgz, o, now_).error().code, ErrorCode::kForbidden);
  access::Actor kaz_registrar_opening_kgz_person = registrar_;
  const registry::PersonId kgz_person = add_person("KGZ", "Асанов Бакыт", "1980-01-01", 'M', "KGZ");
  CaseOpening foreign{"kz_asylum", "KAZ", "", kgz_person, {}, {}, std::nullopt};
  EXPECT_EQ(open_case(*db_, testing::shipped(), kaz_registrar_opening_kgz_person, foreign, now_)
                .error()
                .code,
            ErrorCode::kNotFound);
}

TEST_F(CasesTest, ExtensionsAndDueListsPerOfficer) {
  const CaseId id = open_asylum();
  ASSERT_TRUE(take(registrar_, id, "apply", "2024-01-30", {{"arrival_date", "2024-01-29"}}));
  ASSERT_TRUE(take(registrar_, id, "register", "2024-01-31"));
  auto soon =
      due_list(*db_, testing::shipped(), caseworker_, {registrar_.user, false}, day("2024-02-01"));
  ASSERT_TRUE(soon);
  ASSERT_EQ(soon->size(), 1u);
  EXPECT_EQ(soon->at(0).due.deadline, "fingerprinting");
  EXPECT_EQ(soon->at(0).status, DeadlineStatus::kDueSoon);
  auto none =
      due_list(*db_, testing::shipped(), caseworker_, {caseworker_.user, false}, day("2024-02-01"));
  EXPECT_TRUE(none->empty());

  ASSERT_TRUE(take(registrar_, id, "fingerprint", "2024-02-02"));
  auto overdue = due_list(*db_, testing::shipped(), caseworker_, {}, day("2024-05-01"));
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_EQ(overdue->at(0).due.deadline, "decision");
  EXPECT_EQ(overdue->at(0).status, DeadlineStatus::kOverdue);

  EXPECT_EQ(extend_deadline(*db_, testing::shipped(), supervisor_, id,
                            {"decision", {13, 0, 0}, "complex", day("2024-04-20")}, now_)
                .error()
                .field,
            "extension");
  // The bounds of one extension live here, for the form and the API alike.
  const auto refusal = [&](Duration by, const char* reason) {
    auto r = extend_deadline(*db_, testing::shipped(), supervisor_, id,
                             {"decision", by, reason, day("2024-04-20")}, now_);
    return r ? std::string("accepted") : r.error().field;
  };
  EXPECT_EQ(refusal({0, 0, 0}, "complex"), "months");
  EXPECT_EQ(refusal({-1, 0, 0}, "complex"), "months");
  EXPECT_EQ(refusal({0, kMaxExtensionDays + 1, 0}, "complex"), "months");
  EXPECT_EQ(refusal({kMaxExtensionMonths + 1, 0, 0}, "complex"), "months");
  EXPECT_EQ(refusal({3, 0, 0}, "   "), "reason");
  ASSERT_TRUE(extend_deadline(
      *db_, testing::shipped(), supervisor_, id,
      {"decision", {6, 0, 0}, "country information requested", day("2024-04-20")}, now_));
  EXPECT_TRUE(due_list(*db_, testing::shipped(), caseworker_, {}, day("2024-05-01"))->empty());
  auto c = get_case(*db_, caseworker_, id, now_);
  ASSERT_EQ(c->extensions.size(), 1u);
  EXPECT_EQ(c->extensions[0].reason, "country information requested");
  auto dues = compute_due_dates(testing::shipped("kz_asylum"), timeline_of(*c));
  EXPECT_EQ(format_civil_date(testing::find_due(*dues, "decision")->due), "2024-10-30");
}

// The case page's view: one read, one audit row naming the persons shown; what the
// actor may do, what four eyes keeps from it, and each deadline with its days left.
TEST_F(CasesTest, TheCaseViewHasEverythingThePageShowsFromOneAuditRow) {
  const CaseId id = drafted_by_supervisor("recognise");

  const auto reads = count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.read'");
  const auto all = count("SELECT COUNT(*) FROM audit_log");
  auto v = view_case(*db_, testing::shipped(), supervisor_, id, day("2024-03-06"), now_);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), all + 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.read'"), reads + 1);
  auto detail = db_->query("SELECT detail FROM audit_log ORDER BY seq DESC LIMIT 1");
  EXPECT_EQ(detail->at(0).text(0), "{\"persons\":[" + std::to_string(principal_.value) + "," +
                                       std::to_string(child_.value) + "]}");

  EXPECT_EQ(v->c.state, "decision_drafted");
  EXPECT_EQ(v->principal.name, "Абдрашов Жанибек");
  ASSERT_EQ(v->dependants.size(), 1u);
  EXPECT_EQ(v->dependants[0].name, "Абдрашова Айлин");
  // The drafter may neither approve nor return its own draft: all three are shown as
  // blocked by four eyes, none is offered.
  std::vector<std::string> blocked;
  for (const Transition* t : v->blocked_by_four_eyes) blocked.push_back(t->id);
  EXPECT_EQ(blocked,
            (std::vector<std::string>{"return_draft", "approve_recognition", "approve_refusal"}));
  EXPECT_TRUE(v->available.empty());
  // Another decision maker may: nothing blocked, the approvals offered.
  auto other = view_case(*db_, testing::shipped(), appeal_officer_, id, day("2024-03-06"), now_);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->blocked_by_four_eyes.empty());
  EXPECT_TRUE(std::any_of(other->available.begin(), other->available.end(),
                          [](const Transition* t) { return t->id == "approve_recognition"; }));
  // The decision deadline: open, extendable, its days left counted from today.
  auto decision = std::find_if(v->dues.begin(), v->dues.end(),
                               [](const DueView& d) { return d.due.deadline == "decision"; });
  ASSERT_NE(decision, v->dues.end());
  EXPECT_TRUE(decision->can_extend);
  EXPECT_EQ(decision->days_left, static_cast<int>(days_from_civil(decision->due.due) -
                                                  days_from_civil(day("2024-03-06"))));
  EXPECT_GT(decision->days_left, 0);
}

TEST_F(CasesTest, AnotherCountrysCaseViewIsNotFoundAndLeavesNoAuditRow) {
  const CaseId id = open_asylum();
  const access::Actor kyrgyz = officer(9, Role::kDecisionMaker, "KGZ");
  const auto all = count("SELECT COUNT(*) FROM audit_log");
  auto v = view_case(*db_, testing::shipped(), kyrgyz, id, day("2024-03-06"), now_);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), all);
}

}  // namespace
}  // namespace nansen::procedures
