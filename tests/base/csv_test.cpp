// SPDX-License-Identifier: Apache-2.0
// The CSV reader every import uses: RFC 4180 quoting, line ends, BOM, and errors that
// name the row and column. Malformed files are data under tests/data/base/csv/.
#include <gtest/gtest.h>

#include "base/base.h"

namespace nansen {
namespace {

TEST(Csv, ReadsHeaderAndRowsWithQuotesAndNewlines) {
  auto t = parse_csv(
      "id, name ,dob\r\n1,\"Абдрашов, Жанибек\",1985\n2,\"He said "
      "\"\"hi\"\"\",\n3,\"two\nlines\",1990-01\n");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->header, (std::vector<std::string>{"id", "name", "dob"}));
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[0][1], "Абдрашов, Жанибек");
  EXPECT_EQ(t->rows[1][1], "He said \"hi\"");
  EXPECT_EQ(t->rows[1][2], "");
  EXPECT_EQ(t->rows[2][1], "two\nlines");
  EXPECT_EQ(t->row_lines, (std::vector<std::size_t>{2, 3, 4}));
  EXPECT_EQ(t->column("name"), 1u);
  EXPECT_EQ(t->column(" dob "), 2u);
  EXPECT_FALSE(t->column("sex"));
}

TEST(Csv, StripsByteOrderMarkAndKeepsFieldsAsWritten) {
  auto t = parse_csv("\xEF\xBB\xBFid,name\n1, lachlan \n");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->header[0], "id");
  EXPECT_EQ(t->rows[0][1], " lachlan ");
}

TEST(Csv, NoFinalNewlineAndBlankLinesAreFine) {
  auto t = parse_csv("a,b\n1,2\n\n3,4");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[1][1], "4");
}

struct Bad {
  const char* text;
  ErrorCode code;
  const char* field;
};

TEST(Csv, MalformedInputNamesRowAndColumn) {
  const Bad cases[] = {
      {"", ErrorCode::kInvalid, "row 1, column 1"},
      {"a,b\n1,2,3\n", ErrorCode::kInvalid, "row 2, column 3"},
      {"a,b\n1\n", ErrorCode::kInvalid, "row 2, column 2"},
      {"a,b\n1,\"open\n", ErrorCode::kInvalid, "row 2, column 2"},
      {"a,b\n1,\"x\"y\n", ErrorCode::kInvalid, "row 2, column 2"},
      {"a,b\n1,x\"y\n", ErrorCode::kInvalid, "row 2, column 2"},
      {"a,b\n1,2\n3,\xff\n", ErrorCode::kInvalid, "row 3, column 2"},
  };
  for (const Bad& b : cases) {
    auto t = parse_csv(b.text);
    ASSERT_FALSE(t) << b.text;
    EXPECT_EQ(t.error().code, b.code) << b.text;
    EXPECT_EQ(t.error().field, b.field) << b.text;
    EXPECT_FALSE(t.error().message.empty());
  }
}

TEST(Csv, LimitsAreEnforced) {
  CsvLimits small{.max_rows = 2, .max_field_bytes = 8, .max_columns = 3};
  auto rows = parse_csv("a\n1\n2\n3\n", small);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(rows.error().field, "row 4, column 1");
  auto field = parse_csv("a\n\"123456789\"\n", small);
  ASSERT_FALSE(field);
  EXPECT_EQ(field.error().code, ErrorCode::kTooLarge);
  auto cols = parse_csv("a,b,c,d\n", small);
  ASSERT_FALSE(cols);
  EXPECT_EQ(cols.error().code, ErrorCode::kTooLarge);
}

TEST(CsvField, QuotesWhenNeededAndDefusesFormulas) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  EXPECT_EQ(csv_field("@SUM"), "'@SUM");
  EXPECT_EQ(csv_field("+1"), "+1");
  EXPECT_EQ(csv_field("-12.5"), "-12.5");
  EXPECT_EQ(csv_field("-cmd"), "'-cmd");
  EXPECT_EQ(csv_field(""), "");
}

TEST(Csv, RoundTripsThroughTheWriter) {
  const std::vector<std::string> values = {"a,b", "q\"q", "x\r\ny", "Ömirzaq"};
  std::string text = "h1,h2,h3,h4\n";
  for (std::size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + csv_field(values[i]);
  text += "\n";
  auto t = parse_csv(text);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->rows[0], values);
}

}  // namespace
}  // namespace nansen
