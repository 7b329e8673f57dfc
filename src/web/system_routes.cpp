// SPDX-License-Identifier: Apache-2.0
// Routes every deployment has: health, metrics, static assets and the API description.
#include <nlohmann/json.hpp>

#include "web/openapi.h"
#include "web/routes.h"

namespace nansen::web {
namespace {

std::string content_type_for(std::string_view path) {
  const auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".json")) return "application/json";
  if (ends(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

Response healthz(App& app) {
  auto rows = app.db->query("SELECT 1");
  if (!rows)
    return json_error(Error{ErrorCode::kUnavailable, "the database does not answer", "database"});
  return Response::json(200, {{"status", "ok"}, {"version", std::string(version())}});
}

Response static_file(const Request& req) {
  const std::string& rel = req.params.at("path");
  if (rel.find("..") != std::string::npos)
    return json_error(Error{ErrorCode::kNotFound, "no such file", "path"});
  const auto& files = embedded::share();
  auto it = files.find("static/" + rel);
  if (it == files.end()) {
    Response r = Response::text("not found", 404);
    return r;
  }
  Response r;
  r.content_type = content_type_for(rel);
  r.body = std::string(it->second);
  r.cacheable = true;
  return r;
}

}  // namespace

void register_system_routes(Router& router, App& app) {
  router.add({"GET",
              "/healthz",
              Auth::kPublic,
              [&app](Request&) { return healthz(app); },
              {"Liveness and database check", "system", {}, {}, R"({"type":"object"})", 200}});
  router.add({"GET",
              "/metrics",
              Auth::kPublic,
              [&app](Request&) {
                Response r = Response::text(app.metrics.render(app.db->busy_milliseconds()));
                r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                return r;
              },
              {"Prometheus metrics", "system", {}, {}, "", 200}});
  router.add({"GET",
              "/static/{path*}",
              Auth::kPublic,
              [](Request& req) { return static_file(req); },
              {"Static assets", "system", {}, {}, "", 200}});
  router.add({"GET",
              "/api/v1/openapi.json",
              Auth::kPublic,
              [&app](Request&) { return Response::json(200, openapi_document(app.router)); },
              {"This document", "system", {}, {}, R"({"type":"object"})", 200}});
}

}  // namespace nansen::web
