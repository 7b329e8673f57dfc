// SPDX-License-Identifier: Apache-2.0
// Composing and reading the two lines of a TD3 machine-readable zone (Doc 9303 Part 4).
//
// Line 1: P, type, issuing state (3), name (39).
// Line 2: document number (9) + check, nationality (3), birth YYMMDD + check, sex,
//         expiry YYMMDD + check, optional data (14) + check, composite check.
#include <cctype>

#include "documents/documents.h"

namespace nansen::documents {
namespace {

bool is_mrz_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
}

// Upper-cases ASCII and drops the spaces and hyphens people type inside numbers.
std::string compact_upper(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '-') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

Result<std::string> alnum_field(std::string_view raw, std::size_t min, std::size_t max,
                                const char* field, const char* what) {
  std::string v = compact_upper(raw);
  if (v.size() < min || v.size() > max)
    return fail(ErrorCode::kInvalid,
                std::string(what) + " must be " + std::to_string(min) + "–" + std::to_string(max) +
                    " characters",
                field);
  for (char c : v)
    if (!is_mrz_char(c))
      return fail(ErrorCode::kInvalid, std::string(what) + " may hold only A–Z, 0–9 and '<'",
                  field);
  v.resize(max, '<');
  return v;
}

// A state or organisation code: 1–3 letters, padded with fillers ("D" → "D<<").
Result<std::string> state_code(std::string_view raw, const char* field) {
  std::string v = compact_upper(raw);
  while (!v.empty() && v.back() == '<') v.pop_back();
  bool letters = !v.empty() && v.size() <= 3;
  for (char c : v) letters = letters && c >= 'A' && c <= 'Z';
  if (!letters)
    return fail(ErrorCode::kInvalid,
                "must be a 3-letter ICAO code (ISO 3166 alpha-3, or XXA stateless, XXB / XXC "
                "refugee, XXX unspecified)",
                field);
  v.resize(3, '<');
  return v;
}

std::string two_digits(int n) {
  return std::string{static_cast<char>('0' + n / 10 % 10), static_cast<char>('0' + n % 10)};
}

// YYMMDD; a part that is not known (year or month precision) is written as fillers.
std::string yymmdd(const CivilDate& d) {
  std::string out = two_digits(d.year % 100);
  out += d.precision == DatePrecision::kYear ? "<<" : two_digits(d.month);
  out += d.precision == DatePrecision::kDay ? two_digits(d.day) : "<<";
  return out;
}

bool plausible_date(const CivilDate& d) {
  if (d.year < 1800 || d.year > 2200) return false;
  if (d.precision == DatePrecision::kYear) return true;
  if (d.month < 1 || d.month > 12) return false;
  if (d.precision == DatePrecision::kMonth) return true;
  return d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

CivilDate first_possible_day(const CivilDate& d) {
  return CivilDate{d.year, d.precision == DatePrecision::kYear ? 1 : d.month,
                   d.precision == DatePrecision::kDay ? d.day : 1, DatePrecision::kDay, false};
}

Result<std::string> document_code(std::string_view raw) {
  std::string v = compact_upper(raw);
  while (!v.empty() && v.back() == '<') v.pop_back();
  bool ok = !v.empty() && v.size() <= 2 && v[0] == 'P';
  for (char c : v) ok = ok && c >= 'A' && c <= 'Z';
  if (!ok)
    return fail(ErrorCode::kInvalid,
                "a TD3 travel document code is P followed by at most one letter", "document_code");
  v.resize(2, '<');
  return v;
}

}  // namespace

Result<Td3> make_td3(const Td3Input& in) {
  auto code = document_code(in.document_code);
  if (!code) return fail(code.error());
  auto issuer = state_code(in.issuing_state, "issuing_state");
  if (!issuer) return fail(issuer.error());
  auto surname = mrz_name_part(in.surname, "surname");
  if (!surname) return fail(surname.error());
  std::string given;
  if (!trim(in.given_names).empty()) {
    auto g = mrz_name_part(in.given_names, "given_names");
    if (!g) return fail(g.error());
    given = *g;
  }
  auto number = alnum_field(in.document_number, 1, kTd3DocumentNumberLength, "document_number",
                            "the document number");
  if (!number) return fail(number.error());
  auto nationality = state_code(in.nationality, "nationality");
  if (!nationality) return fail(nationality.error());
  if (!plausible_date(in.birth_date))
    return fail(ErrorCode::kInvalid, "not a possible date of birth", "birth_date");
  if (in.sex != 'M' && in.sex != 'F' && in.sex != 'X' && in.sex != '<')
    return fail(ErrorCode::kInvalid, "sex must be M, F, X or < (unspecified)", "sex");
  if (in.expiry_date.precision != DatePrecision::kDay || !plausible_date(in.expiry_date))
    return fail(ErrorCode::kInvalid, "the expiry date must be a full date", "expiry_date");
  if (days_from_civil(in.expiry_date) <= days_from_civil(first_possible_day(in.birth_date)))
    return fail(ErrorCode::kInvalid, "the document expires before the holder was born",
                "expiry_date");
  auto optional = alnum_field(in.optional_data, 0, kTd3OptionalDataLength, "optional_data",
                              "the optional data");
  if (!optional) return fail(optional.error());

  Td3 out;
  out.line1 = *code + *issuer + td3_name_field(*surname, given);

  const std::string birth = yymmdd(in.birth_date);
  const std::string expiry = yymmdd(in.expiry_date);
  // An unused optional-data field may carry '<' as its check digit (Part 4 §4.2.2).
  const bool optional_unused = optional->find_first_not_of('<') == std::string::npos;
  std::string& l2 = out.line2;
  l2 = *number + *mrz_check_digit(*number) + *nationality + birth + *mrz_check_digit(birth) +
       in.sex + expiry + *mrz_check_digit(expiry) + *optional +
       (optional_unused ? '<' : *mrz_check_digit(*optional));
  const std::string composite = l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 22);
  l2 += *mrz_check_digit(composite);
  return out;
}

namespace {

Status check_line(std::string_view line, const char* field) {
  if (line.size() != kTd3LineLength)
    return fail(ErrorCode::kInvalid,
                "a TD3 line has 44 characters, this one " + std::to_string(line.size()), field);
  for (char c : line)
    if (!is_mrz_char(c))
      return fail(ErrorCode::kInvalid, "an MRZ line holds only A–Z, 0–9 and '<'", field);
  return {};
}

std::string without_trailing_fillers(std::string_view s) {
  std::string v(s);
  while (!v.empty() && v.back() == '<') v.pop_back();
  return v;
}

std::string fillers_to_spaces(std::string_view s) {
  std::string v;
  for (char c : s) v.push_back(c == '<' ? ' ' : c);
  return trim(v);
}

}  // namespace

Result<Td3Reading> read_td3(std::string_view line1, std::string_view line2) {
  NANSEN_TRY(check_line(line1, "line1"));
  NANSEN_TRY(check_line(line2, "line2"));
  if (line1[0] != 'P')
    return fail(ErrorCode::kInvalid, "a TD3 travel document starts with P", "line1");

  Td3Reading r;
  r.document_code = without_trailing_fillers(line1.substr(0, 2));
  r.issuing_state = std::string(line1.substr(2, 3));
  const std::string_view name = line1.substr(5, kTd3NameLength);
  const std::size_t split = name.find("<<");
  r.surname = fillers_to_spaces(name.substr(0, split));
  if (split != std::string_view::npos) r.given_names = fillers_to_spaces(name.substr(split + 2));
  r.name_possibly_truncated = name.back() != '<';

  r.document_number = without_trailing_fillers(line2.substr(0, 9));
  r.nationality = std::string(line2.substr(10, 3));
  r.birth_date = std::string(line2.substr(13, 6));
  r.sex = line2[20];
  r.expiry_date = std::string(line2.substr(21, 6));
  r.optional_data = without_trailing_fillers(line2.substr(28, 14));

  auto check = [&](MrzCheck which, std::string_view data, char printed, bool filler_ok) {
    const char expected = *mrz_check_digit(data);
    if (printed == expected || (filler_ok && printed == '<')) return;
    r.failures.push_back({which, expected, printed});
  };
  check(MrzCheck::kDocumentNumber, line2.substr(0, 9), line2[9], false);
  check(MrzCheck::kBirthDate, line2.substr(13, 6), line2[19], false);
  check(MrzCheck::kExpiryDate, line2.substr(21, 6), line2[27], false);
  check(MrzCheck::kOptionalData, line2.substr(28, 14), line2[42], r.optional_data.empty());
  const std::string composite = std::string(line2.substr(0, 10)) +
                                std::string(line2.substr(13, 7)) +
                                std::string(line2.substr(21, 22));
  check(MrzCheck::kComposite, composite, line2[43], false);
  return r;
}

}  // namespace nansen::documents
