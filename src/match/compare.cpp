// SPDX-License-Identifier: Apache-2.0
// Agreement levels per field. Thresholds on Jaro–Winkler are the usual ones for names
// (0.92 for a close variant, 0.80 for a weak one); levels are what EM learns weights for.
#include <algorithm>

#include "match/match.h"

namespace nansen::match {
namespace {

using text::jaro_winkler;

constexpr std::string_view kFieldNames[kFieldCount] = {
    "family", "given", "patronymic", "birth_date", "sex", "nationality", "attributes"};

// Level names per field, lowest agreement first.
const std::vector<std::vector<std::string_view>>& level_names() {
  static const std::vector<std::vector<std::string_view>> names = {
      {"different", "weak", "root", "close", "stem"},              // family
      {"different", "weak", "close", "exact"},                     // given
      {"different", "close", "exact"},                             // patronymic
      {"different", "year_close", "near", "compatible", "exact"},  // birth date
      {"different", "same"},                                       // sex
      {"different", "same"},                                       // nationality
      {"none", "some", "all"},                                     // attributes
  };
  return names;
}

// Jaro–Winkler rewards a shared beginning, and the region's names are compounds that
// share one: Бахаргүл and Бахаржан, Темірболат and Темірмұрат, Бақытов and Бақытбақытов
// score 0.85–0.93 yet are different names. A slip of the pen or of an OCR engine changes
// one or two letters, so a variant must also be within a few edits of the other.
// Returns the level: 2 for close (JW ≥ close_jw, ≤ 2 edits), 1 for weak (JW ≥ 0.80, ≤
// weak_edits), 0 otherwise.
int variant_level(std::string_view a, std::string_view b, double close_jw, int weak_edits) {
  const double jw = jaro_winkler(a, b);
  if (jw < 0.80) return 0;
  const std::size_t longer = std::max(a.size(), b.size()), shorter = std::min(a.size(), b.size());
  if (longer - shorter > static_cast<std::size_t>(weak_edits)) return 0;
  const int edits = text::damerau_levenshtein(a, b);
  if (jw >= close_jw && edits <= 2) return 2;
  return edits <= weak_edits ? 1 : 0;
}

std::int8_t family_level(std::string_view stem_a, std::string_view root_a, std::string_view stem_b,
                         std::string_view root_b) {
  if (stem_a.empty() || stem_b.empty()) return -1;
  if (stem_a == stem_b) return 4;
  // A de-Russified form (Рахмонов / Раҳмон) is weaker evidence than a spelling variant.
  if (!root_a.empty() && root_a == root_b) return 2;
  switch (variant_level(stem_a, stem_b, 0.92, 3)) {
    case 2:
      return 3;
    case 1:
      return 1;
    default:
      return 0;
  }
}

std::int8_t given_token_level(std::string_view a, std::string_view b) {
  if (a == b) return 3;
  return static_cast<std::int8_t>(variant_level(a, b, 0.92, 2));
}

std::int8_t given_level(const Features& a, const Features& b) {
  if (a.given.empty() || b.given.empty()) return -1;
  if (a.given_joined == b.given_joined) return 3;
  // Two different names that are both common given names (Нұрсұлтан / Нурлан) are two
  // names, not a typo of one.
  if (a.given_is_common && b.given_is_common) return 0;
  if (a.given.size() == 1 && b.given.size() == 1) return given_token_level(a.given[0], b.given[0]);
  const double s = text::token_set_similarity(a.given, b.given);
  if (s >= 0.92) return 2;
  if (s >= 0.80) return 1;
  return 0;
}

std::int8_t date_level(const Features& a, const Features& b) {
  switch (text::compare_dates(a.birth_date, b.birth_date)) {
    case text::DateAgreement::kMissing:
      return -1;
    case text::DateAgreement::kExact:
      return 4;
    case text::DateAgreement::kCompatible:
      return 3;
    case text::DateAgreement::kNear:
      return 2;
    case text::DateAgreement::kYearClose:
      return 1;
    case text::DateAgreement::kDifferent:
      return 0;
  }
  return -1;
}

std::int8_t attribute_level(const Features& a, const Features& b) {
  const std::size_t n = std::min(a.attributes.size(), b.attributes.size());
  std::size_t compared = 0, agreed = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (a.attributes[i].empty() || b.attributes[i].empty()) continue;
    ++compared;
    agreed +=
        a.attributes[i] == b.attributes[i] || jaro_winkler(a.attributes[i], b.attributes[i]) >= 0.9;
  }
  if (compared == 0) return -1;
  if (agreed == compared) return 2;
  return agreed > 0 ? 1 : 0;
}

std::string_view father_name(std::string_view patronymic) {
  for (std::string_view suffix :
       {"ovich", "evich", "ovna", "evna", "ichna", "ich", "uli", "ulu", "kizi", "ogli", "gizi"}) {
    if (patronymic.size() >= suffix.size() + 3 &&
        patronymic.substr(patronymic.size() - suffix.size()) == suffix)
      return patronymic.substr(0, patronymic.size() - suffix.size());
  }
  return patronymic;
}

}  // namespace

std::string_view field_name(Field f) {
  return kFieldNames[static_cast<std::size_t>(f)];
}

int level_count(Field f) {
  return static_cast<int>(level_names()[static_cast<std::size_t>(f)].size());
}

std::string_view level_name(Field f, int level) {
  if (level < 0) return "missing";
  return level_names()[static_cast<std::size_t>(f)][static_cast<std::size_t>(level)];
}

bool clearly_different(const Model& model, const Comparison& c) {
  for (std::size_t f = 0; f < kFieldCount; ++f)
    if (model.veto[f] && c.level[f] == 0) return true;
  // Two full dates that differ in month or day beyond a slip on each side (namesakes born the same
  // year or a year apart: frequent in a large register). A veto rather than a lower
  // level, so that sets whose dates are corrupted at random (FEBRL, vetoes off) keep
  // their learnt weights.
  return model.veto[static_cast<std::size_t>(Field::kBirthDate)] && c.dates_conflict;
}

Comparison compare(const Features& a, const Features& b) {
  Comparison c;
  c.level.fill(-1);
  auto& L = c.level;
  L[0] = family_level(a.family_stem, a.family_root, b.family_stem, b.family_root);
  L[1] = given_level(a, b);
  // A name parsed in the other order on one side: try given ↔ family crosswise.
  if ((L[0] <= 1 || L[1] <= 1) && a.given.size() == 1 && b.given.size() == 1 &&
      !a.family_stem.empty() && !b.family_stem.empty()) {
    const double cross_ab = jaro_winkler(a.given[0], b.family_stem);
    const double cross_ba = jaro_winkler(b.given[0], a.family_stem);
    const double straight =
        jaro_winkler(a.family_stem, b.family_stem) + jaro_winkler(a.given_joined, b.given_joined);
    if (cross_ab + cross_ba > straight + 0.1) {
      // Stems only now: most pairs are not swapped, and stemming allocates.
      // Which crossed pair holds the given names? Either a's given and b's family
      // (Islomjon Shohboybekov / Shohbobek Islomjon read given-first) or the other two;
      // the reading under which both parts agree better wins.
      const auto ga = text::surname_stem(a.given[0]), gb = text::surname_stem(b.given[0]);
      const std::array<std::int8_t, 2> x = {
          family_level(a.family_stem, a.family_root, gb.stem, gb.root),
          given_token_level(a.given[0], b.family_stem)};
      const std::array<std::int8_t, 2> y = {
          family_level(ga.stem, ga.root, b.family_stem, b.family_root),
          given_token_level(b.given[0], a.family_stem)};
      const auto& best =
          (y[0] + y[1] > x[0] + x[1] || (y[0] + y[1] == x[0] + x[1] && y[1] > x[1])) ? y : x;
      L[0] = best[0];
      L[1] = best[1];
      c.names_swapped = true;
    }
  }
  if (!a.patronymic.empty() && !b.patronymic.empty()) {
    // "serikovich" vs "serikuli" vs "serik uli": the father's name decides.
    const std::string_view fa = father_name(a.patronymic), fb = father_name(b.patronymic);
    if (fa == fb) {
      L[2] = 2;
    } else {
      L[2] = variant_level(fa, fb, 0.88, 2) == 2 ? 1 : 0;
    }
  }
  L[3] = date_level(a, b);
  // Dates a year apart or less that agree on nothing finer, though both give the month.
  c.dates_conflict = L[3] == 1 && a.birth_date && b.birth_date &&
                     text::dates_contradict(*a.birth_date, *b.birth_date);
  if (a.sex && b.sex) L[4] = *a.sex == *b.sex ? 1 : 0;
  if (!a.nationality.empty() && !b.nationality.empty())
    L[5] = a.nationality == b.nationality ? 1 : 0;
  L[6] = attribute_level(a, b);
  return c;
}

}  // namespace nansen::match
