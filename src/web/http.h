// SPDX-License-Identifier: Apache-2.0
// Private to web/: our own small HTTP types. Handlers see only these; Boost.Beast stays
// inside http_server.cpp.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "access/access.h"
#include "base/base.h"
#include "web/fields.h"

namespace nansen::web {

// A request as a handler sees it. Header names are lower-case.
struct Request {
  std::string method;                        // "GET", "POST" ...
  std::string path;                          // percent-decoded, without the query string
  std::map<std::string, std::string> query;  // decoded; the last value wins
  // A query parameter whose value was not UTF-8 (left out of `query`): the dispatcher
  // answers 422 naming it.
  std::string query_not_utf8;
  std::map<std::string, std::string> headers;
  std::map<std::string, std::string> cookies;
  std::string body;
  std::string client_address;

  // Filled by the dispatcher before the handler runs.
  std::string route;                          // the matched pattern, "/api/v1/users/{id}"
  std::map<std::string, std::string> params;  // the pattern's captures
  std::optional<access::Actor> actor;         // the authenticated caller, if any
  std::optional<access::Session> session;     // set for cookie sessions (not tokens)
  std::string language = "en";                // the interface language chosen for this request

  std::string header(std::string_view name) const;  // "" if absent; name in lower case
  std::string query_value(std::string_view name) const;
  bool wants_json() const;  // under /api/
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool cacheable = false;  // static assets; dynamic responses get Cache-Control: no-store

  static Response json(int status, const nlohmann::json& body);
  static Response html(std::string body, int status = 200);
  static Response text(std::string body, int status = 200);
  static Response redirect(std::string location);  // 303 See Other
  static Response no_content();
  void set_header(std::string name, std::string value);
  std::string header(std::string_view name) const;
};

// An error that carries its HTTP status: bad syntax (400) and a wrong content type (415)
// have no ErrorCode of their own.
struct HttpError {
  int status = 500;
  Error error;
};
template <typename T>
using HttpResult = tl::expected<T, HttpError>;

// THE mapping from error codes to HTTP statuses. Invalid is 422 (400 for malformed syntax,
// which body parsing reports as an HttpError).
int http_status(ErrorCode code);
HttpError http_error(const Error& e);
// {"error":{"code":"invalid","message":"…","field":"…"}}
Response json_error(const HttpError& e);
Response json_error(const Error& e);

// Adds the security headers every response carries (CSP, nosniff, frame-ancestors,
// Referrer-Policy, Cache-Control for dynamic responses).
void add_security_headers(Response& r);

// ---------------------------------------------------------------------------------------
// Parsing helpers (exposed for tests)

// Splits "/a%20b/c?x=1&y=%D0%B0" into the decoded path and query. False on bad
// percent-encoding, invalid UTF-8 or a path that does not start with '/'. With
// `not_utf8_param`, a query value that decodes to invalid UTF-8 is left out instead and
// its parameter's name stored there (the first one), so the handler's field can be named.
bool parse_target(std::string_view target, std::string& path,
                  std::map<std::string, std::string>& query, std::string* not_utf8_param = nullptr);
// application/x-www-form-urlencoded: '+' is a space. Returns nullopt on bad escapes.
std::optional<std::map<std::string, std::string>> parse_urlencoded(std::string_view text);
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);
std::string url_encode(std::string_view text);
// "a=1; b=2" → {a:1, b:2}; malformed pairs are skipped.
std::map<std::string, std::string> parse_cookies(std::string_view header);
struct CookieOptions {
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Strict";
  std::optional<int> max_age_seconds;  // nullopt = a session cookie
};
std::string set_cookie_header(std::string_view name, std::string_view value,
                              const CookieOptions& options);
// The bare media type of a Content-Type header, lower-case: "application/json".
std::string media_type(std::string_view content_type);
std::string html_escape(std::string_view text);

// ---------------------------------------------------------------------------------------
// Routing

enum class Auth {
  kPublic,  // anyone
  kUser,    // a session cookie or (under /api/) a bearer token; CSRF checked on writes
};

struct QueryParamDoc {
  std::string name;
  std::string description;
  FieldType type = FieldType::kString;
};

// What openapi.json says about a route. Routes outside /api/ are not documented there.
struct RouteDoc {
  std::string summary;
  std::string tag;              // group in the document, e.g. "users"
  std::vector<FieldSpec> body;  // the request body's fields (JSON object)
  std::vector<QueryParamDoc> query;
  std::string response;  // JSON Schema of the 2xx body, as JSON text
  int success_status = 200;
};

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string pattern;  // "/api/v1/users/{id}"; a final "{name*}" captures the rest
  Auth auth = Auth::kUser;
  Handler handler;
  RouteDoc doc;
  bool upload = false;  // body may reach config.max_upload_bytes instead of max_body_bytes
  // The route's entry of access/'s policy table, set by Router::attach_policies(). A
  // signed-in route without one is refused to everybody (403): the policy fails closed.
  const access::RoutePolicy* policy = nullptr;
};

class Router {
 public:
  // REQUIRES: no two routes with the same method and pattern (checked: aborts on a
  // duplicate, as that is a programming error found at start-up).
  void add(Route route);

  struct Match {
    const Route* route = nullptr;  // nullptr: no route
    std::map<std::string, std::string> params;
    bool method_not_allowed = false;  // the path exists with another method
  };
  // HEAD matches GET routes. Literal segments win over captures.
  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }
  // Looks up every route's entry in access/'s policy table. Returns "METHOD pattern" of
  // each route that has none, or whose entry disagrees on needing a sign-in; the server
  // refuses to start then.
  std::vector<std::string> attach_policies();

 private:
  std::vector<Route> routes_;
};

}  // namespace nansen::web
