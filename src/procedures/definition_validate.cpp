// SPDX-License-Identifier: Apache-2.0
// Cross-reference checks on a parsed definition: every name used is defined once, every
// state can be reached, and no case can get stuck in a non-terminal state.
#include <algorithm>
#include <deque>
#include <set>

#include "procedures/definition_parse.h"

namespace nansen::procedures {
namespace {

struct Checker {
  const Definition& d;

  tl::unexpected<Error> error(const std::string& path, const std::string& problem) const {
    const std::string where = d.source_file + ": " + path;
    return fail(ErrorCode::kInvalid, where + ": " + problem, where);
  }

  static std::string at(const std::string& list, std::size_t i) {
    return list + "[" + std::to_string(i) + "]";
  }

  template <typename T>
  Status unique_ids(const std::vector<T>& items, const std::string& list) const {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].id.empty()) return error(at(list, i) + ".id", "must not be empty");
      if (!seen.insert(items[i].id).second)
        return error(at(list, i) + ".id", "duplicate id '" + items[i].id + "'");
    }
    return {};
  }

  Status known_state(const std::string& path, const std::string& id) const {
    if (!d.state(id)) return error(path, "unknown state '" + id + "'");
    return {};
  }

  Status known_event(const std::string& path, const std::string& event) const {
    if (!d.knows_event(event))
      return error(
          path, "unknown event '" + event + "' (neither a transition nor one of external_events)");
    return {};
  }

  Status requirements(const std::vector<Requirement>& rs, const std::string& path) const {
    for (std::size_t i = 0; i < rs.size(); ++i) {
      if (rs[i].event) NANSEN_TRY(known_event(at(path, i) + ".event", *rs[i].event));
      if (rs[i].deadline_elapsed && !d.deadline(*rs[i].deadline_elapsed))
        return error(at(path, i) + ".deadline_elapsed",
                     "unknown deadline '" + *rs[i].deadline_elapsed + "'");
    }
    return {};
  }

  Status modality(const std::optional<std::string>& m, const std::string& path) const {
    if (m && std::find(d.modalities.begin(), d.modalities.end(), *m) == d.modalities.end())
      return error(path, "unknown modality '" + *m + "'");
    return {};
  }

  Status transitions() const {
    for (std::size_t i = 0; i < d.transitions.size(); ++i) {
      const Transition& t = d.transitions[i];
      const std::string p = at("transitions", i);
      for (std::size_t j = 0; j < t.from.size(); ++j) {
        NANSEN_TRY(known_state(at(p + ".from", j), t.from[j]));
        if (d.state(t.from[j])->terminal)
          return error(at(p + ".from", j), "state '" + t.from[j] + "' is terminal");
      }
      NANSEN_TRY(known_state(p + ".to", t.to));
      for (std::size_t j = 0; j < t.not_by_actor_of.size(); ++j)
        if (!d.transition(t.not_by_actor_of[j]))
          return error(at(p + ".not_by_actor_of", j),
                       "unknown transition '" + t.not_by_actor_of[j] + "'");
      NANSEN_TRY(requirements(t.requires_all, p + ".requires_all"));
      NANSEN_TRY(requirements(t.requires_any, p + ".requires_any"));
      NANSEN_TRY(modality(t.modality, p + ".modality"));
      if (t.within_deadline && !d.deadline(*t.within_deadline))
        return error(p + ".within_deadline", "unknown deadline '" + *t.within_deadline + "'");
      if (std::find(d.external_events.begin(), d.external_events.end(), t.id) !=
          d.external_events.end())
        return error(p + ".id", "'" + t.id + "' is also an external event");
      NANSEN_TRY(outcomes(t, p));
    }
    return {};
  }

  bool proposed(const std::string& outcome) const {
    return std::any_of(d.transitions.begin(), d.transitions.end(), [&](const Transition& t) {
      return std::find(t.outcomes.begin(), t.outcomes.end(), outcome) != t.outcomes.end();
    });
  }

  // A draft lists its outcomes and requires the field; an approval names one of them.
  Status outcomes(const Transition& t, const std::string& p) const {
    std::set<std::string> seen;
    for (std::size_t j = 0; j < t.outcomes.size(); ++j)
      if (t.outcomes[j].empty() || !seen.insert(t.outcomes[j]).second)
        return error(at(p + ".outcomes", j), "an outcome is a unique, non-empty code");
    if (!t.outcomes.empty() && std::find(t.required_fields.begin(), t.required_fields.end(),
                                         "outcome") == t.required_fields.end())
      return error(p + ".outcomes", "a transition with outcomes must require 'outcome'");
    if (t.approves_outcome && !proposed(*t.approves_outcome))
      return error(p + ".approves_outcome",
                   "no transition proposes the outcome '" + *t.approves_outcome + "'");
    return {};
  }

  // Four eyes on the way to `t`: `t` itself keeps officers apart, or every transition into
  // each state it starts from does (a notification after a supervised decision).
  bool under_four_eyes(const Transition& t) const {
    if (!t.not_by_actor_of.empty()) return true;
    for (const auto& from : t.from) {
      if (from == d.initial_state) return false;
      for (const auto& in : d.transitions)
        if (in.to == from && in.not_by_actor_of.empty()) return false;
    }
    return true;
  }

  Status deadlines() const {
    for (std::size_t i = 0; i < d.deadlines.size(); ++i) {
      const Deadline& dl = d.deadlines[i];
      const std::string p = at("deadlines", i);
      NANSEN_TRY(known_event(p + ".from_event", dl.from_event));
      for (std::size_t j = 0; j < dl.requires_events.size(); ++j)
        NANSEN_TRY(known_event(at(p + ".requires_events", j), dl.requires_events[j]));
      for (std::size_t j = 0; j < dl.met_by.size(); ++j)
        NANSEN_TRY(known_event(at(p + ".met_by", j), dl.met_by[j]));
      for (std::size_t j = 0; j < dl.variants.size(); ++j)
        NANSEN_TRY(
            modality(dl.variants[j].when_modality, at(p + ".variants", j) + ".when_modality"));
    }
    return {};
  }

  Status documents() const {
    for (std::size_t i = 0; i < d.documents.size(); ++i) {
      const DocumentRule& r = d.documents[i];
      const std::string p = at("documents", i);
      if (r.type.empty()) return error(p + ".type", "must not be empty");
      for (std::size_t j = 0; j < r.on_transitions.size(); ++j) {
        const Transition* t = d.transition(r.on_transitions[j]);
        const std::string path = r.on_transitions.size() == 1 && j == 0
                                     ? p + ".on_transition"
                                     : at(p + ".on_transition", j);
        if (!t) return error(path, "unknown transition '" + r.on_transitions[j] + "'");
        if (r.outcome && !under_four_eyes(*t))
          return error(path, "'" + t->id +
                                 "' issues a document the procedure ends in but is not under "
                                 "four eyes (not_by_actor_of on it or on every way into it)");
      }
      if (r.renew_on && !d.knows_event(*r.renew_on))
        return error(p + ".renew_on", "unknown event '" + *r.renew_on + "'");
      if (r.member_outcome && !d.assess_adults_individually)
        return error(p + ".member_outcome",
                     "only procedures that assess adults individually have member outcomes");
      if (r.member_outcome && !proposed(*r.member_outcome))
        return error(p + ".member_outcome",
                     "no transition proposes the outcome '" + *r.member_outcome + "'");
    }
    return {};
  }

  // Breadth-first from the initial state; then every non-terminal state needs a way out.
  Status graph() const {
    std::set<std::string> reached = {d.initial_state};
    std::deque<std::string> queue = {d.initial_state};
    while (!queue.empty()) {
      const std::string s = queue.front();
      queue.pop_front();
      for (const auto& t : d.transitions)
        if (std::find(t.from.begin(), t.from.end(), s) != t.from.end() &&
            reached.insert(t.to).second)
          queue.push_back(t.to);
    }
    for (std::size_t i = 0; i < d.states.size(); ++i) {
      const State& s = d.states[i];
      if (!reached.count(s.id))
        return error(at("states", i),
                     "state '" + s.id + "' cannot be reached from '" + d.initial_state + "'");
      const bool has_exit = std::any_of(d.transitions.begin(), d.transitions.end(), [&](auto& t) {
        return std::find(t.from.begin(), t.from.end(), s.id) != t.from.end();
      });
      if (!s.terminal && !has_exit)
        return error(at("states", i),
                     "state '" + s.id + "' is not terminal but no transition leaves it");
    }
    return {};
  }

  Status run() const {
    if (d.id.empty()) return error("id", "must not be empty");
    if (d.country &&
        (d.country->size() != 3 || !std::all_of(d.country->begin(), d.country->end(),
                                                [](char c) { return c >= 'A' && c <= 'Z'; })))
      return error("country", "expected an ISO 3166 alpha-3 code such as KAZ");
    if (d.states.empty()) return error("states", "a procedure needs at least one state");
    NANSEN_TRY(unique_ids(d.states, "states"));
    NANSEN_TRY(unique_ids(d.transitions, "transitions"));
    NANSEN_TRY(unique_ids(d.deadlines, "deadlines"));
    std::set<std::string> events;
    for (std::size_t i = 0; i < d.external_events.size(); ++i)
      if (!events.insert(d.external_events[i]).second)
        return error(at("external_events", i), "duplicate event '" + d.external_events[i] + "'");
    NANSEN_TRY(known_state("initial_state", d.initial_state));
    NANSEN_TRY(transitions());
    NANSEN_TRY(deadlines());
    NANSEN_TRY(documents());
    return graph();
  }
};

}  // namespace

Status validate_definition(const Definition& definition) {
  return Checker{definition}.run();
}

}  // namespace nansen::procedures
