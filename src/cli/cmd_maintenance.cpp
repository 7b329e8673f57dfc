// SPDX-License-Identifier: Apache-2.0
// nansen serve | migrate | backup
#include <iostream>

#include "cli/open_database.h"
#include "web/web.h"

namespace nansen::cli {

void add_server_commands(CLI::App& app, Context& ctx) {
  auto listen = std::make_shared<std::string>();
  auto* serve = app.add_subcommand("serve", "Run the web server (creates and migrates a new database)");
  serve->add_option("--db", ctx.db, "Database file or postgresql:// URL");
  serve->add_option("--listen", *listen, "HOST:PORT to listen on (port 0 picks a free port)");
  serve->callback([&ctx, listen] {
    auto config = ctx.config();
    if (!config) {
      ctx.exit_code = 2;
      report_error(config.error());
      return;
    }
    if (!listen->empty()) config->listen = *listen;
    init_logging(config->log_level);
    auto db = db::open(config->db, db::builtin_migrations(), true, config->threads + 1);
    if (!db) {
      ctx.exit_code = report_error(db.error());
      return;
    }
    auto served = web::serve(*config, *db, web::ServeOptions{});
    if (!served) ctx.exit_code = report_error(served.error());
  });

  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations");
  migrate->add_option("--db", ctx.db, "Database file or postgresql:// URL");
  migrate->callback([&ctx] {
    if (open_database(ctx, true)) std::cout << "database is up to date\n";
  });
}

void add_backup_commands(CLI::App& app, Context& ctx) {
  auto out = std::make_shared<std::string>();
  auto* backup = app.add_subcommand("backup", "Copy the SQLite database to FILE while the server runs (online backup)");
  backup->add_option("--db", ctx.db, "Database file to back up");
  backup->add_option("out", *out, "Backup file to write")->required();
  backup->callback([&ctx, out] {
    auto db = open_database(ctx, false);
    if (!db) return;
    auto done = db->backup_to(*out);
    if (!done) ctx.exit_code = report_error(done.error());
    else std::cout << "backup written to " << *out << "\n";
  });
}

}  // namespace nansen::cli
