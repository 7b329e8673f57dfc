// SPDX-License-Identifier: Apache-2.0
// web::serve — builds the application and runs the server.
#include <filesystem>
#include <iostream>

#include "procedures/procedures.h"
#include "web/http_server.h"
#include "web/routes.h"
#include "web/web.h"

namespace nansen::web {

Result<std::unique_ptr<App>> make_app(const Config& config, std::shared_ptr<db::Database> db,
                                      Clock clock) {
  auto catalogs = Catalogs::load(embedded::share(), access::supported_languages());
  if (!catalogs) return fail(catalogs.error());
  auto renderer = Renderer::load(embedded::share());
  if (!renderer) return fail(renderer.error());
  // A wrong procedure definition stops start-up with its message, not the first case.
  auto definitions = procedures::load_builtin_definitions();
  if (!definitions) return fail(definitions.error());
  // A missing key file only disables sensitive entries; a malformed one, one that others
  // may read, or one lacking a key the database uses stops start-up.
  std::optional<registry::Keyring> keyring;
  if (std::error_code ec; std::filesystem::exists(config.key_file, ec)) {
    auto keys = registry::load_keyring(config.key_file);
    if (!keys) return fail(keys.error());
    NANSEN_TRY(registry::check_keyring_covers(*db, *keys, config.key_file));
    keyring = std::move(*keys);
  } else {
    log_warn("no key file at " + config.key_file + ": sensitive entries are unavailable");
  }
  auto persons = std::make_unique<match::Index>();
  if (auto loaded = registry::load_index(*db, *persons); !loaded) return fail(loaded.error());
  auto app = std::make_unique<App>();
  app->config = config;
  app->db = std::move(db);
  app->clock = clock ? std::move(clock) : system_clock();
  app->policy = access::policy_from(config);
  app->catalogs = std::move(*catalogs);
  app->renderer = std::move(*renderer);
  app->procedures = std::move(*definitions);
  app->keyring = std::move(keyring);
  app->persons = std::move(persons);
  app->jobs.set_max_running_per_user(config.max_jobs_per_user);
  register_all_routes(*app);
  if (const auto missing = app->router.attach_policies(); !missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    return fail(ErrorCode::kInternal, "routes without an entry in src/access/policy.cpp: " + list);
  }
  return app;
}

Status serve(const Config& config, std::shared_ptr<db::Database> db, const ServeOptions& options) {
  auto address = parse_listen_address(config.listen);
  if (!address) return fail(address.error());
  auto app = make_app(config, std::move(db), options.clock);
  if (!app) return fail(app.error());
  App& a = **app;

  ServerSettings settings;
  settings.host = address->first;
  settings.port = address->second;
  settings.threads = std::max(1, config.threads);
  settings.max_body_bytes = config.max_body_bytes;
  settings.max_upload_bytes = config.max_upload_bytes;
  settings.timeout = std::chrono::seconds(std::max(1, config.request_timeout_seconds));

  ServerHooks hooks;
  hooks.handle = [&a](Request& req) { return handle_request(a, req); };
  hooks.reject = [&a](Request& req, const HttpError& e) { return reject_request(a, req, e); };
  hooks.is_upload = [&a](std::string_view method, std::string_view path) {
    const Router::Match m = a.router.match(method, path);
    return m.route && m.route->upload;
  };
  hooks.on_listening = [&options](const std::string& url) {
    log_info("listening on " + url);
    if (options.on_listening) {
      options.on_listening(url);
    } else {
      std::cout << "listening on " << url << std::endl;  // flushed: scripts wait for it
    }
  };
  return run_http_server(settings, hooks);
}

}  // namespace nansen::web
