// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: dates with precision as people type them ("1988", "~1990-05",
// "2024-02-29") and instants. What parses must print back to the same date, and the
// calendar arithmetic on a day-precision date must stay a valid date.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/base.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nansen;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto d = parse_civil_date(in, "birth_date")) {
    if (d->year < 1800 || d->year > 2200) std::abort();
    auto again = parse_civil_date(format_civil_date(*d));
    if (!again || !(*again == *d)) std::abort();  // format is the inverse of parse
    if (d->precision == DatePrecision::kDay) {
      if (d->day < 1 || d->day > days_in_month(d->year, d->month)) std::abort();
      if (!(civil_from_days(days_from_civil(*d)) == CivilDate{d->year, d->month, d->day}))
        std::abort();
      const int step = size > 0 ? static_cast<std::int8_t>(data[size - 1]) : 1;
      const CivilDate m = add_months(*d, step);
      if (m.day < 1 || m.day > days_in_month(m.year, m.month)) std::abort();
      const CivilDate n = add_days(*d, step * 1000);
      if (n.day < 1 || n.day > days_in_month(n.year, n.month)) std::abort();
    }
  } else if (d.error().field != "birth_date") {
    std::abort();  // errors name the field they were given
  }
  if (auto t = parse_instant(in)) {
    auto again = parse_instant(format_instant(*t));
    if (!again || *again != *t) std::abort();
  }
  return 0;
}
