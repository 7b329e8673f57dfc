// SPDX-License-Identifier: Apache-2.0
// text — person names as people in Central Asia write them: Unicode normalisation,
// script detection, transliteration (ICAO 9303, BGN/PCGN, GOST 7.79, Kazakh, Uzbek,
// Tajik and Turkmen Latin, MRZ), one ASCII skeleton per name that folds the region's
// spellings onto the same key, name parsing (given / family / patronymic) and the
// comparators the matcher builds on.
//
// Every function is pure and thread-safe. Functions taking raw text validate it and
// return Invalid (never throw) on invalid UTF-8 or oversized input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/base.h"

namespace nansen::text {

// Inputs longer than this are rejected (a name, not a document).
inline constexpr std::size_t kMaxNameBytes = 4096;

// ---------------------------------------------------------------------------------------
// Normalisation and scripts

// NFC form of `s`. Invalid on bad UTF-8.
Result<std::string> normalize_nfc(std::string_view s);
// NFKC plus full case folding (ICU nfkc_cf): the form used before comparing.
Result<std::string> fold_case(std::string_view s);

enum class Script { kNone, kLatin, kCyrillic, kMixed, kOther };
std::string_view script_name(Script s);  // "none", "latin", "cyrillic", "mixed", "other"
// The script of the letters in `s` (digits, spaces, punctuation ignored). kMixed when
// letters of more than one script occur; kNone when there is no letter. REQUIRES: valid UTF-8.
Script detect_script(std::string_view s);

// ---------------------------------------------------------------------------------------
// Transliteration of Cyrillic names into Latin schemes. Latin letters pass through.

enum class Scheme {
  kIcao9303,      // passports: ж ZH, х KH, ю IU, я IA, ъ IE; Kazakh ә A, қ K, ң N ...
  kBgnPcgn,       // English-style: й Y, ю YU, я YA, е → YE at word start / after vowels
  kGost779,       // GOST 7.79 system A = ISO 9: ž č š ŝ û â, й j, ц c
  kKazakh2017,    // Kazakh Latin with apostrophes: a' g' n' o' u' s' c'
  kKazakh2018,    // Kazakh Latin with acutes: á ǵ ń ó ú ý
  kKazakh2021,    // Kazakh Latin 2021: ä ğ q ñ ö ū ü ş ç ı
  kUzbekLatin,    // ў oʻ, ғ gʻ, қ q, ҳ h, х x, ж j
  kTajikLatin,    // ғ gh, қ q, ҳ h, ҷ j, ӣ i, ӯ u
  kTurkmenLatin,  // ä ç ž ň ö ş ü ý, в w
  // How papers issued abroad spell a Cyrillic name (the person's residence permit,
  // a visa, a foreign court's decision):
  kGerman,   // Duden: ж/ш sch, ч tsch, х ch, ц z, в w, з s, й j, е → je at word start
  kFrench,   // ж j, ш ch, ч tch, у ou, х kh, й ï, ю iou
  kPolish,   // ж ż, ш sz, ч cz, щ szcz, х ch, ц c, й j, в w, е → je at word start
  kCzech,    // ж ž, ш š, ч č, х ch, ц c, й j, е → je at word start
  kTurkish,  // ж j, ш ş, ч ç, х h, й y, ы ı, е → ye at word start
};
// "icao", "bgn", "gost", "kk2017", ... , "tk", "de", "fr", "pl", "cs", "tr".
std::string_view scheme_name(Scheme s);
// The names above, and "iso9" for kGost779.
std::optional<Scheme> parse_scheme(std::string_view name);

// Cyrillic → Latin in `scheme`, keeping case (a capitalised word stays capitalised).
// Invalid on bad UTF-8 or input over kMaxNameBytes.
Result<std::string> transliterate(std::string_view s, Scheme scheme);

// The ICAO 9303 machine-readable form of a name: A–Z and '<' only. Cyrillic goes through
// the ICAO table; Latin diacritics follow the MRZ rules (Ä→AE, Ö→OE, Ü→UE, Å→AA, Æ→AE,
// Ø→OE, ß→SS, others dropped); spaces and hyphens become '<', apostrophes vanish.
Result<std::string> to_mrz(std::string_view s);
// "FAMILY<<GIVEN<NAMES" from the parts. When one part has no MRZ letter, the other alone
// (a mononym sits in the primary identifier, Doc 9303 Part 3 §4.6). No padding or truncation:
// a document's fixed-length field (documents::td3_name_field) adds those.
Result<std::string> to_mrz_name(std::string_view family, std::string_view given);
// The MRZ name field of a full name as written, in any script and order: parse_name
// decides which words are the family name, the given names and the patronymic, and the
// result is to_mrz_name(family words, given words). The patronymic is left out, as the
// passports of Kazakhstan, Russia, Kyrgyzstan and Uzbekistan leave it out of the MRZ.
// MRZ input ("ABDRASHOV<<ZHANIBEK", or a whole name line "P<KAZABDRASHOV<<...") keeps
// its own parts. Invalid on bad UTF-8, input over kMaxNameBytes, or no letter.
Result<std::string> mrz_name_field(std::string_view full_name);

// Another way to read a name written in Latin letters: as the spelling of a Cyrillic name
// in `scheme`, rewritten into the loose romanisation the skeleton starts from.
struct Reading {
  Scheme scheme;
  std::string name;  // lower case; skeleton(name) is the key of that reading
};
// The readings of a Latin-written name as ISO 9 or a German, French, Polish, Czech or
// Turkish romanisation, so that "Kudajbergenow Jersajyn" (German papers) meets
// «Құдайбергенов Ерсайын»: its German reading "kudaibergenow iersaiin" has the
// skeleton "kudaibergenov ersain". A scheme is tried only when the name holds nothing
// that scheme never writes (no German name has "zh" or "v"); where one spelling stands
// for two letters (German sch = ж or ш) both are tried, at most 4 readings per scheme.
// Only readings whose skeleton differs from skeleton(name) and from each other are
// returned (the first scheme that gave one names it); none for Cyrillic text. Invalid on
// bad UTF-8 or input over kMaxNameBytes.
Result<std::vector<Reading>> foreign_readings(std::string_view name);

// ---------------------------------------------------------------------------------------
// Skeletons: an ASCII key per name that most spellings of the region share.

// Lowercase ASCII tokens separated by single spaces. Cyrillic letters of Russian, Kazakh,
// Kyrgyz, Uzbek, Tajik and Turkmen map to one loose romanisation; Latin spellings fold
// (zh/j/ž → j, kh/x → h, q → k, gh/ğ → g, y → i, w → v, ä/ae → a, ö/oe → o, ü/ue → u,
// apostrophes dropped, doubled letters collapsed, initial ye → e); MRZ fillers split
// tokens. Letters of other scripts go through ICU Any-Latin; emoji and symbols vanish.
// May be empty (no letters). Invalid on bad UTF-8 or input over kMaxNameBytes.
Result<std::string> skeleton(std::string_view name);
// Skeleton of one already-folded ASCII token (a–z only). Exposed for the index.
std::string fold_token(std::string_view ascii_lower);
// The skeleton with vowels removed ("abdrashov", "abdirashov" → "bdrshv"): a coarser
// key that survives vowel insertions and most single-vowel typos.
std::string consonant_key(std::string_view skeleton_token);

enum class Sex { kMale, kFemale };

// A family-name skeleton split into its gender-neutral stem and the sex its ending
// signals: "usenova" → {"usenov", F}; "usenov" → {"usenov", M}; "kovalskaia" →
// {"kovalski", F}. `root` further strips Russified and Turkic surname suffixes so that
// de-Russified forms meet: "rahmonov" / "rahmon" → "rahmon"; "abdirashov" /
// "abdirashuli" → "abdirash".
struct SurnameStem {
  std::string stem;
  std::string root;
  std::optional<Sex> sex;
};
SurnameStem surname_stem(std::string_view skeleton_token);

// True when the skeleton token is (part of) a patronymic: -ovich/-ovna/-ichna, or one of
// the Turkic markers uli, kizi, uulu, ogli, gizi that follow the father's name.
bool is_patronymic_token(std::string_view skeleton_token);
bool is_patronymic_marker(std::string_view skeleton_token);  // uli, kizi, uulu, ogli ...
// Sex signalled by a patronymic (ovich/uli/uulu/ogli → M; ovna/kizi/gizi → F).
std::optional<Sex> patronymic_sex(std::string_view skeleton_token);

// ---------------------------------------------------------------------------------------
// Name parsing

// A name split into parts, each part as skeleton tokens. `family_stem` is the family
// name's gender-neutral stem (see surname_stem); `sex_signal` is what the endings say.
struct ParsedName {
  std::vector<std::string> given;       // one or more given-name tokens
  std::vector<std::string> family;      // family-name tokens, as skeletons
  std::vector<std::string> patronymic;  // "serikovich", or {"asan", "uulu"}
  std::string family_stem;              // stems of the family tokens joined by spaces
  std::string family_root;              // roots likewise
  std::optional<Sex> sex_signal;
  bool from_mrz = false;
  // All tokens in written order (for token-set comparison when the parts are doubtful).
  std::vector<std::string> tokens;
};

// Parses a full name as written, in either order, in any script, or an MRZ name field
// (SURNAME<<GIVEN<NAMES, or a whole MRZ name line). Order: "<<" or a comma ("FAMILY,
// Given") says which part is the family; otherwise surname endings, patronymic forms
// and the list of common given names decide, and without any signal Cyrillic text is
// read family-first, Latin text given-first. Invalid when the name holds no letter, on
// bad UTF-8, or over kMaxNameBytes (field "name").
Result<ParsedName> parse_name(std::string_view full_name);
// Builds a ParsedName from separate fields (any may be empty, not all).
Result<ParsedName> parse_name_parts(std::string_view given, std::string_view family,
                                    std::string_view patronymic);

// True when `skeleton_token` is in the built-in list of common given names of the region.
bool is_common_given_name(std::string_view skeleton_token);

// ---------------------------------------------------------------------------------------
// Comparators on skeletons (ASCII); all symmetric.

// Jaro–Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 characters).
double jaro_winkler(std::string_view a, std::string_view b);
// Optimal-string-alignment Damerau–Levenshtein distance (transpositions count 1).
int damerau_levenshtein(std::string_view a, std::string_view b);
// Aligns the tokens of two names one-to-one by best Jaro–Winkler (swapped order and
// missing parts allowed) and returns the mean similarity over the shorter list, times a
// small penalty per unmatched token of the longer one. 0 when either list is empty.
double token_set_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b);

// ---------------------------------------------------------------------------------------
// Dates as recorded: precision, placeholders, swaps and typos.

enum class DateAgreement {
  kMissing,     // one side unknown
  kExact,       // same day (both day precision, not placeholders)
  kCompatible,  // equal as far as the coarser precision (or a placeholder) allows
  kNear,        // day/month swapped, or one digit differs (a typo)
  kYearClose,   // years within one, otherwise different
  kDifferent,
};
std::string_view date_agreement_name(DateAgreement a);
// 1 January with day precision is a common placeholder for "only the year is known".
bool is_placeholder_date(const CivilDate& d);
DateAgreement compare_dates(const std::optional<CivilDate>& a, const std::optional<CivilDate>& b);
// True when two dates known at least to the month (not placeholders, not approximate)
// cannot be one person's as written by two offices that each made one slip (a swapped
// day and month, a day off, one wrong digit): 08.07 and 07.09 are both one slip from
// 07.08, while 12.03 and 30.07 are two birthdays. False when either is a year only.
bool dates_contradict(const CivilDate& a, const CivilDate& b);

// ---------------------------------------------------------------------------------------
// Regional name inventory: the common names the parser recognises and the synthetic
// population generator draws from. Cyrillic, as registered in each country.

struct NameInventory {
  std::string_view country;  // ISO3: KAZ, KGZ, UZB, TJK, TKM, RUS
  std::vector<std::string_view> male_given;
  std::vector<std::string_view> female_given;
  std::vector<std::string_view> surname_roots;  // the father's-name root: "Абдраш", "Рахмон"
};
const std::vector<NameInventory>& regional_names();

}  // namespace nansen::text
