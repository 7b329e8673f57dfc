// SPDX-License-Identifier: Apache-2.0
// Text helpers: search folding in any script, ';'-separated lists, code checks.
#include <unicode/unistr.h>

#include <algorithm>

#include "pledges/internal.h"

namespace nansen::pledges::detail {

std::string fold(std::string_view text) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  s.foldCase();
  s.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x0451)),   // ё
                   icu::UnicodeString(static_cast<UChar32>(0x0435)));  // е
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ';';
    out += i;
  }
  return out;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& part : split(text, ';')) {
    std::string t = trim(part);
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

std::string join_ints(const std::vector<int>& items) {
  std::vector<std::string> parts;
  for (int i : items) parts.push_back(std::to_string(i));
  return join_list(parts);
}

bool is_country_code(std::string_view s) {
  return s.size() == 3 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool is_entity_code(std::string_view s) {
  return s.size() >= 2 && s.size() <= 40 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
         });
}

bool is_language(std::string_view s) {
  return s == "en" || s == "ru" || s == "kk";
}

CivilDate today(Instant now) {
  return civil_from_days(now.time_since_epoch().count() / 86400);
}

std::string today_text(Instant now) {
  return format_civil_date(today(now));
}

Error first_invalid(const std::vector<FieldProblem>& problems) {
  if (problems.empty()) return Error{ErrorCode::kInvalid, "invalid input", ""};
  return Error{ErrorCode::kInvalid, problems.front().message, problems.front().field};
}

}  // namespace nansen::pledges::detail
