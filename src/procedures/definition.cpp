// SPDX-License-Identifier: Apache-2.0
// Look-ups on a loaded definition.
#include <algorithm>

#include "procedures/procedures.h"

namespace nansen::procedures {
namespace {

template <typename T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const State* Definition::state(std::string_view id) const {
  return find_by_id(states, id);
}
const Transition* Definition::transition(std::string_view id) const {
  return find_by_id(transitions, id);
}
const Deadline* Definition::deadline(std::string_view id) const {
  return find_by_id(deadlines, id);
}
bool Definition::knows_event(std::string_view event) const {
  return transition(event) != nullptr ||
         std::find(external_events.begin(), external_events.end(), event) != external_events.end();
}
bool Definition::issues_on(const DocumentRule& rule, std::string_view transition) {
  return std::find(rule.on_transitions.begin(), rule.on_transitions.end(), transition) !=
         rule.on_transitions.end();
}

bool issued_only_by_procedure(const Catalog& catalog, std::string_view document_type) {
  for (const auto& [id, def] : catalog)
    for (const auto& rule : def.documents)
      if (rule.outcome && rule.type == document_type) return true;
  return false;
}

}  // namespace nansen::procedures
