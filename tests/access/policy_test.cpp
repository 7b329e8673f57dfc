// SPDX-License-Identifier: Apache-2.0
// The route policy table: one entry per route, and what each entry lets a role do.
#include <gtest/gtest.h>

#include <set>

#include "access/access.h"

namespace nansen::access {
namespace {

Actor actor(Role role) {
  Actor a;
  a.user = UserId{7};
  a.role = role;
  a.scope = Scope{"KAZ", "MIA-KAZ"};
  return a;
}

TEST(RoutePolicy, EachRouteHasOneEntry) {
  std::set<std::string> seen;
  for (const RoutePolicy& p : route_policies()) {
    EXPECT_TRUE(seen.insert(p.method + " " + p.pattern).second) << p.method << " " << p.pattern;
    EXPECT_EQ(find_route_policy(p.method, p.pattern), &p);
  }
  EXPECT_EQ(find_route_policy("GET", "/api/v1/no-such-route"), nullptr);
  EXPECT_EQ(find_route_policy("DELETE", "/api/v1/persons/{id}"), nullptr);
}

TEST(RoutePolicy, AllOfNeedsEveryPermission) {
  // Adding a sensitive entry needs case.write and sensitive.read: a registrar has only
  // the first, a caseworker both.
  const RoutePolicy* p = find_route_policy("POST", "/api/v1/persons/{id}/sensitive");
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(policy_allows(*p, Role::kRegistrar));
  EXPECT_TRUE(policy_allows(*p, Role::kCaseworker));
  auto refused = authorize_route(actor(Role::kRegistrar), *p);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  EXPECT_NE(refused.error().message.find("sensitive.read"), std::string::npos);
}

TEST(RoutePolicy, AnyOfNeedsOnePermission) {
  const RoutePolicy* p = find_route_policy("PUT", "/api/v1/pledges/{id}");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(policy_allows(*p, Role::kFocalPoint));  // pledge.write
  EXPECT_TRUE(policy_allows(*p, Role::kAnalyst));     // pledge.review
  EXPECT_FALSE(policy_allows(*p, Role::kObserver));
  auto refused = authorize_route(actor(Role::kObserver), *p);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("pledge.write or pledge.review"), std::string::npos);
}

TEST(RoutePolicy, AdministratorsReachNoRegistryRoute) {
  // Separation of duties (docs/roles.md): no person, case or document route lets an
  // administrator in, whatever the scope.
  for (const RoutePolicy& p : route_policies()) {
    const bool registry = p.pattern.find("/persons") != std::string::npos ||
                          p.pattern.find("/cases") != std::string::npos ||
                          p.pattern.find("/documents") != std::string::npos ||
                          p.pattern.find("/households") != std::string::npos;
    if (registry) {
      EXPECT_FALSE(policy_allows(p, Role::kAdmin)) << p.method << " " << p.pattern;
    }
  }
}

TEST(RoutePolicy, TheSystemActorPassesEveryEntry) {
  for (const RoutePolicy& p : route_policies()) EXPECT_TRUE(authorize_route(system_actor(), p));
}

}  // namespace
}  // namespace nansen::access
