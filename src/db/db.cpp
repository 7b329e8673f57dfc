// SPDX-License-Identifier: Apache-2.0
// The backend-independent half of db/: row accessors, convenience calls, the URL
// dispatch and the migration runner.
#include <charconv>
#include <condition_variable>
#include <mutex>

#include "db/backends.h"
#include "db/db.h"

namespace nansen::embedded {
const std::map<std::string, std::string_view>& migrations();
}

namespace nansen::db {

bool Row::is_null(std::size_t i) const {
  return std::holds_alternative<std::monostate>(values_.at(i));
}

std::int64_t Row::integer(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<std::int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<std::int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    std::from_chars(p->data(), p->data() + p->size(), out);
    return out;
  }
  return 0;
}

double Row::real(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) {
    try {
      return std::stod(*p);
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

std::string Row::text(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<Blob>(&v)) return std::string(p->bytes.begin(), p->bytes.end());
  return {};
}

std::optional<std::string> Row::optional_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::optional<std::int64_t> Row::optional_integer(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

const Blob* Row::blob(std::size_t i) const {
  return std::get_if<Blob>(&values_.at(i));
}

Result<Row> Transaction::query_one(std::string_view sql, const Params& params) {
  auto rows = query(sql, params);
  if (!rows) return fail(rows.error());
  if (rows->empty()) return fail(ErrorCode::kNotFound, "no such record");
  return std::move(rows->front());
}

Result<std::int64_t> Transaction::insert(std::string_view sql, const Params& params) {
  auto row = query_one(sql, params);
  if (!row) return fail(row.error());
  return row->integer(0);
}

// The batch waiting for the next commit, and whether a caller is committing one now.
struct Database::GroupCommit {
  struct Entry {
    const std::function<Status(Transaction&)>* work;
    Status status;
    bool done = false;
  };
  std::mutex mutex;
  std::condition_variable committed;
  std::vector<Entry*> waiting;
  bool leading = false;

  // Every entry's work in one transaction; if anything fails, each alone in its own.
  static void commit(Database& db, const std::vector<Entry*>& batch) {
    if (batch.size() > 1 && run(db, batch)) return;
    for (Entry* entry : batch) run(db, {entry});
  }

  // True when all of `batch` committed; otherwise sets each entry's failure and rolls
  // the transaction back (by destroying it).
  // A work runs on the leader's thread for a caller that waits: an exception must not
  // escape into the leader (the batch would never be marked done), so it becomes an error.
  static Status guarded(Entry& entry, Transaction& tx) {
    try {
      return (*entry.work)(tx);
    } catch (const std::exception& e) {
      return fail(ErrorCode::kInternal, std::string("a grouped write failed: ") + e.what());
    }
  }

  static bool run(Database& db, const std::vector<Entry*>& batch) {
    const auto fail_all = [&batch](const Error& e) {
      for (Entry* entry : batch) entry->status = fail(e);
      return false;
    };
    auto tx = db.begin(true);
    if (!tx) return fail_all(tx.error());
    for (Entry* entry : batch) {
      if (Status s = guarded(*entry, **tx); !s) {
        if (batch.size() > 1) return false;  // the caller retries each alone
        entry->status = s;
        return false;
      }
    }
    if (Status s = (*tx)->commit(); !s) return fail_all(s.error());
    for (Entry* entry : batch) entry->status = {};
    return true;
  }
};

Database::Database() : group_commit_(std::make_unique<GroupCommit>()) {}
Database::~Database() = default;

Status Database::write_grouped(const std::function<Status(Transaction&)>& work) {
  GroupCommit& g = *group_commit_;
  GroupCommit::Entry mine{&work, {}, false};
  std::unique_lock lock(g.mutex);
  g.waiting.push_back(&mine);
  while (!mine.done) {
    if (g.leading) {
      g.committed.wait(lock);
      continue;
    }
    // Lead: take everything queued so far (this caller's entry included) and commit it,
    // while later callers queue up for the next batch.
    g.leading = true;
    std::vector<GroupCommit::Entry*> batch;
    batch.swap(g.waiting);
    lock.unlock();
    GroupCommit::commit(*this, batch);
    lock.lock();
    for (auto* entry : batch) entry->done = true;
    g.leading = false;
    g.committed.notify_all();
  }
  return mine.status;
}

Result<std::vector<Row>> Database::query(std::string_view sql, const Params& params) {
  auto tx = begin(false);
  if (!tx) return fail(tx.error());
  auto rows = (*tx)->query(sql, params);
  if (!rows) return rows;
  NANSEN_TRY((*tx)->commit());
  return rows;
}

std::string render_migration(std::string_view sql, Backend backend) {
  std::string out(sql);
  const auto replace_all = [&out](std::string_view from, std::string_view to) {
    for (auto pos = out.find(from); pos != std::string::npos; pos = out.find(from, pos + to.size()))
      out.replace(pos, from.size(), to);
  };
  if (backend == Backend::kSqlite) {
    replace_all("{{id}}", "INTEGER PRIMARY KEY");
    replace_all("{{blob}}", "BLOB");
  } else {
    replace_all("{{id}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    replace_all("{{blob}}", "BYTEA");
  }
  return out;
}

const std::map<std::string, std::string_view>& builtin_migrations() {
  return embedded::migrations();
}

namespace {

// Applies every migration not yet recorded in schema_migrations, in name order, each in
// its own transaction together with its record, so a failure leaves the schema at the
// last complete migration.
Status migrate(Database& db, const std::map<std::string, std::string_view>& migrations,
               bool apply) {
  {
    auto tx = db.begin(true);
    if (!tx) return fail(tx.error());
    NANSEN_TRY(
        (*tx)->execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, "
                       "applied_at TEXT NOT NULL)"));
    NANSEN_TRY((*tx)->commit());
  }
  auto done_rows = db.query("SELECT name FROM schema_migrations");
  if (!done_rows) return fail(done_rows.error());
  std::vector<std::string> done;
  for (const auto& r : *done_rows) done.push_back(r.text(0));
  for (const auto& [name, sql] : migrations) {
    if (!name.ends_with(".sql")) continue;
    if (std::find(done.begin(), done.end(), name) != done.end()) continue;
    if (!apply)
      return fail(ErrorCode::kUnavailable,
                  "the database needs migration " + name + "; run `nansen migrate`", "database");
    auto tx = db.begin(true);
    if (!tx) return fail(tx.error());
    auto ran = (*tx)->execute(render_migration(sql, db.backend()));
    if (!ran)
      return fail(ErrorCode::kInternal, "migration " + name + " failed: " + ran.error().message,
                  "database");
    NANSEN_TRY((*tx)->execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                              {name, format_instant(system_clock()())}));
    NANSEN_TRY((*tx)->commit());
  }
  return {};
}

}  // namespace

Result<std::shared_ptr<Database>> open(const std::string& url,
                                       const std::map<std::string, std::string_view>& migrations,
                                       bool apply_migrations, int pool_size) {
  Result<std::shared_ptr<Database>> db =
      url.starts_with("postgresql://") || url.starts_with("postgres://")
          ? open_postgres(url, pool_size)
          : open_sqlite(url, pool_size);
  if (!db) return db;
  NANSEN_TRY(migrate(**db, migrations, apply_migrations));
  return db;
}

}  // namespace nansen::db
