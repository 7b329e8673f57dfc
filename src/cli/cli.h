// SPDX-License-Identifier: Apache-2.0
// cli — the `nansen` command. Each group of subcommands lives in its own file and is
// registered here; main.cpp wires them into one CLI11 app.
//
// Exit codes: 0 success, 1 the operation found a problem (a broken audit chain, a bad
// import row, an invalid MRZ), 2 bad usage or configuration, 3 a runtime failure.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "base/base.h"

namespace nansen::cli {

struct Context {
  int exit_code = 0;
  std::string config_path;  // --config FILE, or NANSEN_CONFIG
  std::string db;           // --db FILE|URL, overrides the configuration
  // The configuration after file, environment and --db; exits 2 with the message on
  // a bad file.
  Result<Config> config() const;
};

// Prints "error: <message> (<field>)" on stderr and returns the exit code for `e`.
int report_error(const Error& e);

void add_server_commands(CLI::App& app, Context& ctx);    // serve, migrate
void add_user_commands(CLI::App& app, Context& ctx);      // user add|list|passwd|disable|token
void add_backup_commands(CLI::App& app, Context& ctx);    // backup
void add_audit_commands(CLI::App& app, Context& ctx);     // audit verify|keygen|checkpoint
void add_match_commands(CLI::App& app, Context& ctx);     // dedup, search, translit
void add_pledge_commands(CLI::App& app, Context& ctx);    // import entities|pledges, export pledges
void add_registry_commands(CLI::App& app, Context& ctx);  // mrz check|make, registry tools
void add_demo_commands(CLI::App& app, Context& ctx);      // demo seed
void add_key_commands(CLI::App& app, Context& ctx);       // keys create|rotate|reencrypt

}  // namespace nansen::cli
