// SPDX-License-Identifier: Apache-2.0
#include "cli/open_database.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace nansen::cli {

std::shared_ptr<db::Database> open_database(Context& ctx, bool migrate) {
  auto config = ctx.config();
  if (!config) {
    ctx.exit_code = 2;
    report_error(config.error());
    return nullptr;
  }
  auto db = db::open(config->db, db::builtin_migrations(), migrate, config->threads);
  if (!db) {
    ctx.exit_code = report_error(db.error());
    return nullptr;
  }
  return *db;
}

namespace {

std::string read_line_without_echo() {
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string line;
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << "\n";
  return line;
}

}  // namespace

std::string read_password(const std::string& prompt) {
  if (!isatty(STDIN_FILENO)) {
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  std::cerr << prompt << ": ";
  std::string first = read_line_without_echo();
  std::cerr << "again: ";
  std::string second = read_line_without_echo();
  if (first != second) {
    std::cerr << "the two passwords differ\n";
    return {};
  }
  return first;
}

}  // namespace nansen::cli
