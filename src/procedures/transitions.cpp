// SPDX-License-Identifier: Apache-2.0
// Whether an actor may take a transition now: definition, order, role, four eyes.
#include <algorithm>

#include "procedures/procedures.h"

namespace nansen::procedures {
namespace {

bool occurred(const Timeline& t, std::string_view event) {
  return std::any_of(t.events.begin(), t.events.end(),
                     [&](const CaseEvent& e) { return e.event == event; });
}

bool elapsed_unmet(const std::vector<DueDate>& dues, std::string_view deadline,
                   const CivilDate& today) {
  auto it = std::find_if(dues.begin(), dues.end(), [&](auto& d) { return d.deadline == deadline; });
  return it != dues.end() && !it->met_on && days_from_civil(today) > days_from_civil(it->due);
}

bool holds(const Requirement& r, const Timeline& t, const std::vector<DueDate>& dues,
           const CivilDate& today) {
  if (r.event) return occurred(t, *r.event);
  return elapsed_unmet(dues, *r.deadline_elapsed, today);
}

std::string describe(const Requirement& r) {
  return r.event ? "'" + *r.event + "' has not happened"
                 : "the deadline '" + *r.deadline_elapsed + "' has not run out";
}

// Every check except the fields given with the request.
Status check_taking(const Definition& def, const Transition& t, std::string_view state,
                    const Timeline& timeline, const access::Actor& actor, const CivilDate& today,
                    std::string_view zone) {
  if (!actor.system && std::find(t.roles.begin(), t.roles.end(), actor.role) == t.roles.end())
    return fail(ErrorCode::kForbidden,
                "your role (" + std::string(access::role_name(actor.role)) + ") may not take '" +
                    t.id + "'",
                "transition");
  NANSEN_TRY(access::authorize(actor, t.permission));
  if (std::find(t.from.begin(), t.from.end(), state) == t.from.end())
    return fail(ErrorCode::kConflict,
                "'" + t.id + "' cannot be taken from the state '" + std::string(state) + "'",
                "transition");
  if (t.modality && *t.modality != timeline.modality)
    return fail(ErrorCode::kConflict,
                "'" + t.id + "' applies only to the " + *t.modality + " modality", "transition");
  auto dues = compute_due_dates(def, timeline, zone);
  if (!dues) return fail(dues.error());
  for (const auto& r : t.requires_all)
    if (!holds(r, timeline, *dues, today))
      return fail(ErrorCode::kConflict, "'" + t.id + "' is not yet possible: " + describe(r),
                  "transition");
  if (!t.requires_any.empty() &&
      std::none_of(t.requires_any.begin(), t.requires_any.end(),
                   [&](auto& r) { return holds(r, timeline, *dues, today); }))
    return fail(ErrorCode::kConflict,
                "'" + t.id + "' is not yet possible: " + describe(t.requires_any.front()),
                "transition");
  if (t.within_deadline) {
    auto due = std::find_if(dues->begin(), dues->end(),
                            [&](auto& d) { return d.deadline == *t.within_deadline; });
    if (due == dues->end())
      return fail(
          ErrorCode::kConflict,
          "'" + t.id + "' is not yet possible: '" + *t.within_deadline + "' has not started",
          "transition");
    const CivilDate last = due->late_until.value_or(due->due);
    if (days_from_civil(today) > days_from_civil(last))
      return fail(ErrorCode::kConflict,
                  "'" + t.id + "' is no longer possible: the period '" + *t.within_deadline +
                      "' ended on " + format_civil_date(last),
                  "transition");
  }
  for (const std::string& other : t.not_by_actor_of) {
    auto last = std::find_if(timeline.events.rbegin(), timeline.events.rend(),
                             [&](const CaseEvent& e) { return e.event == other; });
    if (last != timeline.events.rend() && last->actor.valid() && last->actor == actor.user)
      return fail_rule(ErrorCode::kForbidden, "four_eyes",
                       "four eyes: you took '" + other +
                           "' on this case, so another officer must take '" + t.id + "'",
                       "transition");
  }
  if (t.approves_outcome) {
    // The latest draft is the one under review: a returned and redrafted decision counts
    // with its new outcome.
    auto draft = std::find_if(timeline.events.rbegin(), timeline.events.rend(), [&](auto& e) {
      const Transition* drafted = def.transition(e.event);
      return drafted && !drafted->outcomes.empty();
    });
    if (draft == timeline.events.rend())
      return fail(ErrorCode::kConflict, "'" + t.id + "' approves a draft, and there is none",
                  "outcome");
    if (draft->outcome != *t.approves_outcome)
      return fail_rule(ErrorCode::kConflict, "approval_disagrees",
                       "the draft proposes '" + draft->outcome + "' but '" + t.id + "' approves '" +
                           *t.approves_outcome + "'",
                       "outcome");
  }
  return {};
}

}  // namespace

Status check_transition(const Definition& definition, std::string_view current_state,
                        const Timeline& timeline, const access::Actor& actor,
                        const TransitionRequest& request, const CivilDate& today,
                        std::string_view time_zone) {
  const Transition* t = definition.transition(request.transition);
  if (!t)
    return fail(ErrorCode::kInvalid,
                "the procedure '" + definition.id + "' has no transition '" +
                    request.transition.substr(0, 64) + "'",
                "transition");
  NANSEN_TRY(check_taking(definition, *t, current_state, timeline, actor, today, time_zone));
  for (const std::string& f : t->required_fields) {
    auto it = request.fields.find(f);
    if (it == request.fields.end() || trim(it->second).empty())
      return fail(ErrorCode::kInvalid, "'" + t->id + "' requires '" + f + "'", f);
  }
  if (!t->outcomes.empty()) {
    const std::string& outcome = request.fields.at("outcome");
    if (std::find(t->outcomes.begin(), t->outcomes.end(), outcome) == t->outcomes.end()) {
      std::string known;
      for (const auto& o : t->outcomes) known += (known.empty() ? "" : ", ") + o;
      return fail(ErrorCode::kInvalid, "must be one of: " + known, "outcome");
    }
  }
  return {};
}

std::vector<const Transition*> available_transitions(
    const Definition& definition, std::string_view current_state, const Timeline& timeline,
    const access::Actor& actor, const CivilDate& today, std::string_view time_zone) {
  std::vector<const Transition*> out;
  for (const auto& t : definition.transitions)
    if (check_taking(definition, t, current_state, timeline, actor, today, time_zone))
      out.push_back(&t);
  return out;
}

}  // namespace nansen::procedures
