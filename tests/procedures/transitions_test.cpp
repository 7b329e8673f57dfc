// SPDX-License-Identifier: Apache-2.0
// Each transition is checked against the definition, the order of the case, the actor's
// role, and four eyes: the drafter cannot approve; an appeal goes to another officer.
#include "procedures/support.h"

namespace nansen::procedures {
namespace {

using access::Role;
using testing::day;
using testing::event;
using testing::officer;
using testing::shipped;

const access::Actor kRegistrar = officer(1, Role::kRegistrar);
const access::Actor kDrafter = officer(2, Role::kCaseworker);
const access::Actor kSupervisor = officer(3, Role::kDecisionMaker);
const access::Actor kAppealOfficer = officer(4, Role::kDecisionMaker);
const access::Actor kDrafterWhoDecides = officer(5, Role::kDecisionMaker);

Status take(const Definition& def, const char* state, const Timeline& t, const access::Actor& actor,
            const char* transition, const char* today,
            std::map<std::string, std::string> fields = {}) {
  return check_transition(def, state, t, actor, TransitionRequest{transition, std::move(fields)},
                          day(today));
}

Timeline drafted_by(std::int64_t drafter, const char* outcome = "reject") {
  Timeline t;
  t.events = {event("register", "2024-01-10", 1), event("interview", "2024-03-01", drafter),
              event("assess", "2024-03-05", drafter),
              event("draft_decision", "2024-03-10", drafter)};
  t.events.back().outcome = outcome;
  return t;
}

TEST(Transitions, TheDrafterCannotApprove) {
  const Definition& rsd = shipped("unhcr_mandate_rsd");
  const Timeline t = drafted_by(kDrafterWhoDecides.user.value);
  auto own =
      take(rsd, "decision_drafted", t, kDrafterWhoDecides, "approve_rejection", "2024-03-11");
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(own.error().rule, "four_eyes");  // for programs; the message is for people
  EXPECT_TRUE(take(rsd, "decision_drafted", t, kSupervisor, "approve_rejection", "2024-03-11"));
}

TEST(Transitions, AnApprovalMustAgreeWithTheDraftsOutcome) {
  const Definition& rsd = shipped("unhcr_mandate_rsd");
  const Timeline rejecting = drafted_by(kDrafter.user.value, "reject");
  auto wrong =
      take(rsd, "decision_drafted", rejecting, kSupervisor, "approve_recognition", "2024-03-11");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kConflict);
  EXPECT_EQ(wrong.error().field, "outcome");
  EXPECT_EQ(wrong.error().rule, "approval_disagrees");
  EXPECT_TRUE(
      take(rsd, "decision_drafted", rejecting, kSupervisor, "approve_rejection", "2024-03-11"));
  // A returned draft written again counts with its new outcome.
  Timeline redrafted = rejecting;
  redrafted.events.push_back(event("return_draft", "2024-03-11", kSupervisor.user.value));
  redrafted.events.push_back(event("draft_decision", "2024-03-12", kDrafter.user.value));
  redrafted.events.back().outcome = "recognise";
  EXPECT_TRUE(
      take(rsd, "decision_drafted", redrafted, kSupervisor, "approve_recognition", "2024-03-13"));
  EXPECT_EQ(take(rsd, "decision_drafted", redrafted, kSupervisor, "approve_rejection", "2024-03-13")
                .error()
                .code,
            ErrorCode::kConflict);
  // A draft proposes one of its procedure's outcomes.
  Timeline assessed = rejecting;
  assessed.events.pop_back();
  auto odd = take(rsd, "assessed", assessed, kDrafter, "draft_decision", "2024-03-10",
                  {{"outcome", "positive"}, {"reasons", "r"}});
  ASSERT_FALSE(odd);
  EXPECT_EQ(odd.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(odd.error().field, "outcome");
  EXPECT_TRUE(take(rsd, "assessed", assessed, kDrafter, "draft_decision", "2024-03-10",
                   {{"outcome", "recognise"}, {"reasons", "r"}}));
}

TEST(Transitions, AnAppealIsDecidedByAnOfficerOtherThanTheFirstDecisionsOnes) {
  const Definition& rsd = shipped("unhcr_mandate_rsd");
  Timeline t = drafted_by(kDrafter.user.value);
  t.events.push_back(event("approve_rejection", "2024-03-12", kSupervisor.user.value));
  t.events.push_back(event("notify_rejection", "2024-03-13", kRegistrar.user.value));
  t.events.push_back(event("lodge_appeal", "2024-03-20", kRegistrar.user.value));
  const std::map<std::string, std::string> reasons = {{"reasons", "credibility reassessed"}};
  auto same =
      take(rsd, "appeal_lodged", t, kSupervisor, "confirm_on_appeal", "2024-04-01", reasons);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(
      take(rsd, "appeal_lodged", t, kAppealOfficer, "confirm_on_appeal", "2024-04-01", reasons));
}

TEST(Transitions, RolesWithoutTheTransitionAreForbidden) {
  const Definition& rsd = shipped("unhcr_mandate_rsd");
  auto r =
      take(rsd, "decision_drafted", drafted_by(2), kRegistrar, "approve_recognition", "2024-03-11");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  auto observer =
      take(rsd, "opened", Timeline{}, officer(9, Role::kObserver), "register", "2024-03-11");
  EXPECT_EQ(observer.error().code, ErrorCode::kForbidden);
}

TEST(Transitions, OutOfOrderIsAConflictAndUnknownIsInvalid) {
  const Definition& rsd = shipped("unhcr_mandate_rsd");
  auto early =
      take(rsd, "registered", Timeline{}, kSupervisor, "approve_recognition", "2024-03-11");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  auto unknown = take(rsd, "registered", Timeline{}, kSupervisor, "grant_everything", "2024-03-11");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(unknown.error().field, "transition");
}

TEST(Transitions, RequiredFieldsMustBeGiven) {
  const Definition& rsd = shipped("unhcr_mandate_rsd");
  Timeline t = drafted_by(2);
  t.events.push_back(event("approve_rejection", "2024-03-12", 3));
  auto bare = take(rsd, "rejected", t, kRegistrar, "notify_rejection", "2024-03-13");
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(bare.error().field, "reasons");
  EXPECT_FALSE(
      take(rsd, "rejected", t, kRegistrar, "notify_rejection", "2024-03-13", {{"reasons", "   "}}));
  EXPECT_TRUE(take(rsd, "rejected", t, kRegistrar, "notify_rejection", "2024-03-13",
                   {{"reasons", "no well-founded fear established"}}));
}

TEST(Transitions, SimplifiedDraftingOnlyInTheSimplifiedModality) {
  const Definition& rsd = shipped("unhcr_mandate_rsd");
  Timeline t;
  t.events = {event("register", "2024-01-10", 1), event("interview", "2024-02-01", 2)};
  const std::map<std::string, std::string> f = {{"outcome", "recognise"}, {"reasons", "r"}};
  t.modality = "regular";
  EXPECT_EQ(take(rsd, "interviewed", t, kDrafter, "draft_simplified_decision", "2024-02-02", f)
                .error()
                .code,
            ErrorCode::kConflict);
  t.modality = "simplified";
  EXPECT_TRUE(take(rsd, "interviewed", t, kDrafter, "draft_simplified_decision", "2024-02-02", f));
}

TEST(Transitions, AppealsAreAcceptedUntilTheLateWindowCloses) {
  const Definition& rsd = shipped("unhcr_mandate_rsd");
  Timeline t = drafted_by(2);
  t.events.push_back(event("approve_rejection", "2024-01-12", 3));
  t.events.push_back(event("notify_rejection", "2024-01-15", 1));
  EXPECT_TRUE(take(rsd, "rejection_notified", t, kRegistrar, "lodge_appeal", "2024-03-27"));
  auto late = take(rsd, "rejection_notified", t, kRegistrar, "lodge_appeal", "2024-03-28");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_NE(late.error().message.find("2024-03-27"), std::string::npos);
}

TEST(Transitions, StatelessnessDecisionWaitsForTheAnswerOrSixMonths) {
  const Definition& def = shipped("kz_statelessness");
  Timeline t;
  t.events = {event("apply", "2024-08-01", 1), event("register", "2024-08-02", 1),
              event("send_enquiry", "2024-08-31", 2)};
  const std::map<std::string, std::string> f = {{"outcome", "stateless"}, {"reasons", "r"}};
  auto early = take(def, "enquiry_pending", t, kDrafter, "draft_decision", "2025-02-28", f);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(take(def, "enquiry_pending", t, kDrafter, "draft_decision", "2025-03-01", f));
  t.events.push_back(event("enquiry_answered", "2024-11-01", 1));
  EXPECT_TRUE(take(def, "enquiry_pending", t, kDrafter, "draft_decision", "2024-11-02", f));
}

TEST(Transitions, AvailableTransitionsFollowRoleAndState) {
  const Definition& rsd = shipped("unhcr_mandate_rsd");
  auto for_supervisor =
      available_transitions(rsd, "decision_drafted", drafted_by(2), kSupervisor, day("2024-03-11"));
  std::vector<std::string> ids;
  for (auto* t : for_supervisor) ids.push_back(t->id);
  // Only the approval of what the draft proposes is offered.
  EXPECT_EQ(ids, (std::vector<std::string>{"return_draft", "approve_rejection"}));
  EXPECT_TRUE(
      available_transitions(rsd, "decision_drafted", drafted_by(2), kDrafter, day("2024-03-11"))
          .empty());
}

}  // namespace
}  // namespace nansen::procedures
