// SPDX-License-Identifier: Apache-2.0
// XLSX: what we write we can read back; what a bomb declares or inflates is refused.
#include <gtest/gtest.h>

#include "reports/reports.h"
#include "reports/zip_bomb.h"

namespace nansen::reports {
namespace {

Table sample() {
  Table t;
  t.header = {"pledge_id", "title", "target_date"};
  t.rows = {{"GRF-01547", "Birth registration for every child", "2025-12-31"},
            {"0012", "Регистрация рождения; «кавычки» & <теги>", ""},
            {"NSN-1", "=HYPERLINK(\"x\")", "2024"}};
  return t;
}

TEST(Xlsx, WhatIsWrittenIsReadBackCellForCell) {
  auto bytes = to_xlsx(sample(), "Pledges");
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_TRUE(looks_like_zip(*bytes));
  auto table = read_xlsx(*bytes);
  ASSERT_TRUE(table) << table.error().message << " " << table.error().field;
  EXPECT_EQ(table->header, sample().header);
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[1][0], "0012") << "ids stay text";
  EXPECT_EQ(table->rows[1][1], "Регистрация рождения; «кавычки» & <теги>");
  EXPECT_EQ(table->rows[1][2], "");
  EXPECT_EQ(table->rows[2][1], "=HYPERLINK(\"x\")") << "written as text, never as a formula";
  EXPECT_EQ(table->row_lines, (std::vector<std::size_t>{2, 3, 4}));
}

// (The import tests inflate a real 120 MB bomb; here the declared size is enough.)
TEST(Xlsx, AZipBombIsRefusedByItsDeclaredSize) {
  std::string bomb = testing::make_xlsx_bomb(1u << 20);
  testing::lie_about_size(bomb, "xl/worksheets/sheet1.xml", 150u << 20);
  auto table = read_xlsx(bomb);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(table.error().message.find("ZIP bomb"), std::string::npos);
  EXPECT_EQ(table.error().field, "xl/worksheets/sheet1.xml");
}

TEST(Xlsx, ABombThatLiesAboutItsSizeIsStoppedWhileInflating) {
  std::string bomb = testing::make_xlsx_bomb(8u << 20);
  testing::lie_about_size(bomb, "xl/worksheets/sheet1.xml", 1000);
  auto table = read_xlsx(bomb);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kTooLarge) << table.error().message;
}

TEST(Xlsx, ASmallerBudgetIsHonoured) {
  XlsxLimits small;
  small.max_uncompressed_bytes = 1u << 20;
  auto table = read_xlsx(testing::make_xlsx_bomb(2u << 20), small);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kTooLarge);
}

TEST(Xlsx, NotAWorkbookIsInvalid) {
  EXPECT_EQ(read_xlsx("pledge_id,title\n").error().code, ErrorCode::kInvalid);
  EXPECT_EQ(read_xlsx(std::string("PK\x03\x04garbage", 11)).error().code, ErrorCode::kInvalid);
  auto no_workbook = testing::make_zip({{"hello.txt", "hi"}});
  EXPECT_EQ(read_xlsx(no_workbook).error().code, ErrorCode::kInvalid);
}

TEST(Xlsx, ADoctypeIsRefused) {
  const std::string sheet =
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]><worksheet><sheetData><row "
      "r=\"1\">"
      "<c r=\"A1\" t=\"inlineStr\"><is><t>&a;</t></is></c></row></sheetData></worksheet>";
  auto zip = testing::make_zip(
      {{"xl/workbook.xml", testing::kWorkbookXml}, {"xl/worksheets/sheet1.xml", sheet}});
  auto table = read_xlsx(zip);
  ASSERT_FALSE(table);
  EXPECT_NE(table.error().message.find("DOCTYPE"), std::string::npos);
}

TEST(Xlsx, InlineStringsSharedStringsAndGapsAreRead) {
  const std::string sheet =
      "<worksheet><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" "
      "t=\"inlineStr\"><is><t>c</t></is></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"B3\"><v>45000</v></c></row>"
      "</sheetData></worksheet>";
  const std::string strings =
      "<sst><si><t>a</t></si><si><r><t>rich </t></r><r><t>text</t></r></si></sst>";
  auto zip = testing::make_zip({{"xl/workbook.xml", testing::kWorkbookXml},
                                {"xl/worksheets/sheet1.xml", sheet},
                                {"xl/sharedStrings.xml", strings}});
  auto table = read_xlsx(zip);
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->header, (std::vector<std::string>{"a", "", "c"}));
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0], (std::vector<std::string>{"rich text", "45000", ""}));
  EXPECT_EQ(table->row_lines[0], 3u);
}

TEST(Xlsx, AValueBeyondTheHeaderIsNamedByRowAndColumn) {
  const std::string sheet =
      "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>id</t></is></c></row>"
      "<row r=\"2\"><c r=\"D2\" "
      "t=\"inlineStr\"><is><t>stray</t></is></c></row></sheetData></worksheet>";
  auto table = read_xlsx(testing::make_zip(
      {{"xl/workbook.xml", testing::kWorkbookXml}, {"xl/worksheets/sheet1.xml", sheet}}));
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().field, "row 2, column D");
}

}  // namespace
}  // namespace nansen::reports
