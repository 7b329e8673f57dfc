// SPDX-License-Identifier: Apache-2.0
// Gendered surname endings, de-Russified roots and patronymic forms, on skeletons.
#include <array>

#include "text/internal.h"

namespace nansen::text {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

struct Ending {
  std::string_view feminine;
  std::string_view masculine;
};
// Skeleton spellings: -ская → "skaia", -ский → "skii" → "ski" after collapsing.
constexpr Ending kGenderedEndings[] = {
    {"skaia", "ski"}, {"tskaia", "tski"}, {"ova", "ov"},
    {"eva", "ev"},    {"ina", "in"},      {"ava", "av"},  // -аева / -аев after folding
};

// Turkic and Tajik family-name suffixes that replace -ов/-ев in de-Russified forms.
constexpr std::string_view kRootSuffixes[] = {
    "uli", "ulu", "kizi", "ogli", "oglu", "gizi", "zoda", "zada", "zade", "ov", "ev", "in", "av"};

constexpr std::string_view kMarkers[] = {"uli", "ulu", "kizi", "ogli", "oglu", "ugli", "gizi"};
constexpr std::string_view kMaleMarkers[] = {"uli", "ulu", "ogli", "oglu", "ugli"};

// "avich" / "avna": -аевич / -аевна (Айтаевич) after the skeleton's ae → a.
constexpr std::string_view kMalePatronymic[] = {"ovich", "evich", "avich", "ich"};
constexpr std::string_view kFemalePatronymic[] = {"ovna", "evna", "avna", "ichna", "inichna"};

// Uzbek and Tajik given names end in -iddin/-uddin ("Nuriddin"): not a surname in -in.
bool looks_like_in_surname(std::string_view stem) {
  return stem.size() >= 4 && !ends_with(stem, "din");
}

// Айсұлу, Гүлсұлу, Айсулуу ("beautiful"): female given names that end like the Kyrgyz
// marker "уулу" once doubled letters collapse; not a patronymic, not a male signal.
bool is_sulu_name(std::string_view token) {
  return ends_with(token, "sulu");
}

// The skeleton folds -аев to "-av" (the MRZ umlaut rule ae → a): Назарбаев → "nazarbav".
// Ярослав, Станислав are given names, not such surnames.
bool looks_like_av_surname(std::string_view stem) {
  return stem.size() >= 5 && !ends_with(stem, "slav");
}

// A root ending in a vowel + й ("sarsenbai" from Сәрсенбайұлы) meets the Russified form,
// whose й the -ев ending swallowed ("sarsenbav" → "sarsenba").
std::string without_final_glide(std::string root) {
  if (root.size() >= 4 && root.back() == 'i' &&
      std::string_view("aeou").find(root[root.size() - 2]) != std::string_view::npos)
    root.pop_back();
  return root;
}

}  // namespace

SurnameStem surname_stem(std::string_view token) {
  SurnameStem out{std::string(token), std::string(token), std::nullopt};
  for (const Ending& e : kGenderedEndings) {
    if (ends_with(token, e.feminine) && token.size() > e.feminine.size() + 1) {
      std::string stem(token.substr(0, token.size() - e.feminine.size()));
      stem += e.masculine;
      if (e.masculine == "in" && !looks_like_in_surname(stem)) continue;
      if (e.masculine == "av" && !looks_like_av_surname(stem)) continue;
      out.stem = stem;
      out.sex = Sex::kFemale;
      break;
    }
    if (ends_with(token, e.masculine) && token.size() > e.masculine.size() + 1) {
      if (e.masculine == "in" && !looks_like_in_surname(token)) continue;
      if (e.masculine == "av" && !looks_like_av_surname(token)) continue;
      out.sex = Sex::kMale;
      break;
    }
  }
  if (!out.sex && !is_sulu_name(token)) {
    if (ends_with(token, "uli") || ends_with(token, "ulu") || ends_with(token, "ogli"))
      out.sex = Sex::kMale;
    else if (ends_with(token, "kizi") || ends_with(token, "gizi"))
      out.sex = Sex::kFemale;
  }
  out.root = out.stem;
  if (is_sulu_name(out.stem)) return out;
  for (std::string_view suffix : kRootSuffixes) {
    if (ends_with(out.stem, suffix) && out.stem.size() >= suffix.size() + 3) {
      if (suffix == "av" && !looks_like_av_surname(out.stem)) continue;
      // -аев keeps its a: Назарбаев → "nazarba", as Назарбайұлы → "nazarba".
      const std::size_t cut = suffix == "av" ? 1 : suffix.size();
      out.root = without_final_glide(out.stem.substr(0, out.stem.size() - cut));
      break;
    }
  }
  return out;
}

bool is_patronymic_marker(std::string_view token) {
  for (std::string_view m : kMarkers)
    if (token == m) return true;
  return false;
}

bool is_one_word_turkic_patronymic(std::string_view token) {
  if (is_sulu_name(token)) return false;
  for (std::string_view m : kMarkers)
    if (ends_with(token, m) && token.size() >= m.size() + 3) return true;
  return false;
}

bool is_patronymic_token(std::string_view token) {
  if (is_patronymic_marker(token) || is_one_word_turkic_patronymic(token)) return true;
  for (std::string_view e : kMalePatronymic)
    if (ends_with(token, e) && token.size() >= e.size() + 3 && e != "ich") return true;
  for (std::string_view e : kFemalePatronymic)
    if (ends_with(token, e) && token.size() >= e.size() + 2) return true;
  return false;
}

std::optional<Sex> patronymic_sex(std::string_view token) {
  for (std::string_view m : kMaleMarkers)
    if (ends_with(token, m)) return Sex::kMale;
  if (ends_with(token, "kizi") || ends_with(token, "gizi")) return Sex::kFemale;
  for (std::string_view e : kFemalePatronymic)
    if (ends_with(token, e)) return Sex::kFemale;
  for (std::string_view e : kMalePatronymic)
    if (ends_with(token, e)) return Sex::kMale;
  return std::nullopt;
}

}  // namespace nansen::text
