// SPDX-License-Identifier: Apache-2.0
// Splits a name into given / family / patronymic. Signals, strongest first: MRZ "<<" or
// a comma; patronymic forms; surname endings; the list of common given names; and last
// the habit of each script (Cyrillic registers family-first, Latin forms given-first).
#include <algorithm>

#include "text/internal.h"

namespace nansen::text {
namespace {

std::vector<std::string> tokens_of(std::string_view skeleton_text) {
  std::vector<std::string> out;
  for (std::string& t : split(skeleton_text, ' '))
    if (!t.empty()) out.push_back(std::move(t));
  return out;
}

bool has_surname_signal(std::string_view token) {
  if (is_common_given_name(token)) return false;
  if (surname_stem(token).sex) return true;
  for (std::string_view s : {"zoda", "zade", "enko", "ian", "dze", "shvili"})
    if (token.size() > s.size() + 2 && token.substr(token.size() - s.size()) == s) return true;
  return false;
}

void finish(ParsedName& p) {
  p.family_stem.clear();
  p.family_root.clear();
  for (const std::string& t : p.family) {
    const SurnameStem s = surname_stem(t);
    if (!p.family_stem.empty()) {
      p.family_stem += ' ';
      p.family_root += ' ';
    }
    p.family_stem += s.stem;
    p.family_root += s.root;
    if (!p.sex_signal && s.sex) p.sex_signal = s.sex;
  }
  for (const std::string& t : p.patronymic) {
    if (p.sex_signal) break;
    p.sex_signal = patronymic_sex(t);
  }
  p.tokens.clear();
  for (const auto* part : {&p.family, &p.given, &p.patronymic})
    p.tokens.insert(p.tokens.end(), part->begin(), part->end());
}

// Removes the patronymic from `tokens` into `p`; returns the position it had (or npos).
std::size_t take_patronymic(std::vector<std::string>& tokens, ParsedName& p) {
  // "Асхатқызы Ақнұр Нұржанқызы": a new-style -ұлы/-қызы family name and a patronymic in
  // one name. The patronymic follows the given name: Family Given Patronymic, or Given
  // Patronymic Family.
  std::vector<std::size_t> turkic;
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (is_one_word_turkic_patronymic(tokens[i])) turkic.push_back(i);
  if (turkic.size() == 2 && tokens.size() == 3) {
    const std::size_t at = turkic[1] == turkic[0] + 2 ? turkic[1] : turkic[0];
    p.patronymic = {tokens[at]};
    tokens.erase(tokens.begin() + static_cast<long>(at));
    return at;
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (is_patronymic_marker(tokens[i]) && i > 0) {
      // "Asan uulu": with only one other token it is the family name (Kyrgyz usage).
      if (tokens.size() <= 3) {
        p.family = {tokens[i - 1], tokens[i]};
        tokens.erase(tokens.begin() + static_cast<long>(i) - 1,
                     tokens.begin() + static_cast<long>(i) + 1);
        return std::string::npos;
      }
      p.patronymic = {tokens[i - 1], tokens[i]};
      tokens.erase(tokens.begin() + static_cast<long>(i) - 1,
                   tokens.begin() + static_cast<long>(i) + 1);
      return i - 1;
    }
    if (is_patronymic_token(tokens[i]) && !is_patronymic_marker(tokens[i]) && tokens.size() > 1) {
      if (is_one_word_turkic_patronymic(tokens[i])) {
        bool other_surname = false;
        for (std::size_t k = 0; k < tokens.size(); ++k)
          other_surname |=
              k != i && has_surname_signal(tokens[k]) && !is_one_word_turkic_patronymic(tokens[k]);
        if (!other_surname) continue;
      }
      p.patronymic = {tokens[i]};
      tokens.erase(tokens.begin() + static_cast<long>(i));
      return i;
    }
  }
  return std::string::npos;
}

// Chooses the family token among `rest` (the patronymic already removed).
std::size_t family_index(const std::vector<std::string>& rest, std::size_t patronymic_at,
                         bool family_first_habit) {
  std::vector<std::size_t> signalled, unknown;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (has_surname_signal(rest[i])) signalled.push_back(i);
    if (!is_common_given_name(rest[i])) unknown.push_back(i);
  }
  if (signalled.size() == 1) return signalled[0];
  if (signalled.empty() && unknown.size() == 1 && rest.size() > 1) return unknown[0];
  // "Family Given Patronymic" puts the patronymic third; "Given Patronymic Family" second.
  if (patronymic_at == 2) return 0;
  if (patronymic_at == 1) return rest.size() - 1;
  if (signalled.size() > 1) return family_first_habit ? signalled.front() : signalled.back();
  return family_first_habit ? 0 : rest.size() - 1;
}

Result<ParsedName> parse_mrz(std::string_view text) {
  std::string_view s = text;
  // A whole MRZ name line: document code, filler or type letter, issuing state.
  if (s.size() > 5 && s[1] == '<' && s.substr(2, 3).find('<') == std::string_view::npos &&
      (s[0] == 'P' || s[0] == 'I' || s[0] == 'A' || s[0] == 'C' || s[0] == 'V'))
    s = s.substr(5);
  ParsedName p;
  p.from_mrz = true;
  const auto sep = s.find("<<");
  auto family = skeleton(s.substr(0, sep));
  if (!family) return fail(family.error());
  auto given = skeleton(sep == std::string_view::npos ? std::string_view{} : s.substr(sep + 2));
  if (!given) return fail(given.error());
  p.family = tokens_of(*family);
  p.given = tokens_of(*given);
  if (!p.given.empty()) {
    // Some MRZ writers append the patronymic to the given names.
    std::vector<std::string> rest = p.given;
    ParsedName tmp;
    if (take_patronymic(rest, tmp) != std::string::npos && !rest.empty()) {
      p.given = rest;
      p.patronymic = tmp.patronymic;
    }
  }
  if (p.family.empty() && p.given.empty())
    return fail(ErrorCode::kInvalid, "name has no letters", "name");
  finish(p);
  return p;
}

}  // namespace

Result<ParsedName> parse_name(std::string_view full_name) {
  NANSEN_TRY(check_name_input(full_name));
  if (full_name.find('<') != std::string_view::npos) return parse_mrz(full_name);
  const auto comma = full_name.find(',');
  if (comma != std::string_view::npos) {
    auto parsed = parse_name_parts(full_name.substr(comma + 1), full_name.substr(0, comma), "");
    if (!parsed) return parsed;
    // The part after the comma may hold given names and a patronymic.
    std::vector<std::string> rest = parsed->given;
    ParsedName tmp;
    if (take_patronymic(rest, tmp) != std::string::npos && !rest.empty()) {
      parsed->given = rest;
      parsed->patronymic = tmp.patronymic;
      finish(*parsed);
    }
    return parsed;
  }
  auto sk = skeleton(full_name);
  if (!sk) return fail(sk.error());
  std::vector<std::string> tokens = tokens_of(*sk);
  if (tokens.empty()) return fail(ErrorCode::kInvalid, "name has no letters", "name");
  ParsedName p;
  const std::size_t patronymic_at = take_patronymic(tokens, p);
  if (p.family.empty() && !tokens.empty()) {
    if (tokens.size() == 1) {
      (has_surname_signal(tokens[0]) ? p.family : p.given) = tokens;
    } else {
      const Script script = detect_script(full_name);
      const std::size_t f = family_index(tokens, patronymic_at, script == Script::kCyrillic);
      p.family = {tokens[f]};
      tokens.erase(tokens.begin() + static_cast<long>(f));
      p.given = tokens;
    }
  } else {
    p.given = tokens;
  }
  finish(p);
  return p;
}

Result<ParsedName> parse_name_parts(std::string_view given, std::string_view family,
                                    std::string_view patronymic) {
  ParsedName p;
  for (auto [text, part] : {std::pair{given, &p.given}, std::pair{family, &p.family},
                            std::pair{patronymic, &p.patronymic}}) {
    auto sk = skeleton(text);
    if (!sk) return fail(sk.error());
    *part = tokens_of(*sk);
  }
  if (p.given.empty() && p.family.empty() && p.patronymic.empty())
    return fail(ErrorCode::kInvalid, "name has no letters", "name");
  finish(p);
  return p;
}

}  // namespace nansen::text
