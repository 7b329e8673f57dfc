// SPDX-License-Identifier: Apache-2.0
// Moving a case: a transition, an external event or a deadline extension, each checked
// against the definition and written with its audit record in one transaction.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "procedures/case_internal.h"

namespace nansen::procedures {
namespace {

constexpr std::size_t kMaxFieldBytes = 4096;
constexpr std::size_t kMaxFields = 16;

Status check_fields(const std::map<std::string, std::string>& fields) {
  if (fields.size() > kMaxFields) return fail(ErrorCode::kTooLarge, "too many fields", "fields");
  for (const auto& [k, v] : fields) {
    if (k.empty() || k.size() > 64 || !is_valid_utf8(k))
      return fail(ErrorCode::kInvalid, "a field name is a short code", "fields");
    if (v.size() > kMaxFieldBytes)
      return fail(ErrorCode::kTooLarge, "at most 4 KiB; long notes go to sensitive entries", k);
    if (!is_valid_utf8(v)) return fail(ErrorCode::kInvalid, "not valid UTF-8", k);
  }
  return {};
}

std::string fields_json(const std::map<std::string, std::string>& fields) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : fields) j[k] = v;
  return j.dump();
}

struct Loaded {
  std::unique_ptr<db::Transaction> tx;
  const Definition* def = nullptr;
  Case c;
};

Result<Loaded> load_for_write(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                              CaseId id) {
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto row = case_row_in_scope(**tx, actor, id);
  if (!row) return fail(row.error());
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseRead,
                               access::RecordScope{row->country, ""}));
  Loaded l;
  l.def = find_definition(catalog, row->procedure_id);
  if (!l.def)
    return fail(ErrorCode::kInternal, "the case's procedure is no longer defined", "procedure_id");
  auto c = load_case(**tx, id);
  if (!c) return fail(c.error());
  l.c = std::move(*c);
  l.tx = std::move(*tx);
  return l;
}

}  // namespace

Status take_transition(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                       CaseId id, const TransitionRequest& request, const CivilDate& today,
                       Instant now, std::string_view time_zone) {
  return take_transition(db, catalog, actor, id, request, today, now, time_zone, {});
}

Status take_transition(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                       CaseId id, const TransitionRequest& request, const CivilDate& today,
                       Instant now, std::string_view time_zone, const EventEffect& effect) {
  NANSEN_TRY(check_fields(request.fields));
  auto l = load_for_write(db, catalog, actor, id);
  if (!l) return fail(l.error());
  NANSEN_TRY(
      check_transition(*l->def, l->c.state, timeline_of(l->c), actor, request, today, time_zone));
  const Transition* t = l->def->transition(request.transition);
  if (t->permission == access::Permission::kCaseDecide) {
    auto waiting = unassessed_adults(*l->tx, *l->def, l->c, today);
    if (!waiting) return fail(waiting.error());
    if (!waiting->empty())
      return fail(ErrorCode::kConflict,
                  "each adult family member is assessed individually first: person " +
                      std::to_string(waiting->front().value) + " has no assessment yet",
                  "dependants");
  }
  // The WHERE on the state makes a concurrent move a Conflict instead of a lost update.
  auto moved =
      l->tx->execute("UPDATE cases SET state = ?, updated_at = ? WHERE id = ? AND state = ?",
                     {t->to, format_instant(now), id.value, l->c.state});
  if (!moved) return fail(moved.error());
  if (*moved != 1) return fail(ErrorCode::kConflict, "the case was changed meanwhile", "case");
  NANSEN_TRY(l->tx->execute(
      "INSERT INTO case_events (case_id, event, from_state, to_state, on_date, actor_id, "
      "actor_login, fields, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id.value, t->id, l->c.state, t->to, format_civil_date(today), actor.user.value, actor.login,
       fields_json(request.fields), format_instant(now)}));
  NANSEN_TRY(audit_case(*l->tx, actor, "case.transition", id.value, l->c.country, now,
                        "{\"transition\":\"" + t->id + "\",\"from\":\"" + l->c.state +
                            "\",\"to\":\"" + t->to + "\"}"));
  if (effect) NANSEN_TRY(effect(*l->tx, actor, *l->def, l->c, t->id, today, now));
  return l->tx->commit();
}

Status record_case_event(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                         CaseId id, std::string_view event, const CivilDate& on,
                         std::optional<Instant> at, Instant now) {
  return record_case_event(db, catalog, actor, id, event, on, at, now, {});
}

Status record_case_event(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                         CaseId id, std::string_view event, const CivilDate& on,
                         std::optional<Instant> at, Instant now, const EventEffect& effect) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseWrite));
  if (on.precision != DatePrecision::kDay)
    return fail(ErrorCode::kInvalid, "an event needs a full date", "on");
  auto l = load_for_write(db, catalog, actor, id);
  if (!l) return fail(l.error());
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseWrite,
                               access::RecordScope{l->c.country, ""}));
  const auto& ext = l->def->external_events;
  if (std::find(ext.begin(), ext.end(), event) == ext.end())
    return fail(ErrorCode::kInvalid,
                "the procedure '" + l->def->id + "' has no event '" +
                    std::string(event.substr(0, 64)) + "'",
                "event");
  db::Value at_value = std::monostate{};
  if (at) at_value = format_instant(*at);
  NANSEN_TRY(
      l->tx->execute("INSERT INTO case_events (case_id, event, on_date, at, actor_id, actor_login, "
                     "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     {id.value, std::string(event), format_civil_date(on), at_value,
                      actor.user.value, actor.login, format_instant(now)}));
  NANSEN_TRY(audit_case(*l->tx, actor, "case.event", id.value, l->c.country, now,
                        "{\"event\":\"" + std::string(event) + "\"}"));
  if (effect) NANSEN_TRY(effect(*l->tx, actor, *l->def, l->c, event, on, now));
  return l->tx->commit();
}

Status extend_deadline(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                       CaseId id, const Extension& extension, Instant now,
                       std::string_view time_zone) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseDecide));
  if (extension.reason.size() > kMaxFieldBytes || !is_valid_utf8(extension.reason))
    return fail(ErrorCode::kInvalid, "a reason is valid UTF-8 of at most 4 KiB", "reason");
  if (trim(extension.reason).empty()) return fail(ErrorCode::kInvalid, "is required", "reason");
  const Duration& by = extension.by;
  if (by.months < 0 || by.months > kMaxExtensionMonths || by.days < 0 ||
      by.days > kMaxExtensionDays)
    return fail(ErrorCode::kInvalid,
                "extend by 0 to " + std::to_string(kMaxExtensionMonths) + " months and 0 to " +
                    std::to_string(kMaxExtensionDays) + " days",
                "months");
  if (by.months == 0 && by.days == 0)
    return fail(ErrorCode::kInvalid, "extend by some months or days", "months");
  auto l = load_for_write(db, catalog, actor, id);
  if (!l) return fail(l.error());
  Timeline t = timeline_of(l->c);
  t.extensions.push_back(extension);
  auto dues = compute_due_dates(*l->def, t, time_zone);
  if (!dues) {
    Error e = dues.error();
    if (e.field.rfind("extensions[", 0) == 0) e.field = "extension";
    return fail(e);
  }
  NANSEN_TRY(l->tx->execute(
      "INSERT INTO case_extensions (case_id, deadline, months, days, reason, granted_on, "
      "actor_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {id.value, extension.deadline, std::int64_t{extension.by.months},
       std::int64_t{extension.by.days}, trim(extension.reason),
       format_civil_date(extension.granted_on), actor.user.value, format_instant(now)}));
  NANSEN_TRY(audit_case(*l->tx, actor, "case.extend", id.value, l->c.country, now,
                        "{\"deadline\":\"" + extension.deadline + "\"}"));
  return l->tx->commit();
}

}  // namespace nansen::procedures
