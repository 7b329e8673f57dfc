// Birth dates as recorded: partial precision, 1 January placeholders, day/month swaps
// and single-digit typos.
#include <cstdlib>

#include <fmt/format.h>

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

int differing_digits(const CivilDate& a, const CivilDate& b) {
  const std::string x = fmt::format("{:04}{:02}{:02}", a.year, a.month, a.day);
  const std::string y = fmt::format("{:04}{:02}{:02}", b.year, b.month, b.day);
  int n = 0;
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) n += x[i] != y[i];
  return n;
}

}  // namespace

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
