// SPDX-License-Identifier: Apache-2.0
// Shared helpers for the procedures tests: dates, actors and the shipped definitions.
#pragma once

#include <gtest/gtest.h>

#include "procedures/procedures.h"

namespace nansen::procedures::testing {

inline CivilDate day(const char* text) {
  return *parse_civil_date(text);
}

// An officer of `country` ("officer<id>"), as the procedures and documents tests need.
inline access::Actor officer(std::int64_t id, access::Role role, const char* country = "KAZ") {
  access::Actor a;
  a.user = access::UserId{id};
  a.login = "officer" + std::to_string(id);
  a.role = role;
  a.scope.country = country;
  return a;
}

inline const Catalog& shipped() {
  static const Catalog catalog = [] {
    auto c = load_builtin_definitions();
    if (!c) ADD_FAILURE() << c.error().message;
    return c ? *c : Catalog{};
  }();
  return catalog;
}

inline const Definition& shipped(const char* id) {
  static const Definition empty;
  auto it = shipped().find(id);
  if (it == shipped().end()) {
    ADD_FAILURE() << "no shipped definition " << id;
    return empty;
  }
  return it->second;
}

inline CaseEvent event(const char* name, const char* date, std::int64_t actor = 0) {
  return CaseEvent{name, day(date), std::nullopt, access::UserId{actor}, ""};
}

inline const DueDate* find_due(const std::vector<DueDate>& dues, const char* id) {
  for (const auto& d : dues)
    if (d.deadline == id) return &d;
  return nullptr;
}

}  // namespace nansen::procedures::testing
