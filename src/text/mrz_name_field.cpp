// SPDX-License-Identifier: Apache-2.0
// The MRZ name field of a name as written: the parser's parts mapped back onto the
// words the person wrote, so that each word is transliterated by the ICAO table itself
// (a skeleton has lost the difference between ZH and J, KH and H).
#include <algorithm>

#include "text/internal.h"

namespace nansen::text {
namespace {

enum class Part { kFamily, kGiven, kPatronymic };

// Removes every token of `word` from `pool` when all of them are there.
bool take_all(std::vector<std::string>& pool, const std::vector<std::string>& word) {
  std::vector<std::string> rest = pool;
  for (const std::string& t : word) {
    auto it = std::find(rest.begin(), rest.end(), t);
    if (it == rest.end()) return false;
    rest.erase(it);
  }
  pool = std::move(rest);
  return true;
}

std::string join_words(const std::vector<std::string_view>& words) {
  std::string s;
  for (std::string_view w : words) {
    if (!s.empty()) s += ' ';
    s += w;
  }
  return s;
}

// "P<KAZABDRASHOV<<ZHANIBEK<<<<" → "ABDRASHOV<<ZHANIBEK<<<<": the name part of an MRZ line.
std::string_view strip_line_prefix(std::string_view s) {
  if (s.size() > 5 && s[1] == '<' && s.substr(2, 3).find('<') == std::string_view::npos &&
      (s[0] == 'P' || s[0] == 'I' || s[0] == 'A' || s[0] == 'C' || s[0] == 'V'))
    return s.substr(5);
  return s;
}

}  // namespace

Result<std::string> mrz_name_field(std::string_view full_name) {
  NANSEN_TRY(check_name_input(full_name));
  if (full_name.find('<') != std::string_view::npos) {
    const std::string trimmed = trim(full_name);
    const std::string_view s = strip_line_prefix(trimmed);
    const auto sep = s.find("<<");
    auto field = sep == std::string_view::npos ? to_mrz_name(s, "")
                                               : to_mrz_name(s.substr(0, sep), s.substr(sep + 2));
    if (field && field->empty()) return fail(ErrorCode::kInvalid, "name has no letters", "name");
    return field;
  }
  auto parsed = parse_name(full_name);
  if (!parsed) return fail(parsed.error());
  // Words as written; a comma ("FAMILY, Given") separates like a space.
  std::string spaced(full_name);
  std::replace(spaced.begin(), spaced.end(), ',', ' ');
  // Each word goes where its skeleton tokens went; what is neither family nor patronymic
  // is a given name.
  std::vector<std::string> family = parsed->family, patronymic = parsed->patronymic;
  std::vector<std::string_view> family_words, given_words;
  std::string_view rest = spaced;
  while (!rest.empty()) {
    const auto start = rest.find_first_not_of(" \t\n\r");
    if (start == std::string_view::npos) break;
    rest = rest.substr(start);
    const auto end = std::min(rest.find_first_of(" \t\n\r"), rest.size());
    const std::string_view word = rest.substr(0, end);
    rest = rest.substr(end);
    auto sk = skeleton(word);
    if (!sk) return fail(sk.error());
    std::vector<std::string> tokens;
    for (std::string& t : split(*sk, ' '))
      if (!t.empty()) tokens.push_back(std::move(t));
    if (tokens.empty()) continue;  // an emoji or a stray mark: nothing to write
    if (take_all(family, tokens)) {
      family_words.push_back(word);
    } else if (!take_all(patronymic, tokens)) {
      given_words.push_back(word);
    }
  }
  // A name without a family part (a mononym) is written in the primary identifier.
  if (family_words.empty()) std::swap(family_words, given_words);
  auto field = to_mrz_name(join_words(family_words), join_words(given_words));
  if (field && field->empty())
    return fail(ErrorCode::kInvalid, "the name has no letter that can be written in an MRZ",
                "name");
  return field;
}

}  // namespace nansen::text
