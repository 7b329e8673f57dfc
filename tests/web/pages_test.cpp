// SPDX-License-Identifier: Apache-2.0
// The foundation's pages and API, in process: login, CSRF, the language of pages (no
// English leaking into Kazakh ones), and the OpenAPI document matching the router.
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/app_fixture.h"

namespace nansen::web {
namespace {

using testing::contains;
using testing::expect_no_english;
using testing::visible_text;

using testing::AppTest;

TEST_F(AppTest, TheLoginPageSpeaksKazakhWhenAsked) {
  Response r = get("/login?lang=kk");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<html lang=\"kk\">"), std::string::npos);
  EXPECT_NE(r.body.find("Кіру"), std::string::npos);
  EXPECT_NE(r.body.find("Құпиясөз"), std::string::npos);
  expect_no_english(r.body, "/login");
  EXPECT_NE(r.header("Set-Cookie").find("nansen_lang=kk"), std::string::npos);
}

TEST_F(AppTest, EveryFoundationPageInKazakhHasNoEnglishText) {
  log_in();
  ASSERT_EQ(get("/?lang=kk").status, 200);  // remembered for the user from now on
  for (const char* path : {"/", "/users", "/users/new", "/users/1", "/audit", "/profile",
                           "/audit?from=not-a-date", "/no/such/page"}) {
    Response r = get(path);
    EXPECT_TRUE(r.status == 200 || r.status == 404 || r.status == 422) << path << " " << r.status;
    EXPECT_NE(r.body.find("<html lang=\"kk\">"), std::string::npos) << path;
    expect_no_english(r.body, path);
  }
}

TEST_F(AppTest, RussianPagesUseTheRussianCatalog) {
  log_in();
  Response r = get("/users?lang=ru");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Пользователи"), std::string::npos);
  EXPECT_NE(r.body.find("Выйти"), std::string::npos);
}

TEST_F(AppTest, PagesRequireALoginAndApiAnswers401) {
  Response page = get("/users");
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.header("Location"), "/login?next=%2Fusers");
  Response api = get("/api/v1/me");
  EXPECT_EQ(api.status, 401);
  EXPECT_EQ(nlohmann::json::parse(api.body)["error"]["code"], "unauthenticated");
}

TEST_F(AppTest, AForgedCookieIsNotASessionAndIsCleared) {
  cookie_ = std::string(64, 'a');
  Response r = get("/api/v1/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
}

TEST_F(AppTest, LoginFailureShowsOneMessageForBadLoginAndBadPassword) {
  Response r = post_form("/login", "login=admin&password=wrong-password");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("The login or the password is wrong."), std::string::npos);
  Response unknown = post_form("/login", "login=nobody&password=wrong-password");
  EXPECT_EQ(unknown.status, 401);
}

TEST_F(AppTest, LoginRedirectsOnlyToLocalPaths) {
  Response r = post_form("/login", std::string("login=admin&next=%2F%2Fevil.example&password=") +
                                       testing::kAdminPassword);
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location"), "/");
}

TEST_F(AppTest, FormsWithoutTheCsrfTokenAreRefused) {
  log_in();
  Response missing = post_form("/users", "login=aigerim&password=long-enough-pw&role=observer");
  EXPECT_EQ(missing.status, 403);
  Response wrong =
      post_form("/users", "csrf=nope&login=aigerim&password=long-enough-pw&role=observer");
  EXPECT_EQ(wrong.status, 403);
  Response ok =
      post_form("/users", "csrf=" + csrf_ + "&login=aigerim&password=long-enough-pw&role=observer");
  EXPECT_EQ(ok.status, 303);
  EXPECT_EQ(ok.header("Location").rfind("/users/", 0), 0u);
}

TEST_F(AppTest, AFormErrorIsShownBesideItsFieldAndKeepsTheTypedValues) {
  log_in();
  Response r = post_form(
      "/users", "csrf=" + csrf_ +
                    "&login=Bad+Login&password=long-enough-pw&role=observer&organisation=UNHCR");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"login-error\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"UNHCR\""), std::string::npos);
  EXPECT_EQ(r.body.find("long-enough-pw"), std::string::npos);  // never echo a password
}

TEST_F(AppTest, ApiCookieSessionsSendTheCsrfTokenInAHeader) {
  Response login =
      send("POST", "/api/v1/session",
           std::string(R"({"login":"admin","password":")") + testing::kAdminPassword + "\"}",
           "application/json");
  ASSERT_EQ(login.status, 200);
  const auto body = nlohmann::json::parse(login.body);
  const std::string set = login.header("Set-Cookie");
  cookie_ = set.substr(15, set.find(';') - 15);
  const std::string user =
      R"({"login":"timur","password":"long-enough-pw","role":"analyst","country":"KAZ"})";
  EXPECT_EQ(send("POST", "/api/v1/users", user, "application/json").status, 403);
  Response created = send("POST", "/api/v1/users", user, "application/json",
                          {{"x-csrf-token", body["csrf_token"]}});
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(nlohmann::json::parse(created.body)["country"], "KAZ");
}

TEST_F(AppTest, TheOpenApiDocumentListsEveryApiRoute) {
  Response r = get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  const auto doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  int api_routes = 0;
  for (const Route& route : app_->router.routes()) {
    if (route.pattern.rfind("/api/", 0) != 0) continue;
    ++api_routes;
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    EXPECT_TRUE(doc["paths"][route.pattern].contains(method))
        << route.method << " " << route.pattern;
    EXPECT_FALSE(doc["paths"][route.pattern][method]["summary"].get<std::string>().empty())
        << route.pattern;
  }
  EXPECT_GE(api_routes, 14);
  const auto& create =
      doc["paths"]["/api/v1/users"]["post"]["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_EQ(create["additionalProperties"], false);
  EXPECT_TRUE(create["properties"].contains("login"));
}

TEST_F(AppTest, MetricsCountRequestsByRoutePattern) {
  log_in();
  get("/users/1");
  Response r = get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(
      r.body.find(
          "nansen_http_requests_total{method=\"GET\",route=\"/users/{id}\",status=\"200\"} 1"),
      std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("nansen_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(r.body.find("nansen_db_busy_seconds_total"), std::string::npos);
}

TEST_F(AppTest, StaticAssetsAreServedFromTheBinary) {
  Response css = get("/static/nansen.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(get("/static/vendor/htmx.min.js").status, 200);
  EXPECT_EQ(get("/static/../i18n/en.json").status, 404);
  EXPECT_EQ(get("/static/nope.css").status, 404);
}

}  // namespace
}  // namespace nansen::web
