// SPDX-License-Identifier: Apache-2.0
// Cyrillic → Latin in a named scheme, and the MRZ form of a name.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "text/internal.h"
#include "text/utf8.h"

namespace nansen::text {
namespace {

constexpr std::pair<Scheme, std::string_view> kSchemeNames[] = {
    {Scheme::kIcao9303, "icao"},     {Scheme::kBgnPcgn, "bgn"},
    {Scheme::kGost779, "gost"},      {Scheme::kKazakh2017, "kk2017"},
    {Scheme::kKazakh2018, "kk2018"}, {Scheme::kKazakh2021, "kk2021"},
    {Scheme::kUzbekLatin, "uz"},     {Scheme::kTajikLatin, "tj"},
    {Scheme::kTurkmenLatin, "tk"},   {Scheme::kGerman, "de"},
    {Scheme::kFrench, "fr"},         {Scheme::kPolish, "pl"},
    {Scheme::kCzech, "cs"},          {Scheme::kTurkish, "tr"},
};

// е at the start of a word or after a vowel, where a scheme writes it iotated.
const char* iotated_e(Scheme scheme) {
  switch (scheme) {
    case Scheme::kBgnPcgn:
    case Scheme::kUzbekLatin:
    case Scheme::kTurkish:
      return "ye";
    case Scheme::kGerman:
    case Scheme::kPolish:
    case Scheme::kCzech:
      return "je";
    default:
      return nullptr;
  }
}

bool is_upper(char32_t cp) {
  return u_isupper(static_cast<UChar32>(cp));
}
char32_t lower(char32_t cp) {
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
}
char32_t upper(char32_t cp) {
  return static_cast<char32_t>(u_toupper(static_cast<UChar32>(cp)));
}

// BGN/PCGN and Uzbek write е as "ye" at the start of a word and after a vowel.
bool iotated_context(const std::vector<char32_t>& cps, std::size_t i) {
  if (i == 0) return true;
  const char32_t prev = lower(cps[i - 1]);
  if (!u_isalpha(static_cast<UChar32>(prev))) return true;
  return is_cyrillic_vowel(prev);
}

bool between_vowels(const std::vector<char32_t>& cps, std::size_t i) {
  return i > 0 && i + 1 < cps.size() && is_cyrillic_vowel(lower(cps[i - 1])) &&
         is_cyrillic_vowel(lower(cps[i + 1]));
}

// Appends `latin` in the case of the source letter: all caps inside an all-caps word,
// otherwise only the first letter raised.
void append_cased(std::string& out, std::string_view latin, bool src_upper, bool word_caps) {
  if (!src_upper) {
    out += latin;
    return;
  }
  const auto cps = decode_utf8(latin);
  for (std::size_t k = 0; k < cps.size(); ++k)
    append_utf8(out, (k == 0 || word_caps) ? upper(cps[k]) : cps[k]);
}

bool next_is_upper(const std::vector<char32_t>& cps, std::size_t i) {
  if (i + 1 < cps.size() && u_isalpha(static_cast<UChar32>(cps[i + 1])))
    return is_upper(cps[i + 1]);
  return i > 0 && is_upper(cps[i - 1]);
}

}  // namespace

std::string_view scheme_name(Scheme s) {
  for (const auto& [scheme, name] : kSchemeNames)
    if (scheme == s) return name;
  return "icao";
}

std::optional<Scheme> parse_scheme(std::string_view name) {
  for (const auto& [scheme, n] : kSchemeNames)
    if (n == name) return scheme;
  if (name == "iso9") return Scheme::kGost779;  // GOST 7.79 system A is ISO 9:1995
  return std::nullopt;
}

Result<std::string> transliterate(std::string_view s, Scheme scheme) {
  NANSEN_TRY(check_name_input(s));
  auto nfc = normalize_nfc(s);
  if (!nfc) return fail(nfc.error());
  const auto cps = decode_utf8(*nfc);
  std::string out;
  out.reserve(nfc->size());
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const char32_t lc = lower(cps[i]);
    const char* latin = cyrillic_in_scheme(lc, scheme);
    if (latin == nullptr) {
      append_utf8(out, cps[i]);
      continue;
    }
    std::string_view piece = latin;
    if (const char* iotated = iotated_e(scheme); iotated && lc == U'е' && iotated_context(cps, i))
      piece = iotated;
    // German and French write с between vowels ss (their single s there sounds з).
    if ((scheme == Scheme::kGerman || scheme == Scheme::kFrench) && lc == U'с' &&
        between_vowels(cps, i))
      piece = "ss";
    append_cased(out, piece, is_upper(cps[i]), is_upper(cps[i]) && next_is_upper(cps, i));
  }
  return out;
}

Result<std::string> to_mrz(std::string_view s) {
  NANSEN_TRY(check_name_input(s));
  auto nfc = normalize_nfc(s);
  if (!nfc) return fail(nfc.error());
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return fail(ErrorCode::kInternal, "ICU normaliser unavailable");
  std::string out;
  for (char32_t cp : decode_utf8(*nfc)) {
    const char32_t lc = lower(cp);
    if (const char* latin = cyrillic_in_scheme(lc, Scheme::kIcao9303)) {
      for (const char* p = latin; *p; ++p) out.push_back(static_cast<char>(*p - 'a' + 'A'));
      continue;
    }
    switch (lc) {
      case U'ä':
      case U'æ':
        out += "AE";
        continue;
      case U'ö':
      case U'ø':
        out += "OE";
        continue;
      case U'ü':
        out += "UE";
        continue;
      case U'å':
        out += "AA";
        continue;
      case U'ß':
        out += "SS";
        continue;
      case U'ı':
        out += "I";
        continue;
      case U'ł':
        out += "L";
        continue;
      case U'đ':
      case U'ð':
        out += "D";
        continue;
      case U'þ':
        out += "TH";
        continue;
      case U' ':
      case U'-':
      case U'<':
      case U'\t':
      case U',':
        out += "<";
        continue;
      default:
        break;
    }
    if (lc < 0x80) {
      if (lc >= 'a' && lc <= 'z') out.push_back(static_cast<char>(lc - 'a' + 'A'));
      continue;  // digits, apostrophes and punctuation vanish
    }
    // Other Latin letters: base letter without its diacritics.
    icu::UnicodeString decomposed;
    if (nfd->getDecomposition(static_cast<UChar32>(lc), decomposed) && decomposed.length() > 0) {
      const UChar32 base = decomposed.char32At(0);
      if (base >= 'a' && base <= 'z') out.push_back(static_cast<char>(base - 'a' + 'A'));
    }
  }
  // Collapse runs of fillers that came from several separators, trim them at the ends.
  std::string collapsed;
  for (char c : out) {
    if (c == '<' && (collapsed.empty() || collapsed.back() == '<')) continue;
    collapsed.push_back(c);
  }
  while (!collapsed.empty() && collapsed.back() == '<') collapsed.pop_back();
  return collapsed;
}

Result<std::string> to_mrz_name(std::string_view family, std::string_view given) {
  auto f = to_mrz(family);
  if (!f) return f;
  auto g = to_mrz(given);
  if (!g) return g;
  // A single name, whichever part it came in, is the primary identifier.
  if (g->empty()) return f;
  if (f->empty()) return g;
  return *f + "<<" + *g;
}

}  // namespace nansen::text
