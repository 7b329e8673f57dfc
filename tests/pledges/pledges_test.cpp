// SPDX-License-Identifier: Apache-2.0
// Pledges: creation, editing, the permission boundaries, the derived stage and staleness.
#include "pledges/fixture.h"

namespace nansen::pledges::testing {
namespace {

class PledgeRules : public PledgesTest {
 protected:
  void SetUp() override {
    PledgesTest::SetUp();
    import_sample_entities();
  }
};

TEST_F(PledgeRules, AFocalPointCreatesAPledgeOfTheirOwnEntityWithAStableDerivedId) {
  auto p = create_pledge(*db_, kaz_focal_, kaz_pledge(), now_);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->external_id, derive_external_id("KAZ-GOV", Forum::kGrf2023,
                                               "Statelessness determination procedure"));
  EXPECT_EQ(p->external_id.rfind("NSN-", 0), 0u);
  EXPECT_EQ(p->external_id.size(), 14u);
  EXPECT_EQ(p->stage, Stage::kNotReported);
  EXPECT_EQ(p->entity.name("ru"), "Правительство Республики Казахстан");
  // Case and spacing of the title do not change the derived id.
  EXPECT_EQ(
      derive_external_id("KAZ-GOV", Forum::kGrf2023, "  STATELESSNESS   determination procedure "),
      p->external_id);
  EXPECT_NE(derive_external_id("KGZ-GOV", Forum::kGrf2023, "Statelessness determination procedure"),
            p->external_id);
}

TEST_F(PledgeRules, ADashboardIdIsKept) {
  auto in = kaz_pledge();
  in.external_id = "GRF-01547";
  auto p = create_pledge(*db_, unhcr_, in, now_);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->external_id, "GRF-01547");
  auto again = create_pledge(*db_, unhcr_, in, now_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST_F(PledgeRules, AKyrgyzFocalPointCannotCreateOrEditAKazakhPledge) {
  auto denied = create_pledge(*db_, kgz_focal_, kaz_pledge(), now_);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kForbidden);

  auto p = create_pledge(*db_, kaz_focal_, kaz_pledge(), now_);
  ASSERT_TRUE(p);
  auto edit = kaz_pledge();
  edit.title = "Changed by Kyrgyzstan";
  auto refused = update_pledge(*db_, kgz_focal_, p->id, edit, now_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  auto progress =
      add_progress_update(*db_, kgz_focal_, p->id, update({2025, 1, 10}, Stage::kPlanning), now_);
  ASSERT_FALSE(progress);
  EXPECT_EQ(progress.error().code, ErrorCode::kForbidden);
  EXPECT_FALSE(can_edit(kgz_focal_, *p));
  EXPECT_TRUE(can_edit(kaz_focal_, *p));
  EXPECT_EQ(get_pledge(*db_, observer_, p->id, now_)->title,
            "Statelessness determination procedure");
}

TEST_F(PledgeRules, AFocalPointCannotMoveTheirPledgeToAnotherEntity) {
  auto p = create_pledge(*db_, kaz_focal_, kaz_pledge(), now_);
  ASSERT_TRUE(p);
  auto moved = kaz_pledge();
  moved.entity_code = "KGZ-GOV";
  auto refused = update_pledge(*db_, kaz_focal_, p->id, moved, now_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
}

TEST_F(PledgeRules, AFocalPointOfTheSameCountryButAnotherOrganisationIsRefused) {
  const auto ngo = actor(access::Role::kFocalPoint, "KAZ", "KIBHR", "focal.kibhr");
  auto denied = create_pledge(*db_, ngo, kaz_pledge(), now_);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kForbidden);
  auto own = kaz_pledge("Legal aid clinics for stateless persons");
  own.entity_code = "KIBHR";
  EXPECT_TRUE(create_pledge(*db_, ngo, own, now_));
}

TEST_F(PledgeRules, ObserversReadButCannotWrite) {
  auto denied = create_pledge(*db_, observer_, kaz_pledge(), now_);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kForbidden);
  auto p = create_pledge(*db_, unhcr_, kaz_pledge(), now_);
  ASSERT_TRUE(p);
  EXPECT_FALSE(update_pledge(*db_, observer_, p->id, kaz_pledge("x"), now_));
  EXPECT_FALSE(
      add_progress_update(*db_, observer_, p->id, update({2025, 1, 1}, Stage::kPlanning), now_));
  EXPECT_FALSE(can_edit(observer_, *p));
  EXPECT_TRUE(search_pledges(*db_, observer_, {}, now_));
  EXPECT_FALSE(export_pledges(*db_, observer_, {}, FileFormat::kCsv, now_))
      << "observers may not export";
}

TEST_F(PledgeRules, ReviewersEditAnyPledgeAndEveryWriteIsAudited) {
  auto p = create_pledge(*db_, kaz_focal_, kaz_pledge(), now_);
  ASSERT_TRUE(p);
  auto edit = kaz_pledge();
  edit.description = "Revised by UNHCR after review.";
  auto updated = update_pledge(*db_, unhcr_, p->id, edit, now_);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->description, "Revised by UNHCR after review.");
  auto rows = db_->query(
      "SELECT action, actor_login FROM audit_log WHERE record_type = 'pledge' ORDER BY seq");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].text(0), "pledge.create");
  EXPECT_EQ((*rows)[0].text(1), "focal.kaz");
  EXPECT_EQ((*rows)[1].text(0), "pledge.update");
  EXPECT_EQ((*rows)[1].text(1), "unhcr.almaty");
}

TEST_F(PledgeRules, InvalidInputNamesTheFieldAndWritesNothing) {
  auto in = kaz_pledge();
  in.target_countries = {"Kazakhstan"};
  auto r = create_pledge(*db_, unhcr_, in, now_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(r.error().field, "target_countries");
  in = kaz_pledge();
  in.title = "";
  EXPECT_EQ(create_pledge(*db_, unhcr_, in, now_).error().field, "title");
  in = kaz_pledge();
  in.ibelong_actions = {11};
  EXPECT_EQ(create_pledge(*db_, unhcr_, in, now_).error().field, "ibelong_actions");
  in = kaz_pledge();
  in.entity_code = "NOPE";
  EXPECT_EQ(create_pledge(*db_, unhcr_, in, now_).error().field, "submitting_entity");
  EXPECT_EQ(count("pledges"), 0);
}

TEST_F(PledgeRules, TheStageIsDerivedFromTheLatestUpdateByDateNotByEntryOrder) {
  auto p = create_pledge(*db_, kaz_focal_, kaz_pledge(), now_);
  ASSERT_TRUE(p);
  ASSERT_TRUE(add_progress_update(*db_, kaz_focal_, p->id,
                                  update({2024, 11, 1}, Stage::kInProgress), now_));
  // Entered later, but about an earlier date: it does not become the current stage.
  auto late =
      add_progress_update(*db_, kaz_focal_, p->id, update({2024, 3, 1}, Stage::kPlanning), now_);
  ASSERT_TRUE(late);
  auto got = get_pledge(*db_, observer_, p->id, now_);
  EXPECT_EQ(got->stage, Stage::kInProgress);
  EXPECT_EQ(got->last_update_on, (CivilDate{2024, 11, 1}));

  auto timeline = list_updates(*db_, observer_, p->id);
  ASSERT_TRUE(timeline);
  ASSERT_EQ(timeline->size(), 2u);
  EXPECT_EQ((*timeline)[0].stage, Stage::kPlanning);
  EXPECT_EQ((*timeline)[0].previous_stage, Stage::kNotReported);
  EXPECT_EQ((*timeline)[1].previous_stage, Stage::kPlanning);
  EXPECT_TRUE((*timeline)[1].changes_stage());

  ASSERT_TRUE(
      add_progress_update(*db_, kaz_focal_, p->id, update({2025, 2, 1}, Stage::kFulfilled), now_));
  EXPECT_EQ(get_pledge(*db_, observer_, p->id, now_)->stage, Stage::kFulfilled);
}

TEST_F(PledgeRules, UpdatesAreValidated) {
  auto p = create_pledge(*db_, kaz_focal_, kaz_pledge(), now_);
  ASSERT_TRUE(p);
  auto future =
      add_progress_update(*db_, kaz_focal_, p->id, update({2025, 3, 2}, Stage::kPlanning), now_);
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().field, "reported_on");
  auto u = update({2025, 1, 1}, Stage::kPlanning);
  u.evidence_links = {"javascript:alert(1)"};
  EXPECT_EQ(add_progress_update(*db_, kaz_focal_, p->id, u, now_).error().field, "evidence_links");
  u.evidence_links = {"https://www.gov.kz/decree-123"};
  u.language = "ru";
  u.done = "Проект закона внесён в Мажилис.";
  EXPECT_TRUE(add_progress_update(*db_, kaz_focal_, p->id, u, now_));
  EXPECT_EQ(list_updates(*db_, observer_, p->id)->front().evidence_links.front(),
            "https://www.gov.kz/decree-123");
}

TEST_F(PledgeRules, APledgeWithoutNewsFor12MonthsIsStale) {
  auto p = create_pledge(*db_, kaz_focal_, kaz_pledge(), now_);
  ASSERT_TRUE(p);
  // Made at GRF 2023 (13 Dec 2023), no update: stale from 14 Dec 2024.
  EXPECT_FALSE(get_pledge(*db_, observer_, p->id, at("2024-12-13T12:00:00Z"))->stale);
  EXPECT_TRUE(get_pledge(*db_, observer_, p->id, at("2024-12-14T12:00:00Z"))->stale);
  ASSERT_TRUE(
      add_progress_update(*db_, kaz_focal_, p->id, update({2025, 2, 1}, Stage::kInProgress), now_));
  EXPECT_FALSE(get_pledge(*db_, observer_, p->id, at("2026-02-01T12:00:00Z"))->stale);
  EXPECT_TRUE(get_pledge(*db_, observer_, p->id, at("2026-02-02T12:00:00Z"))->stale);
  ASSERT_TRUE(
      add_progress_update(*db_, kaz_focal_, p->id, update({2025, 2, 20}, Stage::kFulfilled), now_));
  EXPECT_FALSE(get_pledge(*db_, observer_, p->id, at("2030-01-01T00:00:00Z"))->stale)
      << "fulfilled is never stale";
}

TEST_F(PledgeRules, TheGlobalAllianceRecordsWhoJoinedWhenWithWhatCommitments) {
  auto m = save_alliance_membership(*db_, unhcr_,
                                    {"CANS", {2024, 10, 14}, "Advocacy for safeguards"}, now_);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_FALSE(save_alliance_membership(*db_, kgz_focal_, {"KAZ-GOV", {2024, 10, 14}, ""}, now_));
  EXPECT_FALSE(save_alliance_membership(*db_, unhcr_, {"CANS", {2030, 1, 1}, ""}, now_));
  auto list = list_alliance_members(*db_, observer_);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().entity_code, "CANS");
  EXPECT_EQ(list->front().commitments, "Advocacy for safeguards");
}

}  // namespace
}  // namespace nansen::pledges::testing
