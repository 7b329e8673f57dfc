// SPDX-License-Identifier: Apache-2.0
// Our HTTP types: the error→status mapping, the error shape, security headers, and the
// parsing of targets, forms and cookies.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/http.h"

namespace nansen::web {
namespace {

TEST(ErrorMapping, EachErrorCodeHasOneStatus) {
  const std::pair<ErrorCode, int> table[] = {
      {ErrorCode::kInvalid, 422},     {ErrorCode::kNotFound, 404},
      {ErrorCode::kConflict, 409},    {ErrorCode::kUnauthenticated, 401},
      {ErrorCode::kForbidden, 403},   {ErrorCode::kTooLarge, 413},
      {ErrorCode::kRateLimited, 429}, {ErrorCode::kUnavailable, 503},
      {ErrorCode::kInternal, 500},
  };
  for (const auto& [code, status] : table)
    EXPECT_EQ(http_status(code), status) << error_code_name(code);
}

TEST(ErrorMapping, TheJsonErrorShapeNamesCodeMessageAndField) {
  Response r =
      json_error(Error{ErrorCode::kConflict, "a user with login 'x' already exists", "login"});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.content_type, "application/json");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], "conflict");
  EXPECT_EQ(body["error"]["field"], "login");
  EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
}

TEST(ErrorMapping, MalformedSyntaxKeepsItsOwnStatus) {
  Response r = json_error(HttpError{400, Error{ErrorCode::kInvalid, "not JSON", "body"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "invalid");
}

TEST(SecurityHeaders, EveryResponseCarriesThem) {
  Response r = Response::html("<p>x</p>");
  add_security_headers(r);
  const std::string csp = r.header("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(r.header("Referrer-Policy"), "same-origin");
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
}

TEST(SecurityHeaders, StaticAssetsMayBeCached) {
  Response r = Response::text("body{}");
  r.cacheable = true;
  add_security_headers(r);
  EXPECT_NE(r.header("Cache-Control").find("max-age"), std::string::npos);
}

TEST(Targets, SplitDecodedPathFromQuery) {
  std::string path;
  std::map<std::string, std::string> query;
  ASSERT_TRUE(parse_target("/audit?user=ali&from=2024-01-02&q=%D0%B0+b", path, query));
  EXPECT_EQ(path, "/audit");
  EXPECT_EQ(query.at("user"), "ali");
  EXPECT_EQ(query.at("q"), "а b");
  ASSERT_TRUE(parse_target("/a%20b", path, query));
  EXPECT_EQ(path, "/a b");
}

TEST(Targets, RejectBadEncodingAndNonPaths) {
  std::string path;
  std::map<std::string, std::string> query;
  EXPECT_FALSE(parse_target("/a%zz", path, query));
  EXPECT_FALSE(parse_target("/a%", path, query));
  EXPECT_FALSE(parse_target("/%FF", path, query));
  EXPECT_FALSE(parse_target("/a%00b", path, query));
  EXPECT_FALSE(parse_target("http://evil/", path, query));
  EXPECT_FALSE(parse_target("/ok?x=%E2%82", path, query));
}

TEST(Forms, DecodePlusAndPercent) {
  auto form = parse_urlencoded("a=1+2&b=%2B&empty=&flag&c=x%3Dy");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->at("a"), "1 2");
  EXPECT_EQ(form->at("b"), "+");
  EXPECT_EQ(form->at("empty"), "");
  EXPECT_EQ(form->at("flag"), "");
  EXPECT_EQ(form->at("c"), "x=y");
}

TEST(Cookies, ParsePairsAndSkipJunk) {
  auto c = parse_cookies("nansen_session=abc; theme=\"dark\";junk; =x; nansen_lang=kk");
  EXPECT_EQ(c.at("nansen_session"), "abc");
  EXPECT_EQ(c.at("theme"), "dark");
  EXPECT_EQ(c.at("nansen_lang"), "kk");
  EXPECT_EQ(c.count("junk"), 0u);
  EXPECT_EQ(c.count(""), 0u);
}

TEST(Cookies, TheFirstOfTwoSameNamedCookiesWins) {
  EXPECT_EQ(parse_cookies("a=1; a=2").at("a"), "1");
}

TEST(Cookies, SessionCookieAttributes) {
  const std::string h =
      set_cookie_header("nansen_session", "tok", {true, true, "Strict", std::nullopt});
  EXPECT_EQ(h, "nansen_session=tok; Path=/; HttpOnly; Secure; SameSite=Strict");
  const std::string cleared = set_cookie_header("nansen_session", "", {true, false, "Strict", 0});
  EXPECT_EQ(cleared, "nansen_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
}

TEST(Headers, MediaTypeIgnoresParametersAndCase) {
  EXPECT_EQ(media_type("Application/JSON; charset=UTF-8"), "application/json");
  EXPECT_EQ(media_type(""), "");
}

TEST(Escaping, HtmlAndUrl) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(url_encode("/users/5?x=а"), "%2Fusers%2F5%3Fx%3D%D0%B0");
}

}  // namespace
}  // namespace nansen::web
