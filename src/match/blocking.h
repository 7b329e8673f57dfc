// SPDX-License-Identifier: Apache-2.0
// Blocking: which pairs of records are worth comparing at all. Private to match/.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "match/match.h"

namespace nansen::match {

// FNV-1a of the parts, low bit clear. Keys with the low bit set (loose()) come from
// rules that gather many unrelated records; candidate_pairs windows their blocks early.
std::uint64_t hash_key(std::string_view tag, std::string_view a, std::string_view b = {},
                       std::string_view c = {});
std::uint64_t loose(std::uint64_t key);
bool is_loose(std::uint64_t key);
// Blocks of a loose key over this many records are windowed, `kLooseWindow` neighbours.
inline constexpr std::size_t kLooseMaxBlock = 16;
inline constexpr std::size_t kLooseWindow = 4;

enum class RuleSet {
  kNames,     // name-based rules (for EM of the non-name fields, and for dedup)
  kDates,     // full birth date only (for EM of the name fields)
  kFullName,  // given + family + patronymic, no date (for EM of the other fields)
  kAll,       // everything dedup uses
};

// Blocking keys of one record under a rule set; a record may have several per rule.
void blocking_keys(const Features& f, RuleSet rules, std::vector<std::uint64_t>& out);

// Candidate pairs (i << 32 | j, i < j), sorted and unique. Blocks larger than
// `max_block` (kLooseMaxBlock for loose keys) are sorted by name and birth date and only
// `window` (kLooseWindow) neighbours are paired.
std::vector<std::uint64_t> candidate_pairs(const std::vector<Features>& records, RuleSet rules,
                                           std::size_t max_block, std::size_t window);

}  // namespace nansen::match
