// SPDX-License-Identifier: Apache-2.0
// Validation of a person as entered: every problem found at once, each naming its field.
#include <cctype>

#include "registry/internal.h"

namespace nansen::registry {
namespace {

Status text_field(std::string_view value, const std::string& field, bool required) {
  if (!is_valid_utf8(value)) return fail(ErrorCode::kInvalid, "not valid UTF-8", field);
  if (value.size() > kMaxTextBytes)
    return fail(ErrorCode::kTooLarge, "longer than " + std::to_string(kMaxTextBytes) + " bytes",
                field);
  if (required && trim(value).empty()) return fail(ErrorCode::kInvalid, "required", field);
  return {};
}

std::string at(const char* list, std::size_t i, const char* key) {
  return std::string(list) + "[" + std::to_string(i) + "]." + key;
}

}  // namespace

bool is_country_code(std::string_view s) {
  if (s.size() != 3) return false;
  for (char c : s)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

std::string document_number_key(std::string_view number) {
  std::string key;
  for (char c : number)
    if (c != ' ' && c != '-')
      key.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return key;
}

std::vector<Error> check_person(const PersonInput& p) {
  std::vector<Error> problems;
  const auto add = [&problems](Status s) {
    if (!s) problems.push_back(s.error());
  };
  const auto problem = [&problems](ErrorCode code, std::string message, std::string field) {
    problems.push_back(Error{code, std::move(message), std::move(field)});
  };
  if (!is_country_code(p.country))
    problem(ErrorCode::kInvalid, "expected an ISO 3166 alpha-3 code such as KAZ", "country");
  add(text_field(p.organisation, "organisation", false));
  if (p.names.empty()) problem(ErrorCode::kInvalid, "at least one name is required", "names");
  if (p.names.size() > kMaxNames) problem(ErrorCode::kTooLarge, "at most 20 names", "names");
  for (std::size_t i = 0; i < p.names.size() && i < kMaxNames; ++i) {
    const auto& n = p.names[i];
    add(text_field(n.full_name, at("names", i, "full_name"), true));
    add(text_field(n.given, at("names", i, "given"), false));
    add(text_field(n.family, at("names", i, "family"), false));
    add(text_field(n.patronymic, at("names", i, "patronymic"), false));
  }
  if (p.sex != 'M' && p.sex != 'F' && p.sex != 'X' && p.sex != 'U')
    problem(ErrorCode::kInvalid, "expected M, F, X or U (unknown)", "sex");
  if (p.birth_date) {
    // Round-trip through the parser: it rejects impossible dates and out-of-range years.
    auto again = parse_civil_date(format_civil_date(*p.birth_date), "birth_date");
    if (!again || !(*again == *p.birth_date))
      problem(ErrorCode::kInvalid, "not a possible date", "birth_date");
  }
  add(text_field(p.birth_place, "birth_place", false));
  for (std::size_t i = 0; i < p.nationalities.size(); ++i) {
    const auto& c = p.nationalities[i].claim;
    if (!is_country_code(c) && c != "stateless" && c != "undetermined")
      problem(ErrorCode::kInvalid,
              "expected an ISO 3166 alpha-3 code, 'stateless' or 'undetermined'",
              at("nationalities", i, "claim"));
    add(text_field(p.nationalities[i].basis, at("nationalities", i, "basis"), false));
  }
  for (std::size_t i = 0; i < p.documents.size(); ++i) {
    const auto& d = p.documents[i];
    add(text_field(d.type, at("documents", i, "type"), true));
    const Status number = text_field(d.number, at("documents", i, "number"), true);
    add(number);
    if (number && d.number.size() > 64)
      problem(ErrorCode::kInvalid, "at most 64 characters", at("documents", i, "number"));
    add(text_field(d.issuer, at("documents", i, "issuer"), false));
    for (const auto* date : {&d.valid_from, &d.valid_until})
      if (*date && (*date)->precision != DatePrecision::kDay)
        problem(ErrorCode::kInvalid, "a document's validity is a full date",
                at("documents", i, date == &d.valid_from ? "valid_from" : "valid_until"));
    if (d.valid_from && d.valid_until &&
        days_from_civil(*d.valid_until) < days_from_civil(*d.valid_from))
      problem(ErrorCode::kInvalid, "ends before it starts", at("documents", i, "valid_until"));
  }
  for (std::size_t i = 0; i < p.specific_needs.size(); ++i)
    add(text_field(p.specific_needs[i], "specific_needs[" + std::to_string(i) + "]", true));
  for (std::size_t i = 0; i < p.languages.size(); ++i) {
    const auto& l = p.languages[i];
    bool ok = l.size() >= 2 && l.size() <= 3;
    for (char c : l) ok = ok && c >= 'a' && c <= 'z';
    if (!ok)
      problem(ErrorCode::kInvalid, "expected an ISO 639 code such as ru, kk, prs",
              "languages[" + std::to_string(i) + "]");
  }
  add(text_field(p.contact, "contact", false));
  return problems;
}

Status validate_person(const PersonInput& p) {
  auto problems = check_person(p);
  if (!problems.empty()) return fail(std::move(problems.front()));
  return {};
}

}  // namespace nansen::registry
