// SPDX-License-Identifier: Apache-2.0
// A throwaway PostgreSQL 15 server for tests, started by scripts/pg-test-server.sh (the
// Node API suite uses the same script). One server per test binary run: started on first
// use by a PostgreSQL test case, stopped and deleted by a GoogleTest Environment after
// the last test (and by the script's watcher if the test binary dies first).
//
// To share one server between test processes (ctest runs every test case as its own
// process), point the tests at a running one instead:
//   NANSEN_TEST_POSTGRES_URL=postgresql://...  that server;
//   NANSEN_TEST_POSTGRES_DIR=DIR               the server `pg-test-server.sh start DIR` made.
// Each test still works in its own schema and drops it afterwards.
//
// Header-only because tests/CMakeLists.txt compiles only *_test.cpp files.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>

namespace nansen::testing {

class PgTestServer {
 public:
  // Starts a server; on failure returns nullptr and describes why in `error`.
  static std::unique_ptr<PgTestServer> start(std::string& error) {
    if (const char* external = std::getenv("NANSEN_TEST_POSTGRES_URL"); external && *external)
      return std::unique_ptr<PgTestServer>(new PgTestServer(external, {}));
    if (const char* dir = std::getenv("NANSEN_TEST_POSTGRES_DIR"); dir && *dir) {
      std::ifstream in(std::string(dir) + "/url");
      std::string url;
      if (!std::getline(in, url) || !url.starts_with("postgresql://")) {
        error =
            std::string("no server URL in ") + dir + "/url (run scripts/pg-test-server.sh start)";
        return nullptr;
      }
      return std::unique_ptr<PgTestServer>(new PgTestServer(url, {}));
    }
    std::string pattern = (std::filesystem::temp_directory_path() / "nansen-pg-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      error = "cannot create a temporary directory";
      return nullptr;
    }
    const std::string command =
        "'" + script() + "' start '" + pattern + "' " + std::to_string(getpid());
    FILE* out = popen(command.c_str(), "r");
    if (!out) {
      error = "cannot run " + script();
      return nullptr;
    }
    std::string url;
    std::array<char, 256> buf{};
    while (std::fgets(buf.data(), buf.size(), out)) url += buf.data();
    const int status = pclose(out);
    while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) url.pop_back();
    if (status != 0 || !url.starts_with("postgresql://")) {
      error = "scripts/pg-test-server.sh start failed (exit status " + std::to_string(status) +
              "); its messages are above";
      stop(pattern);
      return nullptr;
    }
    return std::unique_ptr<PgTestServer>(new PgTestServer(url, pattern));
  }

  ~PgTestServer() {
    if (!dir_.empty()) stop(dir_);
  }

  PgTestServer(const PgTestServer&) = delete;
  PgTestServer& operator=(const PgTestServer&) = delete;

  // The URL of the server's `postgres` database.
  const std::string& url() const { return url_; }

  // Creates an empty schema and returns a URL whose connections work in it
  // (search_path), so each test starts from nothing without the cost of a database.
  std::string create_schema_url(std::string& error) {
    static std::atomic<int> counter{0};
    const std::string schema = "t_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    if (!run_admin("CREATE SCHEMA " + schema, error)) return {};
    const char sep = url_.find('?') == std::string::npos ? '?' : '&';
    return url_ + sep + "options=-csearch_path%3D" + schema;
  }

  // Drops the schema a URL from create_schema_url() points at.
  void drop_schema_of(const std::string& schema_url) {
    const auto at = schema_url.rfind("%3D");
    if (at == std::string::npos) return;
    std::string ignored;
    run_admin("DROP SCHEMA IF EXISTS " + schema_url.substr(at + 3) + " CASCADE", ignored);
  }

  // Runs one statement on the server's postgres database, outside any test transaction.
  bool run_admin(const std::string& sql, std::string& error) const {
    PGconn* conn = PQconnectdb(url_.c_str());
    bool ok = PQstatus(conn) == CONNECTION_OK;
    if (ok) {
      PQsetNoticeProcessor(
          conn, [](void*, const char*) {}, nullptr);
      PGresult* res = PQexec(conn, sql.c_str());
      ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
      PQclear(res);
    }
    if (!ok) error = PQerrorMessage(conn);
    PQfinish(conn);
    return ok;
  }

 private:
  PgTestServer(std::string url, std::string dir) : url_(std::move(url)), dir_(std::move(dir)) {}

  static std::string script() {
    return std::string(NANSEN_SOURCE_DIR) + "/scripts/pg-test-server.sh";
  }

  static void stop(const std::string& dir) {
    const std::string command = "'" + script() + "' stop '" + dir + "' >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0)
      std::fprintf(stderr, "could not stop the server in %s\n", dir.c_str());
  }

  std::string url_;
  std::string dir_;  // empty for an external server, which is not ours to stop
};

// Owns the shared server of this test binary run.
class PgServerEnvironment : public ::testing::Environment {
 public:
  // The shared server, started on first call; nullptr (with `error`) if it cannot start.
  static PgTestServer* server(std::string& error) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    if (!started_) {
      started_ = true;
      server_ = PgTestServer::start(start_error_);
    }
    error = start_error_;
    return server_.get();
  }

  void TearDown() override { server_.reset(); }

 private:
  static inline bool started_ = false;
  static inline std::unique_ptr<PgTestServer> server_;
  static inline std::string start_error_;
};

inline ::testing::Environment* const pg_server_environment =
    ::testing::AddGlobalTestEnvironment(new PgServerEnvironment);

}  // namespace nansen::testing
