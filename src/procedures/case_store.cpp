// SPDX-License-Identifier: Apache-2.0
// Cases in the database: opening, reading with history, numbering.
#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "procedures/case_internal.h"

namespace nansen::procedures {

Status audit_case(db::Transaction& tx, const access::Actor& actor, const std::string& action,
                  std::int64_t case_id, const std::string& country, Instant now,
                  const std::string& detail) {
  return access::record_audit(
      tx, actor, access::AuditEvent{action, "case", std::to_string(case_id), country, detail}, now);
}

Result<CaseRow> case_row_in_scope(db::Transaction& tx, const access::Actor& actor, CaseId id) {
  auto row = tx.query_one("SELECT procedure_id, country, state, modality FROM cases WHERE id = ?",
                          {id.value});
  if (!row) {
    if (row.error().code == ErrorCode::kNotFound)
      return fail(ErrorCode::kNotFound, "no such case", "case");
    return fail(row.error());
  }
  CaseRow c{row->text(0), row->text(1), row->text(2), row->text(3)};
  if (!access::covers_country(actor, c.country))
    return fail(ErrorCode::kNotFound, "no such case", "case");
  return c;
}

const Definition* find_definition(const Catalog& catalog, std::string_view id) {
  auto it = catalog.find(id);
  return it == catalog.end() ? nullptr : &it->second;
}

namespace {

Result<std::string> next_number(db::Transaction& tx, const std::string& country, Instant now) {
  const std::string prefix = country + "-" + format_instant(now).substr(0, 4);
  NANSEN_TRY(tx.execute(
      "INSERT INTO case_counters (prefix, last_value) VALUES (?, 0) ON CONFLICT DO NOTHING",
      {prefix}));
  NANSEN_TRY(tx.execute("UPDATE case_counters SET last_value = last_value + 1 WHERE prefix = ?",
                        {prefix}));
  auto row = tx.query_one("SELECT last_value FROM case_counters WHERE prefix = ?", {prefix});
  if (!row) return fail(row.error());
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(row->integer(0)));
  return prefix + "-" + buf;
}

Status check_member(db::Transaction& tx, const access::Actor& actor, registry::PersonId id,
                    const std::string& country, const std::string& field) {
  auto row = tx.query_one("SELECT country FROM persons WHERE id = ?", {id.value});
  if (!row || row->text(0) != country || !access::covers_country(actor, row->text(0)))
    return fail(ErrorCode::kNotFound, "no such person in " + country, field);
  return {};
}

}  // namespace

Result<CaseId> open_case(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                         const CaseOpening& o, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseWrite));
  const Definition* def = find_definition(catalog, o.procedure_id);
  if (!def) return fail(ErrorCode::kInvalid, "unknown procedure", "procedure_id");
  if (def->country && *def->country != o.country)
    return fail(ErrorCode::kInvalid, "this procedure applies in " + *def->country, "country");
  if (o.country.size() != 3) return fail(ErrorCode::kInvalid, "expected ISO3", "country");
  if (!o.modality.empty() && std::find(def->modalities.begin(), def->modalities.end(),
                                       o.modality) == def->modalities.end())
    return fail(ErrorCode::kInvalid, "unknown modality", "modality");
  if (o.modality.empty() && !def->modalities.empty())
    return fail(ErrorCode::kInvalid, "choose a modality", "modality");
  for (std::size_t i = 0; i < o.facts.size(); ++i)
    if (o.facts[i].empty() || o.facts[i].size() > 64)
      return fail(ErrorCode::kInvalid, "a fact is a short code",
                  "facts[" + std::to_string(i) + "]");
  NANSEN_TRY(
      access::authorize(actor, access::Permission::kCaseWrite, access::RecordScope{o.country, ""}));

  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  NANSEN_TRY(check_member(**tx, actor, o.principal, o.country, "principal"));
  for (std::size_t i = 0; i < o.dependants.size(); ++i)
    NANSEN_TRY(check_member(**tx, actor, o.dependants[i], o.country,
                            "dependants[" + std::to_string(i) + "]"));
  auto number = next_number(**tx, o.country, now);
  if (!number) return fail(number.error());
  const std::string at = format_instant(now);
  db::Value assigned = std::monostate{};
  if (o.assigned_to) assigned = o.assigned_to->value;
  auto id = (*tx)->insert(
      "INSERT INTO cases (number, procedure_id, country, modality, state, principal_id, "
      "assigned_to, opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {*number, def->id, o.country, o.modality, def->initial_state, o.principal.value, assigned, at,
       at});
  if (!id) return fail(id.error());
  NANSEN_TRY((*tx)->execute(
      "INSERT INTO case_members (case_id, person_id, role) VALUES (?, ?, 'principal')",
      {*id, o.principal.value}));
  for (const auto& d : o.dependants)
    NANSEN_TRY((*tx)->execute(
        "INSERT INTO case_members (case_id, person_id, role) VALUES (?, ?, 'dependant') "
        "ON CONFLICT DO NOTHING",
        {*id, d.value}));
  for (const auto& f : o.facts)
    NANSEN_TRY((*tx)->execute(
        "INSERT INTO case_facts (case_id, fact) VALUES (?, ?) ON CONFLICT DO NOTHING", {*id, f}));
  NANSEN_TRY(audit_case(**tx, actor, "case.open", *id, o.country, now,
                        "{\"procedure\":\"" + def->id + "\"}"));
  NANSEN_TRY((*tx)->commit());
  return CaseId{*id};
}

namespace {

Status load_history(db::Transaction& tx, Case& c) {
  auto rows = tx.query(
      "SELECT event, from_state, to_state, on_date, at, actor_login, fields, actor_id "
      "FROM case_events WHERE case_id = ? ORDER BY id",
      {c.id.value});
  if (!rows) return fail(rows.error());
  for (const auto& r : *rows) {
    HistoryEntry h;
    h.event = r.text(0);
    h.from_state = r.optional_text(1);
    h.to_state = r.optional_text(2);
    h.on = parse_civil_date(r.text(3)).value_or(CivilDate{});
    if (auto at = r.optional_text(4)) {
      auto parsed = parse_instant(*at);
      if (parsed) h.at = *parsed;
    }
    h.actor_login = r.text(5);
    auto fields = nlohmann::json::parse(r.text(6), nullptr, false);
    if (fields.is_object())
      for (const auto& [k, v] : fields.items())
        if (v.is_string()) h.fields[k] = v.get<std::string>();
    h.actor = access::UserId{r.integer(7)};
    c.history.push_back(std::move(h));
  }
  auto ext = tx.query(
      "SELECT deadline, months, days, reason, granted_on FROM case_extensions WHERE case_id = ? "
      "ORDER BY id",
      {c.id.value});
  if (!ext) return fail(ext.error());
  for (const auto& r : *ext)
    c.extensions.push_back(Extension{
        r.text(0), Duration{static_cast<int>(r.integer(1)), static_cast<int>(r.integer(2)), 0},
        r.text(3), parse_civil_date(r.text(4)).value_or(CivilDate{})});
  return {};
}

}  // namespace

Result<Case> load_case(db::Transaction& tx, CaseId id) {
  auto row = tx.query_one(
      "SELECT number, procedure_id, country, modality, state, principal_id, assigned_to, "
      "opened_at FROM cases WHERE id = ?",
      {id.value});
  if (!row) return fail(row.error());
  Case c;
  c.id = id;
  c.number = row->text(0);
  c.procedure_id = row->text(1);
  c.country = row->text(2);
  c.modality = row->text(3);
  c.state = row->text(4);
  c.principal = registry::PersonId{row->integer(5)};
  if (auto a = row->optional_integer(6)) c.assigned_to = access::UserId{*a};
  c.opened_at = row->text(7);
  auto members = tx.query(
      "SELECT person_id FROM case_members WHERE case_id = ? AND role = 'dependant' ORDER BY "
      "person_id",
      {id.value});
  if (!members) return fail(members.error());
  for (const auto& r : *members) c.dependants.push_back(registry::PersonId{r.integer(0)});
  auto facts = tx.query("SELECT fact FROM case_facts WHERE case_id = ? ORDER BY fact", {id.value});
  if (!facts) return fail(facts.error());
  for (const auto& r : *facts) c.facts.push_back(r.text(0));
  NANSEN_TRY(load_history(tx, c));
  return c;
}

Result<Case> get_case(db::Database& db, const access::Actor& actor, CaseId id, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto row = case_row_in_scope(**tx, actor, id);
  if (!row) return fail(row.error());
  auto c = load_case(**tx, id);
  if (!c) return fail(c.error());
  NANSEN_TRY((*tx)->commit());
  tx->reset();  // the entry below needs a connection of the pool
  NANSEN_TRY(access::record_read_audit(
      db, actor,
      access::AuditEvent{"case.read", "case", std::to_string(id.value), c->country, "{}"}, now));
  return c;
}

Result<CaseId> find_case_by_number(db::Database& db, const access::Actor& actor,
                                   std::string_view number) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseRead));
  auto rows = db.query("SELECT id, country FROM cases WHERE number = ?", {std::string(number)});
  if (!rows) return fail(rows.error());
  if (rows->empty() || !access::covers_country(actor, rows->at(0).text(1)))
    return fail(ErrorCode::kNotFound, "no such case", "number");
  return CaseId{rows->at(0).integer(0)};
}

Timeline timeline_of(const Case& c) {
  Timeline t;
  t.modality = c.modality;
  for (const auto& f : c.facts) t.facts.insert(f);
  for (const auto& h : c.history) {
    auto outcome = h.fields.find("outcome");
    t.events.push_back(
        CaseEvent{h.event, h.on, h.at, h.actor, outcome == h.fields.end() ? "" : outcome->second});
  }
  t.extensions = c.extensions;
  return t;
}

}  // namespace nansen::procedures
