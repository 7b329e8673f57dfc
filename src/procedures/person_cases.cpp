// SPDX-License-Identifier: Apache-2.0
// The cases a person belongs to, as principal or dependant: the person page's case list
// and the API's GET /api/v1/cases?person=.
#include "procedures/case_internal.h"

namespace nansen::procedures {

Result<std::vector<CaseSummary>> cases_of_person(db::Database& db, const access::Actor& actor,
                                                 registry::PersonId person, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  // The person decides the scope: another country's person is NotFound, like get_person.
  auto owner = (*tx)->query_one("SELECT country FROM persons WHERE id = ?", {person.value});
  if (!owner) {
    if (owner.error().code != ErrorCode::kNotFound) return fail(owner.error());
    return fail(ErrorCode::kNotFound, "no such person", "person");
  }
  if (!access::covers_country(actor, owner->text(0)))
    return fail(ErrorCode::kNotFound, "no such person", "person");
  std::string sql =
      "SELECT c.id, c.number, c.procedure_id, c.country, c.state, m.role, c.opened_at "
      "FROM case_members m JOIN cases c ON c.id = m.case_id WHERE m.person_id = ?";
  db::Params params{person.value};
  // A case lies in its own country; filter it too, so a case opened elsewhere for a person
  // of this country never shows to an actor of this country.
  if (actor.scope.country) {
    sql += " AND c.country = ?";
    params.push_back(*actor.scope.country);
  }
  sql += " ORDER BY c.id";
  auto rows = (*tx)->query(sql, params);
  if (!rows) return fail(rows.error());
  std::vector<CaseSummary> out;
  for (const auto& r : *rows)
    out.push_back(CaseSummary{CaseId{r.integer(0)}, r.text(1), r.text(2), r.text(3), r.text(4),
                              r.text(5), r.text(6)});
  const std::string country = owner->text(0);
  NANSEN_TRY((*tx)->commit());
  tx->reset();  // the entry below needs a connection of the pool
  NANSEN_TRY(access::record_read_audit(
      db, actor,
      access::AuditEvent{"case.list", "person", std::to_string(person.value), country, "{}"}, now));
  return out;
}

}  // namespace nansen::procedures
