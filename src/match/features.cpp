// SPDX-License-Identifier: Apache-2.0
// From a record as written to the features the matcher compares.
#include <algorithm>

#include "match/match.h"

namespace nansen::match {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& t : v) {
    if (!out.empty()) out.push_back(' ');
    out += t;
  }
  return out;
}

}  // namespace

Result<Features> prepare(const PersonRecord& r) {
  const bool has_parts =
      !trim(r.given_name).empty() || !trim(r.family_name).empty() || !trim(r.patronymic).empty();
  auto parsed = has_parts ? text::parse_name_parts(r.given_name, r.family_name, r.patronymic)
                          : text::parse_name(r.full_name);
  if (!parsed) return fail(parsed.error());
  if (r.attributes.size() > kMaxAttributes)
    return fail(ErrorCode::kInvalid, "at most 4 extra attributes", "attributes");
  Features f;
  f.given = parsed->given;
  f.given_joined = join(f.given);
  f.family_stem = parsed->family_stem;
  f.family_root = parsed->family_root;
  if (!parsed->patronymic.empty()) f.patronymic = parsed->patronymic.front();
  f.birth_date = r.birth_date;
  f.sex = r.sex ? r.sex : parsed->sex_signal;
  f.nationality = r.nationality;
  for (const std::string& a : r.attributes) f.attributes.push_back(to_lower_ascii(trim(a)));
  for (const std::string& g : f.given) f.tokens.push_back(g);
  for (const std::string& s : split(f.family_stem, ' '))
    if (!s.empty()) f.tokens.push_back(s);
  if (!f.patronymic.empty()) f.tokens.push_back(f.patronymic);
  f.given_is_common = f.given.size() == 1 && text::is_common_given_name(f.given[0]);
  return f;
}

}  // namespace nansen::match
