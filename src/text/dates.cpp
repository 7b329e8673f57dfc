// SPDX-License-Identifier: Apache-2.0
// Birth dates as recorded: partial precision, 1 January placeholders, day/month swaps
// and single-digit typos.
#include <array>
#include <cstdlib>
#include <span>

#include "text/text.h"

namespace nansen::text {
namespace {

// A placeholder carries only its year.
CivilDate effective(const CivilDate& d) {
  if (!is_placeholder_date(d)) return d;
  return CivilDate{d.year, 0, 0, DatePrecision::kYear, d.approximate};
}

int rank(DatePrecision p) {
  return static_cast<int>(p);
}

// Digits that differ between YYYYMMDD forms (arithmetic: this runs for most compared pairs).
int differing_digits(const CivilDate& a, const CivilDate& b) {
  int x = a.year * 10000 + a.month * 100 + a.day;
  int y = b.year * 10000 + b.month * 100 + b.day;
  int n = 0;
  for (int i = 0; i < 8; ++i, x /= 10, y /= 10) n += x % 10 != y % 10;
  return n;
}

// The dates one slip away that reconcile checks: the date itself, day and month swapped,
// a day either way (one digit off is tested separately).
struct Variants {
  std::array<CivilDate, 4> dates;
  std::size_t count = 0;
  std::span<const CivilDate> all() const { return {dates.data(), count}; }
};

Variants one_slip_variants(const CivilDate& d) {
  Variants v{{d, add_days(d, 1), add_days(d, -1)}, 3};
  if (d.day <= 12 && d.day != d.month)
    v.dates[v.count++] = CivilDate{d.year, d.day, d.month, d.precision};
  return v;
}

}  // namespace

namespace {

bool within_two_slips(const CivilDate& a, const CivilDate& b) {
  const auto va = one_slip_variants(a), vb = one_slip_variants(b);
  // One slip on each side: both meet at one date, or one side's slip is a wrong digit.
  for (const CivilDate& x : va.all()) {
    if (differing_digits(x, b) <= 1) return true;
    for (const CivilDate& y : vb.all())
      if (x.year == y.year && x.month == y.month && x.day == y.day) return true;
  }
  for (const CivilDate& y : vb.all())
    if (differing_digits(a, y) <= 1) return true;
  return false;
}

// A month-precision date against a full or month-precision one: the same month after
// one slip of the full date (a swap, a day across a month's end), a wrong month digit,
// or a year slip.
bool month_within_slips(const CivilDate& month_date, const CivilDate& other) {
  const CivilDate m{month_date.year, month_date.month, 0, DatePrecision::kMonth};
  const Variants variants =
      other.precision == DatePrecision::kDay ? one_slip_variants(other) : Variants{{other}, 1};
  for (const CivilDate& v : variants.all()) {
    const CivilDate vm{v.year, v.month, 0, DatePrecision::kMonth};
    if (differing_digits(m, vm) <= 1) return true;
  }
  return false;
}

}  // namespace

bool dates_contradict(const CivilDate& a_in, const CivilDate& b_in) {
  const CivilDate a = effective(a_in), b = effective(b_in);
  if (a.approximate || b.approximate) return false;
  if (a.precision == DatePrecision::kYear || b.precision == DatePrecision::kYear) return false;
  if (a.precision == DatePrecision::kDay && b.precision == DatePrecision::kDay)
    return (a.month != b.month || a.day != b.day) && !within_two_slips(a, b);
  return a.precision == DatePrecision::kMonth ? !month_within_slips(a, b)
                                              : !month_within_slips(b, a);
}

std::string_view date_agreement_name(DateAgreement a) {
  switch (a) {
    case DateAgreement::kMissing:
      return "missing";
    case DateAgreement::kExact:
      return "exact";
    case DateAgreement::kCompatible:
      return "compatible";
    case DateAgreement::kNear:
      return "near";
    case DateAgreement::kYearClose:
      return "year_close";
    case DateAgreement::kDifferent:
      return "different";
  }
  return "missing";
}

bool is_placeholder_date(const CivilDate& d) {
  return d.precision == DatePrecision::kDay && d.month == 1 && d.day == 1;
}

DateAgreement compare_dates(const std::optional<CivilDate>& a_in,
                            const std::optional<CivilDate>& b_in) {
  if (!a_in || !b_in) return DateAgreement::kMissing;
  const CivilDate a = effective(*a_in), b = effective(*b_in);
  const int years_apart = std::abs(a.year - b.year);
  const bool approximate = a.approximate || b.approximate;
  const int precision = std::min(rank(a.precision), rank(b.precision));
  auto fallback = [&] {
    if (years_apart <= 1 || (approximate && years_apart <= 2)) return DateAgreement::kYearClose;
    return DateAgreement::kDifferent;
  };
  if (precision == rank(DatePrecision::kDay)) {
    if (a.year == b.year && a.month == b.month && a.day == b.day)
      return approximate ? DateAgreement::kCompatible : DateAgreement::kExact;
    if (a.year == b.year && a.month == b.day && a.day == b.month) return DateAgreement::kNear;
    if (differing_digits(a, b) == 1) return DateAgreement::kNear;
    // A day off across a month's end (30 June / 1 July): more than one digit, one slip.
    if (std::abs(days_from_civil(a) - days_from_civil(b)) == 1) return DateAgreement::kNear;
    return fallback();
  }
  if (precision == rank(DatePrecision::kMonth)) {
    if (a.year == b.year && a.month == b.month) return DateAgreement::kCompatible;
    if (differing_digits(CivilDate{a.year, a.month, 0}, CivilDate{b.year, b.month, 0}) == 1)
      return DateAgreement::kNear;
    return fallback();
  }
  // A year alone is too little to call a differing digit a typo (1983 vs 1973).
  if (a.year == b.year) return DateAgreement::kCompatible;
  return fallback();
}

}  // namespace nansen::text
