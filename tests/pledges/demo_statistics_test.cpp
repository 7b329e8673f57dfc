// SPDX-License-Identifier: Apache-2.0
// The demo picture and the official statistics shipped with the binary.
#include "pledges/fixture.h"

namespace nansen::pledges::testing {
namespace {

using Demo = PledgesTest;

TEST_F(Demo,
       SeedsTheRealSampleWithLabelledIllustrativeUpdatesAndMovementBetweenTheAlmatyConsultations) {
  ASSERT_TRUE(seed_demo(*db_, now_));
  EXPECT_EQ(count("pledges"), 11);
  EXPECT_EQ(count("pledge_entities"), 11);
  auto rows = db_->query(
      "SELECT COUNT(*) FROM pledge_updates WHERE illustrative = 1 AND author LIKE "
      "'%illustrative%'");
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->front().integer(0), 5) << "every demo update is flagged and labelled";
  auto consultations = list_consultations(*db_, observer_);
  ASSERT_EQ(consultations->size(), 2u);
  for (const auto& c : *consultations) {
    EXPECT_TRUE(c.opened_at) << c.title;
  }

  auto report = consultation_report(*db_, observer_, consultations->front().id, now_);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->has_illustrative_updates);
  int forward = 0;
  for (const auto& c : report->countries) forward += c.moved_forward;
  EXPECT_GE(forward, 1);
  const std::string svg = reports::render_stacked_bar_chart(report->stage_chart);
  EXPECT_NE(svg.find("KGZ"), std::string::npos);

  const auto audits = count("audit_log");
  ASSERT_TRUE(seed_demo(*db_, now_));
  EXPECT_EQ(count("pledge_updates"), 7) << "a second run adds nothing";
  EXPECT_EQ(count("audit_log"), audits);
}

TEST(Statistics, KazakhstanCarriesTheRefugeeCategoryCaveat) {
  auto kaz = official_statistics("KAZ");
  ASSERT_TRUE(kaz) << kaz.error().message;
  EXPECT_NE(kaz->attribution.find("unhcr.org/refugee-statistics"), std::string::npos);
  auto year = [&](int y) {
    for (const auto& f : kaz->years)
      if (f.year == y) return f;
    return YearFigures{};
  };
  EXPECT_EQ(year(2014).stateless, 7038);
  EXPECT_EQ(year(2024).stateless, 7865);
  EXPECT_EQ(year(2023).refugees, 42685);
  EXPECT_EQ(year(2024).refugees, 65833);
  ASSERT_FALSE(kaz->notes.empty());

  const auto chart = statistics_chart(*kaz, "refugees", "Refugees in Kazakhstan");
  ASSERT_EQ(chart.notes.size(), 1u);
  EXPECT_EQ(chart.notes[0].from_year, 2023);
  for (const auto& p : chart.series[0].points) {
    EXPECT_EQ(p.flagged, p.year == 2023 || p.year == 2024) << p.year;
  }
  const std::string svg = reports::render_year_series_chart(chart);
  EXPECT_NE(svg.find("not a wave of refugee-status grants"), std::string::npos);
  EXPECT_TRUE(statistics_chart(*kaz, "stateless", "Stateless").notes.empty());
}

TEST(Statistics, AllFiveCountriesAreShippedAndOthersAreNotFound) {
  EXPECT_EQ(statistics_countries(), (std::vector<std::string>{"KAZ", "KGZ", "TJK", "TKM", "UZB"}));
  const auto uzb = official_statistics("UZB");
  ASSERT_TRUE(uzb);
  for (const auto& y : uzb->years) {
    if (y.year == 2024) {
      EXPECT_EQ(y.stateless, 20000);
    }
  }
  EXPECT_EQ(official_statistics("FRA").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace nansen::pledges::testing
