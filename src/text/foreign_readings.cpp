// SPDX-License-Identifier: Apache-2.0
// Reading a Latin-written name as the German, French, Polish, Czech, Turkish or ISO 9
// spelling of a Cyrillic name. The skeleton reads Latin text the way the region's own
// schemes write it (j = ж, ch = ч, c = ц only in Kazakh 2017); papers issued abroad write
// й as j, х as ch, ш as sch or sz. Rewriting such a spelling into the skeleton's loose
// romanisation, scheme by scheme, gives keys that meet those of the Cyrillic record.
#include <algorithm>
#include <set>

#include "text/internal.h"

namespace nansen::text {
namespace {

constexpr std::size_t kMaxReadingsPerScheme = 4;

constexpr Scheme kForeignSchemes[] = {Scheme::kGost779, Scheme::kGerman, Scheme::kPolish,
                                      Scheme::kCzech,   Scheme::kFrench, Scheme::kTurkish};

// Bytes of the UTF-8 sequence that starts with `lead`.
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  return 4;
}

bool starts_with_at(std::string_view text, std::size_t i, std::string_view s) {
  return !s.empty() && text.compare(i, s.size(), s) == 0;
}

bool is_latin_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// Whether `r` applies at position `i` of `text`.
bool applies(const ReadingRule& r, std::string_view text, std::size_t i) {
  if (!starts_with_at(text, i, r.from)) return false;
  if (r.where == ReadingRule::kAnywhere) return true;
  const std::size_t end = i + r.from.size();
  return i > 0 && end < text.size() && is_latin_vowel(text[i - 1]) && is_latin_vowel(text[end]);
}

// The readings of `text` (folded) in `scheme`; empty when the scheme never writes
// something the text holds.
std::vector<std::string> read_in(std::string_view text, Scheme scheme) {
  std::vector<const ReadingRule*> rules;
  for (const ReadingRule& r : reading_rules())
    if (r.scheme == scheme) rules.push_back(&r);
  std::stable_sort(rules.begin(), rules.end(), [](const ReadingRule* a, const ReadingRule* b) {
    return a->from.size() > b->from.size();
  });
  const SchemeMarks* marks = nullptr;
  for (const SchemeMarks& m : never_written())
    if (m.scheme == scheme) marks = &m;

  std::vector<std::string> variants(1);
  for (std::size_t i = 0; i < text.size();) {
    if (marks)
      for (std::string_view never : marks->never)
        if (starts_with_at(text, i, never)) return {};
    const auto rule = std::find_if(rules.begin(), rules.end(),
                                   [&](const ReadingRule* r) { return applies(*r, text, i); });
    if (rule == rules.end()) {
      const std::size_t n =
          std::min(sequence_length(static_cast<unsigned char>(text[i])), text.size() - i);
      for (std::string& v : variants) v.append(text.substr(i, n));
      i += n;
      continue;
    }
    const ReadingRule& r = **rule;
    if (!r.alt.empty() && variants.size() * 2 <= kMaxReadingsPerScheme) {
      const std::size_t n = variants.size();
      for (std::size_t k = 0; k < n; ++k) variants.push_back(variants[k] + std::string(r.alt));
      for (std::size_t k = 0; k < n; ++k) variants[k] += r.to;
    } else {
      for (std::string& v : variants) v += r.to;
    }
    i += r.from.size();
  }
  return variants;
}

}  // namespace

Result<std::vector<Reading>> foreign_readings(std::string_view name) {
  NANSEN_TRY(check_name_input(name));
  auto folded = fold_case(name);
  if (!folded) return fail(folded.error());
  std::vector<Reading> out;
  if (std::none_of(folded->begin(), folded->end(), [](char c) { return c >= 'a' && c <= 'z'; }))
    return out;  // no Latin letter: nothing to read otherwise
  auto base = skeleton(*folded);
  if (!base) return fail(base.error());
  std::set<std::string> seen = {*base};
  for (Scheme scheme : kForeignSchemes) {
    for (std::string& variant : read_in(*folded, scheme)) {
      auto key = skeleton(variant);
      if (!key || key->empty() || !seen.insert(*key).second) continue;
      out.push_back(Reading{scheme, std::move(variant)});
    }
  }
  return out;
}

}  // namespace nansen::text
