// SPDX-License-Identifier: Apache-2.0
// The contract of db/ that callers rely on, checked on both backends: SQLite (a file in
// a temporary directory) and PostgreSQL (a real server, tests/db/pg_server.h). Every test
// runs once per backend; a test that passes on one and fails on the other is a
// disagreement between the backends.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <limits>
#include <random>
#include <stdexcept>
#include <thread>

#include "db/db.h"
#include "db/pg_server.h"

namespace nansen::db {
namespace {

// The test schema: every portable column type and every constraint kind. The `?` in the
// comment and the literal must not be taken for placeholders.
constexpr std::string_view kPeopleMigration = R"sql(
-- People, with every portable column type. Who? Anyone.
CREATE TABLE people (
  id {{id}},
  name TEXT NOT NULL,
  email TEXT UNIQUE,
  age BIGINT CHECK (age IS NULL OR age >= 0),
  score DOUBLE PRECISION,
  photo {{blob}}
);
CREATE TABLE notes (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES people(id),
  body TEXT NOT NULL
);
CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
INSERT INTO counters (name, value) VALUES ('visits?', 0);
)sql";

constexpr std::string_view kIndexMigration = "CREATE INDEX people_name ON people (name);\n";

const std::map<std::string, std::string_view> kMigrations = {
    {"0001_people.sql", kPeopleMigration},
    {"0002_people_name.sql", kIndexMigration},
};

// Where a test's database lives, per backend; removed after the test.
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kSqlite) {
      std::string pattern =
          (std::filesystem::temp_directory_path() / "nansen-db-test-XXXXXX").string();
      ASSERT_NE(mkdtemp(pattern.data()), nullptr);
      sqlite_dir_ = pattern;
      url_ = sqlite_dir_ + "/test.db";
    } else {
      std::string error;
      pg_ = testing::PgServerEnvironment::server(error);
      ASSERT_NE(pg_, nullptr) << "PostgreSQL test server: " << error;
      url_ = pg_->create_schema_url(error);
      ASSERT_FALSE(url_.empty()) << error;
    }
    db_ = open_db();
    ASSERT_NE(db_, nullptr);
  }

  void TearDown() override {
    db_.reset();
    if (!sqlite_dir_.empty()) std::filesystem::remove_all(sqlite_dir_);
    if (pg_) pg_->drop_schema_of(url_);
  }

  std::shared_ptr<Database> open_db(int pool_size = 4) {
    auto db = open(url_, kMigrations, true, pool_size);
    EXPECT_TRUE(db) << db.error().message;
    return db ? *db : nullptr;
  }

  std::unique_ptr<Transaction> begin(bool write = true) {
    auto tx = db_->begin(write);
    EXPECT_TRUE(tx) << tx.error().message;
    return tx ? std::move(*tx) : nullptr;
  }

  std::int64_t count_people() {
    auto rows = db_->query("SELECT count(*) FROM people");
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? rows->at(0).integer(0) : -1;
  }

  std::int64_t add_person(Transaction& tx, const std::string& name) {
    auto id = tx.insert("INSERT INTO people (name) VALUES (?) RETURNING id", {name});
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : -1;
  }

  std::string url_;
  std::string sqlite_dir_;
  testing::PgTestServer* pg_ = nullptr;
  std::shared_ptr<Database> db_;
};

TEST_P(BackendTest, ReportsWhichBackendItIs) {
  EXPECT_EQ(db_->backend(), GetParam());
}

TEST_P(BackendTest, MigrationsAreAppliedOnceAndRecorded) {
  auto applied = db_->query("SELECT name FROM schema_migrations ORDER BY name");
  ASSERT_TRUE(applied) << applied.error().message;
  ASSERT_EQ(applied->size(), 2u);
  EXPECT_EQ(applied->at(0).text(0), "0001_people.sql");
  EXPECT_EQ(applied->at(1).text(0), "0002_people_name.sql");
  // The migration's own INSERT ran, with its `?` taken as text.
  auto counter = db_->query("SELECT name, value FROM counters");
  ASSERT_TRUE(counter) << counter.error().message;
  ASSERT_EQ(counter->size(), 1u);
  EXPECT_EQ(counter->at(0).text(0), "visits?");

  // Opening again applies nothing twice (a second CREATE TABLE would fail).
  db_.reset();
  db_ = open_db();
  ASSERT_NE(db_, nullptr);
  auto again = db_->query("SELECT count(*) FROM schema_migrations");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->at(0).integer(0), 2);
}

TEST_P(BackendTest, PendingMigrationsWithoutMigrateAreUnavailable) {
  auto more = kMigrations;
  more.emplace("0003_more.sql", "CREATE TABLE more (id {{id}});");
  auto db = open(url_, more, /*migrate=*/false);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
}

TEST_P(BackendTest, AFailedMigrationFailsOpenAndLeavesEarlierOnesInPlace) {
  auto broken = kMigrations;
  broken.emplace("0003_broken.sql", "CREATE TABLE fine (x TEXT);\nCREATE TABLE people (x TEXT);");
  auto db = open(url_, broken);
  ASSERT_FALSE(db);
  auto applied = db_->query("SELECT count(*) FROM schema_migrations");
  ASSERT_TRUE(applied);
  EXPECT_EQ(applied->at(0).integer(0), 2);
}

TEST_P(BackendTest, TheBuiltinMigrationsApply) {
  db_.reset();
  if (pg_) {
    pg_->drop_schema_of(url_);  // start from an empty schema again
    std::string error;
    url_ = pg_->create_schema_url(error);
    ASSERT_FALSE(url_.empty()) << error;
  } else {
    std::filesystem::remove(url_);
  }
  auto db = open(url_, builtin_migrations());
  ASSERT_TRUE(db) << db.error().message;
  auto applied = (*db)->query("SELECT count(*) FROM schema_migrations");
  ASSERT_TRUE(applied);
  EXPECT_EQ(applied->at(0).integer(0), static_cast<std::int64_t>(builtin_migrations().size()));
}

TEST_P(BackendTest, InsertReturningGivesNewIdsInOrder) {
  auto tx = begin();
  const std::int64_t first = add_person(*tx, "Aigerim");
  const std::int64_t second = add_person(*tx, "Bolat");
  EXPECT_GT(first, 0);
  EXPECT_EQ(second, first + 1);
  ASSERT_TRUE(tx->commit());
  EXPECT_EQ(count_people(), 2);
}

TEST_P(BackendTest, NullsRoundTripInEveryColumnType) {
  auto tx = begin();
  ASSERT_TRUE(
      tx->execute("INSERT INTO people (name, email, age, score, photo) VALUES (?, ?, ?, ?, ?)",
                  {std::string("Nobody"), std::monostate{}, std::monostate{}, std::monostate{},
                   std::monostate{}}));
  auto row = tx->query_one("SELECT email, age, score, photo FROM people WHERE name = ?",
                           {std::string("Nobody")});
  ASSERT_TRUE(row) << row.error().message;
  for (std::size_t i = 0; i < 4; ++i) EXPECT_TRUE(row->is_null(i)) << "column " << i;
  EXPECT_EQ(row->optional_text(0), std::nullopt);
  EXPECT_EQ(row->optional_integer(1), std::nullopt);
  EXPECT_EQ(row->blob(3), nullptr);
}

TEST_P(BackendTest, Int64ExtremesRoundTripExactly) {
  const std::int64_t values[] = {0,
                                 -1,
                                 1,
                                 std::numeric_limits<std::int64_t>::max(),
                                 std::numeric_limits<std::int64_t>::min(),
                                 std::int64_t{1} << 53,
                                 (std::int64_t{1} << 53) + 1};
  auto tx = begin();
  ASSERT_TRUE(tx->execute("CREATE TABLE numbers (n BIGINT)"));
  for (std::int64_t v : values) ASSERT_TRUE(tx->execute("INSERT INTO numbers (n) VALUES (?)", {v}));
  for (std::int64_t v : values) {
    auto row = tx->query_one("SELECT n FROM numbers WHERE n = ?", {v});
    ASSERT_TRUE(row) << v << ": " << row.error().message;
    EXPECT_EQ(row->value(0), Value(v));
  }
  // A bound integer keeps its full width in arithmetic.
  auto sum = tx->query_one("SELECT ? + 1", {std::numeric_limits<std::int64_t>::max() - 1});
  ASSERT_TRUE(sum) << sum.error().message;
  EXPECT_EQ(sum->integer(0), std::numeric_limits<std::int64_t>::max());
}

TEST_P(BackendTest, DoublesRoundTripExactly) {
  const double values[] = {0.0,
                           -0.5,
                           0.1,
                           3.141592653589793,
                           1e-300,
                           -1e300,
                           5e-324,
                           std::numeric_limits<double>::max(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity()};
  auto tx = begin();
  for (double v : values) {
    auto id = tx->insert("INSERT INTO people (name, score) VALUES ('x', ?) RETURNING id", {v});
    ASSERT_TRUE(id) << v << ": " << id.error().message;
    auto row = tx->query_one("SELECT score FROM people WHERE id = ?", {*id});
    ASSERT_TRUE(row);
    EXPECT_EQ(row->value(0), Value(v)) << v;
  }
}

TEST_P(BackendTest, Utf8TextRoundTripsAndMatches) {
  const std::string names[] = {
      "Жанна Ёлкина",              // Russian Cyrillic
      "Әсел Нұрланқызы Ғабитова",  // Kazakh letters ә ұ қ ғ
      "Үмбетөв Іңкәр Һасенұлы",    // Kazakh ү ө і ң һ
      "Zoë O'Brien \"quoted\" ? -- not a comment",
      "line\nbreak\ttab",
      "",
  };
  auto tx = begin();
  for (const auto& name : names) {
    const std::int64_t id = add_person(*tx, name);
    auto row = tx->query_one("SELECT name, length(name) FROM people WHERE id = ?", {id});
    ASSERT_TRUE(row) << row.error().message;
    EXPECT_EQ(row->text(0), name);
    EXPECT_EQ(row->integer(1), static_cast<std::int64_t>(utf8_length(name)))
        << "length() counts characters: " << name;
    auto found = tx->query("SELECT id FROM people WHERE name = ?", {name});
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 1u) << name;
    EXPECT_EQ(found->at(0).integer(0), id);
  }
}

TEST_P(BackendTest, BlobsRoundTripWithZeroAndQuoteBytes) {
  std::vector<Blob> blobs = {
      Blob{{0, 1, 0, 255, '\\', '\'', 'x', 0}},
      Blob{},  // empty, which is not NULL
      Blob{std::vector<unsigned char>(256)},
  };
  for (int i = 0; i < 256; ++i)
    blobs[2].bytes[static_cast<std::size_t>(i)] = static_cast<unsigned char>(i);
  std::mt19937 random(42);
  Blob large;
  large.bytes.resize(1 << 20);
  for (auto& b : large.bytes) b = static_cast<unsigned char>(random());
  blobs.push_back(large);

  auto tx = begin();
  for (const auto& blob : blobs) {
    auto id = tx->insert("INSERT INTO people (name, photo) VALUES ('x', ?) RETURNING id", {blob});
    ASSERT_TRUE(id) << id.error().message;
    auto row = tx->query_one("SELECT photo, photo IS NULL FROM people WHERE id = ?", {*id});
    ASSERT_TRUE(row);
    ASSERT_NE(row->blob(0), nullptr);
    EXPECT_EQ(*row->blob(0), blob) << blob.bytes.size() << " bytes";
    EXPECT_EQ(row->integer(1), 0);
  }
}

TEST_P(BackendTest, DuplicateUniqueValueIsAConflictWithoutTheValueInTheMessage) {
  auto tx = begin();
  ASSERT_TRUE(tx->execute("INSERT INTO people (name, email) VALUES (?, ?)",
                          {std::string("A"), std::string("aigerim@example.kz")}));
  auto dup = tx->execute("INSERT INTO people (name, email) VALUES (?, ?)",
                         {std::string("B"), std::string("aigerim@example.kz")});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict) << dup.error().message;
  EXPECT_EQ(dup.error().message.find("aigerim"), std::string::npos) << dup.error().message;
}

TEST_P(BackendTest, NotNullForeignKeyAndCheckViolationsAreInvalid) {
  struct Case {
    const char* what;
    const char* sql;
    Params params;
  };
  const Case cases[] = {
      {"not null", "INSERT INTO people (name) VALUES (?)", {std::monostate{}}},
      {"foreign key",
       "INSERT INTO notes (person_id, body) VALUES (?, ?)",
       {std::int64_t{999}, std::string("secret note")}},
      {"check",
       "INSERT INTO people (name, age) VALUES (?, ?)",
       {std::string("x"), std::int64_t{-5}}},
  };
  for (const auto& c : cases) {
    auto tx = begin();  // a fresh transaction each: on PostgreSQL an error aborts it
    auto r = tx->execute(c.sql, c.params);
    ASSERT_FALSE(r) << c.what;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalid) << c.what << ": " << r.error().message;
    EXPECT_EQ(r.error().message.find("secret"), std::string::npos) << r.error().message;
  }
}

TEST_P(BackendTest, TransactionDestroyedWithoutCommitRollsBack) {
  {
    auto tx = begin();
    add_person(*tx, "Temporary");
    auto inside = tx->query_one("SELECT count(*) FROM people");
    ASSERT_TRUE(inside);
    EXPECT_EQ(inside->integer(0), 1);
  }
  EXPECT_EQ(count_people(), 0);
  // The connection went back to the pool in a usable state.
  auto tx = begin();
  add_person(*tx, "Kept");
  ASSERT_TRUE(tx->commit());
  EXPECT_EQ(count_people(), 1);
}

TEST_P(BackendTest, CommittedWritesSurviveReopening) {
  auto tx = begin();
  const std::int64_t id = add_person(*tx, "Dana");
  ASSERT_TRUE(tx->commit());
  tx.reset();
  db_.reset();
  db_ = open_db();
  ASSERT_NE(db_, nullptr);
  auto rows = db_->query("SELECT name FROM people WHERE id = ?", {id});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).text(0), "Dana");
}

TEST_P(BackendTest, UncommittedWritesAreInvisibleToOtherTransactions) {
  auto writer = begin();
  add_person(*writer, "Hidden");
  auto reader = begin(false);
  auto seen = reader->query_one("SELECT count(*) FROM people");
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->integer(0), 0);
}

TEST_P(BackendTest, ExecuteReportsChangedRows) {
  auto tx = begin();
  for (const char* name : {"a", "b", "c"}) add_person(*tx, name);
  auto updated = tx->execute("UPDATE people SET age = ? WHERE name <> ?",
                             {std::int64_t{30}, std::string("c")});
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(*updated, 2);
  auto deleted = tx->execute("DELETE FROM people WHERE age IS NULL");
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(*deleted, 1);
}

TEST_P(BackendTest, QueryOneOfNothingIsNotFound) {
  auto tx = begin(false);
  auto row = tx->query_one("SELECT id FROM people WHERE id = ?", {std::int64_t{42}});
  ASSERT_FALSE(row);
  EXPECT_EQ(row.error().code, ErrorCode::kNotFound);
}

TEST_P(BackendTest, ComparisonsAndAggregatesReadAsNumbers) {
  auto tx = begin();
  for (std::int64_t age : {10, 20, 30}) {
    ASSERT_TRUE(tx->execute("INSERT INTO people (name, age, score) VALUES ('x', ?, ?)",
                            {age, static_cast<double>(age) / 4}));
  }
  auto row = tx->query_one(
      "SELECT count(*), sum(age), max(age), avg(age), sum(score), 1 = 1, 1 = 2 FROM people");
  ASSERT_TRUE(row) << row.error().message;
  EXPECT_EQ(row->integer(0), 3);
  EXPECT_EQ(row->integer(1), 60);
  EXPECT_EQ(row->integer(2), 30);
  EXPECT_DOUBLE_EQ(row->real(3), 20.0);
  EXPECT_DOUBLE_EQ(row->real(4), 15.0);
  EXPECT_EQ(row->value(5), Value(std::int64_t{1}));
  EXPECT_EQ(row->value(6), Value(std::int64_t{0}));
}

TEST_P(BackendTest, TextOrdersByCodePoint) {
  // SQLite compares text bytewise (BINARY); the test cluster uses the C.UTF-8 collation,
  // which agrees. A PostgreSQL database created with a language collation (ru_RU.UTF-8)
  // would order these differently.
  const std::vector<std::string> sorted = {"Aa", "B", "a", "b", "Ёж", "Жанна", "а", "ё", "ә"};
  auto tx = begin();
  for (auto it = sorted.rbegin(); it != sorted.rend(); ++it) add_person(*tx, *it);
  auto rows = tx->query("SELECT name FROM people ORDER BY name");
  ASSERT_TRUE(rows);
  std::vector<std::string> names;
  for (const auto& r : *rows) names.push_back(r.text(0));
  EXPECT_EQ(names, sorted);
}

TEST_P(BackendTest, PortableCaseInsensitiveMatchWorksForAscii) {
  auto tx = begin();
  add_person(*tx, "Madina Karimova");
  add_person(*tx, "Timur");
  auto rows = tx->query("SELECT name FROM people WHERE lower(name) LIKE lower(?)",
                        {std::string("%KARIM%")});
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).text(0), "Madina Karimova");
}

TEST_P(BackendTest, ASyntaxErrorIsAnErrorValue) {
  auto tx = begin();
  auto r = tx->query("SELEC name FROM people");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(r.error().message.empty());
  tx.reset();
  // The database is still usable.
  auto next = begin();
  add_person(*next, "After");
  ASSERT_TRUE(next->commit());
  EXPECT_EQ(count_people(), 1);
}

TEST_P(BackendTest, ParameterCountMismatchIsAnErrorValue) {
  auto tx = begin();
  auto too_few = tx->execute("INSERT INTO people (name, age) VALUES (?, ?)", {std::string("x")});
  ASSERT_FALSE(too_few);
  EXPECT_EQ(too_few.error().code, ErrorCode::kInternal);
  auto too_many =
      tx->query("SELECT name FROM people WHERE id = ?", {std::int64_t{1}, std::int64_t{2}});
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, ErrorCode::kInternal);
  auto none = tx->query("SELECT name FROM people WHERE id = ?");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kInternal);
}

TEST_P(BackendTest, AFailedStatementMakesTheWholeTransactionFail) {
  // PostgreSQL aborts a transaction at its first error; the SQLite backend latches the
  // first error so commit() fails there too: nothing is ever half-written.
  auto tx = begin();
  add_person(*tx, "Before the error");
  ASSERT_FALSE(tx->execute("INSERT INTO no_such_table (x) VALUES (1)"));
  EXPECT_FALSE(tx->commit());
  tx.reset();
  EXPECT_EQ(count_people(), 0);
}

TEST_P(BackendTest, SeveralStatementsWithoutParametersRunInOneExecute) {
  auto tx = begin();
  auto r = tx->execute(
      "CREATE TABLE a (x TEXT); CREATE TABLE b (y TEXT);\nINSERT INTO a (x) VALUES ('one;two');");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(tx->commit());
  auto rows = db_->query("SELECT x FROM a");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).text(0), "one;two");
}

TEST_P(BackendTest, ConcurrentWriteTransactionsFromSeveralThreadsAllCommit) {
  constexpr int kThreads = 8;  // twice the pool: some wait for a connection
  constexpr int kPerThread = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto tx = db_->begin(true);
        if (!tx) {
          ++failures;
          continue;
        }
        auto id = (*tx)->insert("INSERT INTO people (name) VALUES (?) RETURNING id",
                                {"t" + std::to_string(t) + "-" + std::to_string(i)});
        if (!id || !(*tx)->commit()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count_people(), kThreads * kPerThread);
  auto distinct = db_->query("SELECT count(DISTINCT id) FROM people");
  ASSERT_TRUE(distinct);
  EXPECT_EQ(distinct->at(0).integer(0), kThreads * kPerThread);
}

TEST_P(BackendTest, WriteTransactionsAreSerialisedSoReadModifyWriteLosesNothing) {
  // The audit chain and sequence numbers read the last value and write the next one
  // inside a write transaction. Both backends must run such transactions one at a time.
  constexpr int kThreads = 4;
  constexpr int kPerThread = 15;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        auto tx = db_->begin(true);
        if (!tx) {
          ++failures;
          continue;
        }
        auto row = (*tx)->query_one("SELECT value FROM counters WHERE name = 'visits?'");
        if (!row) {
          ++failures;
          continue;
        }
        std::this_thread::yield();
        if (!(*tx)->execute("UPDATE counters SET value = ? WHERE name = 'visits?'",
                            {row->integer(0) + 1}) ||
            !(*tx)->commit())
          ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto total = db_->query("SELECT value FROM counters");
  ASSERT_TRUE(total);
  EXPECT_EQ(total->at(0).integer(0), kThreads * kPerThread);
}

// Group commit: while one caller commits, the others queue; the next leader runs them
// all in one transaction. The first work below holds its batch open until every other
// thread has called, so the second batch is certain to hold several callers' work.
struct GroupedRun {
  std::atomic<int> called{0};
  std::atomic<int> ran_elsewhere{0};  // works run on a thread other than their caller's
  std::atomic<int> failures{0};
};

void run_grouped(Database& db, GroupedRun& run, int threads, int failing_thread) {
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      const auto caller = std::this_thread::get_id();
      ++run.called;
      Status s = db.write_grouped([&](Transaction& tx) -> Status {
        if (t == 0) {  // the first batch waits until the others are queued behind it
          while (run.called.load() < threads) std::this_thread::yield();
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (t == failing_thread) return fail(ErrorCode::kInvalid, "refused", "work");
        if (std::this_thread::get_id() != caller) ++run.ran_elsewhere;
        auto row = tx.query_one("SELECT value FROM counters WHERE name = 'visits?'");
        if (!row) return fail(row.error());
        NANSEN_TRY(tx.execute("UPDATE counters SET value = ? WHERE name = 'visits?'",
                              {row->integer(0) + 1}));
        return tx.execute("INSERT INTO people (name) VALUES (?)", {"g" + std::to_string(t)})
            .map([](std::int64_t) {});
      });
      if (!s) ++run.failures;
    });
    if (t == 0)  // thread 0 leads the first batch alone
      while (run.called.load() < 1) std::this_thread::yield();
  }
  for (auto& th : pool) th.join();
}

TEST_P(BackendTest, GroupedWritesShareTransactionsAndAllCommitInOrder) {
  constexpr int kThreads = 8;
  GroupedRun run;
  run_grouped(*db_, run, kThreads, -1);
  EXPECT_EQ(run.failures.load(), 0);
  EXPECT_GT(run.ran_elsewhere.load(), 0) << "no two callers' work shared a transaction";
  EXPECT_EQ(count_people(), kThreads);
  auto total = db_->query("SELECT value FROM counters");
  ASSERT_TRUE(total);
  EXPECT_EQ(total->at(0).integer(0), kThreads);  // read-modify-write lost nothing
}

TEST_P(BackendTest, AFailingGroupedWorkFailsOnlyItsOwnCaller) {
  constexpr int kThreads = 6;
  GroupedRun run;
  run_grouped(*db_, run, kThreads, 3);
  EXPECT_EQ(run.failures.load(), 1);
  EXPECT_EQ(count_people(), kThreads - 1);
  auto total = db_->query("SELECT value FROM counters");
  ASSERT_TRUE(total);
  EXPECT_EQ(total->at(0).integer(0), kThreads - 1);
}

TEST_P(BackendTest, AThrowingGroupedWorkIsAnErrorAndTheQueueKeepsWorking) {
  Status thrown =
      db_->write_grouped([](Transaction&) -> Status { throw std::runtime_error("boom"); });
  ASSERT_FALSE(thrown);
  EXPECT_EQ(thrown.error().code, ErrorCode::kInternal);
  // The leader finished its batch: the next caller is not left waiting for it.
  EXPECT_TRUE(db_->write_grouped([](Transaction& tx) -> Status {
    return tx.execute("INSERT INTO people (name) VALUES ('after')").map([](std::int64_t) {});
  }));
  EXPECT_EQ(count_people(), 1);
}

TEST_P(BackendTest, BusyMillisecondsGrowsWithWork) {
  const double before = db_->busy_milliseconds();
  auto tx = begin();
  for (int i = 0; i < 20; ++i) add_person(*tx, "x");
  ASSERT_TRUE(tx->commit());
  EXPECT_GT(db_->busy_milliseconds(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, BackendTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace nansen::db
