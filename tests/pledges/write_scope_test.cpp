// SPDX-License-Identifier: Apache-2.0
// Pledge data is read by everyone but written within scope: a country-scoped reviewer can
// neither move an entity into or out of its country nor write a consultation that covers
// another country or none, by any path (the call, the import).
#include "pledges/fixture.h"

namespace nansen::pledges::testing {
namespace {

class WriteScope : public PledgesTest {
 protected:
  void SetUp() override {
    PledgesTest::SetUp();
    import_sample_entities();
    import_sample_pledges();
    import_sample_consultations();
    auto all = list_consultations(*db_, observer_);
    ASSERT_TRUE(all && all->size() == 2u);
    october_ = (*all)[0];  // KAZ, KGZ, TJK, TKM
  }
  Result<ImportReport> import_entity_rows(const access::Actor& actor, const std::string& rows) {
    return import_entities(*db_, actor, "entity_id,name_en,kind,country\n" + rows, FileFormat::kCsv,
                           false, now_);
  }
  std::optional<std::string> country_of(const char* code) {
    auto e = get_entity(*db_, observer_, code);
    EXPECT_TRUE(e);
    return e ? e->country : std::nullopt;
  }
  static ConsultationInput meeting(std::vector<std::string> participants) {
    ConsultationInput in;
    in.title = "National round table";
    in.held_on = {2025, 2, 1};
    in.participants = std::move(participants);
    return in;
  }
  static std::vector<std::string> named(const ImportReport& report) {
    std::vector<std::string> out;
    for (const auto& p : report.problems) out.push_back(std::to_string(p.row) + ":" + p.column);
    return out;
  }
  const access::Actor kgz_reviewer_ = actor(access::Role::kAnalyst, "KGZ", "", "analyst.kgz");
  Consultation october_;
};

TEST_F(WriteScope, AReviewerCannotMoveAnEntityIntoOrOutOfItsCountryAndTheImportWritesNothing) {
  auto r = import_entity_rows(kgz_reviewer_,
                              "KAZ-GOV,Government of Kazakhstan,state,KGZ\n"             // into KGZ
                              "AUCA,American University of Central Asia,academia,KAZ\n"  // out
                              "FVLWB,Ferghana Valley Lawyers,ngo,\n"  // out, to no country
                              "NEW-REG,A regional network,ngo,\n"     // a regional entity
                              "KGZ-GOV,Government of the Kyrgyz Republic (new name),state,KGZ\n");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(named(*r),
            (std::vector<std::string>{"2:country", "3:country", "4:country", "5:country"}));
  EXPECT_FALSE(r->written);
  EXPECT_EQ(country_of("KAZ-GOV"), "KAZ");
  EXPECT_EQ(country_of("AUCA"), "KGZ");
  EXPECT_EQ(country_of("FVLWB"), "KGZ");
  EXPECT_EQ(get_entity(*db_, observer_, "KGZ-GOV")->name_en, "Government of the Kyrgyz Republic");
  EXPECT_FALSE(get_entity(*db_, observer_, "NEW-REG"));

  // Within its own country the same reviewer may edit.
  auto own = import_entity_rows(kgz_reviewer_,
                                "KGZ-GOV,Government of the Kyrgyz Republic "
                                "(new name),state,KGZ\n");
  ASSERT_TRUE(own && own->problems.empty()) << (own ? own->problems.front().message : "");
  EXPECT_TRUE(own->written);
}

TEST_F(WriteScope, APledgeOfARegionalEntityIsNotACountryReviewersToEdit) {
  auto all = search_pledges(*db_, observer_, PledgeFilter{}, now_);
  ASSERT_TRUE(all);
  const auto cans = std::find_if(all->pledges.begin(), all->pledges.end(),
                                 [](const Pledge& p) { return p.entity_code == "CANS"; });
  ASSERT_NE(cans, all->pledges.end());
  EXPECT_FALSE(can_edit(kgz_reviewer_, *cans));
  EXPECT_TRUE(can_edit(unhcr_, *cans));
  auto moved = kaz_pledge("Moved to a regional entity");
  moved.entity_code = "CANS";
  moved.target_countries = {"KGZ"};
  auto created = create_pledge(*db_, kgz_reviewer_, moved, now_);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(created.error().field, "submitting_entity");
}

TEST_F(WriteScope, AReviewerWritesOnlyConsultationsOfItsOwnCountry) {
  for (const auto& participants :
       {std::vector<std::string>{"KGZ-GOV", "KAZ-GOV"}, std::vector<std::string>{"CANS"}}) {
    auto refused = create_consultation(*db_, kgz_reviewer_, meeting(participants), now_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(refused.error().field, "countries");
  }
  auto with_country = meeting({"KGZ-GOV"});
  with_country.countries = {"UZB"};
  EXPECT_EQ(create_consultation(*db_, kgz_reviewer_, with_country, now_).error().field,
            "countries");
  const std::int64_t before = count("consultations");

  auto own = create_consultation(*db_, kgz_reviewer_, meeting({"KGZ-GOV", "AUCA"}), now_);
  ASSERT_TRUE(own) << own.error().message;
  EXPECT_EQ(count("consultations"), before + 1);

  // Editing its own consultation to take in another country is refused, and nothing changes.
  auto widened = meeting({"KGZ-GOV", "KAZ-GOV"});
  widened.title = "Widened";
  auto edit = update_consultation(*db_, kgz_reviewer_, own->id, widened, now_);
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(get_consultation(*db_, observer_, own->id)->title, "National round table");

  FollowUpInput follow_up;
  follow_up.action = "Publish the figures";
  EXPECT_TRUE(add_follow_up(*db_, kgz_reviewer_, own->id, follow_up, now_));
  EXPECT_TRUE(open_consultation(*db_, kgz_reviewer_, own->id, now_));

  // A consultation of several countries: neither opened, edited nor followed up.
  EXPECT_EQ(open_consultation(*db_, kgz_reviewer_, october_.id, now_).error().code,
            ErrorCode::kForbidden);
  EXPECT_EQ(add_follow_up(*db_, kgz_reviewer_, october_.id, follow_up, now_).error().code,
            ErrorCode::kForbidden);
  auto theirs = add_follow_up(*db_, unhcr_, october_.id, follow_up, now_);
  ASSERT_TRUE(theirs);
  EXPECT_EQ(set_follow_up_done(*db_, kgz_reviewer_, theirs->id, true, now_).error().code,
            ErrorCode::kForbidden);
  EXPECT_EQ(update_consultation(*db_, kgz_reviewer_, october_.id, meeting({"KGZ-GOV"}), now_)
                .error()
                .code,
            ErrorCode::kForbidden);
  EXPECT_FALSE(get_consultation(*db_, observer_, october_.id)->opened_at);
  // A follow-up that does not exist is still "not found", not "forbidden".
  EXPECT_EQ(set_follow_up_done(*db_, kgz_reviewer_, FollowUpId{999}, true, now_).error().code,
            ErrorCode::kNotFound);
}

TEST_F(WriteScope, AConsultationImportOutsideScopeNamesEveryRowAndWritesNothing) {
  const std::int64_t before = count("consultations");
  auto r = import_consultations(*db_, kgz_reviewer_,
                                "title,date,participants\n"
                                "Bishkek round table,2025-02-01,KGZ-GOV\n"
                                "Joint review,2025-02-02,KGZ-GOV;KAZ-GOV\n"
                                "Regional network meeting,2025-02-03,CANS\n",
                                FileFormat::kCsv, false, now_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(named(*r), (std::vector<std::string>{"3:countries", "4:countries"}));
  EXPECT_FALSE(r->written);
  EXPECT_EQ(count("consultations"), before);
}

}  // namespace
}  // namespace nansen::pledges::testing
