// SPDX-License-Identifier: Apache-2.0
// "Overdue" and "due within 7 days" lists per officer and per office.
#include <algorithm>

#include "procedures/case_internal.h"

namespace nansen::procedures {

Result<std::vector<DueItem>> due_list(db::Database& db, const Catalog& catalog,
                                      const access::Actor& actor, const DueFilter& filter,
                                      const CivilDate& today, std::string_view time_zone) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseRead));
  std::string sql = "SELECT id FROM cases WHERE 1 = 1";
  db::Params params;
  if (actor.scope.country) {
    sql += " AND country = ?";
    params.push_back(*actor.scope.country);
  }
  if (filter.assigned_to) {
    sql += " AND assigned_to = ?";
    params.push_back(filter.assigned_to->value);
  }
  sql += " ORDER BY id";
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto ids = (*tx)->query(sql, params);
  if (!ids) return fail(ids.error());
  std::vector<DueItem> out;
  for (const auto& r : *ids) {
    auto c = load_case(**tx, CaseId{r.integer(0)});
    if (!c) return fail(c.error());
    const Definition* def = find_definition(catalog, c->procedure_id);
    if (!def) continue;
    const State* state = def->state(c->state);
    if (state && state->terminal) continue;
    auto dues = compute_due_dates(*def, timeline_of(*c), time_zone);
    if (!dues) continue;  // a stored extension the definition no longer allows: shown on the case
    for (const auto& d : *dues) {
      if (d.party == DeadlineParty::kApplicant && !filter.include_applicant_deadlines) continue;
      const DeadlineStatus s = deadline_status(d, today);
      if (s != DeadlineStatus::kOverdue && s != DeadlineStatus::kDueSoon &&
          s != DeadlineStatus::kLateWindow)
        continue;
      out.push_back(DueItem{c->id, c->number, c->assigned_to, d, s});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const DueItem& a, const DueItem& b) {
    return days_from_civil(a.due.due) < days_from_civil(b.due.due);
  });
  return out;
}

}  // namespace nansen::procedures
