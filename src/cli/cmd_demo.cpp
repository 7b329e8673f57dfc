// nansen demo seed — fills a new database with the demo's data: the real Central Asia
// pledges, entities and the two Almaty consultations (with progress updates labelled
// illustrative), and a synthetic registry.
#include <iostream>

#include "cli/open_database.h"
#include "pledges/pledges.h"

namespace nansen::cli {

void add_demo_commands(CLI::App& app, Context& ctx) {
  auto* demo = app.add_subcommand("demo", "Demo data");
  demo->require_subcommand(1);
  auto* seed = demo->add_subcommand("seed", "Load the demo data into a new database");
  seed->add_option("--db", ctx.db, "Database file or postgresql:// URL");
  seed->callback([&ctx] {
    auto db = open_database(ctx);
    if (!db) return;
    const Instant now = system_clock()();
    if (auto done = pledges::seed_demo(*db, now); !done) {
      ctx.exit_code = report_error(done.error());
      return;
    }
    std::cout << "demo pledges, entities and consultations loaded\n";
  });
}

}  // namespace nansen::cli
