// SPDX-License-Identifier: Apache-2.0
// The hash-chained audit log. canonical() fixes the byte layout that is hashed; changing
// it would break every existing chain, so it is versioned by the "v1" prefix.
#include <algorithm>

#include "access/access.h"
#include "access/account_scope.h"
#include "access/secrets.h"

namespace nansen::access {
namespace {

struct ChainFields {
  std::int64_t seq;
  std::string at, actor_user_id, actor_login, action, record_type, record_id, country, detail;
};

std::string canonical(const ChainFields& f) {
  // Unit separators (0x1f) cannot occur in any field unescaped by accident: detail is
  // JSON, the others are identifiers.
  std::string s = "v1";
  for (const std::string* part : {&f.at, &f.actor_user_id, &f.actor_login, &f.action,
                                  &f.record_type, &f.record_id, &f.country, &f.detail}) {
    s += '\x1f';
    s += *part;
  }
  return std::to_string(f.seq) + s;
}

std::string chain_hash(const std::string& prev_hash, const ChainFields& f) {
  return digest_hex(prev_hash + "\x1e" + canonical(f));
}

}  // namespace

Status record_audit(db::Transaction& tx, const Actor& actor, const AuditEvent& event, Instant now) {
  auto head = tx.query_one("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash");
  if (!head) return fail(head.error());
  ChainFields f{head->integer(0),
                format_instant(now),
                actor.user.valid() ? std::to_string(actor.user.value) : "",
                actor.login,
                event.action,
                event.record_type,
                event.record_id,
                event.country.value_or(""),
                event.detail.empty() ? "{}" : event.detail};
  const std::string prev = head->text(1);
  const std::string hash = chain_hash(prev, f);
  NANSEN_TRY(tx.execute(
      "INSERT INTO audit_log (seq, at, actor_user_id, actor_login, action, record_type, "
      "record_id, country, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
      {f.seq, f.at,
       actor.user.valid() ? db::Value(actor.user.value) : db::Value(std::monostate{}),
       f.actor_login, f.action, f.record_type, f.record_id,
       event.country ? db::Value(*event.country) : db::Value(std::monostate{}), f.detail, prev,
       hash}));
  NANSEN_TRY(tx.execute("UPDATE audit_head SET hash = ? WHERE id = 1", {hash}));
  return {};
}

Result<std::vector<AuditRow>> list_audit(db::Database& db, const Actor& actor,
                                         const AuditFilter& filter) {
  NANSEN_TRY(authorize(actor, Permission::kAuditRead));
  if (filter.limit < 1 || filter.limit > 1000)
    return fail(ErrorCode::kInvalid, "limit must be between 1 and 1000", "limit");
  if (filter.offset < 0) return fail(ErrorCode::kInvalid, "offset must not be negative", "offset");
  std::string sql =
      "SELECT seq, at, actor_login, action, record_type, record_id, country, detail, hash "
      "FROM audit_log WHERE 1=1";
  db::Params params;
  if (filter.actor_login) {
    sql += " AND actor_login = ?";
    params.emplace_back(*filter.actor_login);
  }
  if (filter.action) {
    if (filter.action->ends_with(".")) {
      sql += " AND substr(action, 1, CAST(? AS INTEGER)) = ?";  // cast: PostgreSQL cannot infer it
      params.emplace_back(static_cast<std::int64_t>(filter.action->size()));
    } else {
      sql += " AND action = ?";
    }
    params.emplace_back(*filter.action);
  }
  if (filter.record_type) {
    sql += " AND record_type = ?";
    params.emplace_back(*filter.record_type);
  }
  if (filter.record_id) {
    sql += " AND record_id = ?";
    params.emplace_back(*filter.record_id);
  }
  for (const auto& [bound, op, suffix, field] :
       {std::tuple{filter.from, ">=", "T00:00:00Z", "from"},
        std::tuple{filter.to, "<=", "T23:59:59Z", "to"}}) {
    if (!bound) continue;
    auto d = parse_civil_date(*bound, field);
    if (!d || d->precision != DatePrecision::kDay)
      return fail(ErrorCode::kInvalid, "expected a date as YYYY-MM-DD", field);
    sql += std::string(" AND at ") + op + " ?";
    params.emplace_back(format_civil_date(*d) + suffix);
  }
  if (actor.scope.country && !actor.system) {
    sql += " AND (country IS NULL OR country = ?)";
    params.emplace_back(*actor.scope.country);
  }
  append_account_event_condition(actor, sql, params);  // account events: its accounts only
  sql += " ORDER BY seq DESC LIMIT ? OFFSET ?";
  params.emplace_back(static_cast<std::int64_t>(filter.limit));
  params.emplace_back(static_cast<std::int64_t>(filter.offset));
  auto rows = db.query(sql, params);
  if (!rows) return fail(rows.error());
  std::vector<AuditRow> out;
  for (const auto& r : *rows)
    out.push_back(AuditRow{r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5),
                           r.optional_text(6), r.text(7), r.text(8)});
  return out;
}

Result<ChainCheck> verify_audit_chain(db::Database& db) {
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto head = (*tx)->query_one("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!head) return fail(ErrorCode::kInternal, "the audit chain head is missing");
  ChainCheck check;
  std::string prev = "genesis";
  std::int64_t expected_seq = 1;
  const auto broken = [&](std::int64_t seq, std::string reason) {
    check.intact = false;
    check.first_broken_seq = seq;
    check.reason = std::move(reason);
    return check;
  };
  // Page through the log so a long chain never sits in memory at once.
  constexpr std::int64_t kPage = 5000;
  while (true) {
    auto rows = (*tx)->query(
        "SELECT seq, at, actor_user_id, actor_login, action, record_type, record_id, country, "
        "detail, prev_hash, hash FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?",
        {expected_seq, kPage});
    if (!rows) return fail(rows.error());
    for (const auto& r : *rows) {
      const std::int64_t seq = r.integer(0);
      if (seq != expected_seq)
        return broken(expected_seq, "row " + std::to_string(expected_seq) +
                                        " is missing (deleted); the chain resumes at row " +
                                        std::to_string(seq));
      ChainFields f{seq,       r.text(1), r.text(2), r.text(3), r.text(4),
                    r.text(5), r.text(6), r.text(7), r.text(8)};
      if (r.text(9) != prev)
        return broken(seq, "row " + std::to_string(seq) +
                               ": its link to the previous row does not match (a row before it "
                               "was edited, inserted or deleted)");
      const std::string hash = chain_hash(prev, f);
      if (hash != r.text(10))
        return broken(seq, "row " + std::to_string(seq) + ": content does not match its hash (edited)");
      prev = hash;
      ++expected_seq;
      ++check.rows_checked;
    }
    if (static_cast<std::int64_t>(rows->size()) < kPage) break;
  }
  const std::int64_t head_seq = head->integer(0);
  if (head_seq != expected_seq - 1 || head->text(1) != prev)
    return broken(expected_seq,
                  "rows " + std::to_string(expected_seq) + " to " + std::to_string(head_seq) +
                      " are missing (deleted from the end of the log)");
  return check;
}

}  // namespace nansen::access
