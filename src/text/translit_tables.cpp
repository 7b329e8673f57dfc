// SPDX-License-Identifier: Apache-2.0
// Cyrillic → Latin tables for the schemes of text.h, as data. Derived from ICAO Doc 9303
// Part 3, BGN/PCGN and GOST 7.79 (cross-checked against the iuliia project's tables,
// MIT) and the national Latin alphabets of Kazakhstan (2017, 2018, 2021), Uzbekistan,
// Tajikistan (common usage) and Turkmenistan. Kazakh letters in the ICAO column are
// what Kazakh passports print (ә A, қ K, ң N, ө O, ұ U, ү U, һ H, і I).
#include <array>

#include "text/internal.h"

namespace nansen::text {
namespace {

struct Row {
  char32_t cp;
  // icao, bgn, gost, kk2017, kk2018, kk2021, uz, tj, tk, skeleton
  std::array<const char*, 10> latin;
};

constexpr Row kRows[] = {
    {U'а', {"a", "a", "a", "a", "a", "a", "a", "a", "a", "a"}},
    {U'б', {"b", "b", "b", "b", "b", "b", "b", "b", "b", "b"}},
    {U'в', {"v", "v", "v", "v", "v", "v", "v", "v", "w", "v"}},
    {U'г', {"g", "g", "g", "g", "g", "g", "g", "g", "g", "g"}},
    {U'д', {"d", "d", "d", "d", "d", "d", "d", "d", "d", "d"}},
    {U'е', {"e", "e", "e", "e", "e", "e", "e", "e", "e", "e"}},
    {U'ё', {"e", "yo", "ë", "io", "io", "io", "yo", "yo", "ýo", "e"}},
    {U'ж', {"zh", "zh", "ž", "j", "j", "j", "j", "zh", "ž", "j"}},
    {U'з', {"z", "z", "z", "z", "z", "z", "z", "z", "z", "z"}},
    {U'и', {"i", "i", "i", "i'", "ı", "i", "i", "i", "i", "i"}},
    {U'й', {"i", "y", "j", "i'", "ı", "i", "y", "y", "ý", "i"}},
    {U'к', {"k", "k", "k", "k", "k", "k", "k", "k", "k", "k"}},
    {U'л', {"l", "l", "l", "l", "l", "l", "l", "l", "l", "l"}},
    {U'м', {"m", "m", "m", "m", "m", "m", "m", "m", "m", "m"}},
    {U'н', {"n", "n", "n", "n", "n", "n", "n", "n", "n", "n"}},
    {U'о', {"o", "o", "o", "o", "o", "o", "o", "o", "o", "o"}},
    {U'п', {"p", "p", "p", "p", "p", "p", "p", "p", "p", "p"}},
    {U'р', {"r", "r", "r", "r", "r", "r", "r", "r", "r", "r"}},
    {U'с', {"s", "s", "s", "s", "s", "s", "s", "s", "s", "s"}},
    {U'т', {"t", "t", "t", "t", "t", "t", "t", "t", "t", "t"}},
    {U'у', {"u", "u", "u", "y'", "ý", "u", "u", "u", "u", "u"}},
    {U'ф', {"f", "f", "f", "f", "f", "f", "f", "f", "f", "f"}},
    {U'х', {"kh", "kh", "h", "h", "h", "h", "x", "kh", "h", "h"}},
    {U'ц', {"ts", "ts", "c", "c", "c", "ts", "ts", "ts", "ts", "ts"}},
    {U'ч', {"ch", "ch", "č", "c'", "ch", "ç", "ch", "ch", "ç", "ch"}},
    {U'ш', {"sh", "sh", "š", "s'", "sh", "ş", "sh", "sh", "ş", "sh"}},
    {U'щ', {"shch", "shch", "ŝ", "s'", "sh", "ş", "sh", "shch", "şç", "shch"}},
    {U'ъ', {"ie", "", "ʺ", "", "", "", "ʼ", "", "", ""}},
    {U'ы', {"y", "y", "y", "y", "y", "y", "i", "y", "y", "i"}},
    {U'ь', {"", "", "ʹ", "", "", "", "", "", "", ""}},
    {U'э', {"e", "e", "è", "e", "e", "e", "e", "e", "e", "e"}},
    {U'ю', {"iu", "yu", "û", "i'y'", "ıý", "iu", "yu", "yu", "ýu", "iu"}},
    {U'я', {"ia", "ya", "â", "i'a", "ıa", "ia", "ya", "ya", "ýa", "ia"}},
    // Kazakh, Kyrgyz, Uzbek, Tajik, Turkmen, Ukrainian letters.
    {U'ә', {"a", "a", "ä", "a'", "á", "ä", "a", "a", "ä", "a"}},
    {U'ғ', {"g", "gh", "ġ", "g'", "ǵ", "ğ", "gʻ", "gh", "g", "g"}},
    {U'қ', {"k", "q", "ķ", "q", "q", "q", "q", "q", "k", "k"}},
    {U'ң', {"n", "ng", "ņ", "n'", "ń", "ñ", "ng", "ng", "ň", "n"}},
    {U'ө', {"o", "o", "ô", "o'", "ó", "ö", "o", "o", "ö", "o"}},
    {U'ұ', {"u", "u", "ū", "u", "u", "ū", "u", "u", "u", "u"}},
    {U'ү', {"u", "u", "ù", "u'", "ú", "ü", "u", "u", "ü", "u"}},
    {U'һ', {"h", "h", "ḩ", "h", "h", "h", "h", "h", "h", "h"}},
    {U'і', {"i", "i", "ì", "i", "i", "ı", "i", "i", "i", "i"}},
    {U'ў', {"o", "u", "ŭ", "o", "o", "o", "oʻ", "u", "o", "o"}},
    {U'ҳ', {"h", "kh", "ḩ", "h", "h", "h", "h", "h", "h", "h"}},
    {U'ҷ', {"j", "j", "ç", "j", "j", "j", "j", "j", "j", "j"}},
    {U'җ', {"zh", "zh", "ž", "j", "j", "j", "j", "j", "ž", "j"}},
    {U'ӣ', {"i", "i", "ī", "i", "i", "i", "i", "i", "i", "i"}},
    {U'ӯ', {"u", "u", "ū", "u", "u", "u", "u", "u", "u", "u"}},
    {U'є', {"ie", "ye", "ê", "e", "e", "e", "ye", "ye", "e", "e"}},
    {U'ї', {"i", "yi", "ï", "i", "i", "i", "i", "i", "i", "i"}},
    {U'ґ', {"g", "g", "g̀", "g", "g", "g", "g", "g", "g", "g"}},
};

const Row* find_row(char32_t cp) {
  for (const Row& r : kRows)
    if (r.cp == cp) return &r;
  return nullptr;
}

}  // namespace

const char* cyrillic_in_scheme(char32_t lower_cp, Scheme scheme) {
  const Row* r = find_row(lower_cp);
  return r ? r->latin[static_cast<std::size_t>(scheme)] : nullptr;
}

const char* cyrillic_in_skeleton(char32_t lower_cp) {
  const Row* r = find_row(lower_cp);
  return r ? r->latin[9] : nullptr;
}

bool is_cyrillic_vowel(char32_t c) {
  switch (c) {
    case U'а':
    case U'е':
    case U'ё':
    case U'и':
    case U'о':
    case U'у':
    case U'ы':
    case U'э':
    case U'ю':
    case U'я':
    case U'ә':
    case U'ө':
    case U'ұ':
    case U'ү':
    case U'і':
    case U'ў':
    case U'ӣ':
    case U'ӯ':
    case U'ъ':
    case U'ь':
      return true;
    default:
      return false;
  }
}

}  // namespace nansen::text
