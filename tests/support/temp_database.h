// A fresh SQLite database with every migration applied, in a temporary directory of its
// own per test (named after the test, so parallel test processes never share one).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "db/db.h"

namespace nansen::testing {

// Opens <tmp>/nansen-<prefix>-<pid>-<test name>/test.db and sets `dir`; returns nullptr
// (and fails the test) if it cannot be opened.
inline std::shared_ptr<db::Database> open_temp_database(std::filesystem::path& dir,
                                                        const std::string& prefix) {
  dir = std::filesystem::temp_directory_path() /
        ("nansen-" + prefix + "-" + std::to_string(::getpid()) + "-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto opened = db::open((dir / "test.db").string(), db::builtin_migrations());
  if (!opened) {
    ADD_FAILURE() << opened.error().message;
    return nullptr;
  }
  return *opened;
}

inline void close_temp_database(std::shared_ptr<db::Database>& db, const std::filesystem::path& dir) {
  db.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace nansen::testing
