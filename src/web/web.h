// SPDX-License-Identifier: Apache-2.0
// web — the HTTP server: one router serving the HTML pages and the JSON API (/api/v1)
// of every module, static assets, /healthz and /metrics.
//
// Everything else in src/web/ is private to this module; see src/web/README.md for how a
// request flows and how a module adds its routes, pages, catalog strings and OpenAPI
// entries.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "base/base.h"
#include "db/db.h"

namespace nansen::web {

struct ServeOptions {
  // Called once the socket is bound, with the base URL ("http://127.0.0.1:43121"). When
  // empty, serve() prints "listening on <url>" to standard output and flushes, so scripts
  // and tests that start the server on port 0 can read the port.
  std::function<void(const std::string& url)> on_listening;
  // Injected "now" for sessions, audit rows and throttling; empty = the system clock.
  Clock clock;
};

// Serves HTTP on config.listen ("HOST:PORT"; port 0 picks a free port) until SIGINT or
// SIGTERM, then stops accepting and returns once the running handlers have finished
// (each handler's transaction commits or rolls back as usual; a response not yet
// written is dropped). Request handlers run on a pool of config.threads threads, never
// on the I/O thread.
// Returns Invalid (field "listen") for a malformed address, Unavailable if the address
// cannot be bound, Internal if the embedded templates or catalogs are broken.
Status serve(const Config& config, std::shared_ptr<db::Database> db, const ServeOptions& options);

}  // namespace nansen::web
