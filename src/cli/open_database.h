// SPDX-License-Identifier: Apache-2.0
// Private to cli/: opening the configured database for a command.
#pragma once

#include <memory>

#include "cli/cli.h"
#include "db/db.h"

namespace nansen::cli {

// Loads the configuration and opens its database, applying migrations when `migrate`.
// On failure prints the error, sets ctx.exit_code and returns nullptr.
std::shared_ptr<db::Database> open_database(Context& ctx, bool migrate = true);

// Reads a password: from standard input when it is not a terminal (scripts), otherwise
// prompted twice with echo off. Empty on mismatch or end of input.
std::string read_password(const std::string& prompt);

}  // namespace nansen::cli
