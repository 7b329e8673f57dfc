// SPDX-License-Identifier: Apache-2.0
// The router: which route a method and path reach.
#include <gtest/gtest.h>

#include "web/http.h"

namespace nansen::web {
namespace {

Route route(std::string method, std::string pattern) {
  return Route{std::move(method),
               std::move(pattern),
               Auth::kPublic,
               [](Request&) { return Response::text("ok"); },
               {}};
}

Router sample_router() {
  Router r;
  r.add(route("GET", "/"));
  r.add(route("GET", "/users"));
  r.add(route("POST", "/users"));
  r.add(route("GET", "/users/new"));
  r.add(route("GET", "/users/{id}"));
  r.add(route("POST", "/users/{id}/tokens/{token}/revoke"));
  r.add(route("GET", "/static/{path*}"));
  return r;
}

TEST(Router, MatchesTheRootOnlyForTheRoot) {
  Router r = sample_router();
  auto m = r.match("GET", "/");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/");
  EXPECT_EQ(r.match("GET", "/nothing").route, nullptr);
}

TEST(Router, CapturesNamedSegments) {
  Router r = sample_router();
  auto m = r.match("POST", "/users/12/tokens/7/revoke");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("id"), "12");
  EXPECT_EQ(m.params.at("token"), "7");
}

TEST(Router, LiteralSegmentsWinOverCaptures) {
  Router r = sample_router();
  auto m = r.match("GET", "/users/new");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/users/new");
  EXPECT_EQ(r.match("GET", "/users/5").route->pattern, "/users/{id}");
}

TEST(Router, DistinguishesMethodsAndReportsWrongOnes) {
  Router r = sample_router();
  EXPECT_EQ(r.match("POST", "/users").route->method, "POST");
  auto m = r.match("DELETE", "/users/5");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.method_not_allowed);
  EXPECT_FALSE(r.match("DELETE", "/nowhere").method_not_allowed);
}

TEST(Router, HeadReachesGetRoutes) {
  Router r = sample_router();
  auto m = r.match("HEAD", "/users");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, "GET");
}

TEST(Router, RestCaptureTakesTheRemainingPath) {
  Router r = sample_router();
  auto m = r.match("GET", "/static/vendor/htmx.min.js");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("path"), "vendor/htmx.min.js");
  EXPECT_EQ(r.match("GET", "/static").route, nullptr);
}

TEST(Router, ExtraOrMissingSegmentsDoNotMatch) {
  Router r = sample_router();
  EXPECT_EQ(r.match("GET", "/users/5/extra").route, nullptr);
  EXPECT_EQ(r.match("POST", "/users/5/tokens/revoke").route, nullptr);
  EXPECT_EQ(r.match("GET", "/users//").route, nullptr);
}

TEST(Router, NamesEveryRouteWithoutAPolicyEntry) {
  Router r;
  r.add({"GET", "/api/v1/persons/{id}", Auth::kUser, nullptr, {}});  // in the table
  r.add({"GET", "/api/v1/unlisted", Auth::kUser, nullptr, {}});      // not in it
  r.add({"GET", "/healthz", Auth::kUser, nullptr, {}});              // public in the table
  const auto missing = r.attach_policies();
  EXPECT_EQ(missing, (std::vector<std::string>{"GET /api/v1/unlisted", "GET /healthz"}));
  EXPECT_NE(r.routes()[0].policy, nullptr);
  EXPECT_EQ(r.routes()[1].policy, nullptr);
}

}  // namespace
}  // namespace nansen::web
