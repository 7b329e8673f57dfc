// Blocking: which pairs of records are worth comparing at all. Private to match/.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "match/match.h"

namespace nansen::match {

std::uint64_t hash_key(std::string_view tag, std::string_view a, std::string_view b = {},
                       std::string_view c = {});

enum class RuleSet {
  kNames,     // name-based rules (for EM of the non-name fields, and for dedup)
  kDates,     // full birth date only (for EM of the name fields)
  kFullName,  // given + family + patronymic, no date (for EM of the other fields)
  kAll,       // everything dedup uses
};

// Blocking keys of one record under a rule set; a record may have several per rule.
void blocking_keys(const Features& f, RuleSet rules, std::vector<std::uint64_t>& out);

// Candidate pairs (i << 32 | j, i < j), sorted and unique. Blocks larger than
// `max_block` are sorted by name and only `window` neighbours are paired.
std::vector<std::uint64_t> candidate_pairs(const std::vector<Features>& records, RuleSet rules,
                                           std::size_t max_block, std::size_t window);

}  // namespace nansen::match
