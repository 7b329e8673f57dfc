// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: a procedure definition file (docs/procedures.md) through the loader
// that checks the catalog at start-up — JSON syntax, shapes, cross-references and the
// state graph. A definition that loads must also answer the questions cases ask of it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "procedures/procedures.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nansen::procedures;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto catalog = load_definitions({{"procedures/fuzz.json", in}});
  if (!catalog) {
    if (catalog.error().message.empty()) std::abort();
    return 0;
  }
  const nansen::CivilDate today{2024, 1, 31};
  nansen::access::Actor officer;
  officer.system = true;  // every permission: the rules of the file decide what is offered
  for (const auto& [id, definition] : *catalog) {
    if (id.empty() || definition.state(definition.initial_state) == nullptr) std::abort();
    // A timeline where every transition and external event happened once, a day apart,
    // walked from the initial state: due dates and the transitions offered on the way.
    Timeline timeline;
    nansen::CivilDate day = today;
    for (const Transition& t : definition.transitions) {
      timeline.events.push_back({t.id, day, std::nullopt, {}, ""});
      day = nansen::add_days(day, 1);
    }
    for (const std::string& e : definition.external_events)
      timeline.events.push_back({e, day, std::nullopt, {}, ""});
    if (auto due = compute_due_dates(definition, timeline))
      for (const DueDate& d : *due) (void)deadline_status(d, today);
    for (const State& s : definition.states)
      (void)available_transitions(definition, s.id, timeline, officer, today);
  }
  return 0;
}
