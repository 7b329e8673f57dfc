// SPDX-License-Identifier: Apache-2.0
// Checks without writing: every problem of a form's input at once, each naming its field,
// and nothing written.
#include "pledges/fixture.h"

namespace nansen::pledges::testing {
namespace {

class Checks : public PledgesTest {
 protected:
  void SetUp() override {
    PledgesTest::SetUp();
    import_sample_entities();
  }
  static std::vector<std::string> fields(const std::vector<InputProblem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) out.push_back(p.field);
    return out;
  }
};

TEST_F(Checks, AValidPledgeHasNoProblems) {
  auto r = check_pledge(*db_, kaz_focal_, kaz_pledge());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->empty());
}

TEST_F(Checks, EveryProblemOfAPledgeIsNamedAtOnceAndNothingIsWritten) {
  auto in = kaz_pledge("");
  in.target_countries = {"Kazakhstan"};
  in.ibelong_actions = {11};
  in.co_pledgers = {"NOPE"};
  auto r = check_pledge(*db_, observer_, in);  // a reader may check; only writes are refused
  ASSERT_TRUE(r);
  EXPECT_EQ(fields(*r), (std::vector<std::string>{"title", "co_pledgers", "ibelong_actions",
                                                  "target_countries"}));
  EXPECT_EQ(count("pledges"), 0);
}

TEST_F(Checks, AnUpdateDatedInTheFutureWithABadLinkHasTwoProblems) {
  auto u = update(CivilDate{2030, 1, 1}, Stage::kPlanning);
  u.evidence_links = {"ftp://example.org/x"};
  EXPECT_EQ(fields(check_update(u, now_)),
            (std::vector<std::string>{"reported_on", "evidence_links"}));
  EXPECT_TRUE(check_update(update(CivilDate{2025, 2, 1}, Stage::kPlanning), now_).empty());
}

TEST_F(Checks, AConsultationIsCheckedByReviewersOnly) {
  ConsultationInput in;
  in.title = "";
  in.held_on = CivilDate{2025, 5, 1};
  in.participants = {"KAZ-GOV", "NOPE"};
  in.countries = {"kz"};
  auto r = check_consultation(*db_, unhcr_, in);
  ASSERT_TRUE(r);
  EXPECT_EQ(fields(*r), (std::vector<std::string>{"title", "participants", "countries"}));
  EXPECT_EQ(check_consultation(*db_, kaz_focal_, in).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(count("consultations"), 0);
}

}  // namespace
}  // namespace nansen::pledges::testing
