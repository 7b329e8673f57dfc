// SPDX-License-Identifier: Apache-2.0
// Logging in and out: the login page and form, and the API's /api/v1/session and /me.
#include <nlohmann/json.hpp>

#include "web/body.h"
#include "web/routes.h"
#include "web/views.h"

namespace nansen::web {
namespace {

constexpr std::string_view kSessionCookie = "nansen_session";

struct LoginBody {
  std::string login;
  std::string password;
  std::string next;
};

const BodySchema<LoginBody>& login_schema() {
  static const BodySchema<LoginBody> schema =
      BodySchema<LoginBody>()
          .field(text_field("login", 64, kRequired), &LoginBody::login)
          .field(text_field("password", 256, kRequired), &LoginBody::password)
          .field(text_field("next", 512), &LoginBody::next);
  return schema;
}

const BodySchema<LoginBody>& api_login_schema() {
  static const BodySchema<LoginBody> schema =
      BodySchema<LoginBody>()
          .field(text_field("login", 64, kRequired), &LoginBody::login)
          .field(text_field("password", 256, kRequired), &LoginBody::password);
  return schema;
}

// Only local paths: an attacker's ?next=https://evil.example must not redirect off-site.
std::string safe_next(const std::string& next) {
  if (next.size() < 1 || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\')))
    return "/";
  for (char c : next)
    if (static_cast<unsigned char>(c) < 0x20) return "/";
  return next;
}

std::string session_cookie(const App& app, std::string_view token) {
  // A session cookie (no Max-Age): the server decides expiry; closing the browser ends it.
  return set_cookie_header(kSessionCookie, token,
                           {true, app.config.secure_cookies, "Strict", std::nullopt});
}

std::string clear_session_cookie(const App& app) {
  return set_cookie_header(kSessionCookie, "", {true, app.config.secure_cookies, "Strict", 0});
}

Response login_page(App& app, Request& req) {
  if (req.actor) return Response::redirect("/");
  return page(app, req, "login", {{"title_key", "login_title"}, {"next", req.query_value("next")}});
}

Response login_form(App& app, Request& req) {
  auto body = login_schema().parse(req);
  if (!body) {
    return page(app, req, "login",
                {{"title_key", "login_title"}, {"errors", form_errors(app, req, body.error())}},
                body.error().status);
  }
  auto session = access::login(*app.db, body->login, body->password, app.policy, app.now());
  if (!session) {
    // One message for every refusal: a locked account must not be told apart from a
    // wrong password or an unknown login.
    const HttpError e = http_error(session.error());
    return page(app, req, "login",
                {{"title_key", "login_title"},
                 {"login", body->login},
                 {"next", body->next},
                 {"errors", {{"_summary", tr(app, req, "login_failed")}}}},
                e.status);
  }
  Response r = Response::redirect(safe_next(body->next));
  r.set_header("Set-Cookie", session_cookie(app, session->token));
  return r;
}

Response logout_form(App& app, Request& req) {
  if (req.session) {
    auto done = access::logout(*app.db, req.session->token, app.now());
    if (!done) return error_response(app, req, done.error());
  }
  Response r = Response::redirect("/login");
  r.set_header("Set-Cookie", clear_session_cookie(app));
  return r;
}

Response api_login(App& app, Request& req) {
  auto body = api_login_schema().parse(req);
  if (!body) return json_error(body.error());
  auto session = access::login(*app.db, body->login, body->password, app.policy, app.now());
  if (!session) return json_error(session.error());
  Response r = Response::json(200, {{"csrf_token", session->csrf_token},
                                    {"expires_at", session->expires_at},
                                    {"user", actor_json(session->actor)}});
  r.set_header("Set-Cookie", session_cookie(app, session->token));
  return r;
}

Response api_logout(App& app, Request& req) {
  if (req.session) {
    auto done = access::logout(*app.db, req.session->token, app.now());
    if (!done) return json_error(done.error());
  }
  Response r = Response::no_content();
  r.set_header("Set-Cookie", clear_session_cookie(app));
  return r;
}

Response api_me(App&, Request& req) {
  const access::Actor& a = actor_of(req);
  nlohmann::json body = {{"user", actor_json(a)},
                         {"via_token", a.via_token},
                         {"permissions", permissions_json(a.role)}};
  if (req.session) body["csrf_token"] = req.session->csrf_token;
  return Response::json(200, body);
}

}  // namespace

void register_session_routes(Router& router, App& app) {
  router.add(
      {"GET", "/login", Auth::kPublic, [&app](Request& r) { return login_page(app, r); }, {}});
  router.add(
      {"POST", "/login", Auth::kPublic, [&app](Request& r) { return login_form(app, r); }, {}});
  router.add(
      {"POST", "/logout", Auth::kUser, [&app](Request& r) { return logout_form(app, r); }, {}});

  RouteDoc login_doc{"Log in; sets the nansen_session cookie and returns the CSRF token",
                     "session",
                     api_login_schema().specs(),
                     {},
                     R"({"type":"object","properties":{"csrf_token":{"type":"string"},
                        "expires_at":{"type":"string"},"user":{"type":"object"}}})",
                     200};
  router.add({"POST", "/api/v1/session", Auth::kPublic,
              [&app](Request& r) { return api_login(app, r); }, login_doc});
  router.add({"DELETE",
              "/api/v1/session",
              Auth::kUser,
              [&app](Request& r) { return api_logout(app, r); },
              {"Log out (ends the cookie session)", "session", {}, {}, "", 204}});
  router.add({"GET",
              "/api/v1/me",
              Auth::kUser,
              [&app](Request& r) { return api_me(app, r); },
              {"The caller: user, scope, permissions (and the CSRF token for cookie sessions)",
               "session",
               {},
               {},
               R"({"type":"object","properties":{"user":{"type":"object"},
                  "via_token":{"type":"boolean"},"permissions":{"type":"array","items":{"type":"string"}},
                  "csrf_token":{"type":"string"}}})",
               200}});
}

}  // namespace nansen::web
