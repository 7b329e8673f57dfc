// SPDX-License-Identifier: Apache-2.0
// Private to web/: what a module's handlers work with. A module adds its pages and API
// by writing src/web/<module>_routes.cpp (or _pages.cpp / _api.cpp) with
//
//   void register_<module>_routes(Router& router, App& app);
//
// and one line in register_all_routes() (routes.cpp). See src/web/README.md.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "access/access.h"
#include "base/base.h"
#include "db/db.h"
#include "match/match.h"
#include "procedures/procedures.h"
#include "registry/registry.h"
#include "web/http.h"
#include "web/i18n.h"
#include "web/jobs.h"
#include "web/metrics.h"
#include "web/render.h"

namespace nansen::web {

// An entry of the navigation bar, shown to users whose role holds `permission`.
struct NavItem {
  std::string label_key;  // catalog key
  std::string href;
  std::optional<access::Permission> permission;  // nullopt = every signed-in user
};

// Everything a handler may need. Built once at start-up; shared read-only by all
// handler threads (Metrics and Database are themselves thread-safe).
struct App {
  Config config;
  std::shared_ptr<db::Database> db;
  Clock clock;
  access::SecurityPolicy policy;
  Catalogs catalogs;
  Renderer renderer;
  Metrics metrics;
  Router router;
  std::vector<NavItem> nav;
  // The shipped procedure definitions, validated at start-up.
  procedures::Catalog procedures;
  // The sensitive-field keys ([security] key_file). nullopt when the file does not exist:
  // sensitive entries then answer 503 (field key_file; the path only in the log),
  // everything else works.
  std::optional<registry::Keyring> keyring;
  // Every unmerged person, for the duplicate check on registration. Loaded at start-up;
  // handlers add a person after the transaction that created it commits. One server
  // process per database keeps it complete.
  std::unique_ptr<match::Index> persons;
  // Long work with progress. Last member: destroyed first, waiting for running jobs
  // while the database is still open.
  Jobs jobs;

  Instant now() const { return clock(); }
};

// Builds the application: loads the embedded catalogs and templates, registers every
// route. Internal if an embedded file is broken.
Result<std::unique_ptr<App>> make_app(const Config& config, std::shared_ptr<db::Database> db,
                                      Clock clock);

// The one list of route registrations (routes.cpp). Append your module's line there.
void register_all_routes(App& app);
void register_system_routes(Router& router, App& app);    // /healthz, /metrics, /static, openapi
void register_session_routes(Router& router, App& app);   // login, logout, /api/v1/session, me
void register_home_routes(Router& router, App& app);      // /
void register_user_routes(Router& router, App& app);      // /users pages
void register_user_api_routes(Router& router, App& app);  // /api/v1/users, tokens
void register_audit_routes(Router& router, App& app);     // /audit, /api/v1/audit
void register_profile_routes(Router& router, App& app);   // /profile
void register_pledges_api_routes(Router& router,
                                 App& app);  // /api/v1/pledges, consultations, import
void register_pledges_page_routes(Router& router,
                                  App& app);  // /pledges, /consultations, /countries

void register_pledges_form_routes(Router& router,
                                  App& app);  // pledge/consultation forms, import upload
void register_registry_api_routes(Router& router,
                                  App& app);  // /api/v1/persons, cases, mrz (registry_api.cpp)
void register_registry_page_routes(Router& router,
                                   App& app);  // /persons, /cases, /documents pages

// The whole request path after the network layer: route, authenticate, check CSRF,
// choose the language, run the handler, add security headers, count and log.
Response handle_request(App& app, Request& req);
// A request refused by the network layer (413, 431, 400), in the same shape.
Response reject_request(App& app, Request& req, const HttpError& e);

// A random id for one request (16 hex digits), in its log line and X-Request-Id header.
std::string new_request_id();
// What becomes of a 5xx response (server_errors.cpp): `response` keeps the status, the
// headers and the error code (and a field name, never a path) and says only "internal
// error" / "unavailable" with `request_id`, as JSON (API, or a JSON original) or as the
// localized error page; `logged` is the original message, for the log line.
struct ConcealedError {
  Response response;
  std::string logged;
};
ConcealedError conceal_server_error(const App& app, const Request& req, const Response& original,
                                    const std::string& request_id);

// ---------------------------------------------------------------------------------------
// For handlers

// The authenticated caller. REQUIRES: the route was registered with Auth::kUser.
const access::Actor& actor_of(const Request& req);
// The interface string for `key` in the request's language.
const std::string& tr(const App& app, const Request& req, std::string_view key);

// Renders templates/<name>.mustache inside the layout (header, navigation, language
// switch, user menu, footer). `data["title_key"]` names the page title's catalog key.
// Adds to the data: t (the catalog), lang, csrf, user, nav, languages.
Response page(const App& app, const Request& req, std::string_view name, nlohmann::json data,
              int status = 200);
// An error in the request's kind: the JSON error shape under /api/, else an HTML page.
Response error_response(const App& app, const Request& req, const HttpError& e);
Response error_response(const App& app, const Request& req, const Error& e);
// A localized one-line message for an error, for forms: "This field is required".
std::string localized_error(const App& app, const Request& req, const HttpError& e);
// Form errors for templates: {"field": "message", "_summary": "..."}.
nlohmann::json form_errors(const App& app, const Request& req, const HttpError& e);

// Parses "{id}" of the route as a positive integer; Invalid naming `name` otherwise.
Result<std::int64_t> id_param(const Request& req, std::string_view name = "id");

}  // namespace nansen::web
