// SPDX-License-Identifier: Apache-2.0
// The skeleton: one ASCII key per name that the region's spellings share. Two stages:
// every code point becomes loose lowercase ASCII (Cyrillic through the skeleton column
// of the tables, Latin diacritics stripped or spelled out, other scripts through ICU),
// then each token is folded so that scheme differences (zh/j, kh/x/h, q/k, y/i, ae/a,
// apostrophes) disappear.
#include <memory>
#include <mutex>

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "text/internal.h"
#include "text/utf8.h"

namespace nansen::text {
namespace {

bool is_apostrophe(char32_t c) {
  switch (c) {
    case U'\'':
    case U'`':
    case U'ʻ':
    case U'ʼ':
    case U'’':
    case U'‘':
    case U'´':
    case U'ʹ':
    case U'ʺ':
    case U'ˈ':
    case U'′':
      return true;
    default:
      return false;
  }
}

// Latin letters whose base letter alone would lose what the region's schemes spell out.
const char* special_latin(char32_t c) {
  switch (c) {
    case U'ş':
    case U'ș':
    case U'š':
      return "sh";
    case U'ç':
    case U'č':
      return "ch";
    case U'ž':
      return "zh";
    case U'ğ':
    case U'ǵ':
      return "g";
    case U'ı':
      return "i";
    case U'ß':
      return "ss";
    case U'æ':
      return "ae";
    case U'œ':
      return "oe";
    case U'ø':
      return "o";
    case U'ł':
      return "l";
    case U'đ':
    case U'ð':
      return "d";
    case U'þ':
      return "th";
    case U'ŝ':
      return "shch";
    case U'û':
      return "iu";
    case U'â':
      return "ia";
    default:
      return nullptr;
  }
}

// Letters of scripts the tables do not cover (Arabic, Greek, Georgian, Armenian, CJK)
// go through ICU. ICU transliterators are not thread-safe: one per thread.
std::string icu_to_ascii(const std::u32string& run) {
  thread_local std::unique_ptr<icu::Transliterator> tr = [] {
    UErrorCode err = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, err));
    if (U_FAILURE(err)) t.reset();
    return t;
  }();
  if (!tr) return {};
  icu::UnicodeString u;
  for (char32_t c : run) u.append(static_cast<UChar32>(c));
  tr->transliterate(u);
  std::string utf8;
  u.toUTF8String(utf8);
  std::string out;
  for (char c : utf8) {
    if (c >= 'a' && c <= 'z')
      out.push_back(c);
    else if (c == ' ' || c == '-')
      out.push_back(' ');
  }
  return out;
}

// Replaces the longest matching pattern at each position, left to right.
struct Rule {
  std::string_view from;
  std::string_view to;
};
constexpr Rule kSchemeRules[] = {
    {"dzh", "j"}, {"zh", "j"}, {"dj", "j"}, {"kh", "h"}, {"gh", "g"},
    {"x", "h"},   {"q", "k"},  {"w", "v"},  {"y", "i"},
};
// MRZ umlaut spellings, applied after the iotated-e rule so "Zuyev"/"Zuev" still meet.
constexpr Rule kUmlautRules[] = {{"ae", "a"}, {"oe", "o"}, {"ue", "u"}};

template <std::size_t N>
std::string apply_rules(std::string_view s, const Rule (&rules)[N]) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    bool matched = false;
    for (const Rule& r : rules) {
      if (s.substr(i, r.from.size()) == r.from) {
        out += r.to;
        i += r.from.size();
        matched = true;
        break;
      }
    }
    if (!matched) out.push_back(s[i++]);
  }
  return out;
}

std::string collapse_doubles(std::string_view s) {
  std::string out;
  for (char c : s)
    if (out.empty() || out.back() != c) out.push_back(c);
  return out;
}

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

}  // namespace

std::string fold_token(std::string_view raw) {
  // Kazakh 2017 digraphs with an apostrophe: s' = ш, c' = ч, y' = у.
  std::string letters;
  letters.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\'') {
      if (!letters.empty() && (letters.back() == 's' || letters.back() == 'c'))
        letters += 'h';
      else if (!letters.empty() && letters.back() == 'y')
        letters.back() = 'u';
      continue;
    }
    if (c >= 'a' && c <= 'z') letters.push_back(c);
  }
  // Doubled letters carry no identity ("Nurlann", "Mariia", "Yuriy" → iurii).
  const std::string collapsed_raw = collapse_doubles(apply_rules(letters, kSchemeRules));
  // ё written yo/io before a consonant is ICAO's plain e: Fyodorov/Fedorov, Yodgor/Edgor.
  std::string yo;
  for (std::size_t i = 0; i < collapsed_raw.size(); ++i) {
    if (collapsed_raw[i] == 'i' && i + 2 < collapsed_raw.size() && collapsed_raw[i + 1] == 'o' &&
        !is_vowel(collapsed_raw[i + 2])) {
      yo.push_back('e');
      ++i;
      continue;
    }
    yo.push_back(collapsed_raw[i]);
  }
  const std::string collapsed = collapse_doubles(yo);
  // Iotated e: "Yelena"/"Elena", "Sergeyev"/"Sergeev" (after y → i).
  std::string out;
  for (std::size_t i = 0; i < collapsed.size(); ++i) {
    if (collapsed[i] == 'i' && i + 1 < collapsed.size() && collapsed[i + 1] == 'e' &&
        (i == 0 || is_vowel(collapsed[i - 1])) && collapsed.size() > 2)
      continue;
    out.push_back(collapsed[i]);
  }
  return collapse_doubles(apply_rules(out, kUmlautRules));
}

std::string consonant_key(std::string_view token) {
  std::string out;
  for (char c : token)
    if (!is_vowel(c) && (out.empty() || out.back() != c)) out.push_back(c);
  // A name of vowels only ("Aia") keeps its first letter so the key is never empty.
  if (out.empty() && !token.empty()) out.push_back(token.front());
  return out;
}

Result<std::string> skeleton(std::string_view name) {
  auto folded = fold_case(name);  // validates; NFKC turns ligatures and width forms plain
  if (!folded) return fail(folded.error());
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return fail(ErrorCode::kInternal, "ICU normaliser unavailable");

  std::string loose;  // lowercase ASCII letters, apostrophes and spaces
  std::u32string foreign;
  auto flush_foreign = [&] {
    if (!foreign.empty()) loose += icu_to_ascii(foreign);
    foreign.clear();
  };
  for (char32_t cp : decode_utf8(*folded)) {
    const char32_t lc = static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
    if (lc < 0x80) {
      flush_foreign();
      if (lc >= 'a' && lc <= 'z')
        loose.push_back(static_cast<char>(lc));
      else if (lc == '\'' || lc == '`')
        loose.push_back('\'');
      else
        loose.push_back(' ');  // '<' fillers, hyphens, commas, digits split or vanish
      continue;
    }
    if (is_apostrophe(lc)) {
      flush_foreign();
      loose.push_back('\'');
      continue;
    }
    if (const char* latin = cyrillic_in_skeleton(lc)) {
      flush_foreign();
      loose += latin;
      continue;
    }
    if (const char* latin = special_latin(lc)) {
      flush_foreign();
      loose += latin;
      continue;
    }
    const auto category = u_charType(static_cast<UChar32>(lc));
    if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK ||
        category == U_COMBINING_SPACING_MARK || category == U_FORMAT_CHAR)
      continue;  // stray combining marks and zero-width joiners do not split words
    icu::UnicodeString decomposed;
    if (nfd->getDecomposition(static_cast<UChar32>(lc), decomposed) && decomposed.length() > 0) {
      const UChar32 base = decomposed.char32At(0);
      if (base >= 'a' && base <= 'z') {
        flush_foreign();
        loose.push_back(static_cast<char>(base));
        continue;
      }
    }
    if (u_isalpha(static_cast<UChar32>(lc))) {
      foreign.push_back(lc);
      continue;
    }
    flush_foreign();
    loose.push_back(' ');  // emoji, symbols, other punctuation
  }
  flush_foreign();

  std::string out;
  for (const std::string& raw : split(loose, ' ')) {
    std::string token = fold_token(raw);
    if (token.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += token;
  }
  return out;
}

}  // namespace nansen::text
