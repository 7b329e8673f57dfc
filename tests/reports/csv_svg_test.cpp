// SPDX-License-Identifier: Apache-2.0
// CSV output and SVG charts: escaping is the contract.
#include <gtest/gtest.h>

#include "reports/reports.h"

namespace nansen::reports {
namespace {

TEST(Csv, HeaderRowsQuotingAndFormulaNeutralisation) {
  Table t{{"id", "title"}, {{"1", "a, \"quoted\" title"}, {"2", "=SUM(A1)"}}};
  const std::string csv = to_csv(t);
  EXPECT_EQ(csv, "id,title\r\n1,\"a, \"\"quoted\"\" title\"\r\n2,'=SUM(A1)\r\n");
  auto back = parse_csv(csv);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->rows[0][1], "a, \"quoted\" title");
}

TEST(Svg, LabelsAreEscapedAndColoursValidated) {
  StackedBarChart c;
  c.title = "Stages <script>alert(1)</script> & \"more\"";
  c.series = {{"planning", "#f0ad4e"}, {"evil", "red\" onload=\"alert(1)"}};
  c.groups = {{"KAZ", {{"", {2, 1}}}}, {"Кыргызстан", {{"", {0, 3}}}}};
  const std::string svg = render_stacked_bar_chart(c);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("onload"), std::string::npos) << "a bad colour becomes grey";
  EXPECT_NE(svg.find("Кыргызстан"), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
}

TEST(Svg, StackedBarsAreProportional) {
  StackedBarChart c;
  c.height = 360;
  c.series = {{"a", "#111111"}, {"b", "#222222"}};
  c.groups = {{"X", {{"", {10, 10}}}}};
  const std::string svg = render_stacked_bar_chart(c);
  // Two segments of the same height: 20 fits an axis of 20, so each is half the plot.
  const auto first = svg.find("fill=\"#111111\"");
  const auto second = svg.find("fill=\"#222222\"");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  auto height_before = [&](std::size_t pos) {
    const auto h = svg.rfind("height=\"", pos);
    return std::stod(svg.substr(h + 8));
  };
  EXPECT_DOUBLE_EQ(height_before(first), height_before(second));
}

TEST(Svg, AYearSeriesCarriesItsNoteAndHollowPoints) {
  YearSeriesChart c;
  c.title = "Refugees in Kazakhstan";
  c.series = {
      {"refugees",
       "#0072bc",
       {{2021, 500, false}, {2022, 600, false}, {2023, 42685, true}, {2024, std::nullopt, false}}}};
  c.notes = {{2023, 2024, "Change of category, not a wave of grants"}};
  const std::string svg = render_year_series_chart(c);
  EXPECT_NE(svg.find("Change of category, not a wave of grants"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray=\"4 3\""), std::string::npos)
      << "the flagged segment is dashed";
  EXPECT_NE(svg.find("fill=\"#ffffff\""), std::string::npos) << "the flagged point is hollow";
  EXPECT_NE(svg.find("(see note)"), std::string::npos);
}

TEST(Svg, EmptyChartsStillDraw) {
  EXPECT_NE(render_stacked_bar_chart({}).find("</svg>"), std::string::npos);
  EXPECT_NE(render_year_series_chart({}).find("</svg>"), std::string::npos);
}

}  // namespace
}  // namespace nansen::reports
