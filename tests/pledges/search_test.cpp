// SPDX-License-Identifier: Apache-2.0
// Filtering and search over the real sample, with counts by stage.
#include "pledges/fixture.h"

namespace nansen::pledges::testing {
namespace {

class Search : public PledgesTest {
 protected:
  void SetUp() override {
    PledgesTest::SetUp();
    import_sample_entities();
    import_sample_pledges();
  }
  PledgeList find(const std::map<std::string, std::string>& params) {
    auto f = parse_filter(params);
    EXPECT_TRUE(f) << f.error().message;
    auto r = search_pledges(*db_, observer_, *f, now_);
    EXPECT_TRUE(r) << r.error().message;
    return *r;
  }
};

TEST_F(Search, CountryKindForumAndYearFilter) {
  EXPECT_EQ(find({}).pledges.size(), 11u);
  EXPECT_EQ(find({{"country", "KAZ"}}).pledges.size(), 4u);
  EXPECT_EQ(find({{"country", "KGZ"}}).pledges.size(), 6u);
  EXPECT_EQ(find({{"kind", "academia"}}).pledges.size(), 2u);
  EXPECT_EQ(find({{"forum", "HLS 2019"}}).pledges.size(), 1u);
  EXPECT_EQ(find({{"year", "2024"}}).pledges.size(), 2u);
  EXPECT_EQ(find({{"objective", "2"}}).pledges.size(), 4u);
}

TEST_F(Search, CountsByStageFollowTheOtherFiltersButNotTheStageFilter) {
  auto all = find({});
  EXPECT_EQ(all.counts_by_stage[Stage::kFulfilled], 2);
  EXPECT_EQ(all.counts_by_stage[Stage::kNotReported], 9);
  auto kaz = find({{"country", "KAZ"}, {"stage", "fulfilled"}});
  EXPECT_EQ(kaz.pledges.size(), 1u);
  EXPECT_EQ(kaz.counts_by_stage[Stage::kFulfilled], 1);
  EXPECT_EQ(kaz.counts_by_stage[Stage::kNotReported], 3);
}

TEST_F(Search, FreeTextIsCaseInsensitiveInCyrillicToo) {
  EXPECT_EQ(find({{"q", "BIRTH registration"}}).pledges.size(), 1u);
  // The entity's Russian name, typed in capitals and with ё/е variation.
  EXPECT_EQ(find({{"q", "КЫРГЫЗСКОЙ"}}).pledges.size(), 4u);
  EXPECT_EQ(find({{"q", "правительство казахстан"}}).pledges.size(), 4u);
  EXPECT_EQ(find({{"q", "казахстан кыргызской"}}).pledges.size(), 0u) << "every word must occur";
  EXPECT_EQ(find({{"q", "нет такого"}}).pledges.size(), 0u);
}

TEST_F(Search, StaleFilterUsesTheInjectedClock) {
  // On 1 March 2025 the GRF 2023 pledges without news (13 Dec 2023) are stale.
  auto stale = find({{"stale", "1"}});
  EXPECT_EQ(stale.pledges.size(), 9u);
  EXPECT_EQ(stale.stale_count, 9);
  PledgeFilter only_stale;
  only_stale.stale = true;
  auto early = search_pledges(*db_, observer_, only_stale, at("2024-06-01T00:00:00Z"));
  ASSERT_TRUE(early);
  EXPECT_EQ(early->pledges.size(), 0u);
}

TEST_F(Search, BadFilterParametersAreNamed) {
  EXPECT_EQ(parse_filter({{"country", "Kazakhstan"}}).error().field, "country");
  EXPECT_EQ(parse_filter({{"stage", "done"}}).error().field, "stage");
  EXPECT_EQ(parse_filter({{"year", "soon"}}).error().field, "year");
  EXPECT_EQ(parse_filter({{"q", std::string("\xff\xfe")}}).error().field, "q");
}

}  // namespace
}  // namespace nansen::pledges::testing
