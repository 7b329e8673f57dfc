// SPDX-License-Identifier: Apache-2.0
// Comparators on skeletons and birth dates as people record them.
#include <gtest/gtest.h>

#include "text/text.h"

namespace nansen::text {
namespace {

TEST(JaroWinkler, KnownValues) {
  EXPECT_DOUBLE_EQ(jaro_winkler("abc", "abc"), 1.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("", ""), 1.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("abc", ""), 0.0);
  EXPECT_NEAR(jaro_winkler("martha", "marhta"), 0.9611, 1e-4);
  EXPECT_NEAR(jaro_winkler("dwayne", "duane"), 0.84, 1e-2);
  EXPECT_NEAR(jaro_winkler("dixon", "dicksonx"), 0.8133, 1e-4);
  EXPECT_DOUBLE_EQ(jaro_winkler("abc", "xyz"), 0.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("abdrashov", "abdirashov"),
                   jaro_winkler("abdirashov", "abdrashov"));
  EXPECT_GT(jaro_winkler("abdrashov", "abdirashov"), 0.95);
}

TEST(JaroWinkler, LongStringsDoNotOverflow) {
  const std::string a(5000, 'a'), b(4999, 'a');
  EXPECT_GT(jaro_winkler(a, b), 0.99);
}

TEST(DamerauLevenshtein, CountsTranspositionsAsOneEdit) {
  EXPECT_EQ(damerau_levenshtein("", ""), 0);
  EXPECT_EQ(damerau_levenshtein("nurlan", "nurlan"), 0);
  EXPECT_EQ(damerau_levenshtein("nurlan", "nrulan"), 1);
  EXPECT_EQ(damerau_levenshtein("nurlan", "nurlna"), 1);
  EXPECT_EQ(damerau_levenshtein("nurlan", "nurbek"), 3);
  EXPECT_EQ(damerau_levenshtein("", "abc"), 3);
  EXPECT_EQ(damerau_levenshtein("ca", "abc"), 3);  // optimal string alignment
}

TEST(TokenSet, SwappedOrderAndMissingPartsStillAlign) {
  EXPECT_DOUBLE_EQ(token_set_similarity({"abdrashov", "janibek"}, {"janibek", "abdrashov"}), 1.0);
  const double missing =
      token_set_similarity({"abdrashov", "janibek", "serikovich"}, {"janibek", "abdrashov"});
  EXPECT_GT(missing, 0.9);
  EXPECT_LT(missing, 1.0);
  EXPECT_LT(token_set_similarity({"nurlan", "ermekov"}, {"gulnara", "sadikova"}), 0.7);
  EXPECT_EQ(token_set_similarity({}, {"a"}), 0.0);
}

std::optional<CivilDate> d(std::string_view s) {
  return *parse_civil_date(s);
}

TEST(Dates, AgreementLevels) {
  EXPECT_EQ(compare_dates(d("1985-03-12"), d("1985-03-12")), DateAgreement::kExact);
  EXPECT_EQ(compare_dates(d("1985-03-12"), std::nullopt), DateAgreement::kMissing);
  EXPECT_EQ(compare_dates(d("1985"), d("1985-03-12")), DateAgreement::kCompatible);
  EXPECT_EQ(compare_dates(d("1985-03"), d("1985-03-12")), DateAgreement::kCompatible);
  EXPECT_EQ(compare_dates(d("1985-01-01"), d("1985-03-12")), DateAgreement::kCompatible);
  EXPECT_EQ(compare_dates(d("1985-03-12"), d("1985-12-03")), DateAgreement::kNear);
  EXPECT_EQ(compare_dates(d("1985-03-12"), d("1985-03-13")), DateAgreement::kNear);
  EXPECT_EQ(compare_dates(d("1985-03-12"), d("1965-03-12")), DateAgreement::kNear);
  EXPECT_EQ(compare_dates(d("1985-03-12"), d("1986-07-30")), DateAgreement::kYearClose);
  EXPECT_EQ(compare_dates(d("1989-03-12"), d("1990-03-12")), DateAgreement::kYearClose);
  EXPECT_EQ(compare_dates(d("1985-03-12"), d("1986")), DateAgreement::kYearClose);
  EXPECT_EQ(compare_dates(d("1985-03-12"), d("1990-07-30")), DateAgreement::kDifferent);
  EXPECT_EQ(compare_dates(d("~1985"), d("1987-07-30")), DateAgreement::kYearClose);
  EXPECT_EQ(compare_dates(d("1985-04"), d("1985-07")), DateAgreement::kNear);
  EXPECT_EQ(compare_dates(d("1985-04"), d("1979-11")), DateAgreement::kDifferent);
  EXPECT_EQ(compare_dates(d("1983"), d("1973-06-03")), DateAgreement::kDifferent);
  EXPECT_EQ(compare_dates(d("1985-06-30"), d("1985-07-01")), DateAgreement::kNear);
  EXPECT_TRUE(is_placeholder_date(*d("1990-01-01")));
  EXPECT_FALSE(is_placeholder_date(*d("1990-01")));
  EXPECT_EQ(date_agreement_name(DateAgreement::kNear), "near");
}

TEST(Dates, ContradictionAllowsOneSlipOnEachSide) {
  auto contradict = [](std::string_view a, std::string_view b) {
    return dates_contradict(*d(a), *d(b));
  };
  EXPECT_TRUE(contradict("1985-03-12", "1985-07-30"));
  EXPECT_TRUE(contradict("1985-03-12", "1986-07-30"));
  EXPECT_FALSE(contradict("1985-03-12", "1986-03-12"));  // a year slip
  EXPECT_FALSE(contradict("1953-08-07", "1953-07-09"));  // swapped / a day off
  EXPECT_FALSE(contradict("1953-06-20", "1953-06-18"));  // a day each way
  EXPECT_FALSE(contradict("1953-06-20", "1953-02-21"));  // a digit / a day off
  EXPECT_TRUE(contradict("1985-04", "1985-11-20"));
  EXPECT_FALSE(contradict("1985-11", "1985-12-01"));      // the 30th of November, a day off
  EXPECT_FALSE(contradict("1985", "1985-11-20"));         // a year says nothing finer
  EXPECT_FALSE(contradict("1985-01-01", "1985-11-20"));   // placeholder
  EXPECT_FALSE(contradict("~1985-03-12", "1985-07-30"));  // approximate
}

}  // namespace
}  // namespace nansen::text
