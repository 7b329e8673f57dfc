// SPDX-License-Identifier: Apache-2.0
// The life of a request after the network layer: route → authenticate → CSRF →
// language → handler → security headers, metrics and the log line.
#include <chrono>

#include <nlohmann/json.hpp>

#include "web/multipart.h"
#include "web/routes.h"

namespace nansen::web {
namespace {

constexpr std::string_view kSessionCookie = "nansen_session";
constexpr std::string_view kLanguageCookie = "nansen_lang";

bool is_safe_method(std::string_view m) {
  return m == "GET" || m == "HEAD" || m == "OPTIONS";
}

// Who is calling. A bad bearer token is an error (the client meant to authenticate);
// a stale session cookie is not (the page simply asks to log in again).
std::optional<HttpError> authenticate(App& app, Request& req, bool& stale_cookie) {
  const std::string authorization = req.header("authorization");
  if (!authorization.empty() && req.wants_json()) {
    if (to_lower_ascii(authorization.substr(0, 7)) != "bearer ")
      return HttpError{401, Error{ErrorCode::kUnauthenticated, "use Authorization: Bearer <token>",
                                  "authorization"}};
    auto actor = access::authenticate_token(*app.db, trim(authorization.substr(7)), app.now());
    if (!actor) {
      Error e = actor.error();
      if (e.field.empty()) e.field = "authorization";
      return http_error(e);
    }
    req.actor = *actor;
    return std::nullopt;
  }
  auto cookie = req.cookies.find(std::string(kSessionCookie));
  if (cookie == req.cookies.end() || cookie->second.empty()) return std::nullopt;
  auto session = access::resume_session(*app.db, cookie->second, app.policy, app.now());
  if (!session) {
    if (session.error().code != ErrorCode::kUnauthenticated) return http_error(session.error());
    stale_cookie = true;
    return std::nullopt;
  }
  req.actor = session->actor;
  req.session = std::move(*session);
  return std::nullopt;
}

std::string submitted_csrf(const Request& req) {
  std::string token = req.header("x-csrf-token");
  if (!token.empty()) return token;
  const std::string type = media_type(req.header("content-type"));
  if (type == "application/x-www-form-urlencoded") {
    if (auto form = parse_urlencoded(req.body)) {
      auto it = form->find("csrf");
      if (it != form->end()) return it->second;
    }
  } else if (type == "multipart/form-data") {  // upload forms
    if (auto parts = parse_multipart(req.header("content-type"), req.body)) {
      if (const FormPart* p = find_part(*parts, "csrf")) return p->data;
    }
  }
  return {};
}

// Chooses the language; an explicit ?lang= is remembered (for the user, and in a cookie
// for visitors). Returns true when the cookie should be set.
bool choose_request_language(App& app, Request& req) {
  const std::string asked = req.query_value("lang");
  auto cookie = req.cookies.find(std::string(kLanguageCookie));
  req.language = choose_language(
      access::supported_languages(), asked, req.actor ? req.actor->language : "",
      cookie == req.cookies.end() ? "" : cookie->second, req.header("accept-language"));
  if (asked.empty() || asked != req.language) return false;
  if (req.session && req.actor->language != asked) {
    auto saved = access::set_language(*app.db, *req.actor, req.actor->user, asked, app.now());
    if (saved) req.actor->language = asked;
  }
  return true;
}

Response not_found(const App& app, const Request& req, bool method_not_allowed) {
  if (method_not_allowed)
    return error_response(
        app, req,
        HttpError{405, Error{ErrorCode::kInvalid, "this method is not allowed here", "method"}});
  return error_response(app, req, Error{ErrorCode::kNotFound, "no such page", "path"});
}

Response route(App& app, Request& req, bool& stale_cookie, bool& remember_language) {
  const Router::Match match = app.router.match(req.method, req.path);
  if (auto failed = authenticate(app, req, stale_cookie)) {
    req.route = match.route ? match.route->pattern : "unmatched";
    remember_language = choose_request_language(app, req);
    return error_response(app, req, *failed);
  }
  remember_language = choose_request_language(app, req);
  if (!match.route) {
    req.route = "unmatched";
    return not_found(app, req, match.method_not_allowed);
  }
  const Route& r = *match.route;
  req.route = r.pattern;
  req.params = match.params;
  if (r.auth == Auth::kUser && !req.actor) {
    if (req.wants_json())
      return json_error(Error{ErrorCode::kUnauthenticated,
                              "log in (POST /api/v1/session) or send a bearer token", "session"});
    return Response::redirect(req.method == "GET" ? "/login?next=" + url_encode(req.path)
                                                  : "/login");
  }
  if (r.auth == Auth::kUser && req.session && !is_safe_method(req.method) &&
      !access::check_csrf(*req.session, submitted_csrf(req)))
    return error_response(app, req,
                          Error{ErrorCode::kForbidden,
                                "the CSRF token is missing or wrong; reload the page", "csrf"});
  if (r.auth == Auth::kUser) {
    if (!r.policy)
      return error_response(app, req, Error{ErrorCode::kForbidden, "this route has no policy", ""});
    if (auto allowed = access::authorize_route(*req.actor, *r.policy); !allowed)
      return error_response(app, req, allowed.error());
  }
  // Bad input names its field: a query parameter that is not UTF-8 is the handler's field.
  if (!req.query_not_utf8.empty())
    return error_response(app, req,
                          Error{ErrorCode::kInvalid, "is not valid UTF-8", req.query_not_utf8});
  return r.handler(req);
}

// Headers every response of this server carries, whatever produced it.
void finish_headers(const App& app, Response& res, const std::string& request_id) {
  add_security_headers(res);
  res.set_header("X-Request-Id", request_id);
  // Only when users come over https: a browser that saw HSTS refuses plain http to this
  // host for a year, which would lock out a deployment still served over http.
  if (serves_https(app.config))
    res.set_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

}  // namespace

Response handle_request(App& app, Request& req) {
  const auto started = std::chrono::steady_clock::now();
  const std::string request_id = new_request_id();
  bool stale_cookie = false;
  bool remember_language = false;
  Response res;
  std::string failure;  // what went wrong on a 5xx, for the log only
  try {
    res = route(app, req, stale_cookie, remember_language);
  } catch (const std::exception& e) {
    // Library exceptions are caught where the library is called; reaching here is a bug.
    failure = std::string("handler threw: ") + e.what();
    res = error_response(app, req, Error{ErrorCode::kInternal, "internal error", ""});
  }
  if (res.status >= 500) {
    ConcealedError concealed = conceal_server_error(app, req, res, request_id);
    if (failure.empty()) failure = std::move(concealed.logged);
    res = std::move(concealed.response);
  }
  if (stale_cookie && res.header("set-cookie").empty())
    res.set_header("Set-Cookie", set_cookie_header(kSessionCookie, "",
                                                   {true, app.config.secure_cookies, "Strict", 0}));
  if (remember_language)
    res.set_header("Set-Cookie",
                   set_cookie_header(kLanguageCookie, req.language,
                                     {true, app.config.secure_cookies, "Strict", 365 * 24 * 3600}));
  finish_headers(app, res, request_id);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  app.metrics.observe(req.method, req.route, res.status, seconds);
  // Route patterns, not raw paths or query strings: no personal data in the log. The
  // method is folded like the metrics label: a made-up one is client-chosen text.
  const std::string line =
      "http " + std::string(method_label(req.method)) + " " + req.route + " " +
      std::to_string(res.status) + " " + std::to_string(static_cast<long>(seconds * 1000)) +
      "ms user=" + (req.actor ? std::to_string(req.actor->user.value) : std::string("-")) +
      " request=" + request_id;
  if (res.status >= 500)
    log_error(line + ": " + failure);
  else
    log_info(line);
  return res;
}

Response reject_request(App& app, Request& req, const HttpError& e) {
  const std::string request_id = new_request_id();
  req.route = "rejected";
  Response res = json_error(e);
  finish_headers(app, res, request_id);
  app.metrics.observe(req.method, req.route, res.status, 0);
  log_info("http " + std::string(req.method.empty() ? "-" : method_label(req.method)) +
           " rejected " + std::to_string(res.status) + " " + e.error.field +
           " request=" + request_id);
  return res;
}

}  // namespace nansen::web
