// SPDX-License-Identifier: Apache-2.0
#include <cstdio>
#include <ctime>

#include <memory>

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "base/base.h"

namespace nansen {

Clock system_clock() {
  return [] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); };
}

std::string format_instant(Instant t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const CivilDate d = civil_from_days(days.time_since_epoch().count());
  const auto secs = (t - days).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

Result<Instant> parse_instant(std::string_view text) {
  auto date = parse_civil_date(text.substr(0, 10), "instant");
  if (!date || date->precision != DatePrecision::kDay)
    return fail(ErrorCode::kInvalid, "expected YYYY-MM-DDTHH:MM:SSZ", "instant");
  // Two digits each, exactly: sscanf's %2d would also take "-9" or " 9" (found by fuzzing).
  const auto two_digits = [&](std::size_t at) {
    const char a = text[at], b = text[at + 1];
    return (a >= '0' && a <= '9' && b >= '0' && b <= '9') ? (a - '0') * 10 + (b - '0') : -1;
  };
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
    return fail(ErrorCode::kInvalid, "expected YYYY-MM-DDTHH:MM:SSZ", "instant");
  const int h = two_digits(11), m = two_digits(14), s = two_digits(17);
  if (h < 0 || m < 0 || s < 0 || h > 23 || m > 59 || s > 59)
    return fail(ErrorCode::kInvalid, "expected YYYY-MM-DDTHH:MM:SSZ", "instant");
  return Instant(std::chrono::seconds(days_from_civil(*date) * 86400 + h * 3600 + m * 60 + s));
}

Result<CivilDate> civil_date_in_zone(Instant t, std::string_view iana_zone) {
  // g++ 12 has no std::chrono time-zone database; ICU carries one.
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
      icu::StringPiece(iana_zone.data(), static_cast<int32_t>(iana_zone.size())))));
  icu::UnicodeString id;
  zone->getID(id);
  if (*zone == icu::TimeZone::getUnknown())
    return fail(ErrorCode::kInvalid, "unknown time zone '" + std::string(iana_zone) + "'",
                "time_zone");
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  const double ms = static_cast<double>(t.time_since_epoch().count()) * 1000.0;
  zone->getOffset(ms, false, raw, dst, status);
  if (U_FAILURE(status)) return fail(ErrorCode::kInternal, "time zone offset failed");
  const auto local = t.time_since_epoch().count() + (raw + dst) / 1000;
  return civil_from_days(local >= 0 ? local / 86400 : (local - 86399) / 86400);
}

}  // namespace nansen
