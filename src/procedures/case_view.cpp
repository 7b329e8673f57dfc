// SPDX-License-Identifier: Apache-2.0
// The case page's view: the case, its members' names, its deadlines with the days left,
// what the actor may do and what four eyes keeps from it, from one read and one audit row.
#include <algorithm>

#include "procedures/case_internal.h"

namespace nansen::procedures {
namespace {

std::vector<DueView> due_views(const Definition& def, const Timeline& timeline,
                               const CivilDate& today, std::string_view time_zone) {
  std::vector<DueView> out;
  auto dues = compute_due_dates(def, timeline, time_zone);
  if (!dues) return out;  // a stored timeline that no longer computes shows no deadline
  for (DueDate& d : *dues) {
    DueView v;
    v.status = deadline_status(d, today);
    v.days_left = static_cast<int>(days_from_civil(d.due) - days_from_civil(today));
    const Deadline* spec = def.deadline(d.deadline);
    v.can_extend = spec && spec->max_extended_months && !d.met_on;
    v.due = std::move(d);
    out.push_back(std::move(v));
  }
  return out;
}

// A probe of each transition from the current state with every required field filled:
// what remains refused by the four-eyes rule.
std::vector<const Transition*> four_eyes_blocked(const Definition& def, const Case& c,
                                                 const Timeline& timeline,
                                                 const access::Actor& actor, const CivilDate& today,
                                                 std::string_view time_zone) {
  std::vector<const Transition*> out;
  for (const Transition& t : def.transitions) {
    if (std::find(t.from.begin(), t.from.end(), c.state) == t.from.end()) continue;
    TransitionRequest probe{t.id, {}};
    for (const auto& f : t.required_fields) probe.fields[f] = "-";
    auto ok = check_transition(def, c.state, timeline, actor, probe, today, time_zone);
    if (!ok && ok.error().rule == "four_eyes") out.push_back(&t);
  }
  return out;
}

std::string persons_json(const CaseView& v) {
  std::string out = "{\"persons\":[" + std::to_string(v.principal.id.value);
  for (const auto& d : v.dependants) out += "," + std::to_string(d.id.value);
  return out + "]}";
}

}  // namespace

Result<CaseView> view_case(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                           CaseId id, const CivilDate& today, Instant now,
                           std::string_view time_zone) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseRead));
  CaseView v;
  {
    auto tx = db.begin(false);
    if (!tx) return fail(tx.error());
    auto row = case_row_in_scope(**tx, actor, id);
    if (!row) return fail(row.error());
    v.definition = find_definition(catalog, row->procedure_id);
    if (!v.definition)
      return fail(ErrorCode::kInternal, "the case's procedure is not in the catalog", "case");
    auto c = load_case(**tx, id);
    if (!c) return fail(c.error());
    v.c = std::move(*c);
    std::vector<registry::PersonId> members{v.c.principal};
    members.insert(members.end(), v.c.dependants.begin(), v.c.dependants.end());
    auto names = registry::first_names(**tx, members);
    if (!names) return fail(names.error());
    const auto member = [&](registry::PersonId p) {
      auto it = names->find(p.value);
      return CaseMember{p, it == names->end() ? "" : it->second};
    };
    v.principal = member(v.c.principal);
    for (registry::PersonId d : v.c.dependants) v.dependants.push_back(member(d));
    if (v.definition->assess_adults_individually) {
      auto adults = unassessed_adults(**tx, *v.definition, v.c, today);
      if (!adults) return fail(adults.error());
      v.awaiting_assessment = std::move(*adults);
    }
    NANSEN_TRY((*tx)->commit());
  }
  const Timeline timeline = timeline_of(v.c);
  v.dues = due_views(*v.definition, timeline, today, time_zone);
  v.available = available_transitions(*v.definition, v.c.state, timeline, actor, today, time_zone);
  v.blocked_by_four_eyes = four_eyes_blocked(*v.definition, v.c, timeline, actor, today, time_zone);
  NANSEN_TRY(
      access::record_read_audit(db, actor,
                                access::AuditEvent{"case.read", "case", std::to_string(id.value),
                                                   v.c.country, persons_json(v)},
                                now));
  return v;
}

}  // namespace nansen::procedures
