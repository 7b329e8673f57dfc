// SPDX-License-Identifier: Apache-2.0
// The index as a search box uses it: a country's search reads only that country's
// records (hits and weights do not change when another country's namesakes are added),
// one name alone finds its candidates, and names printed abroad are read as such.
#include <gtest/gtest.h>

#include "match/match.h"

namespace nansen::match {
namespace {

CivilDate date(const char* s) {
  return *parse_civil_date(s);
}

// A generated register of `n` records filed under `country`, ids prefixed by it.
std::vector<PersonRecord> register_of(const std::string& country, std::size_t n,
                                      std::uint64_t seed) {
  std::vector<PersonRecord> out;
  for (const auto& r : generate_population({.records = n, .seed = seed})) {
    PersonRecord p = to_person_record(r);
    p.record_id = country + ":" + p.record_id;
    p.country = country;
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<PersonRecord> kazakh_register() {
  auto records = register_of("KAZ", 1500, 3);  // over 1000: name frequencies count
  records.push_back({.record_id = "KAZ:target",
                     .full_name = "Абдрашов Жанибек Серикович",
                     .birth_date = date("1985-03-12"),
                     .sex = text::Sex::kMale,
                     .country = "KAZ"});
  return records;
}

// Kyrgyz namesakes: the same name, born the same year, more than any top-k.
std::vector<PersonRecord> kyrgyz_namesakes(std::size_t n) {
  std::vector<PersonRecord> out = register_of("KGZ", 2000, 4);
  for (std::size_t i = 0; i < n; ++i)
    out.push_back({.record_id = "KGZ:namesake" + std::to_string(i),
                   .full_name = i % 2 ? "Abdrashov Zhanibek" : "Абдрашов Жанибек",
                   .birth_date = date(i % 3 ? "1985-03-12" : "1985-07-01"),
                   .sex = text::Sex::kMale,
                   .country = "KGZ"});
  return out;
}

TEST(IndexScope, AnotherCountrysNamesakesNeitherHideACandidateNorChangeItsWeight) {
  Index kazakh_only, both;
  ASSERT_TRUE(kazakh_only.add_all(kazakh_register()));
  ASSERT_TRUE(both.add_all(kazakh_register()));
  ASSERT_TRUE(both.add_all(kyrgyz_namesakes(600)));
  for (const char* name : {"Abdrashev Zhanibek", "ABDRASHOV<<ZHANIBEK", "Абдрашов Жанибек"}) {
    const Query q{.name = name, .birth_date = date("1985"), .country = "KAZ"};
    auto alone = kazakh_only.search(q, 5);
    auto with_kgz = both.search(q, 5);
    ASSERT_TRUE(alone && with_kgz) << name;
    ASSERT_FALSE(with_kgz->empty()) << name;
    EXPECT_EQ(with_kgz->front().record_id, "KAZ:target") << name;
    ASSERT_EQ(alone->size(), with_kgz->size()) << name;
    for (std::size_t i = 0; i < alone->size(); ++i) {
      EXPECT_EQ((*alone)[i].record_id, (*with_kgz)[i].record_id) << name;
      EXPECT_EQ((*alone)[i].weight, (*with_kgz)[i].weight) << name;  // bit for bit
      EXPECT_EQ((*with_kgz)[i].record_id.rfind("KAZ:", 0), 0u) << name;
    }
  }
  // Unscoped (a regional officer), the namesakes fill the top 5: the case above is real.
  auto regional = both.search({.name = "Абдрашов Жанибек", .birth_date = date("1985")}, 5);
  ASSERT_TRUE(regional);
  std::size_t kyrgyz = 0;
  for (const auto& h : *regional) kyrgyz += h.record_id.rfind("KGZ:", 0) == 0;
  EXPECT_GE(kyrgyz, 4u);
}

TEST(IndexScope, NameFrequenciesAreThoseOfTheRecordsCountry) {
  // 600 Kyrgyz "Абдрашов Жанибек" make the name common in Kyrgyzstan, not in Kazakhstan.
  Index kazakh_only, both;
  ASSERT_TRUE(kazakh_only.add_all(kazakh_register()));
  ASSERT_TRUE(both.add_all(kazakh_register()));
  ASSERT_TRUE(both.add_all(kyrgyz_namesakes(600)));
  const Query q{.name = "Abdrashov Zhanibek", .birth_date = date("1985-03-12")};
  EXPECT_EQ(both.explain(q, "KAZ:target")->weight, kazakh_only.explain(q, "KAZ:target")->weight);
  EXPECT_LT(both.explain(q, "KGZ:namesake1")->weight, both.explain(q, "KAZ:target")->weight);
}

TEST(IndexScope, AnUnknownCountryHasNoRecords) {
  Index index;
  ASSERT_TRUE(index.add_all(kazakh_register()));
  auto hits = index.search({.name = "Абдрашов Жанибек", .country = "TKM"}, 5);
  ASSERT_TRUE(hits);
  EXPECT_TRUE(hits->empty());
}

TEST(IndexSearch, ASurnameOrAGivenNameAloneFindsItsCandidates) {
  Index index;
  ASSERT_TRUE(index.add_all(kazakh_register()));
  ASSERT_TRUE(index.add({.record_id = "KAZ:ersain",
                         .full_name = "Құдайбергенов Ерсайын",
                         .birth_date = date("1990-05-05"),
                         .country = "KAZ"}));
  auto found = [&](const std::string& name, const std::string& id) {
    auto hits = index.search({.name = name, .country = "KAZ"}, 20);
    EXPECT_TRUE(hits) << name;
    if (!hits) return false;
    for (const auto& h : *hits)
      if (h.record_id == id) return h.decision != Decision::kDifferent;
    return false;
  };
  EXPECT_TRUE(found("Yersain", "KAZ:ersain"));        // the given name alone
  EXPECT_TRUE(found("Ерсайын", "KAZ:ersain"));        // in Cyrillic
  EXPECT_TRUE(found("Kudaibergenov", "KAZ:ersain"));  // the surname alone
  EXPECT_TRUE(found("Abdrashov", "KAZ:target"));
  EXPECT_TRUE(found("Abdrashev", "KAZ:target"));  // a typo: the consonant key
  EXPECT_TRUE(found("Zhanibek", "KAZ:target"));
  auto hits = index.search({.name = "Yersain", .country = "KAZ"}, 1);
  ASSERT_TRUE(hits);
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(level_name(Field::kGiven, hits->front().comparison.level[1]), "exact");
}

TEST(IndexSearch, NamesPrintedAbroadAreReadAsSuch) {
  Index index;
  ASSERT_TRUE(index.add_all(kazakh_register()));
  ASSERT_TRUE(index.add({.record_id = "KAZ:ersain",
                         .full_name = "Құдайбергенов Ерсайын",
                         .birth_date = date("1990-05-05"),
                         .sex = text::Sex::kMale,
                         .country = "KAZ"}));
  const Query german{.name = "Kudajbergenow Jersajyn",
                     .birth_date = date("1990"),
                     .country = "KAZ",
                     .foreign_readings = true};
  auto hits = index.search(german, 3);
  ASSERT_TRUE(hits);
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->front().record_id, "KAZ:ersain");
  EXPECT_EQ(hits->front().reading, text::Scheme::kGerman);
  EXPECT_EQ(level_name(Field::kFamily, hits->front().comparison.level[0]), "stem");
  EXPECT_EQ(level_name(Field::kGiven, hits->front().comparison.level[1]), "exact");
  // As written only, j is ж: the given name no longer agrees.
  Query as_written = german;
  as_written.foreign_readings = false;
  auto plain = index.search(as_written, 3);
  ASSERT_TRUE(plain);
  const double plain_weight =
      !plain->empty() && plain->front().record_id == "KAZ:ersain" ? plain->front().weight : -100;
  EXPECT_GT(hits->front().weight, plain_weight + 5);
  // A passport spelling is read as written, at no cost.
  auto icao = index.search(
      {.name = "KUDAIBERGENOV<<ERSAIYN", .country = "KAZ", .foreign_readings = true}, 1);
  ASSERT_TRUE(icao);
  ASSERT_FALSE(icao->empty());
  EXPECT_EQ(icao->front().record_id, "KAZ:ersain");
  EXPECT_FALSE(icao->front().reading);
}

}  // namespace
}  // namespace nansen::match
