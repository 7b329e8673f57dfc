// SPDX-License-Identifier: Apache-2.0
#include <iostream>

#include "cli/cli.h"

namespace nansen::cli {

Result<Config> Context::config() const {
  auto c = load_config(config_path, process_environment());
  if (!c) return c;
  if (!db.empty()) c->db = db;
  return c;
}

int report_error(const Error& e) {
  std::cerr << "error: " << e.message;
  if (!e.field.empty()) std::cerr << " (" << e.field << ")";
  std::cerr << "\n";
  switch (e.code) {
    case ErrorCode::kInvalid:
    case ErrorCode::kNotFound:
    case ErrorCode::kConflict:
    case ErrorCode::kForbidden:
    case ErrorCode::kTooLarge:
      return 2;
    default:
      return 3;
  }
}

}  // namespace nansen::cli
