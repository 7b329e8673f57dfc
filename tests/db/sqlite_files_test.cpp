// SPDX-License-Identifier: Apache-2.0
// The SQLite files hold the whole registry: the database, its -wal and -shm files and an
// online backup are created readable by their owner only (0600), whatever the umask.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "db/db.h"

namespace nansen::db {
namespace {

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 01000;  // "missing": never equal to a mode
  return st.st_mode & 07777;
}

class SqliteFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("nansen-sqlite-files-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    old_umask_ = ::umask(022);  // the usual default, which would leave files 0644
  }
  void TearDown() override {
    ::umask(old_umask_);
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  mode_t old_umask_ = 022;
};

const std::map<std::string, std::string_view> kMigrations = {
    {"0001_t.sql", "CREATE TABLE t (id {{id}}, v TEXT NOT NULL);"}};

TEST_F(SqliteFilesTest, DatabaseWalShmAndBackupAreOwnerOnly) {
  const auto file = dir_ / "data" / "nansen.db";
  auto db = open(file.string(), kMigrations);
  ASSERT_TRUE(db) << db.error().message;
  {
    auto tx = (*db)->begin(true);
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->execute("INSERT INTO t (v) VALUES (?)", {std::string("x")}));
    ASSERT_TRUE((*tx)->commit());
  }
  EXPECT_EQ(mode_of(file), 0600u);
  EXPECT_EQ(mode_of(file.string() + "-wal"), 0600u) << "WAL mode keeps a -wal file open";
  EXPECT_EQ(mode_of(file.string() + "-shm"), 0600u);

  const auto backup = dir_ / "backups" / "nansen-copy.db";
  std::filesystem::create_directories(backup.parent_path());
  ASSERT_TRUE((*db)->backup_to(backup.string()));
  EXPECT_EQ(mode_of(backup), 0600u);
  EXPECT_FALSE(std::filesystem::exists(backup.string() + ".partial"));
}

TEST_F(SqliteFilesTest, AnExistingDatabaseKeepsItsMode) {
  // An operator who chose 0640 for a backup group keeps that choice.
  const auto file = dir_ / "shared.db";
  ASSERT_TRUE(open(file.string(), kMigrations));
  ASSERT_EQ(::chmod(file.c_str(), 0640), 0);
  ASSERT_TRUE(open(file.string(), kMigrations));
  EXPECT_EQ(mode_of(file), 0640u);
}

}  // namespace
}  // namespace nansen::db
