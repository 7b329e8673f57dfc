// SPDX-License-Identifier: Apache-2.0
// SQLite backend: one file, WAL mode, foreign keys on, synchronous=FULL (the registry
// must survive power loss), a busy timeout, and a small pool of connections so readers
// run in parallel with the single writer WAL allows.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "db/backends.h"

namespace nansen::db {
namespace {

constexpr int kBusyTimeoutMs = 15000;

// Creates `path` empty with mode 0600 if nothing is there yet; an empty file is a valid
// empty SQLite database. SQLite itself would create it 0644 (less the umask), and it gives
// the -wal, -shm and -journal files the mode of the database file, so creating this one
// private keeps them all private, whatever the umask. An existing file is left as it is.
bool create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::fchmod(fd, 0600);  // O_CREAT's mode was already 0600 less the umask: never wider
    ::close(fd);
    return true;
  }
  return errno == EEXIST;
}

Error sqlite_error(sqlite3* handle, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  ErrorCode code = ErrorCode::kInternal;
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) code = ErrorCode::kConflict;
  else if (primary == SQLITE_CONSTRAINT) code = ErrorCode::kInvalid;
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) code = ErrorCode::kUnavailable;
  else if (primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN)
    code = ErrorCode::kUnavailable;
  // sqlite3_errmsg names tables and columns, never bound values.
  const char* msg = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
  return Error{code, std::string(what) + ": " + msg, {}};
}

struct Connection {
  sqlite3* handle = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> statements;  // prepared-statement cache

  ~Connection() {
    for (auto& [sql, stmt] : statements) sqlite3_finalize(stmt);
    sqlite3_close_v2(handle);
  }
};

class SqliteDatabase;

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(SqliteDatabase& db, std::unique_ptr<Connection> conn)
      : db_(db), conn_(std::move(conn)) {}
  ~SqliteTransaction() override;

  Result<std::vector<Row>> query(std::string_view sql, const Params& params) override;
  Result<std::int64_t> execute(std::string_view sql, const Params& params) override;
  Status commit() override;

  Status begin(bool write) {
    return run_plain(write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  }

 private:
  Status run_plain(const char* sql);
  Result<sqlite3_stmt*> prepare(std::string_view sql);
  Status bind(sqlite3_stmt* stmt, const Params& params);
  Result<std::vector<Row>> step_all(sqlite3_stmt* stmt, bool collect);
  Status execute_script(std::string_view sql);

  // Remembers a failed statement: like PostgreSQL, a transaction in which any statement
  // failed can only roll back, so a caller that ignores one error cannot commit half a
  // change.
  template <typename T>
  T latch(T result) {
    if (!result && !failed_) failed_ = result.error();
    return result;
  }

  SqliteDatabase& db_;
  std::unique_ptr<Connection> conn_;
  bool open_ = true;
  std::optional<Error> failed_;
};

class SqliteDatabase final : public Database, public std::enable_shared_from_this<SqliteDatabase> {
 public:
  SqliteDatabase(std::string path, int pool_size) : path_(std::move(path)), pool_size_(pool_size) {}

  Backend backend() const override { return Backend::kSqlite; }

  Result<std::unique_ptr<Transaction>> begin(bool write) override {
    auto conn = acquire();
    if (!conn) return fail(conn.error());
    auto tx = std::make_unique<SqliteTransaction>(*this, std::move(*conn));
    NANSEN_TRY(tx->begin(write));
    return std::unique_ptr<Transaction>(std::move(tx));
  }

  Status backup_to(const std::string& path) override;

  double busy_milliseconds() const override { return static_cast<double>(busy_us_.load()) / 1000.0; }

  Result<std::unique_ptr<Connection>> open_connection() const {
    auto conn = std::make_unique<Connection>();
    const int rc = sqlite3_open_v2(path_.c_str(), &conn->handle,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK)
      return fail(ErrorCode::kUnavailable,
                  "cannot open database '" + path_ + "': " + sqlite3_errstr(rc), "database");
    sqlite3_busy_timeout(conn->handle, kBusyTimeoutMs);
    sqlite3_extended_result_codes(conn->handle, 1);
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                               "PRAGMA synchronous=FULL"}) {
      char* err = nullptr;
      if (sqlite3_exec(conn->handle, pragma, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown";
        sqlite3_free(err);
        return fail(ErrorCode::kUnavailable, "cannot open database '" + path_ + "': " + msg,
                    "database");
      }
    }
    return conn;
  }

  Result<std::unique_ptr<Connection>> acquire() {
    std::unique_lock lock(mutex_);
    if (idle_.empty() && open_count_ < pool_size_) {
      ++open_count_;
      lock.unlock();
      auto conn = open_connection();
      if (!conn) {
        std::lock_guard relock(mutex_);
        --open_count_;
      }
      return conn;
    }
    if (!available_.wait_for(lock, std::chrono::milliseconds(kBusyTimeoutMs),
                             [this] { return !idle_.empty(); }))
      return fail(ErrorCode::kUnavailable, "database busy: no free connection", "database");
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return conn;
  }

  void release(std::unique_ptr<Connection> conn) {
    {
      std::lock_guard lock(mutex_);
      idle_.push_back(std::move(conn));
    }
    available_.notify_one();
  }

  void add_busy(std::chrono::steady_clock::duration d) {
    busy_us_ += std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  }

 private:
  std::string path_;
  int pool_size_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_count_ = 0;
  std::atomic<std::int64_t> busy_us_{0};
};

// Measures time spent inside SQLite for /metrics.
class BusyTimer {
 public:
  explicit BusyTimer(SqliteDatabase& db) : db_(db), start_(std::chrono::steady_clock::now()) {}
  ~BusyTimer() { db_.add_busy(std::chrono::steady_clock::now() - start_); }

 private:
  SqliteDatabase& db_;
  std::chrono::steady_clock::time_point start_;
};

SqliteTransaction::~SqliteTransaction() {
  if (open_) run_plain("ROLLBACK");
  db_.release(std::move(conn_));
}

Status SqliteTransaction::run_plain(const char* sql) {
  BusyTimer timer(db_);
  const int rc = sqlite3_exec(conn_->handle, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return fail(sqlite_error(conn_->handle, rc, sql));
  return {};
}

Result<sqlite3_stmt*> SqliteTransaction::prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = conn_->statements.find(key); it != conn_->statements.end()) {
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return it->second;
  }
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(conn_->handle, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return fail(sqlite_error(conn_->handle, rc, "prepare"));
  if (!stmt) return fail(ErrorCode::kInternal, "empty SQL statement");
  if (tail && std::string_view(tail).find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    sqlite3_finalize(stmt);
    return fail(ErrorCode::kInternal, "one statement per call when parameters are bound");
  }
  conn_->statements.emplace(std::move(key), stmt);
  return stmt;
}

Status SqliteTransaction::bind(sqlite3_stmt* stmt, const Params& params) {
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt))
    return fail(ErrorCode::kInternal,
                "statement expects " + std::to_string(sqlite3_bind_parameter_count(stmt)) +
                    " parameters, got " + std::to_string(params.size()));
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int idx = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) rc = sqlite3_bind_null(stmt, idx);
          else if constexpr (std::is_same_v<T, std::int64_t>) rc = sqlite3_bind_int64(stmt, idx, v);
          else if constexpr (std::is_same_v<T, double>) rc = sqlite3_bind_double(stmt, idx, v);
          else if constexpr (std::is_same_v<T, std::string>)
            rc = sqlite3_bind_text64(stmt, idx, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
          else
            rc = sqlite3_bind_blob64(stmt, idx, v.bytes.empty() ? "" : static_cast<const void*>(v.bytes.data()),
                                     v.bytes.size(), SQLITE_TRANSIENT);
        },
        params[i]);
    if (rc != SQLITE_OK) return fail(sqlite_error(conn_->handle, rc, "bind"));
  }
  return {};
}

Result<std::vector<Row>> SqliteTransaction::step_all(sqlite3_stmt* stmt, bool collect) {
  std::vector<Row> rows;
  while (true) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      auto err = sqlite_error(conn_->handle, rc, "step");
      sqlite3_reset(stmt);
      return fail(err);
    }
    if (!collect) continue;
    const int n = sqlite3_column_count(stmt);
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_INTEGER: values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c))); break;
        case SQLITE_FLOAT: values.emplace_back(sqlite3_column_double(stmt, c)); break;
        case SQLITE_TEXT:
          values.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)),
                                          static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
          break;
        case SQLITE_BLOB: {
          const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, c));
          values.emplace_back(Blob{std::vector<unsigned char>(p, p + sqlite3_column_bytes(stmt, c))});
          break;
        }
        default: values.emplace_back(std::monostate{});
      }
    }
    rows.emplace_back(std::move(values));
  }
  sqlite3_reset(stmt);
  return rows;
}

Status SqliteTransaction::execute_script(std::string_view sql) {
  BusyTimer timer(db_);
  char* err = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(conn_->handle, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return fail(ErrorCode::kInternal, msg);
  }
  return {};
}

Result<std::vector<Row>> SqliteTransaction::query(std::string_view sql, const Params& params) {
  BusyTimer timer(db_);
  auto stmt = latch(prepare(sql));
  if (!stmt) return fail(stmt.error());
  NANSEN_TRY(latch(bind(*stmt, params)));
  return latch(step_all(*stmt, true));
}

Result<std::int64_t> SqliteTransaction::execute(std::string_view sql, const Params& params) {
  if (params.empty() && sql.find(';') != std::string_view::npos &&
      sql.find_first_not_of(" \t\r\n;", sql.find(';')) != std::string_view::npos) {
    NANSEN_TRY(latch(execute_script(sql)));  // a migration: several statements, no parameters
    return sqlite3_changes64(conn_->handle);
  }
  BusyTimer timer(db_);
  auto stmt = latch(prepare(sql));
  if (!stmt) return fail(stmt.error());
  NANSEN_TRY(latch(bind(*stmt, params)));
  auto rows = latch(step_all(*stmt, false));
  if (!rows) return fail(rows.error());
  return sqlite3_changes64(conn_->handle);
}

Status SqliteTransaction::commit() {
  if (failed_)
    return fail(failed_->code, "transaction not committed: an earlier statement failed: " + failed_->message);
  NANSEN_TRY(run_plain("COMMIT"));
  open_ = false;
  return {};
}

// fsync of a file or directory; a backup is only reported written once it is durable.
Status sync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return fail(ErrorCode::kUnavailable, "cannot sync '" + path + "': " + why, "out");
  }
  ::close(fd);
  return {};
}

Status SqliteDatabase::backup_to(const std::string& path) {
  // Copy into a temporary file beside the target, then rename: a reader of `path` never
  // sees half a backup, and an existing backup is replaced only by a complete one.
  const std::string tmp = path + ".partial";
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  sqlite3* dest = nullptr;
  // A backup holds the whole registry: 0600 like the database, from the start.
  if (!create_private_file(tmp) ||
      sqlite3_open_v2(tmp.c_str(), &dest, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(dest);
    std::filesystem::remove(tmp, ec);
    return fail(ErrorCode::kInvalid, "cannot create backup file '" + path + "'", "out");
  }
  // The copy is synced once at the end; a journal of its own would only slow it down.
  sqlite3_exec(dest, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF", nullptr, nullptr, nullptr);
  auto conn = acquire();
  if (!conn) {
    sqlite3_close_v2(dest);
    std::filesystem::remove(tmp, ec);
    return fail(conn.error());
  }
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", (*conn)->handle, "main");
  int rc = SQLITE_ERROR;
  if (backup) {
    // All pages in ONE step, inside one read transaction of the source: in WAL mode
    // writers carry on meanwhile, and the copy is the snapshot at the step's start. Copying
    // in slices instead restarts from the first page whenever another connection writes
    // between two slices, and under steady load (every audited read writes) never ends.
    do {
      rc = sqlite3_backup_step(backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
  }
  Error err = sqlite_error(dest, rc == SQLITE_DONE ? SQLITE_OK : rc, "backup");
  sqlite3_close_v2(dest);
  release(std::move(*conn));
  if (rc != SQLITE_DONE) {
    std::filesystem::remove(tmp, ec);
    return fail(err);
  }
  if (auto synced = sync_path(tmp); !synced) {
    std::filesystem::remove(tmp, ec);
    return synced;
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return fail(ErrorCode::kInvalid, "cannot write backup '" + path + "': " + ec.message(), "out");
  const auto dir = std::filesystem::path(path).parent_path();
  return sync_path(dir.empty() ? "." : dir.string());
}

}  // namespace

Status check_sqlite_integrity(const std::string& path) {
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(handle);
    return fail(ErrorCode::kInvalid, "cannot open '" + path + "' as a SQLite database", "file");
  }
  sqlite3_stmt* stmt = nullptr;
  std::vector<std::string> problems;
  int rc = sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &stmt, nullptr);
  while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    if (text && std::string_view(text) != "ok") problems.emplace_back(text);
    rc = SQLITE_OK;
  }
  const std::string message = sqlite3_errmsg(handle);
  sqlite3_finalize(stmt);
  sqlite3_close_v2(handle);
  if (rc != SQLITE_DONE)
    return fail(ErrorCode::kInvalid, "'" + path + "' is not a readable SQLite database: " + message, "file");
  if (!problems.empty()) {
    std::string joined;
    for (std::size_t i = 0; i < problems.size() && i < 5; ++i) joined += (i ? "; " : "") + problems[i];
    return fail(ErrorCode::kInvalid, "'" + path + "' fails the integrity check: " + joined, "file");
  }
  return {};
}

Result<std::shared_ptr<Database>> open_sqlite(const std::string& path, int pool_size) {
  if (path.empty()) return fail(ErrorCode::kInvalid, "database path is empty", "database");
  const auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (path != ":memory:" && !path.starts_with("file:") && !create_private_file(path))
    return fail(ErrorCode::kUnavailable, "cannot create database '" + path + "'", "database");
  auto db = std::make_shared<SqliteDatabase>(path, std::max(1, pool_size));
  // Open one connection now so a bad path fails here, not at the first request.
  auto conn = db->acquire();
  if (!conn) return fail(conn.error());
  db->release(std::move(*conn));
  return std::shared_ptr<Database>(db);
}

}  // namespace nansen::db
