// SPDX-License-Identifier: Apache-2.0
// nansen serve | migrate | backup [--verify]
#include <iostream>

#include "access/access.h"
#include "cli/open_database.h"
#include "web/web.h"

namespace nansen::cli {

void add_server_commands(CLI::App& app, Context& ctx) {
  auto listen = std::make_shared<std::string>();
  auto* serve =
      app.add_subcommand("serve", "Run the web server (creates and migrates a new database)");
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

// Opens a finished backup on its own and checks it as a restore would need it: SQLite's
// integrity check, then the audit chain. Returns the exit code.
int verify_backup(const std::string& path) {
  if (auto sound = db::check_sqlite_integrity(path); !sound) return report_error(sound.error());
  auto copy = db::open(path, db::builtin_migrations(), false, 1);
  if (!copy) return report_error(copy.error());
  auto chain = access::verify_audit_chain(**copy);
  if (!chain) return report_error(chain.error());
  if (!chain->intact) {
    std::cout << "backup " << path << ": audit chain BROKEN at row "
              << chain->first_broken_seq.value_or(0) << ": " << chain->reason << "\n";
    return 1;
  }
  std::cout << "backup verified: integrity ok, audit chain intact (" << chain->rows_checked
            << " rows)\n";
  return 0;
}

void add_backup_commands(CLI::App& app, Context& ctx) {
  auto out = std::make_shared<std::string>();
  auto check = std::make_shared<std::string>();
  auto verify = std::make_shared<bool>(false);
  auto* backup = app.add_subcommand(
      "backup", "Copy the SQLite database to FILE (mode 0600) while the server keeps running");
  backup->add_option("--db", ctx.db, "Database file to back up");
  backup->add_flag("--verify", *verify,
                   "Then open the copy and run the integrity check and audit verify on it");
  backup->add_option("--check", *check,
                     "Check an existing backup FILE (integrity and audit chain); writes nothing");
  backup->add_option("out", *out, "Backup file to write");
  backup->callback([&ctx, out, check, verify] {
    if (check->empty() == out->empty()) {
      ctx.exit_code = 2;
      std::cerr << "nansen backup: give either the backup FILE to write or --check FILE\n";
      return;
    }
    if (!check->empty()) {
      ctx.exit_code = verify_backup(*check);
      return;
    }
    auto db = open_database(ctx, false);
    if (!db) return;
    auto done = db->backup_to(*out);
    if (!done) {
      ctx.exit_code = report_error(done.error());
      return;
    }
    std::cout << "backup written to " << *out << "\n";
    if (*verify) ctx.exit_code = verify_backup(*out);
  });
}

}  // namespace nansen::cli
