// SPDX-License-Identifier: Apache-2.0
// Matching: the same person across scripts is found and clustered; namesakes, twins
// and people of the other sex are not glued together. Fixture: tests/data/match/people.csv.
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "match/match.h"

namespace nansen::match {
namespace {

std::vector<PersonRecord> people() {
  std::ifstream in(std::string(NANSEN_SOURCE_DIR) + "/tests/data/match/people.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  auto table = parse_csv(ss.str());
  EXPECT_TRUE(table);
  std::vector<PersonRecord> out;
  for (const auto& row : table->rows) {
    PersonRecord r;
    r.record_id = row[0];
    r.full_name = row[1];
    if (!row[2].empty()) r.birth_date = *parse_civil_date(row[2]);
    if (row[3] == "M") r.sex = text::Sex::kMale;
    if (row[3] == "F") r.sex = text::Sex::kFemale;
    out.push_back(r);
  }
  return out;
}

Features features(std::string_view name, std::string_view dob = "") {
  PersonRecord r;
  r.full_name = std::string(name);
  if (!dob.empty()) r.birth_date = *parse_civil_date(dob);
  auto f = prepare(r);
  EXPECT_TRUE(f) << name;
  return *f;
}

TEST(Compare, SameManAcrossScriptsAgreesOnEveryNameField) {
  const Features cyr = features("Абдрашов Жанибек Серикович", "1985-03-12");
  const Features mrz = features("ABDRASHOV<<ZHANIBEK", "1985-03-12");
  const Comparison c = compare(cyr, mrz);
  EXPECT_EQ(level_name(Field::kFamily, c.level[0]), "stem");
  EXPECT_EQ(level_name(Field::kGiven, c.level[1]), "exact");
  EXPECT_EQ(level_name(Field::kPatronymic, c.level[2]), "missing");
  EXPECT_EQ(level_name(Field::kBirthDate, c.level[3]), "exact");
  const Explanation e = explain(default_model(), cyr, mrz);
  EXPECT_EQ(e.decision, Decision::kSame);
  EXPECT_GT(e.weight, 20);
}

TEST(Compare, KazakhLatinSpellingIsAtLeastClose) {
  const Comparison c = compare(features("Äbdirashov Janibek"), features("Abdrashov Janibek"));
  EXPECT_GE(c.level[0], 3);  // close or better
}

TEST(Compare, GenderedEndingsShareAStemButTheSexDiffers) {
  const Comparison c = compare(features("Усенова Айгүл"), features("Usenov Aigul"));
  EXPECT_EQ(level_name(Field::kFamily, c.level[0]), "stem");
  EXPECT_EQ(level_name(Field::kSex, c.level[4]), "different");
  EXPECT_TRUE(clearly_different(default_model(), c));
}

TEST(Compare, DeRussifiedSurnameIsAWeakerAgreement) {
  const Comparison c = compare(features("Раҳмон Эмомалӣ"), features("Рахмонов Эмомали"));
  EXPECT_EQ(level_name(Field::kFamily, c.level[0]), "root");
}

TEST(Compare, SwappedOrderIsRecognised) {
  const Comparison c = compare(features("Gulomov Sherzod"), features("Sherzod Gulomov"));
  EXPECT_EQ(c.level[0], 4);
  EXPECT_EQ(c.level[1], 3);
}

TEST(Compare, TwinsAreClearlyDifferent) {
  const Comparison c = compare(features("Оспанов Нұрсұлтан", "1971-09-09"),
                               features("Оспанов Нұрлан", "1971-09-09"));
  EXPECT_TRUE(clearly_different(default_model(), c));
}

TEST(Compare, CompoundNamesSharingABeginningAreDifferentNames) {
  // Jaro–Winkler alone scores these 0.85–0.93; they differ in a whole part of the name.
  const Comparison sisters = compare(features("Эзизмәтова Бахаргүл", "1947-06-11"),
                                     features("Эзизмәтова Бахаржан", "1947-06-11"));
  EXPECT_EQ(level_name(Field::kGiven, sisters.level[1]), "different");
  EXPECT_TRUE(clearly_different(default_model(), sisters));
  const Comparison families = compare(features("Бакытов Данияр"), features("Бакытбакытов Данияр"));
  EXPECT_EQ(level_name(Field::kFamily, families.level[0]), "different");
  const Comparison fathers =
      compare(features("Бекханов Самат Темірболатұлы"), features("Бекханов Самат Темірмұратұлы"));
  EXPECT_EQ(level_name(Field::kPatronymic, fathers.level[2]), "different");
  // A slip of the pen is still a variant of the same name.
  const Comparison typo = compare(features("Gurbandurdy Saparov"), features("Gubrandurdy Saparov"));
  EXPECT_EQ(level_name(Field::kGiven, typo.level[1]), "close");
}

TEST(Compare, FullDatesThatNoSlipOnEachSideReconcileAreClearlyDifferent) {
  auto pair = [](const char* x, const char* y) {
    return compare(features("Бакиров Бакытгази", x), features("Bakirov Bakytgazi", y));
  };
  // Same year, another day and month: two birthdays.
  EXPECT_TRUE(clearly_different(default_model(), pair("1957-06-28", "1957-09-20")));
  // A month known on both sides that differs: two birthdays too.
  EXPECT_TRUE(clearly_different(default_model(), pair("1949-11", "1949-03-20")));
  // One slip on each side: 08.07 (swapped) and 07.09 (a day off) are both one slip from
  // 07.08; 18 and 20 June are both a day from the 19th; 30 June and 1 July a day apart.
  for (auto [x, y] : {std::pair{"1953-08-07", "1953-07-09"}, std::pair{"1953-06-20", "1953-06-18"},
                      std::pair{"2020-06-30", "2020-07-01"}, std::pair{"1949-11", "1949-11-30"}}) {
    EXPECT_FALSE(clearly_different(default_model(), pair(x, y))) << x << " " << y;
  }
  // Three slips are not one on each side.
  EXPECT_TRUE(clearly_different(default_model(), pair("2001-04-07", "2001-03-09")));
}

TEST(Compare, NamesakesBornAYearApartAreClearlyDifferent) {
  // Two full dates in different years and with another day: no slip explains it.
  const Comparison c =
      compare(features("Атаев Довлет", "1988-03-08"), features("Атаев Довлет", "1989-04-30"));
  EXPECT_EQ(level_name(Field::kBirthDate, c.level[3]), "year_close");
  EXPECT_TRUE(c.dates_conflict);
  EXPECT_TRUE(clearly_different(default_model(), c));
  // A year typo alone, a year-only record or a 1 January placeholder is not a conflict.
  for (const char* other : {"1989-03-08", "1989", "1989-01-01"}) {
    const Comparison d =
        compare(features("Атаев Довлет", "1988-03-08"), features("Атаев Довлет", other));
    EXPECT_FALSE(d.dates_conflict) << other;
    EXPECT_FALSE(clearly_different(default_model(), d)) << other;
  }
  // Without a veto on the birth date (FEBRL-style sets) it is only a weaker level.
  Model no_veto = default_model();
  no_veto.veto.fill(false);
  EXPECT_FALSE(clearly_different(no_veto, c));
}

TEST(Explain, ListsEveryFieldWithItsWeight) {
  const Explanation e = explain(default_model(), features("Sherzod Gulomov", "1979-05-20"),
                                features("Шерзод Ғуломов", "1979-05-21"));
  ASSERT_EQ(e.fields.size(), kFieldCount);
  EXPECT_EQ(field_name(e.fields[3].field), "birth_date");
  EXPECT_EQ(e.fields[3].level_name, "near");
  double sum = 0;
  for (const auto& f : e.fields) sum += f.weight;
  EXPECT_DOUBLE_EQ(sum, e.weight);
  EXPECT_GT(e.probability, 0.0);
  EXPECT_LE(e.probability, 1.0);
}

TEST(TermFrequency, CommonNamesWeighLessThanRareOnes) {
  TermFrequencies tf;
  for (int i = 0; i < 300; ++i) tf.add(features("Нурлан Оспанов"));
  for (int i = 0; i < 1000; ++i) tf.add(features("Name" + std::to_string(i) + " Other"));
  tf.add(features("Өмірзақ Жақсыбеков"));
  const Model model = default_model();
  const double common =
      explain(model, features("Нурлан Оспанов"), features("Nurlan Ospanov"), &tf).weight;
  const double rare =
      explain(model, features("Өмірзақ Жақсыбеков"), features("Omirzak Zhaksybekov"), &tf).weight;
  EXPECT_GT(rare, common + 2);
}

TEST(Index, FindsTheSamePersonInEveryScript) {
  Index index;
  ASSERT_TRUE(index.add_all(people()));
  EXPECT_EQ(index.size(), 16u);
  for (const char* q :
       {"Абдрашов Жанибек", "ABDRASHOV<<ZHANIBEK", "Zhanibek Abdrashov", "Äbdirashov Janibek"}) {
    auto hits = index.search({.name = q, .birth_date = *parse_civil_date("1985-03-12")}, 5);
    ASSERT_TRUE(hits) << q;
    ASSERT_GE(hits->size(), 3u) << q;
    for (std::size_t i = 0; i < 3; ++i) EXPECT_LE(std::stoi((*hits)[i].record_id), 4) << q;
  }
  auto yuri = index.search({.name = "Yurii Sokolov"}, 3);
  ASSERT_TRUE(yuri);
  ASSERT_EQ(yuri->size(), 3u);
  for (const auto& h : *yuri) EXPECT_GE(std::stoi(h.record_id), 14);
}

TEST(Index, OneWordQueriesUseSingleTokenPostings) {
  Index index;
  ASSERT_TRUE(index.add_all(people()));
  auto hits = index.search({.name = "Ғуломов"}, 10);
  ASSERT_TRUE(hits);
  EXPECT_EQ(hits->size(), 3u);
}

TEST(Index, AddRemoveAndReplace) {
  Index index;
  ASSERT_TRUE(index.add({.record_id = "a", .full_name = "Sherzod Gulomov"}));
  ASSERT_TRUE(index.add({.record_id = "b", .full_name = "Шерзод Ғуломов"}));
  EXPECT_EQ(index.search({.name = "Sherzod Gulomov"})->size(), 2u);
  EXPECT_TRUE(index.remove("a"));
  EXPECT_FALSE(index.remove("a"));
  auto hits = index.search({.name = "Sherzod Gulomov"});
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].record_id, "b");
  ASSERT_TRUE(index.add({.record_id = "b", .full_name = "Yuriy Sokolov"}));  // replace
  EXPECT_TRUE(index.search({.name = "Sherzod Gulomov"})->empty());
  EXPECT_EQ(index.size(), 1u);
}

TEST(Index, RejectsBadRecordsAndQueries) {
  Index index;
  EXPECT_FALSE(index.add({.record_id = "", .full_name = "Sherzod"}));
  EXPECT_FALSE(index.add({.record_id = "x", .full_name = "😀"}));
  auto st = index.add_all({{.record_id = "1", .full_name = "Ok Name"}, {.record_id = "2"}});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().field.find("record 2"), std::string::npos);
  EXPECT_FALSE(index.search({.name = ""}));
  EXPECT_FALSE(index.search({.name = std::string(10 * 1024, 'x')}));
  EXPECT_FALSE(index.explain({.name = "Sherzod"}, "nope"));
}

TEST(Index, ManyIncrementalAddsFoldIntoTheFlatArray) {
  Index index;
  const auto pop = generate_population({.records = 3000, .seed = 7});
  for (const auto& r : pop) ASSERT_TRUE(index.add(to_person_record(r)));
  EXPECT_EQ(index.size(), 3000u);
  const auto& probe = pop[1234];
  auto hits = index.search({.name = probe.full_name, .birth_date = probe.birth_date}, 10);
  ASSERT_TRUE(hits);
  bool found = false;
  for (const auto& h : *hits) found |= h.record_id == probe.record_id;
  EXPECT_TRUE(found);
}

TEST(Index, ConcurrentReadersWithAWriter) {
  Index index;
  ASSERT_TRUE(index.add_all(people()));
  std::vector<std::thread> readers;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        auto hits = index.search({.name = "Sherzod Gulomov"}, 3);
        if (!hits || hits->empty()) ++failures;
      }
    });
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(index.add({.record_id = "w" + std::to_string(i), .full_name = "Yuriy Sokolov"}));
  for (auto& r : readers) r.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(Dedup, ClustersTheFixtureAsAReviewerWould) {
  const auto records = people();
  DedupOptions options;
  options.train = false;
  auto result = deduplicate(records, options);
  ASSERT_TRUE(result);
  const auto& c = result->cluster_of;
  EXPECT_EQ(c[0], c[1]);   // Cyrillic and MRZ
  EXPECT_EQ(c[0], c[3]);   // day/month swapped
  EXPECT_EQ(c[6], c[7]);   // Uzbek apostrophe
  EXPECT_EQ(c[9], c[10]);  // Нұрсұлтан / Nursultan
  EXPECT_EQ(c[13], c[14]);
  EXPECT_EQ(c[13], c[15]);
  EXPECT_NE(c[4], c[5]);  // Усенова / Usenov: other sex
  EXPECT_NE(c[9], c[12]);  // Нұрсұлтан / Нурлан Оспанов born the same day: twins
}

TEST(Dedup, ResistsChaining) {
  // B is close to A and to C, but A and C are clearly different people (other given name).
  std::vector<Features> f = {features("Оспанов Нурлан", "1971-09-09"),
                             features("Оспанов Нурлaн", "1971-09-09"),
                             features("Оспанов Нурбек", "1971-09-09")};
  DedupOptions options;
  options.train = false;
  options.model.same_at = 5;  // make every edge an edge
  const auto r = deduplicate_features(f, options);
  EXPECT_NE(r.cluster_of[0], r.cluster_of[2]);
  EXPECT_NE(r.cluster_of[1], r.cluster_of[2]);
}

TEST(Dedup, GeneratedPopulationReachesUsefulQuality) {
  const auto pop = generate_population({.records = 2000, .seed = 3});
  std::vector<PersonRecord> records;
  std::vector<std::size_t> truth;
  for (const auto& r : pop) {
    records.push_back(to_person_record(r));
    truth.push_back(static_cast<std::size_t>(r.person_id));
  }
  DedupOptions options;
  options.training.u_sample_pairs = 20000;  // keeps the test fast; the benchmark uses 200 k
  auto result = deduplicate(records, options);
  ASSERT_TRUE(result);
  const Quality q = pairwise_quality(result->cluster_of, truth);
  EXPECT_GT(q.precision, 0.85);
  EXPECT_GT(q.recall, 0.85);
}

TEST(Dedup, LeavesARecordBetweenTwoNamesakesAlone) {
  // Two women of the same name born years apart, and a record without a birth date that
  // fits both equally well: it joins neither (with the margin), one of them (without).
  std::vector<Features> f = {
      features("Шарифова Нигина", "1984-08-05"), features("Nigina Sharifova", "1984-08-05"),
      features("Шарифова Нигина", "1961-02-11"), features("Nigina Sharifova", "1961-02-11"),
      features("SHARIFOVA<<NIGINA")};
  DedupOptions options;
  options.train = false;
  options.model.same_at = 10;
  const auto with_margin = deduplicate_features(f, options);
  EXPECT_EQ(with_margin.cluster_of[0], with_margin.cluster_of[1]);
  EXPECT_EQ(with_margin.cluster_of[2], with_margin.cluster_of[3]);
  EXPECT_NE(with_margin.cluster_of[0], with_margin.cluster_of[2]);
  EXPECT_EQ(with_margin.ambiguous, 1u);
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_NE(with_margin.cluster_of[4], with_margin.cluster_of[i]);
  options.ambiguity_margin = 0;
  const auto without = deduplicate_features(f, options);
  EXPECT_EQ(without.ambiguous, 0u);
  EXPECT_TRUE(without.cluster_of[4] == without.cluster_of[0] ||
              without.cluster_of[4] == without.cluster_of[2]);
}

TEST(Dedup, BadRecordIsNamed) {
  auto r =
      deduplicate({{.record_id = "1", .full_name = "Ok"}, {.record_id = "2", .full_name = "  "}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field.rfind("record 2", 0), 0u);
}

TEST(Quality, PairwiseAndClusterMetrics) {
  const std::vector<std::size_t> truth = {0, 0, 0, 1, 1, 2};
  EXPECT_DOUBLE_EQ(pairwise_quality(truth, truth).f1, 1.0);
  const auto q = pairwise_quality({0, 0, 1, 2, 2, 3}, truth);
  EXPECT_EQ(q.true_positives, 2u);   // (0,1) and (3,4)
  EXPECT_EQ(q.false_negatives, 2u);  // (0,2), (1,2)
  EXPECT_EQ(q.false_positives, 0u);
  const auto c = cluster_quality({0, 0, 1, 2, 2, 3}, truth);
  EXPECT_EQ(c.true_positives, 2u);  // {3,4} and {5}
}

TEST(Generator, IsDeterministicAndVaried) {
  const auto a = generate_population({.records = 500, .seed = 11});
  const auto b = generate_population({.records = 500, .seed = 11});
  ASSERT_EQ(a.size(), 500u);
  std::set<std::string> scripts, countries;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].full_name, b[i].full_name);
    scripts.insert(a[i].script);
    countries.insert(a[i].country);
    EXPECT_TRUE(prepare(to_person_record(a[i]))) << a[i].full_name;
  }
  EXPECT_GE(scripts.size(), 6u);
  EXPECT_EQ(countries.size(), 5u);
  EXPECT_GT(a.back().person_id, 500 / 5);
}

TEST(Generator, DrawsNamesFromALongTailLikeARealRegister) {
  // A register's head names are frequent, but 20 000 records (about 6 000 people) hold
  // many hundreds of distinct given names and surnames, not the ~200 of the head lists.
  const auto pop = generate_population({.records = 20000, .seed = 5});
  std::set<std::string> given, family;
  std::map<std::string, std::size_t> given_count;
  std::size_t cyrillic = 0;
  for (const auto& r : pop) {
    if (r.script != "cyrillic") continue;  // one spelling per name
    ++cyrillic;
    const auto f = prepare(to_person_record(r));
    ASSERT_TRUE(f) << r.full_name;
    given.insert(f->given_joined);
    family.insert(f->family_stem);
    ++given_count[f->given_joined];
  }
  EXPECT_GT(given.size(), 800u);
  EXPECT_GT(family.size(), 1200u);
  std::size_t most = 0;
  for (const auto& [name, n] : given_count) most = std::max(most, n);
  EXPECT_LT(most * 50, cyrillic) << "no single given name holds 2 % of the records";
}

}  // namespace
}  // namespace nansen::match
