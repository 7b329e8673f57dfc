// SPDX-License-Identifier: Apache-2.0
// The operator's checkpoint routine from the shell, as the README gives it: keygen once,
// checkpoint from cron, verify against the checkpoint file and the public key kept off the
// machine. A rewritten log, an altered checkpoint line and a foreign key all exit 1.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "run.h"

namespace nansen::cli::testing {
namespace {

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int lines_of(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

void sql(const std::filesystem::path& db, const std::string& statement) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(h, statement.c_str(), nullptr, nullptr, &err), SQLITE_OK)
      << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(h);
}

class AuditCheckpointCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir("audit-checkpoint");
    file_ = dir_ / "n.db";
    db_ = " --db " + file_.string();
    key_ = (dir_ / "checkpoint.key").string();
    checkpoints_ = (dir_ / "checkpoints.txt").string();
    add_user("one.user");
  }
  void add_user(const std::string& login) {
    ASSERT_EQ(run("user add " + login + " --role observer" + db_, "a long password\n").exit_code,
              0);
  }
  std::string keygen(const std::string& key) {
    auto made = run("audit keygen --key " + key);
    EXPECT_EQ(made.exit_code, 0) << made.out;
    std::smatch m;
    const std::regex hex("public key: ([0-9a-f]{64})");
    EXPECT_TRUE(std::regex_search(made.out, m, hex)) << made.out;
    return m.size() > 1 ? m[1].str() : "";
  }
  Ran checkpoint() {
    return run("audit checkpoint --key " + key_ + " --checkpoints " + checkpoints_ + db_);
  }
  Ran verify(const std::string& extra = "") {
    return run("audit verify --checkpoints " + checkpoints_ + extra + db_);
  }
  std::filesystem::path dir_, file_;
  std::string db_, key_, checkpoints_;
};

TEST_F(AuditCheckpointCli, TheRoutineKeygenCheckpointVerify) {
  const std::string public_key = keygen(key_);
  struct stat st {};
  ASSERT_EQ(::stat(key_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the signing key is the operator's alone";
  auto again = run("audit keygen --key " + key_);
  EXPECT_EQ(again.exit_code, 2) << "an existing key is never overwritten: " << again.out;

  auto first = checkpoint();
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_NE(first.out.find("nansen-audit-checkpoint/1 seq="), std::string::npos) << first.out;
  add_user("two.user");
  ASSERT_EQ(checkpoint().exit_code, 0);
  EXPECT_EQ(lines_of(slurp(checkpoints_)), 2) << "each checkpoint appends one line";

  auto ok = verify(" --public-key " + public_key);
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("consistent with all 2 checkpoints"), std::string::npos) << ok.out;

  // A checkpoint file signed by some other key is not the operator's.
  const std::string other = keygen((dir_ / "other.key").string());
  auto foreign = verify(" --public-key " + other);
  EXPECT_EQ(foreign.exit_code, 1) << foreign.out;
  EXPECT_NE(foreign.out.find("REJECTED"), std::string::npos) << foreign.out;
}

TEST_F(AuditCheckpointCli, AnEditedLogOrAnAlteredCheckpointLineExitsOne) {
  keygen(key_);
  ASSERT_EQ(checkpoint().exit_code, 0);
  add_user("two.user");

  // One character of the checkpoint line changed: its signature no longer holds.
  std::string text = slurp(checkpoints_);
  const auto at = text.find("seq=") + 4;
  text[at] = text[at] == '9' ? '8' : static_cast<char>(text[at] + 1);
  std::ofstream(checkpoints_ + ".altered") << text;
  auto altered = run("audit verify --checkpoints " + checkpoints_ + ".altered" + db_);
  EXPECT_EQ(altered.exit_code, 1) << altered.out;

  // The log edited behind Nansen's back: verify names the row, and no new checkpoint is
  // signed over it.
  sql(file_, "UPDATE audit_log SET actor_login = 'someone.else' WHERE seq = 1");
  auto edited = verify();
  EXPECT_EQ(edited.exit_code, 1) << edited.out;
  EXPECT_NE(edited.out.find("row 1"), std::string::npos) << edited.out;
  auto refused = checkpoint();
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_NE(refused.out.find("NOT signed"), std::string::npos) << refused.out;
  EXPECT_EQ(lines_of(slurp(checkpoints_)), 1);
}

TEST_F(AuditCheckpointCli, UsageMistakesExitTwo) {
  auto lone_key = run("audit verify --public-key " + std::string(64, 'a') + db_);
  EXPECT_EQ(lone_key.exit_code, 2) << lone_key.out;
  EXPECT_NE(lone_key.out.find("--checkpoints"), std::string::npos) << lone_key.out;
  auto short_key = run("audit verify --checkpoints " + checkpoints_ + " --public-key abc" + db_);
  EXPECT_EQ(short_key.exit_code, 2) << short_key.out;
  auto no_key = run("audit checkpoint --key " + (dir_ / "absent.key").string() + " --checkpoints " +
                    checkpoints_ + db_);
  EXPECT_EQ(no_key.exit_code, 2) << no_key.out;
  auto missing_file = run("audit verify --checkpoints " + (dir_ / "absent.txt").string() + db_);
  EXPECT_EQ(missing_file.exit_code, 2) << missing_file.out;
}

}  // namespace
}  // namespace nansen::cli::testing
