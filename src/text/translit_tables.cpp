// SPDX-License-Identifier: Apache-2.0
// Cyrillic → Latin tables for the schemes of text.h, as data. Derived from ICAO Doc 9303
// Part 3, BGN/PCGN and GOST 7.79 = ISO 9:1995 (cross-checked against the iuliia project's
// tables, MIT) and the national Latin alphabets of Kazakhstan (2017, 2018, 2021),
// Uzbekistan, Tajikistan (common usage) and Turkmenistan. Kazakh letters in the ICAO
// column are what Kazakh passports print (ә A, қ K, ң N, ө O, ұ U, ү U, һ H, і I).
//
// The European columns are how the papers a person carries abroad spell a Cyrillic name:
// German (Duden: ж sch, ш sch, ч tsch, х ch, ц z, в w, з s, й j), French (ж j, ш ch,
// ч tch, у ou, х kh, й ï), Polish (ж ż, ш sz, ч cz, х ch, ц c, й j, в w), Czech (ж ž,
// ш š, ч č, х ch, ц c, й j) and Turkish (ж j, ш ş, ч ç, х h, й y, ы ı). Their letters for
// Kazakh, Uzbek and Tajik sounds follow each language's own alphabet (German ö ü, Czech
// ä ö ü, Turkish ğ ö ü); the rest are the nearest base letter.
//
// Going the other way, the reading rules below turn a name spelt in one of these schemes
// back into the loose romanisation the skeleton starts from (Kudajbergenow Jersajyn →
// kudaibergenov iersaiin), so its keys meet those of the Cyrillic record.
#include <array>
#include <span>

#include "text/internal.h"

namespace nansen::text {
namespace {

struct Row {
  char32_t cp;
  // icao, bgn, gost (ISO 9), kk2017, kk2018, kk2021, uz, tj, tk, de, fr, pl, cs, tr, skeleton
  std::array<const char*, 15> latin;
};

constexpr Row kRows[] = {
    {U'а', {"a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a"}},
    {U'б', {"b", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b"}},
    {U'в', {"v", "v", "v", "v", "v", "v", "v", "v", "w", "w", "v", "w", "v", "v", "v"}},
    {U'г', {"g", "g", "g", "g", "g", "g", "g", "g", "g", "g", "g", "g", "g", "g", "g"}},
    {U'д', {"d", "d", "d", "d", "d", "d", "d", "d", "d", "d", "d", "d", "d", "d", "d"}},
    {U'е', {"e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e"}},
    {U'ё', {"e", "yo", "ë", "io", "io", "io", "yo", "yo", "ýo", "jo", "io", "jo", "jo", "yo", "e"}},
    {U'ж', {"zh", "zh", "ž", "j", "j", "j", "j", "zh", "ž", "sch", "j", "ż", "ž", "j", "j"}},
    {U'з', {"z", "z", "z", "z", "z", "z", "z", "z", "z", "s", "z", "z", "z", "z", "z"}},
    {U'и', {"i", "i", "i", "i'", "ı", "i", "i", "i", "i", "i", "i", "i", "i", "i", "i"}},
    {U'й', {"i", "y", "j", "i'", "ı", "i", "y", "y", "ý", "j", "ï", "j", "j", "y", "i"}},
    {U'к', {"k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k"}},
    {U'л', {"l", "l", "l", "l", "l", "l", "l", "l", "l", "l", "l", "l", "l", "l", "l"}},
    {U'м', {"m", "m", "m", "m", "m", "m", "m", "m", "m", "m", "m", "m", "m", "m", "m"}},
    {U'н', {"n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n"}},
    {U'о', {"o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o"}},
    {U'п', {"p", "p", "p", "p", "p", "p", "p", "p", "p", "p", "p", "p", "p", "p", "p"}},
    {U'р', {"r", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r"}},
    {U'с', {"s", "s", "s", "s", "s", "s", "s", "s", "s", "s", "s", "s", "s", "s", "s"}},
    {U'т', {"t", "t", "t", "t", "t", "t", "t", "t", "t", "t", "t", "t", "t", "t", "t"}},
    {U'у', {"u", "u", "u", "y'", "ý", "u", "u", "u", "u", "u", "ou", "u", "u", "u", "u"}},
    {U'ф', {"f", "f", "f", "f", "f", "f", "f", "f", "f", "f", "f", "f", "f", "f", "f"}},
    {U'х', {"kh", "kh", "h", "h", "h", "h", "x", "kh", "h", "ch", "kh", "ch", "ch", "h", "h"}},
    {U'ц', {"ts", "ts", "c", "c", "c", "ts", "ts", "ts", "ts", "z", "ts", "c", "c", "ts", "ts"}},
    {U'ч',
     {"ch", "ch", "č", "c'", "ch", "ç", "ch", "ch", "ç", "tsch", "tch", "cz", "č", "ç", "ch"}},
    {U'ш', {"sh", "sh", "š", "s'", "sh", "ş", "sh", "sh", "ş", "sch", "ch", "sz", "š", "ş", "sh"}},
    {U'щ',
     {"shch", "shch", "ŝ", "s'", "sh", "ş", "sh", "shch", "şç", "schtsch", "chtch", "szcz", "šč",
      "şç", "shch"}},
    {U'ъ', {"ie", "", "ʺ", "", "", "", "ʼ", "", "", "", "", "", "", "", ""}},
    {U'ы', {"y", "y", "y", "y", "y", "y", "i", "y", "y", "y", "y", "y", "y", "ı", "i"}},
    {U'ь', {"", "", "ʹ", "", "", "", "", "", "", "", "", "", "", "", ""}},
    {U'э', {"e", "e", "è", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e"}},
    {U'ю',
     {"iu", "yu", "û", "i'y'", "ıý", "iu", "yu", "yu", "ýu", "ju", "iou", "ju", "ju", "yu", "iu"}},
    {U'я',
     {"ia", "ya", "â", "i'a", "ıa", "ia", "ya", "ya", "ýa", "ja", "ia", "ja", "ja", "ya", "ia"}},
    // Kazakh, Kyrgyz, Uzbek, Tajik, Turkmen, Ukrainian letters.
    {U'ә', {"a", "a", "ä", "a'", "á", "ä", "a", "a", "ä", "ä", "a", "a", "ä", "a", "a"}},
    {U'ғ', {"g", "gh", "ġ", "g'", "ǵ", "ğ", "gʻ", "gh", "g", "g", "gh", "g", "g", "ğ", "g"}},
    {U'қ', {"k", "q", "ķ", "q", "q", "q", "q", "q", "k", "k", "k", "k", "k", "k", "k"}},
    {U'ң', {"n", "ng", "ņ", "n'", "ń", "ñ", "ng", "ng", "ň", "ng", "ng", "n", "n", "n", "n"}},
    {U'ө', {"o", "o", "ô", "o'", "ó", "ö", "o", "o", "ö", "ö", "o", "o", "ö", "ö", "o"}},
    {U'ұ', {"u", "u", "ū", "u", "u", "ū", "u", "u", "u", "u", "ou", "u", "u", "u", "u"}},
    {U'ү', {"u", "u", "ù", "u'", "ú", "ü", "u", "u", "ü", "ü", "u", "u", "ü", "ü", "u"}},
    {U'һ', {"h", "h", "ḩ", "h", "h", "h", "h", "h", "h", "h", "h", "h", "h", "h", "h"}},
    {U'і', {"i", "i", "ì", "i", "i", "ı", "i", "i", "i", "i", "i", "i", "i", "i", "i"}},
    {U'ў', {"o", "u", "ŭ", "o", "o", "o", "oʻ", "u", "o", "u", "ou", "u", "u", "u", "o"}},
    {U'ҳ', {"h", "kh", "ḩ", "h", "h", "h", "h", "h", "h", "h", "kh", "ch", "ch", "h", "h"}},
    {U'ҷ', {"j", "j", "ç", "j", "j", "j", "j", "j", "j", "dsch", "dj", "dż", "dž", "c", "j"}},
    {U'җ', {"zh", "zh", "ž", "j", "j", "j", "j", "j", "ž", "dsch", "dj", "dż", "dž", "c", "j"}},
    {U'ӣ', {"i", "i", "ī", "i", "i", "i", "i", "i", "i", "i", "i", "i", "í", "i", "i"}},
    {U'ӯ', {"u", "u", "ū", "u", "u", "u", "u", "u", "u", "u", "ou", "u", "ú", "u", "u"}},
    {U'є', {"ie", "ye", "ê", "e", "e", "e", "ye", "ye", "e", "je", "ie", "je", "je", "ye", "e"}},
    {U'ї', {"i", "yi", "ï", "i", "i", "i", "i", "i", "i", "ji", "ï", "ji", "ji", "yi", "i"}},
    {U'ґ', {"g", "g", "g̀", "g", "g", "g", "g", "g", "g", "g", "g", "g", "g", "g", "g"}},
};

constexpr std::size_t kSkeletonColumn = 14;
static_assert(static_cast<std::size_t>(Scheme::kTurkish) + 1 == kSkeletonColumn,
              "one column per scheme, then the skeleton");

// A scheme's spelling back into the loose romanisation of the skeleton column: the
// letters that scheme writes differently from the skeleton's own reading of Latin text.
// Where one spelling stands for two letters (German sch = ж or ш) both readings are
// tried (`alt`). Rules are tried longest first at each position.
// German writes both с and з as s, but с between vowels as ss: there a single s is з.
constexpr ReadingRule kReadingRules[] = {
    // ISO 9 / GOST 7.79: й j, ц c; its soft and hard signs are marks, not apostrophes
    // (the skeleton reads s' as the Kazakh-2017 ш).
    {Scheme::kGost779, "ʹ", "", ""},
    {Scheme::kGost779, "ʺ", "", ""},
    {Scheme::kGost779, "j", "i", ""},
    {Scheme::kGost779, "c", "ts", ""},
    {Scheme::kGost779, "ŭ", "o", ""},  // Uzbek ў
    {Scheme::kGost779, "ç", "j", ""},  // Tajik ҷ
    // German: ж and ш are both sch, ч tsch, щ schtsch, х ch, ц z, й j (and je ja ju jo).
    {Scheme::kGerman, "schtsch", "shch", ""},
    {Scheme::kGerman, "tsch", "ch", ""},
    {Scheme::kGerman, "dsch", "j", ""},
    {Scheme::kGerman, "sch", "sh", "j"},
    {Scheme::kGerman, "ch", "h", ""},
    {Scheme::kGerman, "z", "ts", ""},
    {Scheme::kGerman, "j", "i", ""},
    // с between vowels is ss, so a single s there is з.
    {Scheme::kGerman, "ss", "s", ""},
    {Scheme::kGerman, "s", "z", "", ReadingRule::kBetweenVowels},
    // French: ш ch, ч tch, щ chtch, у ou, г before e and i gu.
    {Scheme::kFrench, "chtch", "shch", ""},
    {Scheme::kFrench, "tch", "ch", ""},
    {Scheme::kFrench, "ch", "sh", ""},
    {Scheme::kFrench, "ou", "u", ""},
    {Scheme::kFrench, "gue", "ge", ""},
    {Scheme::kFrench, "gui", "gi", ""},
    // Polish: ж ż, ш sz, ч cz, щ szcz, х ch, ц c, й j.
    {Scheme::kPolish, "szcz", "shch", ""},
    {Scheme::kPolish, "sz", "sh", ""},
    {Scheme::kPolish, "cz", "ch", ""},
    {Scheme::kPolish, "ch", "h", ""},
    {Scheme::kPolish, "dż", "j", ""},
    {Scheme::kPolish, "ż", "j", ""},
    {Scheme::kPolish, "c", "ts", ""},
    {Scheme::kPolish, "j", "i", ""},
    // Czech: х ch, ц c, й j (ž š č already read as the skeleton reads them).
    {Scheme::kCzech, "ch", "h", ""},
    {Scheme::kCzech, "c", "ts", ""},
    {Scheme::kCzech, "j", "i", ""},
    // Turkish: дж c (ş ç ğ ı already read as the skeleton reads them).
    {Scheme::kTurkish, "c", "j", ""},
};

// Spellings a scheme never writes: a name holding one (outside the scheme's own rules) is
// not read in that scheme. "Zhanibek" is no German spelling, "Kudaibergenov" no Polish one.
constexpr SchemeMarks kNeverWritten[] = {
    {Scheme::kGost779, {"sh", "zh", "kh", "ch", "w", "q", "x", "ya", "yu"}},
    {Scheme::kGerman, {"sh", "zh", "kh", "v", "q", "x"}},
    {Scheme::kFrench, {"sh", "zh", "w", "q", "x"}},
    {Scheme::kPolish, {"sh", "zh", "kh", "v", "q", "x"}},
    {Scheme::kCzech, {"sh", "zh", "kh", "w", "q", "x"}},
    {Scheme::kTurkish, {"sh", "zh", "kh", "ch", "w", "q", "x"}},
};

const Row* find_row(char32_t cp) {
  for (const Row& r : kRows)
    if (r.cp == cp) return &r;
  return nullptr;
}

}  // namespace

std::span<const ReadingRule> reading_rules() {
  return kReadingRules;
}

std::span<const SchemeMarks> never_written() {
  return kNeverWritten;
}

const char* cyrillic_in_scheme(char32_t lower_cp, Scheme scheme) {
  const Row* r = find_row(lower_cp);
  return r ? r->latin[static_cast<std::size_t>(scheme)] : nullptr;
}

const char* cyrillic_in_skeleton(char32_t lower_cp) {
  const Row* r = find_row(lower_cp);
  return r ? r->latin[kSkeletonColumn] : nullptr;
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
