// SPDX-License-Identifier: Apache-2.0
// A fresh database with every migration applied, for one test.
//
// By default a SQLite file in a temporary directory of its own per test (named after the
// test, so parallel test processes never share one). With NANSEN_TEST_DB=postgres, a new
// empty schema on a PostgreSQL server instead — the one named by NANSEN_TEST_POSTGRES_URL
// or NANSEN_TEST_POSTGRES_DIR (ctest's postgres.start fixture, scripts/pg-test-server.sh),
// else a throwaway server this test binary starts itself (tests/db/pg_server.h) — so the
// same module tests run against both backends. The directory is made in both cases.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "db/db.h"
#include "db/pg_server.h"

namespace nansen::testing {

inline bool testing_on_postgres() {
  const char* backend = std::getenv("NANSEN_TEST_DB");
  return backend && std::string(backend) == "postgres";
}

// Opens the test's database and sets `dir` to <tmp>/nansen-<prefix>-<pid>-<test name>;
// returns nullptr (and fails the test) if it cannot be opened.
inline std::shared_ptr<db::Database> open_temp_database(std::filesystem::path& dir,
                                                        const std::string& prefix) {
  dir = std::filesystem::temp_directory_path() /
        ("nansen-" + prefix + "-" + std::to_string(::getpid()) + "-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string url = (dir / "test.db").string();
  if (testing_on_postgres()) {
    std::string error;
    PgTestServer* server = PgServerEnvironment::server(error);
    if (!server) {
      ADD_FAILURE() << "NANSEN_TEST_DB=postgres but no PostgreSQL server: " << error;
      return nullptr;
    }
    url = server->create_schema_url(error);
    if (url.empty()) {
      ADD_FAILURE() << "cannot create a schema: " << error;
      return nullptr;
    }
    std::ofstream(dir / "postgres-schema-url") << url;  // for close_temp_database
  }
  auto opened = db::open(url, db::builtin_migrations());
  if (!opened) {
    ADD_FAILURE() << opened.error().message;
    return nullptr;
  }
  return *opened;
}

// Closes the database and deletes the directory (and the PostgreSQL schema).
inline void close_temp_database(std::shared_ptr<db::Database>& db,
                                const std::filesystem::path& dir) {
  db.reset();
  std::string url;
  if (std::ifstream in(dir / "postgres-schema-url"); in && std::getline(in, url)) {
    std::string error;
    if (PgTestServer* server = PgServerEnvironment::server(error)) server->drop_schema_of(url);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace nansen::testing
