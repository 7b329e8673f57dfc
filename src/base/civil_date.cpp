// SPDX-License-Identifier: Apache-2.0
// Civil dates with precision and exact calendar arithmetic. The day-count algorithms are
// Howard Hinnant's public-domain days_from_civil / civil_from_days.
#include <charconv>

#include "base/base.h"

namespace nansen {

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && is_leap_year(y)) return 29;
  return kDays[m - 1];
}

namespace {

std::optional<int> parse_digits(std::string_view s, std::size_t width) {
  if (s.size() != width) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

Result<CivilDate> parse_civil_date(std::string_view text, std::string_view field) {
  const std::string f(field);
  CivilDate d;
  if (!text.empty() && text.front() == '~') {
    d.approximate = true;
    text.remove_prefix(1);
  }
  const auto bad = [&] {
    return fail(ErrorCode::kInvalid,
                "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '" +
                    std::string(text.substr(0, 32)) + "'",
                f);
  };
  auto year = parse_digits(text.substr(0, 4), 4);
  if (!year) return bad();
  d.year = *year;
  if (d.year < 1800 || d.year > 2200)
    return fail(ErrorCode::kInvalid, "year must be between 1800 and 2200", f);
  if (text.size() == 4) {
    d.precision = DatePrecision::kYear;
    return d;
  }
  if (text.size() < 7 || text[4] != '-') return bad();
  auto month = parse_digits(text.substr(5, 2), 2);
  if (!month) return bad();
  if (*month < 1 || *month > 12) return fail(ErrorCode::kInvalid, "month must be 01..12", f);
  d.month = *month;
  if (text.size() == 7) {
    d.precision = DatePrecision::kMonth;
    return d;
  }
  if (text.size() != 10 || text[7] != '-') return bad();
  auto day = parse_digits(text.substr(8, 2), 2);
  if (!day) return bad();
  if (*day < 1 || *day > days_in_month(d.year, d.month))
    return fail(ErrorCode::kInvalid,
                "day " + std::to_string(*day) + " does not exist in " +
                    std::string(text.substr(0, 7)),
                f);
  d.day = *day;
  d.precision = DatePrecision::kDay;
  return d;
}

std::string format_civil_date(const CivilDate& d) {
  char buf[16];
  int n = 0;
  switch (d.precision) {
    case DatePrecision::kYear: n = std::snprintf(buf, sizeof buf, "%04d", d.year); break;
    case DatePrecision::kMonth:
      n = std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
      break;
    case DatePrecision::kDay:
      n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
      break;
  }
  std::string s(buf, static_cast<std::size_t>(n));
  return d.approximate ? "~" + s : s;
}

std::int64_t days_from_civil(const CivilDate& d) {
  int y = d.year;
  const unsigned m = static_cast<unsigned>(d.month ? d.month : 1);
  const unsigned day = static_cast<unsigned>(d.day ? d.day : 1);
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  CivilDate out;
  out.year = static_cast<int>(y + (m <= 2));
  out.month = static_cast<int>(m);
  out.day = static_cast<int>(d);
  return out;
}

CivilDate add_months(const CivilDate& d, int months) {
  const int total = d.year * 12 + (d.month - 1) + months;
  CivilDate out;
  out.year = total / 12;
  out.month = total % 12 + 1;
  out.day = std::min(d.day, days_in_month(out.year, out.month));
  return out;
}

CivilDate add_days(const CivilDate& d, int days) { return civil_from_days(days_from_civil(d) + days); }

}  // namespace nansen
