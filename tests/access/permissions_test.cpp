// SPDX-License-Identifier: Apache-2.0
// THE scope check: what each role may do, and that a country-scoped user never reaches
// another country's records.
#include <gtest/gtest.h>

#include "access/access.h"

namespace nansen::access {
namespace {

Actor actor(Role role, std::optional<std::string> country, std::string org = "") {
  Actor a;
  a.user = UserId{7};
  a.login = "someone";
  a.role = role;
  a.scope = Scope{std::move(country), std::move(org)};
  return a;
}

TEST(Authorize, CountryScopedActorReachesOnlyTheirCountry) {
  const Actor kz = actor(Role::kCaseworker, "KAZ");
  EXPECT_TRUE(authorize(kz, Permission::kPersonRead, {"KAZ", ""}));
  auto other = authorize(kz, Permission::kPersonRead, {"KGZ", ""});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kForbidden);
}

TEST(Authorize, RegionalActorReachesEveryCountry) {
  const Actor regional = actor(Role::kAnalyst, std::nullopt, "UNHCR");
  EXPECT_TRUE(authorize(regional, Permission::kPledgeReview, {"KAZ", "MFA-KAZ"}));
  EXPECT_TRUE(authorize(regional, Permission::kPledgeReview, {"UZB", ""}));
}

TEST(Authorize, FocalPointEditsOnlyOwnOrganisation) {
  const Actor fp = actor(Role::kFocalPoint, "KGZ", "MFA-KGZ");
  EXPECT_TRUE(authorize(fp, Permission::kPledgeWrite, {"KGZ", "MFA-KGZ"}));
  EXPECT_FALSE(authorize(fp, Permission::kPledgeWrite, {"KAZ", "MFA-KAZ"}));
  EXPECT_FALSE(authorize(fp, Permission::kPledgeWrite, {"KGZ", "NGO-KGZ"}));
}

TEST(Authorize, RolesLackPermissionsTheyDoNotHold) {
  EXPECT_FALSE(authorize(actor(Role::kObserver, std::nullopt), Permission::kPledgeWrite));
  EXPECT_FALSE(authorize(actor(Role::kAdmin, std::nullopt), Permission::kSensitiveRead));
  EXPECT_FALSE(authorize(actor(Role::kRegistrar, "KAZ"), Permission::kCaseApprove));
  EXPECT_FALSE(authorize(actor(Role::kFocalPoint, "KAZ"), Permission::kUsersManage));
  EXPECT_TRUE(authorize(actor(Role::kDecisionMaker, "KAZ"), Permission::kCaseApprove, {"KAZ", ""}));
}

TEST(Authorize, SystemActorMayDoAnything) {
  EXPECT_TRUE(authorize(system_actor(), Permission::kSensitiveRead, {"TJK", "x"}));
}

TEST(Roles, NamesRoundTrip) {
  for (Role r : all_roles()) EXPECT_EQ(*parse_role(role_name(r)), r);
  auto bad = parse_role("superuser");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "role");
}

}  // namespace
}  // namespace nansen::access
