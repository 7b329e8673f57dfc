// SPDX-License-Identifier: Apache-2.0
// Blocking rules. Each rule is strict enough to keep blocks small at a million records
// and the rules together catch the variations the generator and real registers show:
// name + birth year, consonant skeletons (vowel changes, Kazakhified spellings), name
// + full date (year typos), de-Russified roots, and the extra attributes.
#include <fmt/format.h>
#include <algorithm>

#include "match/blocking.h"

namespace nansen::match {
namespace {

std::string_view first_given(const Features& f) {
  return f.given.empty() ? std::string_view{} : std::string_view(f.given.front());
}

std::string_view first_family(const Features& f) {
  const std::string_view s = f.family_stem;
  return s.substr(0, s.find(' '));
}

std::string year_of(const Features& f) {
  return f.birth_date ? std::to_string(f.birth_date->year) : std::string();
}

std::string day_of(const Features& f) {
  if (!f.birth_date || f.birth_date->precision != DatePrecision::kDay) return {};
  return format_civil_date(CivilDate{f.birth_date->year, f.birth_date->month, f.birth_date->day});
}

// An unordered pair key, so a name parsed in the other order meets itself.
std::uint64_t pair_key(std::string_view tag, std::string_view a, std::string_view b,
                       std::string_view extra = {}) {
  return a < b ? hash_key(tag, a, b, extra) : hash_key(tag, b, a, extra);
}

}  // namespace

std::uint64_t loose(std::uint64_t key) {
  return key | 1u;
}
bool is_loose(std::uint64_t key) {
  return (key & 1u) != 0;
}

std::uint64_t hash_key(std::string_view tag, std::string_view a, std::string_view b,
                       std::string_view c) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  auto mix = [&h](std::string_view s) {
    for (unsigned char ch : s) {
      h ^= ch;
      h *= 1099511628211ull;
    }
    h ^= 0xff;
    h *= 1099511628211ull;
  };
  mix(tag);
  mix(a);
  mix(b);
  mix(c);
  return h & ~std::uint64_t{1};  // the low bit marks loose keys
}

void blocking_keys(const Features& f, RuleSet rules, std::vector<std::uint64_t>& out) {
  const std::string_view given = first_given(f);
  const std::string_view family = first_family(f);
  const std::string year = year_of(f);
  const std::string day = day_of(f);
  const std::string_view root = std::string_view(f.family_root).substr(0, f.family_root.find(' '));
  if (rules == RuleSet::kFullName) {
    if (!given.empty() && !family.empty() && !f.patronymic.empty())
      out.push_back(hash_key("gfp", given, family, f.patronymic));
    return;
  }
  if (rules == RuleSet::kDates) {
    if (!day.empty()) out.push_back(hash_key("d", day));
    return;
  }
  if (!given.empty() && !family.empty()) {
    if (!year.empty()) out.push_back(pair_key("gfy", given, family, year));
    const std::string cg = text::consonant_key(given), cf = text::consonant_key(family);
    out.push_back(pair_key("cgf", cg, cf));
    out.push_back(pair_key("grt", given, root));
    // A de-Russified surname (Жақсыбекұлы / Жақсыбеков) and a vowel slip in the given name
    // (Nurgayz / Nurgazy, Qýanbol / Kuanbol) at once.
    if (!root.empty()) out.push_back(hash_key("rcg", root, cg));
  }
  // One name token and the birth date: catches a typo in the other name. The tag does not
  // say which part the token is, so a name parsed in the other order meets itself.
  for (std::string_view token : {given, family}) {
    if (token.empty()) continue;
    if (!day.empty()) out.push_back(hash_key("td", token, day));
    if (!year.empty()) out.push_back(loose(hash_key("ty", token, year)));
  }
  // The same for the surname's root and for a given name that is a surname in disguise
  // (a name parsed in the other order keeps its ending: Dilsherova read as a given name).
  if (!day.empty()) {
    if (!root.empty() && root != family) out.push_back(hash_key("td", root, day));
    if (!given.empty()) {
      const auto stem = text::surname_stem(given);
      if (stem.stem != given && !stem.stem.empty()) out.push_back(hash_key("td", stem.stem, day));
    }
  }
  if (!family.empty() && !f.patronymic.empty() && !year.empty())
    out.push_back(hash_key("fpy", family, f.patronymic, year));
  if (rules == RuleSet::kAll) {
    for (std::size_t i = 0; i < f.attributes.size(); ++i)
      if (f.attributes[i].size() >= 3)
        out.push_back(hash_key("attr", std::to_string(i), f.attributes[i]));
  }
}

std::vector<std::uint64_t> candidate_pairs(const std::vector<Features>& records, RuleSet rules,
                                           std::size_t max_block, std::size_t window) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;
  keyed.reserve(records.size() * 6);
  std::vector<std::uint64_t> keys;
  for (std::uint32_t i = 0; i < records.size(); ++i) {
    keys.clear();
    blocking_keys(records[i], rules, keys);
    for (std::uint64_t k : keys) keyed.emplace_back(k, i);
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::uint64_t> pairs;
  std::vector<std::uint32_t> block;
  auto emit = [&pairs](std::uint32_t a, std::uint32_t b) {
    if (a == b) return;
    if (a > b) std::swap(a, b);
    pairs.push_back(static_cast<std::uint64_t>(a) << 32 | b);
  };
  for (std::size_t s = 0; s < keyed.size();) {
    std::size_t e = s;
    while (e < keyed.size() && keyed[e].first == keyed[s].first) ++e;
    block.clear();
    for (std::size_t k = s; k < e; ++k) block.push_back(keyed[k].second);
    // A loose key (one name token and a year) gathers many unrelated people: its
    // blocks are windowed much earlier, over records sorted by name and date.
    const bool windowed =
        is_loose(keyed[s].first) ? block.size() > kLooseMaxBlock : block.size() > max_block;
    const std::size_t span = is_loose(keyed[s].first) ? std::min(window, kLooseWindow) : window;
    if (!windowed) {
      for (std::size_t x = 0; x < block.size(); ++x)
        for (std::size_t y = x + 1; y < block.size(); ++y) emit(block[x], block[y]);
    } else {
      // Sorted neighbourhood inside an oversized block.
      // Namesakes fill oversized blocks: order them by birth date too, so the window
      // pairs records born close together.
      auto date_key = [&](const Features& f) {
        return f.birth_date
                   ? f.birth_date->year * 400 + f.birth_date->month * 32 + f.birth_date->day
                   : 0;
      };
      std::sort(block.begin(), block.end(), [&](std::uint32_t a, std::uint32_t b) {
        const auto& fa = records[a];
        const auto& fb = records[b];
        const int da = date_key(fa), db = date_key(fb);
        return std::tie(fa.family_stem, fa.given_joined, da) <
               std::tie(fb.family_stem, fb.given_joined, db);
      });
      for (std::size_t x = 0; x < block.size(); ++x)
        for (std::size_t y = x + 1; y < block.size() && y <= x + span; ++y)
          emit(block[x], block[y]);
    }
    s = e;
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

}  // namespace nansen::match
