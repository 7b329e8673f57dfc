// SPDX-License-Identifier: Apache-2.0
// The `nansen` command: one binary for the server, the operator's tools and the
// matching engine on plain CSV files.
#include <cstdio>
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
  CLI::App app{"Nansen — pledges, procedures and identities for refugee and statelessness work",
               "nansen"};
  app.set_version_flag("--version", std::string(nansen::version()));
  app.require_subcommand(1);
  app.fallthrough();

  nansen::cli::Context ctx;
  app.add_option("--config", ctx.config_path, "TOML configuration file (default: $NANSEN_CONFIG)")
      ->envname("NANSEN_CONFIG");
  add_server_commands(app, ctx);
  add_user_commands(app, ctx);
  add_backup_commands(app, ctx);
  add_audit_commands(app, ctx);
  add_match_commands(app, ctx);
  add_pledge_commands(app, ctx);
  add_registry_commands(app, ctx);
  add_demo_commands(app, ctx);
  add_key_commands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Prints the help or version (exit 0), or the usage error: exit 2, as documented in
    // cli.h, whatever CLI11's own code for the kind of mistake.
    return app.exit(e) == 0 ? 0 : 2;
  }
  return ctx.exit_code;
}
