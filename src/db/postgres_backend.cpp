// SPDX-License-Identifier: Apache-2.0
// PostgreSQL backend (libpq). Choices, so both backends behave the same to callers:
//
// - Write transactions are serialised, as SQLite serialises them (BEGIN IMMEDIATE):
//   BEGIN ISOLATION LEVEL READ COMMITTED, then a transaction-scoped advisory lock that
//   every write transaction takes. Read-modify-write code (the audit hash chain, next
//   sequence numbers) is then correct on both backends without retry loops. READ
//   COMMITTED (not REPEATABLE READ) because each statement after the lock must see what
//   the previous writer committed; readers never wait for the lock.
// - Read transactions are a plain BEGIN (not READ ONLY): SQLite lets a deferred
//   transaction write, so PostgreSQL must too.
// - Waiting for the writer lock or a row lock gives up after 15 s (lock_timeout), as
//   SQLite's busy timeout does, with Unavailable.
// - After a failed statement PostgreSQL aborts the whole transaction; later statements
//   and commit() return an error (nothing is stored).
// - Parameters: integers are sent as int8 and reals as float8 (so `? + 1` is exact for any
//   int64); text and NULL are sent untyped, so the server infers their type from the
//   context as SQLite's affinity does; blobs as binary bytea. A parameter whose type
//   nothing in the statement determines (`? IS NULL`) needs CAST(? AS TEXT).
// - Results come in text format and are converted by column type: int2/int4/int8 →
//   integer, float4/float8/numeric → real, bool → integer 0/1, bytea → Blob, anything
//   else → text.
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <vector>

#include "db/backends.h"
#include "db/placeholders.h"

namespace nansen::db {
namespace {

constexpr auto kAcquireTimeout = std::chrono::seconds(15);
constexpr const char* kLockTimeout = "15s";
// Key of the advisory lock held by every write transaction ("NANSEN" in ASCII).
constexpr const char* kWriterLockKey = "86042393920846";
constexpr int kMinServerVersion = 100000;  // identity columns need PostgreSQL 10

// Type OIDs from the server's catalog (pg_type.h is not part of libpq's headers).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// libpq's messages end with a newline; ours do not.
std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Maps a failed result to an Error. Only the primary message is used: the DETAIL of a
// unique violation quotes the duplicate value, and data-exception messages (class 22)
// quote the bad input, either of which may be personal data.
Error result_error(PGconn* conn, const PGresult* res) {
  if (PQstatus(conn) == CONNECTION_BAD)
    return Error{ErrorCode::kUnavailable,
                 "database connection lost: " + trimmed(PQerrorMessage(conn)), "database"};
  if (!res) return Error{ErrorCode::kUnavailable, trimmed(PQerrorMessage(conn)), "database"};
  const char* state_field = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  const std::string state = state_field ? state_field : "";
  const std::string primary = trimmed(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
  const std::string_view cls = std::string_view(state).substr(0, 2);
  ErrorCode code = ErrorCode::kInternal;
  if (state == "23505")
    code = ErrorCode::kConflict;
  else if (state == "23503" || state == "23514" || state == "23502")
    code = ErrorCode::kInvalid;
  else if (cls == "08" || cls == "53" || cls == "57" || state == "55P03")
    code = ErrorCode::kUnavailable;  // connection, resources, shutdown/timeout, lock wait
  else if (cls == "40")
    code = ErrorCode::kConflict;  // serialization failure, deadlock
  std::string message = cls == "22" ? "a value does not fit its column's type" : primary;
  if (message.empty()) message = "database error";
  return Error{code, message + " (SQLSTATE " + state + ")", {}};
}

class PostgresDatabase;

class PostgresTransaction final : public Transaction {
 public:
  PostgresTransaction(std::shared_ptr<PostgresDatabase> db, PGconn* conn)
      : db_(std::move(db)), conn_(conn) {}
  ~PostgresTransaction() override;

  Result<std::vector<Row>> query(std::string_view sql, const Params& params) override;
  Result<std::int64_t> execute(std::string_view sql, const Params& params) override;
  Status commit() override;

  Status begin(bool write);

 private:
  Status usable() const;
  Result<ResultPtr> run(std::string_view sql, const Params& params);
  Result<ResultPtr> run_script(const std::string& sql);
  Result<ResultPtr> checked(ResultPtr res);

  std::shared_ptr<PostgresDatabase> db_;
  PGconn* conn_;
  bool open_ = true;
  std::optional<Error> aborted_;  // the error that aborted the transaction, if any
};

class PostgresDatabase final : public Database,
                               public std::enable_shared_from_this<PostgresDatabase> {
 public:
  PostgresDatabase(std::string url, int pool_size) : url_(std::move(url)), pool_size_(pool_size) {}

  ~PostgresDatabase() override {
    for (PGconn* c : idle_) PQfinish(c);
  }

  Backend backend() const override { return Backend::kPostgres; }

  Result<std::unique_ptr<Transaction>> begin(bool write) override {
    // An idle connection may have died since its last use (server restart, idle
    // timeout); nothing has run yet, so retry on a fresh one.
    for (int attempt = 0;; ++attempt) {
      auto conn = acquire();
      if (!conn) return fail(conn.error());
      auto tx = std::make_unique<PostgresTransaction>(shared_from_this(), *conn);
      auto began = tx->begin(write);
      if (began) return std::unique_ptr<Transaction>(std::move(tx));
      const bool lost = PQstatus(*conn) == CONNECTION_BAD;
      tx.reset();  // returns (or discards) the connection
      if (!lost || attempt >= pool_size_) return fail(began.error());
    }
  }

  Status backup_to(const std::string&) override {
    return fail(ErrorCode::kInvalid, "back PostgreSQL up with pg_basebackup and WAL archiving (README: Backups)", "out");
  }

  double busy_milliseconds() const override {
    return static_cast<double>(busy_us_.load()) / 1000.0;
  }

  Result<PGconn*> connect() {
    // Defaults first: the URL's own settings override them (expand_dbname).
    const char* keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname",
                          nullptr};
    const char* values[] = {"10", "nansen", "UTF8", url_.c_str(), nullptr};
    PGconn* conn = nullptr;
    {
      BusyTimer timer(*this);
      conn = PQconnectdbParams(keys, values, 1);
    }
    if (!conn)
      return fail(ErrorCode::kUnavailable, "cannot connect to PostgreSQL: out of memory",
                  "database");
    if (PQstatus(conn) != CONNECTION_OK) {
      // libpq's message names host, port and user, never the password.
      std::string msg = "cannot connect to PostgreSQL: " + trimmed(PQerrorMessage(conn));
      PQfinish(conn);
      return fail(ErrorCode::kUnavailable, msg, "database");
    }
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);  // "already exists, skipping"
    const char* scs = PQparameterStatus(conn, "standard_conforming_strings");
    std::string problem;
    if (PQserverVersion(conn) < kMinServerVersion) problem = "PostgreSQL 10 or later is required";
    // The placeholder scanner assumes backslashes in '...' are plain characters.
    else if (!scs || std::strcmp(scs, "on") != 0)
      problem = "standard_conforming_strings must be on";
    if (!problem.empty()) {
      PQfinish(conn);
      return fail(ErrorCode::kUnavailable, problem, "database");
    }
    return conn;
  }

  // Waits for a free connection, opening a new one while fewer than pool_size exist.
  Result<PGconn*> acquire() {
    std::unique_lock lock(mutex_);
    if (!available_.wait_for(lock, kAcquireTimeout,
                             [this] { return !idle_.empty() || open_count_ < pool_size_; }))
      return fail(ErrorCode::kUnavailable, "database busy: no free connection", "database");
    if (!idle_.empty()) {
      PGconn* conn = idle_.back();
      idle_.pop_back();
      return conn;
    }
    ++open_count_;
    lock.unlock();
    auto conn = connect();
    if (!conn) {
      {
        std::lock_guard relock(mutex_);
        --open_count_;
      }
      available_.notify_one();
    }
    return conn;
  }

  // Takes a connection back; one that is broken or still inside a transaction is closed,
  // and the next user gets a fresh one.
  void release(PGconn* conn) {
    const bool reusable =
        PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) == PQTRANS_IDLE;
    {
      std::lock_guard lock(mutex_);
      if (reusable)
        idle_.push_back(conn);
      else
        --open_count_;
    }
    if (!reusable) PQfinish(conn);
    available_.notify_one();
  }

  // Measures time spent inside libpq for /metrics.
  class BusyTimer {
   public:
    explicit BusyTimer(PostgresDatabase& db) : db_(db), start_(std::chrono::steady_clock::now()) {}
    ~BusyTimer() {
      db_.busy_us_ += std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - start_)
                          .count();
    }

   private:
    PostgresDatabase& db_;
    std::chrono::steady_clock::time_point start_;
  };

 private:
  std::string url_;
  int pool_size_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<PGconn*> idle_;
  int open_count_ = 0;
  std::atomic<std::int64_t> busy_us_{0};
};

using BusyTimer = PostgresDatabase::BusyTimer;

PostgresTransaction::~PostgresTransaction() {
  if (open_ && PQstatus(conn_) == CONNECTION_OK) {
    BusyTimer timer(*db_);
    ResultPtr(PQexec(conn_, "ROLLBACK"));
  }
  db_->release(conn_);
}

Status PostgresTransaction::begin(bool write) {
  std::string sql = "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '";
  sql += kLockTimeout;
  sql += "'";
  if (write) sql += "; SELECT pg_advisory_xact_lock(" + std::string(kWriterLockKey) + ")";
  auto res = run_script(sql);
  if (!res) {
    open_ = PQtransactionStatus(conn_) != PQTRANS_IDLE;
    return fail(res.error());
  }
  return {};
}

Status PostgresTransaction::usable() const {
  if (!open_) return fail(ErrorCode::kInternal, "the transaction has already ended");
  if (aborted_)
    return fail(aborted_->code,
                "the transaction was aborted by an earlier error: " + aborted_->message);
  return {};
}

Result<ResultPtr> PostgresTransaction::checked(ResultPtr res) {
  const ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return res;
  Error err = status == PGRES_EMPTY_QUERY ? Error{ErrorCode::kInternal, "empty SQL statement", {}}
                                          : result_error(conn_, res.get());
  if (PQtransactionStatus(conn_) != PQTRANS_INTRANS) aborted_ = err;
  return fail(err);
}

Result<ResultPtr> PostgresTransaction::run_script(const std::string& sql) {
  BusyTimer timer(*db_);
  return checked(ResultPtr(PQexec(conn_, sql.c_str())));
}

Result<ResultPtr> PostgresTransaction::run(std::string_view sql, const Params& params) {
  NANSEN_TRY(usable());
  const NumberedSql numbered = number_placeholders(sql);
  if (numbered.count != params.size())
    return fail(ErrorCode::kInternal, "statement expects " + std::to_string(numbered.count) +
                                          " parameters, got " + std::to_string(params.size()));
  const std::size_t n = params.size();
  for (std::size_t i = 0; i < n; ++i) {
    // libpq passes text parameters as C strings; PostgreSQL text cannot hold NUL.
    const auto* s = std::get_if<std::string>(&params[i]);
    if (s && s->find('\0') != std::string::npos)
      return fail(ErrorCode::kInvalid,
                  "text parameter " + std::to_string(i + 1) + " contains a NUL character");
  }
  std::vector<std::string> texts(n);
  std::vector<const char*> values(n, nullptr);
  std::vector<int> lengths(n, 0);
  std::vector<int> formats(n, 0);
  std::vector<Oid> types(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::int64_t>) {
            texts[i] = std::to_string(v);
            types[i] = kInt8Oid;
            values[i] = texts[i].c_str();
          } else if constexpr (std::is_same_v<T, double>) {
            char buf[64];
            auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest exact form
            texts[i].assign(buf, ec == std::errc() ? end : buf);
            if (texts[i] == "inf")
              texts[i] = "Infinity";
            else if (texts[i] == "-inf")
              texts[i] = "-Infinity";
            else if (texts[i] == "nan" || texts[i] == "-nan")
              texts[i] = "NaN";
            types[i] = kFloat8Oid;
            values[i] = texts[i].c_str();
          } else if constexpr (std::is_same_v<T, std::string>) {
            values[i] = v.c_str();  // a text parameter is NUL-terminated; text has no NULs
          } else if constexpr (std::is_same_v<T, Blob>) {
            types[i] = kByteaOid;
            formats[i] = 1;
            lengths[i] = static_cast<int>(v.bytes.size());
            values[i] = reinterpret_cast<const char*>(v.bytes.data());
            if (!values[i]) values[i] = "";  // an empty blob, not NULL
          }
        },
        params[i]);
  }
  BusyTimer timer(*db_);
  return checked(
      ResultPtr(PQexecParams(conn_, numbered.sql.c_str(), static_cast<int>(n), types.data(),
                             values.data(), lengths.data(), formats.data(), 0)));
}

Value column_value(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return std::monostate{};
  const char* text = PQgetvalue(res, row, col);
  const int length = PQgetlength(res, row, col);
  switch (PQftype(res, col)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: {
      std::int64_t v = 0;
      std::from_chars(text, text + length, v);
      return v;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double v = 0;
      std::from_chars(text, text + length, v);  // also reads NaN, Infinity, -Infinity
      return v;
    }
    case kBoolOid:
      return std::int64_t{text[0] == 't' ? 1 : 0};
    case kByteaOid: {
      std::size_t size = 0;
      unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size);
      Blob blob;
      if (bytes) blob.bytes.assign(bytes, bytes + size);
      PQfreemem(bytes);
      return blob;
    }
    default:
      return std::string(text, static_cast<std::size_t>(length));
  }
}

Result<std::vector<Row>> PostgresTransaction::query(std::string_view sql, const Params& params) {
  auto res = run(sql, params);
  if (!res) return fail(res.error());
  const PGresult* r = res->get();
  const int rows = PQntuples(r);
  const int cols = PQnfields(r);
  std::vector<Row> out;
  out.reserve(static_cast<std::size_t>(rows));
  for (int i = 0; i < rows; ++i) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(cols));
    for (int c = 0; c < cols; ++c) values.push_back(column_value(r, i, c));
    out.emplace_back(std::move(values));
  }
  return out;
}

Result<std::int64_t> PostgresTransaction::execute(std::string_view sql, const Params& params) {
  Result<ResultPtr> res = [&]() -> Result<ResultPtr> {
    if (!params.empty()) return run(sql, params);
    // No parameters: the simple protocol, which runs a whole migration of several
    // statements in one call.
    NANSEN_TRY(usable());
    const NumberedSql numbered = number_placeholders(sql);
    if (numbered.count != 0)
      return fail(ErrorCode::kInternal,
                  "statement expects " + std::to_string(numbered.count) + " parameters, got 0");
    return run_script(std::string(sql));
  }();
  if (!res) return fail(res.error());
  const char* changed = PQcmdTuples(res->get());
  std::int64_t count = 0;
  std::from_chars(changed, changed + std::strlen(changed), count);
  return count;
}

Status PostgresTransaction::commit() {
  NANSEN_TRY(usable());
  auto res = run_script("COMMIT");
  open_ = PQtransactionStatus(conn_) != PQTRANS_IDLE;
  if (!res) return fail(res.error());
  // COMMIT of a transaction that failed is reported as success with the tag ROLLBACK.
  if (std::strcmp(PQcmdStatus(res->get()), "COMMIT") != 0)
    return fail(ErrorCode::kInternal, "the transaction was rolled back by the server");
  return {};
}

}  // namespace

Result<std::shared_ptr<Database>> open_postgres(const std::string& url, int pool_size) {
  auto db = std::make_shared<PostgresDatabase>(url, std::max(1, pool_size));
  // Open one connection now so a wrong URL fails here, not at the first request.
  auto conn = db->acquire();
  if (!conn) return fail(conn.error());
  db->release(*conn);
  return std::shared_ptr<Database>(db);
}

}  // namespace nansen::db
