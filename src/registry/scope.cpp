// SPDX-License-Identifier: Apache-2.0
#include "registry/internal.h"

namespace nansen::registry {

Result<std::string> person_country_in_scope(db::Transaction& tx, const access::Actor& actor,
                                            PersonId id) {
  auto row = tx.query_one("SELECT country FROM persons WHERE id = ?", {id.value});
  if (!row) {
    if (row.error().code == ErrorCode::kNotFound)
      return fail(ErrorCode::kNotFound, "no such person", "person");
    return fail(row.error());
  }
  std::string country = row->text(0);
  if (!access::covers_country(actor, country))
    return fail(ErrorCode::kNotFound, "no such person", "person");
  return country;
}

namespace {

access::AuditEvent event_of(const std::string& action, const std::string& record_type,
                            std::int64_t record_id, const std::optional<std::string>& country,
                            const std::string& detail) {
  return {action, record_type, record_id ? std::to_string(record_id) : "", country, detail};
}

}  // namespace

Status audit(db::Transaction& tx, const access::Actor& actor, const std::string& action,
             const std::string& record_type, std::int64_t record_id,
             const std::optional<std::string>& country, Instant now, const std::string& detail) {
  return access::record_audit(tx, actor, event_of(action, record_type, record_id, country, detail),
                              now);
}

Status audit_read(db::Database& db, const access::Actor& actor, const std::string& action,
                  const std::string& record_type, std::int64_t record_id,
                  const std::optional<std::string>& country, Instant now,
                  const std::string& detail) {
  return access::record_read_audit(db, actor,
                                   event_of(action, record_type, record_id, country, detail), now);
}

std::string list_entry(const std::string& list, std::size_t i) {
  return list + "[" + std::to_string(i) + "]";
}

Error under(const std::string& prefix, Error e) {
  e.field = e.field.empty() ? prefix : prefix + "." + e.field;
  return e;
}

}  // namespace nansen::registry
