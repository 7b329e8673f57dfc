// SPDX-License-Identifier: Apache-2.0
// Civil dates with precision: parsing what people write, and the calendar arithmetic
// legal deadlines rely on (month ends, leap years).
#include <gtest/gtest.h>

#include "base/base.h"

namespace nansen {
namespace {

TEST(CivilDate, ParsesEachPrecision) {
  EXPECT_EQ(parse_civil_date("1987")->precision, DatePrecision::kYear);
  EXPECT_EQ(parse_civil_date("1987-04")->precision, DatePrecision::kMonth);
  auto d = parse_civil_date("~1987-04-30");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->approximate);
  EXPECT_EQ(d->day, 30);
  EXPECT_EQ(format_civil_date(*d), "~1987-04-30");
}

TEST(CivilDate, RejectsImpossibleDatesNamingTheField) {
  for (const char* bad : {"2023-02-29", "1987-13-01", "1987-04-31", "87-04-01", "", "abcd",
                          "1987-4-1", "1700-01-01", "2024-02-30x"}) {
    auto d = parse_civil_date(bad, "birth_date");
    ASSERT_FALSE(d) << bad;
    EXPECT_EQ(d.error().field, "birth_date");
    EXPECT_EQ(d.error().code, ErrorCode::kInvalid);
  }
  EXPECT_TRUE(parse_civil_date("2024-02-29"));
}

TEST(CivilDate, AddMonthsClampsToMonthEnd) {
  const CivilDate jan31 = *parse_civil_date("2024-01-31");
  EXPECT_EQ(format_civil_date(add_months(jan31, 1)), "2024-02-29");
  EXPECT_EQ(format_civil_date(add_months(*parse_civil_date("2023-01-31"), 1)), "2023-02-28");
  EXPECT_EQ(format_civil_date(add_months(*parse_civil_date("2023-11-30"), 3)), "2024-02-29");
  EXPECT_EQ(format_civil_date(add_months(*parse_civil_date("2024-02-29"), 12)), "2025-02-28");
}

TEST(CivilDate, AddDaysCrossesYearsAndLeapDays) {
  EXPECT_EQ(format_civil_date(add_days(*parse_civil_date("2023-12-30"), 3)), "2024-01-02");
  EXPECT_EQ(format_civil_date(add_days(*parse_civil_date("2024-02-28"), 1)), "2024-02-29");
  EXPECT_EQ(days_from_civil(*parse_civil_date("1970-01-01")), 0);
}

TEST(Instant, RoundTripsIso8601) {
  auto t = parse_instant("2024-10-04T09:30:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_instant(*t), "2024-10-04T09:30:00Z");
  EXPECT_FALSE(parse_instant("2024-10-04 09:30"));
  // Each of hour, minute and second is exactly two digits (fuzz/date_fuzz found "-9").
  for (const char* bad : {"1800-01-01T-9:30:00Z", "2024-10-04T 9:30:00Z", "2024-10-04T+9:30:00Z",
                          "2024-10-04T09:3x:00Z", "2024-10-04T09-30-00Z"})
    EXPECT_FALSE(parse_instant(bad)) << bad;
}

TEST(Instant, CivilDateInAlmatyIsAheadOfUtc) {
  auto t = parse_instant("2024-10-04T20:30:00Z");
  auto d = civil_date_in_zone(*t, "Asia/Almaty");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_civil_date(*d), "2024-10-05");
  EXPECT_FALSE(civil_date_in_zone(*t, "Mars/Olympus"));
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_TRUE(is_valid_utf8("Қазақша Ärzhan"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));
  EXPECT_FALSE(is_valid_utf8("abc\xE2\x82"));
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));
  EXPECT_EQ(utf8_length("Қаз"), 3u);
}

}  // namespace
}  // namespace nansen
