// SPDX-License-Identifier: Apache-2.0
// What only the PostgreSQL backend does: connection handling, the pool, lost connections,
// and errors that must not quote personal data. Runs against the test server of
// tests/db/pg_server.h.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "db/backends.h"
#include "db/db.h"
#include "db/pg_server.h"

namespace nansen::db {
namespace {

const std::map<std::string, std::string_view> kMigrations = {
    {"0001_people.sql",
     "CREATE TABLE people (id {{id}}, name TEXT NOT NULL, age BIGINT, email TEXT UNIQUE);"},
};

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    pg_ = testing::PgServerEnvironment::server(error);
    ASSERT_NE(pg_, nullptr) << "PostgreSQL test server: " << error;
    url_ = pg_->create_schema_url(error);
    ASSERT_FALSE(url_.empty()) << error;
    // Our own application_name, so a test can end exactly this test's connections.
    application_name_ = url_.substr(url_.rfind("%3D") + 3);  // the schema's name: unique
    url_ += "&application_name=" + application_name_;
  }

  void TearDown() override {
    if (pg_) pg_->drop_schema_of(url_.substr(0, url_.find("&application_name")));
  }

  std::shared_ptr<Database> open_db(int pool_size = 4) {
    auto db = open(url_, kMigrations, true, pool_size);
    EXPECT_TRUE(db) << db.error().message;
    return db ? *db : nullptr;
  }

  // Ends this test's server connections, as a restart or a network failure would.
  void kill_connections() {
    std::string error;
    ASSERT_TRUE(pg_->run_admin(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = '" +
            application_name_ + "'",
        error))
        << error;
  }

  testing::PgTestServer* pg_ = nullptr;
  std::string url_;
  std::string application_name_;
};

TEST(PostgresOpen, UnreachableServerIsUnavailableAndTheMessageHidesThePassword) {
  auto db = open_postgres("postgresql://nansen:s3cret-pw@127.0.0.1:1/nansen", 2);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(db.error().message.find("cannot connect"), std::string::npos) << db.error().message;
  EXPECT_EQ(db.error().message.find("s3cret-pw"), std::string::npos) << db.error().message;
}

TEST(PostgresOpen, OpenDispatchesOnTheUrlScheme) {
  for (const char* url : {"postgresql://nansen@127.0.0.1:1/x", "postgres://nansen@127.0.0.1:1/x"}) {
    auto db = open(url, {});
    ASSERT_FALSE(db) << url;
    EXPECT_EQ(db.error().code, ErrorCode::kUnavailable) << url << ": " << db.error().message;
  }
}

TEST_F(PostgresTest, BackupPointsToBaseBackups) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  auto r = db->backup_to("/tmp/never-written.db");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  EXPECT_NE(r.error().message.find("pg_basebackup"), std::string::npos);
}

TEST_F(PostgresTest, ALostIdleConnectionIsReplacedForTheNextTransaction) {
  auto db = open_db(1);
  ASSERT_NE(db, nullptr);
  auto before = db->query("SELECT pg_backend_pid()");
  ASSERT_TRUE(before);
  kill_connections();
  auto after = db->query("SELECT pg_backend_pid()");
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_NE(after->at(0).integer(0), before->at(0).integer(0)) << "a new server connection";
}

TEST_F(PostgresTest, AConnectionLostInsideATransactionIsUnavailableAndTheNextOneWorks) {
  auto db = open_db(1);
  ASSERT_NE(db, nullptr);
  {
    auto tx = db->begin(true);
    ASSERT_TRUE(tx) << tx.error().message;
    ASSERT_TRUE((*tx)->execute("INSERT INTO people (name) VALUES (?)", {std::string("lost")}));
    kill_connections();
    auto r = (*tx)->query("SELECT count(*) FROM people");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kUnavailable) << r.error().message;
    auto c = (*tx)->commit();
    ASSERT_FALSE(c);
  }
  auto rows = db->query("SELECT count(*) FROM people");
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows->at(0).integer(0), 0);
}

TEST_F(PostgresTest, AFailedStatementAbortsTheTransactionAndCommitStoresNothing) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  auto tx = db->begin(true);
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->execute("INSERT INTO people (name, email) VALUES ('a', 'x@example.org')"));
  auto dup = (*tx)->execute("INSERT INTO people (name, email) VALUES ('b', 'x@example.org')");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  auto next = (*tx)->query("SELECT 1");
  ASSERT_FALSE(next);
  EXPECT_NE(next.error().message.find("aborted"), std::string::npos) << next.error().message;
  ASSERT_FALSE((*tx)->commit());
  tx->reset();
  auto rows = db->query("SELECT count(*) FROM people");
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->at(0).integer(0), 0);
}

TEST_F(PostgresTest, AValueOfTheWrongTypeIsAnErrorThatDoesNotQuoteIt) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  auto tx = db->begin(true);
  ASSERT_TRUE(tx);
  auto r = (*tx)->execute("INSERT INTO people (name, age) VALUES (?, ?)",
                          {std::string("x"), std::string("12-secret-passport")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.find("secret"), std::string::npos) << r.error().message;
}

TEST_F(PostgresTest, TextWithANulCharacterIsInvalid) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  auto tx = db->begin(true);
  ASSERT_TRUE(tx);
  auto r = (*tx)->execute("INSERT INTO people (name) VALUES (?)", {std::string("a\0b", 3)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
}

TEST_F(PostgresTest, ATransactionOnAFullPoolWaitsForAConnection) {
  auto db = open_db(1);
  ASSERT_NE(db, nullptr);
  auto holder = db->begin(false);
  ASSERT_TRUE(holder);
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    auto tx = db->begin(false);
    EXPECT_TRUE(tx) << tx.error().message;
    got = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(got.load()) << "the only connection is taken";
  holder->reset();
  waiter.join();
  EXPECT_TRUE(got.load());
}

TEST_F(PostgresTest, ReadersDoNotWaitForTheWriter) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  auto writer = db->begin(true);
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->execute("INSERT INTO people (name) VALUES ('w')"));
  const auto start = std::chrono::steady_clock::now();
  auto rows = db->query("SELECT count(*) FROM people");
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows->at(0).integer(0), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(PostgresTest, CallsAfterCommitAreErrors) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  auto tx = db->begin(true);
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->commit());
  EXPECT_FALSE((*tx)->query("SELECT 1"));
  EXPECT_FALSE((*tx)->commit());
}

}  // namespace
}  // namespace nansen::db
