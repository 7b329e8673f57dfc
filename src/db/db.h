// SPDX-License-Identifier: Apache-2.0
// db — one database interface with two backends: SQLite (embedded default) and
// PostgreSQL. Callers write portable SQL with `?` placeholders and bound parameters;
// backends translate (PostgreSQL gets $1, $2 ...). New ids come from
// `INSERT ... RETURNING id`, never from rowid.
//
// Portable SQL rules (both backends accept these):
//   - types: TEXT, BIGINT, INTEGER, DOUBLE PRECISION, BLOB (written {{blob}} in
//     migrations), ids as {{id}} in migrations;
//   - booleans stored as INTEGER 0/1; instants as TEXT "YYYY-MM-DDTHH:MM:SSZ";
//   - no AUTOINCREMENT, no rowid, no `ILIKE` (use lower(x) LIKE lower(?)).
//
// Thread safety: a Database is shared by all threads; a Transaction belongs to the
// thread that opened it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/base.h"

namespace nansen::db {

struct Blob {
  std::vector<unsigned char> bytes;
  friend bool operator==(const Blob&, const Blob&) = default;
};

// A bound parameter or a column value. std::monostate is SQL NULL.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

// One result row. Accessors by column index; a NULL read as text gives "".
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const;
  std::int64_t integer(std::size_t i) const;  // NULL → 0; text is parsed
  double real(std::size_t i) const;
  std::string text(std::size_t i) const;
  std::optional<std::string> optional_text(std::size_t i) const;
  std::optional<std::int64_t> optional_integer(std::size_t i) const;
  const Blob* blob(std::size_t i) const;  // nullptr when not a blob
  const Value& value(std::size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

using Params = std::vector<Value>;

// A connection-bound unit of work. Rolls back on destruction unless commit() succeeded.
// Every domain write happens inside one of these, with its audit record.
class Transaction {
 public:
  virtual ~Transaction() = default;
  // Runs a statement; returns the rows it produced (RETURNING, SELECT).
  virtual Result<std::vector<Row>> query(std::string_view sql, const Params& params = {}) = 0;
  // Runs a statement; returns the number of rows changed.
  virtual Result<std::int64_t> execute(std::string_view sql, const Params& params = {}) = 0;
  virtual Status commit() = 0;

  // Convenience: the single row of a query, NotFound if none.
  Result<Row> query_one(std::string_view sql, const Params& params = {});
  // Convenience: `INSERT ... RETURNING id` → the id.
  Result<std::int64_t> insert(std::string_view sql, const Params& params = {});
};

enum class Backend { kSqlite, kPostgres };

class Database {
 public:
  Database();
  virtual ~Database();
  virtual Backend backend() const = 0;
  // Opens a transaction. `write` transactions take the write lock up front (SQLite
  // BEGIN IMMEDIATE), so they never fail half-way with SQLITE_BUSY on upgrade.
  virtual Result<std::unique_ptr<Transaction>> begin(bool write) = 0;
  // Online backup to a new SQLite file, mode 0600, written beside `path` and renamed
  // into place once complete and synced. The copy is one consistent snapshot taken in a
  // single read transaction, so it finishes in time proportional to the database's size
  // while other connections keep writing. PostgreSQL: Invalid, pointing to base backups.
  virtual Status backup_to(const std::string& path) = 0;
  // Milliseconds spent in database calls since start (for /metrics).
  virtual double busy_milliseconds() const = 0;

  // Convenience for reads outside an explicit transaction.
  Result<std::vector<Row>> query(std::string_view sql, const Params& params = {});

  // Group commit. Runs `work` in a write transaction shared with the work of every other
  // thread that calls at the same moment, and returns once that transaction has committed:
  // N concurrent small writes (the audit entries of reads) cost one commit and one fsync,
  // not N, and none is acknowledged before it is durable. Work runs in arrival order on
  // whichever caller leads the batch. If a work or the commit fails, the batch is rolled
  // back and each work retried alone, so a failure reaches its own caller only.
  // The caller must hold no transaction while it waits: the batch needs a connection.
  Status write_grouped(const std::function<Status(Transaction&)>& work);

 private:
  struct GroupCommit;
  std::unique_ptr<GroupCommit> group_commit_;
};

// Opens `url`: "postgresql://..." or "postgres://..." selects PostgreSQL, anything else
// is a SQLite file path (created if missing). Applies pending migrations from
// `migrations` (name → SQL, applied in name order, each recorded in schema_migrations)
// when `migrate` is true; otherwise fails with Unavailable if migrations are pending.
Result<std::shared_ptr<Database>> open(const std::string& url,
                                       const std::map<std::string, std::string_view>& migrations,
                                       bool migrate = true, int pool_size = 4);

// Runs SQLite's integrity check on the file at `path` (opened read-only). Invalid naming
// the file and the first problems if it is not a sound SQLite database.
Status check_sqlite_integrity(const std::string& path);

// The migrations embedded in the binary (migrations/*.sql).
const std::map<std::string, std::string_view>& builtin_migrations();

// Applies the backend's spelling of the migration macros {{id}} and {{blob}}.
std::string render_migration(std::string_view sql, Backend backend);

}  // namespace nansen::db
