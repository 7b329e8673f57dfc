// SPDX-License-Identifier: Apache-2.0
// Page rendering inside the shared layout, and errors in the request's kind (JSON or
// HTML), localized for people.
#include <charconv>

#include <nlohmann/json.hpp>

#include "web/routes.h"

namespace nansen::web {

const access::Actor& actor_of(const Request& req) {
  return req.actor.value();
}

const std::string& tr(const App& app, const Request& req, std::string_view key) {
  return app.catalogs.text(req.language, key);
}

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.rfind(prefix, 0) == 0;
}

// The language switch's link: a query-only relative reference ("?lang=kk", keeping the
// page's other query parameters). It resolves against the page's own URL, so it stays on
// this site whatever the path or Host header was: a path such as "//evil.example/" or
// "/\evil.example" printed into an href would be a link to another host.
std::string language_href(const Request& req, const std::string& code) {
  std::string href = "?";
  for (const auto& [name, value] : req.query) {
    if (name == "lang") continue;
    href += url_encode(name) + "=" + url_encode(value) + "&";
  }
  return href + "lang=" + url_encode(code);
}

nlohmann::json layout_data(const App& app, const Request& req) {
  nlohmann::json d = nlohmann::json::object();
  d["lang"] = req.language;
  d["t"] = app.catalogs.strings(req.language);
  if (req.session) d["csrf"] = req.session->csrf_token;
  nlohmann::json languages = nlohmann::json::array();
  for (const std::string& code : access::supported_languages())
    languages.push_back({{"code", code},
                         {"label", app.catalogs.text(code, "language_name")},
                         {"href", language_href(req, code)},
                         {"current", code == req.language}});
  d["languages"] = languages;
  if (req.actor) {
    const access::Actor& a = *req.actor;
    d["user"] = {{"login", a.login},
                 {"role", app.catalogs.text(req.language,
                                            "role_" + std::string(access::role_name(a.role)))}};
    nlohmann::json nav = nlohmann::json::array();
    for (const NavItem& item : app.nav) {
      if (item.permission && !access::has_permission(a.role, *item.permission)) continue;
      const bool current = item.href == "/" ? req.path == "/" : starts_with(req.path, item.href);
      nav.push_back({{"label", app.catalogs.text(req.language, item.label_key)},
                     {"href", item.href},
                     {"current", current}});
    }
    d["nav"] = nav;
  }
  return d;
}

}  // namespace

Response page(const App& app, const Request& req, std::string_view name, nlohmann::json data,
              int status) {
  nlohmann::json d = layout_data(app, req);
  if (data.is_object())
    for (auto& [k, v] : data.items()) d[k] = v;
  const std::string title_key = d.value("title_key", std::string("app_name"));
  d["title"] = app.catalogs.text(req.language, title_key);
  auto content = app.renderer.render(name, d);
  if (!content) {
    log_error(content.error().message);
    return Response::text("internal error", 500);
  }
  d["content"] = *content;
  auto full = app.renderer.render("layout", d);
  if (!full) {
    log_error(full.error().message);
    return Response::text("internal error", 500);
  }
  return Response::html(std::move(*full), status);
}

std::string localized_error(const App& app, const Request& req, const HttpError& e) {
  const auto t = [&](std::string_view key) { return app.catalogs.text(req.language, key); };
  if (e.status == 400 || e.status == 415) return t("error_malformed");
  if (e.status == 405) return t("error_method");
  const std::string& m = e.error.message;
  switch (e.error.code) {
    case ErrorCode::kInvalid:
      if (starts_with(m, "is required")) return t("error_required");
      if (starts_with(m, "is longer than")) return t("error_too_long");
      if (starts_with(m, "must be one of")) return t("error_choice");
      if (starts_with(m, "is not a known field")) return t("error_unknown_field");
      if (e.error.field == "password") return t("error_password_rules");
      if (e.error.field == "login") return t("error_login_rules");
      if (e.error.field == "country") return t("error_country_rules");
      return t("error_invalid");
    case ErrorCode::kNotFound:
      return t("error_not_found");
    case ErrorCode::kConflict:
      return t("error_conflict");
    case ErrorCode::kUnauthenticated:
      return t("error_unauthenticated");
    case ErrorCode::kForbidden:
      return e.error.field == "csrf" ? t("error_csrf") : t("error_forbidden");
    case ErrorCode::kTooLarge:
      return t("error_too_large");
    case ErrorCode::kRateLimited:
      return e.error.field == "jobs" ? t("error_jobs_running") : t("error_rate_limited");
    case ErrorCode::kUnavailable:
      return t("error_unavailable");
    case ErrorCode::kInternal:
      return t("error_internal");
  }
  return t("error_internal");
}

nlohmann::json form_errors(const App& app, const Request& req, const HttpError& e) {
  nlohmann::json errors = nlohmann::json::object();
  const std::string message = localized_error(app, req, e);
  errors["_summary"] = message;
  if (!e.error.field.empty()) errors[e.error.field] = message;
  return errors;
}

Response error_response(const App& app, const Request& req, const HttpError& e) {
  if (req.wants_json()) return json_error(e);
  nlohmann::json data = {{"title_key", "error_title"},
                         {"status", std::to_string(e.status)},
                         {"message", localized_error(app, req, e)}};
  return page(app, req, "error", std::move(data), e.status);
}

Response error_response(const App& app, const Request& req, const Error& e) {
  return error_response(app, req, http_error(e));
}

Result<std::int64_t> id_param(const Request& req, std::string_view name) {
  auto it = req.params.find(std::string(name));
  std::int64_t id = 0;
  if (it != req.params.end()) {
    const std::string& s = it->second;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec == std::errc() && end == s.data() + s.size() && id > 0) return id;
  }
  return fail(ErrorCode::kNotFound, "no record with this id", std::string(name));
}

}  // namespace nansen::web
