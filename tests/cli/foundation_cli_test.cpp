// SPDX-License-Identifier: Apache-2.0
// The operator's commands on a real database file: users, audit verification after the
// file is edited behind Nansen's back, and a backup/restore round trip.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "run.h"

namespace nansen::cli::testing {
namespace {

void sql(const std::filesystem::path& db, const std::string& statement) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(h, statement.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(h);
}

TEST(Cli, VersionAndHelpEverywhere) {
  EXPECT_EQ(run("--version").exit_code, 0);
  for (const char* cmd : {"--help", "serve --help", "migrate --help", "user --help", "user add --help",
                          "user list --help", "user passwd --help", "user disable --help",
                          "backup --help", "audit verify --help"}) {
    auto r = run(cmd);
    EXPECT_EQ(r.exit_code, 0) << cmd << "\n" << r.out;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << cmd;
  }
  auto unknown = run("no-such-command");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.out;
  EXPECT_EQ(run("user add --role admin").exit_code, 2);  // missing LOGIN
}

TEST(Cli, UserAddReadsPasswordFromStdinAndValidates) {
  const auto dir = temp_dir("users");
  const std::string db = "--db " + (dir / "n.db").string();
  auto ok = run("user add amina --role caseworker --country KAZ --org MIA " + db, "a long password\n");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  auto dup = run("user add amina --role caseworker " + db, "a long password\n");
  EXPECT_NE(dup.exit_code, 0);
  EXPECT_NE(dup.out.find("already exists"), std::string::npos) << dup.out;
  auto bad_role = run("user add bob --role king " + db, "a long password\n");
  EXPECT_EQ(bad_role.exit_code, 2);
  EXPECT_NE(bad_role.out.find("(role)"), std::string::npos) << bad_role.out;
  auto short_pw = run("user add bob --role observer " + db, "short\n");
  EXPECT_EQ(short_pw.exit_code, 2);
  EXPECT_NE(short_pw.out.find("(password)"), std::string::npos);
  auto list = run("user list " + db);
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("amina\tcaseworker\tKAZ\tMIA"), std::string::npos) << list.out;
  EXPECT_EQ(run("user disable amina " + db).exit_code, 0);
  EXPECT_NE(run("user list " + db).out.find("disabled"), std::string::npos);
  EXPECT_NE(run("user disable nobody " + db).exit_code, 0);
}

TEST(Cli, AuditVerifyNamesTheFirstBrokenRow) {
  const auto dir = temp_dir("audit");
  const auto file = dir / "n.db";
  const std::string db = "--db " + file.string();
  for (const char* login : {"one.user", "two.user", "three.user"})
    ASSERT_EQ(run(std::string("user add ") + login + " --role observer " + db, "a long password\n").exit_code, 0);
  auto intact = run("audit verify " + db);
  EXPECT_EQ(intact.exit_code, 0) << intact.out;
  EXPECT_NE(intact.out.find("3 rows verified"), std::string::npos) << intact.out;

  sql(file, "UPDATE audit_log SET detail = '{\"role\":\"admin\"}' WHERE seq = 2");
  auto edited = run("audit verify " + db);
  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_NE(edited.out.find("row 2"), std::string::npos) << edited.out;
}

TEST(Cli, AuditVerifyDetectsDeletion) {
  const auto dir = temp_dir("audit-delete");
  const auto file = dir / "n.db";
  const std::string db = "--db " + file.string();
  for (const char* login : {"one.user", "two.user", "three.user"})
    ASSERT_EQ(run(std::string("user add ") + login + " --role observer " + db, "a long password\n").exit_code, 0);
  sql(file, "DELETE FROM audit_log WHERE seq = 2");
  auto deleted = run("audit verify " + db);
  EXPECT_EQ(deleted.exit_code, 1);
  EXPECT_NE(deleted.out.find("row 2"), std::string::npos) << deleted.out;
}

TEST(Cli, BadConfigurationIsNamed) {
  const auto dir = temp_dir("config");
  std::ofstream(dir / "bad.toml") << "[server]\nthreads = \"many\"\n";
  auto r = run("--config " + (dir / "bad.toml").string() + " user list --db " + (dir / "n.db").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("server.threads"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace nansen::cli::testing
