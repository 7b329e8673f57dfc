// SPDX-License-Identifier: Apache-2.0
// Consultations: pledges under review, the snapshot when opened, follow-ups, and the
// report with its movement since the previous consultation.
#include "pledges/fixture.h"

namespace nansen::pledges::testing {
namespace {

class Consultations : public PledgesTest {
 protected:
  void SetUp() override {
    PledgesTest::SetUp();
    import_sample_entities();
    import_sample_pledges();
    import_sample_consultations();
    auto all = list_consultations(*db_, observer_);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    october_ = (*all)[0];  // newest first
    april_ = (*all)[1];
  }
  PledgeId pledge(const char* entity, Forum forum, const char* title) {
    auto p = find_pledge(*db_, observer_, derive_external_id(entity, forum, title), now_);
    EXPECT_TRUE(p);
    return p ? p->id : PledgeId{};
  }
  Consultation april_, october_;
};

TEST_F(Consultations, ByDefaultTheyReviewThePledgesOfTheirCountriesMadeByThen) {
  EXPECT_EQ(april_.held_on, (CivilDate{2023, 4, 13}));
  EXPECT_EQ(april_.countries, (std::vector<std::string>{"KAZ", "KGZ", "TKM", "UZB"}));
  // Only Kazakhstan's 2019 pledge existed in April 2023; the GRF 2023 pledges came in December.
  ASSERT_EQ(april_.pledges.size(), 1u);
  EXPECT_EQ(april_.pledges[0],
            pledge("KAZ-GOV", Forum::kHls2019, "Birth registration for every child"));
  EXPECT_EQ(october_.pledges.size(), 10u);
  EXPECT_EQ(october_.participants.size(), 4u);
  EXPECT_EQ(october_.organiser, "UNHCR-CA");
}

TEST_F(Consultations, OpeningTakesASnapshotOnce) {
  const auto birth = pledge("KAZ-GOV", Forum::kHls2019, "Birth registration for every child");
  ASSERT_TRUE(
      add_progress_update(*db_, unhcr_, birth, update({2021, 6, 1}, Stage::kInProgress), now_));
  auto opened = open_consultation(*db_, unhcr_, april_.id, at("2023-04-13T08:00:00Z"));
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_TRUE(opened->opened_at);
  EXPECT_EQ(opened->snapshot.at(birth), Stage::kInProgress) << "the stage on the day, not today's";
  auto twice = open_consultation(*db_, unhcr_, april_.id, now_);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
}

TEST_F(Consultations, OnlyReviewersRunConsultations) {
  ConsultationInput in;
  in.title = "National round table";
  in.held_on = {2025, 2, 1};
  in.participants = {"KAZ-GOV"};
  EXPECT_EQ(create_consultation(*db_, kaz_focal_, in, now_).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(create_consultation(*db_, observer_, in, now_).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(open_consultation(*db_, kaz_focal_, october_.id, now_).error().code,
            ErrorCode::kForbidden);
  auto created = create_consultation(*db_, unhcr_, in, now_);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->pledges.size(), 4u);
  in.participants = {"NOBODY"};
  EXPECT_EQ(update_consultation(*db_, unhcr_, created->id, in, now_).error().field, "participants");
}

TEST_F(Consultations, TheReportShowsMovementUpdatesNoNewsAndFollowUps) {
  const auto birth = pledge("KAZ-GOV", Forum::kHls2019, "Birth registration for every child");
  const auto aid = pledge("KGZ-GOV", Forum::kGrf2023, "Free state legal aid");
  ASSERT_TRUE(
      add_progress_update(*db_, unhcr_, birth, update({2021, 6, 1}, Stage::kInProgress), now_));
  ASSERT_TRUE(open_consultation(*db_, unhcr_, april_.id, at("2023-04-13T08:00:00Z")));
  // After April 2023: Kyrgyzstan's focal point reports in Russian.
  auto ru = update({2024, 5, 10}, Stage::kInProgress,
                   "Центры юридической помощи начали приём заявлений.");
  ru.language = "ru";
  ASSERT_TRUE(add_progress_update(*db_, kgz_focal_, aid, ru, now_));
  FollowUpInput f;
  f.action = "Share the draft birth registration regulation";
  f.owner = "KAZ-GOV";
  f.due_on = CivilDate{2024, 12, 31};
  ASSERT_TRUE(add_follow_up(*db_, unhcr_, october_.id, f, now_));

  auto report = consultation_report(*db_, observer_, october_.id, now_);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_TRUE(report->previous);
  EXPECT_EQ(report->previous->id, april_.id);
  EXPECT_EQ(report->since, (CivilDate{2023, 4, 13}));
  ASSERT_EQ(report->countries.size(), 2u);
  const auto& kaz = report->countries[0];
  EXPECT_EQ(kaz.country, "KAZ");
  EXPECT_EQ(kaz.moved_forward, 1) << "in progress at April 2023 → fulfilled (imported, 4 Oct 2024)";
  for (const auto& line : kaz.lines)
    if (line.pledge == birth) {
      EXPECT_EQ(line.stage_before, Stage::kInProgress);
      EXPECT_EQ(line.stage_now, Stage::kFulfilled);
      EXPECT_EQ(line.movement(), 1);
    } else {
      EXPECT_FALSE(line.stage_before) << "made after April 2023";
    }
  const auto& kgz = report->countries[1];
  EXPECT_EQ(kgz.country, "KGZ");
  EXPECT_EQ(kgz.now.at(Stage::kInProgress), 1);
  ASSERT_EQ(report->updates_since.size(), 2u);
  EXPECT_EQ(report->updates_since[0].update.reported_on, (CivilDate{2024, 10, 4}))
      << "newest first";
  EXPECT_EQ(report->updates_since[1].update.done,
            "Центры юридической помощи начали приём заявлений.");
  EXPECT_EQ(report->no_news.size(), 8u);
  ASSERT_EQ(report->follow_ups_due.size(), 1u);
  EXPECT_FALSE(report->has_illustrative_updates);

  const std::string movement = reports::render_stacked_bar_chart(report->movement_chart);
  EXPECT_NE(movement.find("Movement since 2023-04-13"), std::string::npos);
  EXPECT_NE(movement.find("KAZ (2023-04-13): in progress 1"), std::string::npos);
  EXPECT_NE(movement.find("KAZ (2025-03-01): fulfilled 1"), std::string::npos);

  auto table = report_table(*report);
  EXPECT_EQ(table.rows.size(), 10u);
  EXPECT_FALSE(reports::to_csv(table).empty());
  EXPECT_TRUE(reports::to_xlsx(table, "Report"));

  auto done = set_follow_up_done(*db_, unhcr_, report->follow_ups_due[0].id, true, now_);
  ASSERT_TRUE(done);
  EXPECT_TRUE(consultation_report(*db_, observer_, october_.id, now_)->follow_ups_due.empty());
}

TEST_F(Consultations, TheSnapshotOfThePreviousConsultationIsTheBaseline) {
  const auto birth = pledge("KAZ-GOV", Forum::kHls2019, "Birth registration for every child");
  ASSERT_TRUE(
      open_consultation(*db_, unhcr_, april_.id, at("2023-04-13T08:00:00Z")));  // not_reported then
  // An update back-dated to before April 2023, entered later, does not rewrite the snapshot.
  ASSERT_TRUE(
      add_progress_update(*db_, unhcr_, birth, update({2022, 1, 1}, Stage::kPlanning), now_));
  auto report = consultation_report(*db_, observer_, october_.id, now_);
  ASSERT_TRUE(report);
  for (const auto& line : report->countries[0].lines)
    if (line.pledge == birth) {
      EXPECT_EQ(line.stage_before, Stage::kNotReported);
    }
}

}  // namespace
}  // namespace nansen::pledges::testing
