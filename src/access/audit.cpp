// SPDX-License-Identifier: Apache-2.0
// Writing and reading the hash-chained audit log. The encodings live in audit_chain.cpp,
// verification in audit_verify.cpp, signed checkpoints in audit_checkpoint.cpp.
#include <algorithm>

#include "access/access.h"
#include "access/account_scope.h"
#include "access/audit_chain.h"

namespace nansen::access {

Status record_audit(db::Transaction& tx, const Actor& actor, const AuditEvent& event, Instant now) {
  auto head = tx.query_one("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash");
  if (!head) return fail(head.error());
  const auto optional_text = [](const std::optional<std::string>& s) {
    return s ? db::Value(*s) : db::Value(std::monostate{});
  };
  chain::Fields f{{head->integer(0), format_instant(now),
                   actor.user.valid() ? db::Value(actor.user.value) : db::Value(std::monostate{}),
                   actor.login, event.action, event.record_type, event.record_id,
                   optional_text(event.country), event.detail.empty() ? "{}" : event.detail}};
  const std::string prev = head->text(1);
  const std::string hash = *chain::row_hash(chain::kCurrentEncoding, prev, f);
  db::Params params(f.values.begin(), f.values.end());
  params.insert(params.end(), {prev, hash, std::int64_t{chain::kCurrentEncoding}});
  NANSEN_TRY(tx.execute(
      "INSERT INTO audit_log (seq, at, actor_user_id, actor_login, action, record_type, "
      "record_id, country, detail, prev_hash, hash, encoding) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
      params));
  NANSEN_TRY(tx.execute("UPDATE audit_head SET hash = ? WHERE id = 1", {hash}));
  return {};
}

Status record_read_audit(db::Database& db, const Actor& actor, const AuditEvent& event,
                         Instant now) {
  return db.write_grouped([&](db::Transaction& tx) { return record_audit(tx, actor, event, now); });
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
    sql += " AND country = ?";  // rows of no country are regional: not this auditor's
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

}  // namespace nansen::access
