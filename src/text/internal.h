// SPDX-License-Identifier: Apache-2.0
// Private helpers shared by the text/ sources.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "base/base.h"
#include "text/text.h"

namespace nansen::text {

// Invalid on bad UTF-8, TooLarge over kMaxNameBytes; field "name".
Status check_name_input(std::string_view s);

// Romanisation of one lowercase Cyrillic code point in `scheme`, or nullptr when the
// code point is not a Cyrillic letter of the tables.
const char* cyrillic_in_scheme(char32_t lower_cp, Scheme scheme);
// The loose romanisation the skeleton starts from, or nullptr.
const char* cyrillic_in_skeleton(char32_t lower_cp);
bool is_cyrillic_vowel(char32_t lower_cp);

// How a name spelt in `scheme` reads in the skeleton's loose romanisation: `from` (lower
// case, NFC) stands for `to`, or for `alt` too when `alt` is not empty.
struct ReadingRule {
  enum Where { kAnywhere, kBetweenVowels };
  Scheme scheme;
  std::string_view from;
  std::string_view to;
  std::string_view alt;
  Where where = kAnywhere;
};
std::span<const ReadingRule> reading_rules();
// Letter sequences a scheme never writes (empty entries unused).
struct SchemeMarks {
  Scheme scheme;
  std::array<std::string_view, 9> never;
};
std::span<const SchemeMarks> never_written();
// "serikuli", "rustamkizi": a Turkic patronymic written as one word, which is also how
// new-style Kazakh surnames look; the parser decides by the other tokens.
bool is_one_word_turkic_patronymic(std::string_view skeleton_token);

}  // namespace nansen::text
