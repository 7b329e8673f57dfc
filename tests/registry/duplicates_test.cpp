// SPDX-License-Identifier: Apache-2.0
// Registration shows likely duplicates from the matching engine, in any script, only
// among the persons the officer may see.
#include "registry/fixture.h"

namespace nansen::registry {
namespace {

using testing::RegistryTest;

TEST_F(RegistryTest, ALatinSpellingFindsTheCyrillicRecord) {
  const PersonId existing = add(person("KAZ", "Абдрашов Жанибек Серикович", "1988-03-15", 'M'));
  add(person("KAZ", "Усенова Айгерим", "1992-11-01", 'F'));
  match::Index index;
  ASSERT_TRUE(load_index(*db_, index));
  EXPECT_EQ(index.size(), 2u);

  auto dups = likely_duplicates(index, *db_, kaz_registrar_,
                                person("KAZ", "Zhanibek Abdrashov", "1988-03-15", 'M'), now_);
  ASSERT_TRUE(dups) << dups.error().message;
  ASSERT_FALSE(dups->empty());
  EXPECT_EQ(dups->at(0).id, existing);
  EXPECT_NE(dups->at(0).reason.find("match weight"), std::string::npos);

  auto stranger = likely_duplicates(index, *db_, kaz_registrar_,
                                    person("KAZ", "Rahmonov Firdavs", "2001-07-07", 'M'), now_);
  ASSERT_TRUE(stranger);
  EXPECT_TRUE(stranger->empty());
}

TEST_F(RegistryTest, DuplicatesOfAnotherCountryAreNotShown) {
  add(person("KAZ", "Абдрашов Жанибек Серикович", "1988-03-15", 'M'));
  match::Index index;
  ASSERT_TRUE(load_index(*db_, index));
  auto dups = likely_duplicates(index, *db_, kgz_caseworker_,
                                person("KGZ", "Zhanibek Abdrashov", "1988-03-15", 'M'), now_);
  ASSERT_TRUE(dups);
  EXPECT_TRUE(dups->empty());
}

TEST_F(RegistryTest, KyrgyzNamesakesDoNotPushTheKazakhCandidateOutOfTheTopK) {
  // The Kazakh person is a weaker match than the namesakes (no patronymic, a year only).
  const PersonId kazakh = add(person("KAZ", "Абдрашов Жанибек", "1988", 'M'));
  const PersonInput probe = person("KAZ", "Zhanibek Abdrashov Serikovich", "1988-03-15", 'M');
  auto check = [&] {
    match::Index index;
    EXPECT_TRUE(load_index(*db_, index));
    return likely_duplicates(index, *db_, kaz_registrar_, probe, now_);
  };
  auto alone = check();
  ASSERT_TRUE(alone) << alone.error().message;
  for (int i = 0; i < 60; ++i) add(person("KGZ", "Абдрашов Жанибек Серикович", "1988-03-15", 'M'));
  auto dups = check();
  ASSERT_TRUE(dups) << dups.error().message;
  ASSERT_EQ(dups->size(), 1u);
  EXPECT_EQ(dups->at(0).id, kazakh);
  // The same answer as without the namesakes: the weights too, bit for bit (the name's
  // frequency in Kyrgyzstan does not weigh a Kazakh look-up).
  ASSERT_EQ(alone->size(), 1u);
  EXPECT_EQ(alone->at(0).reason, dups->at(0).reason);
  ASSERT_TRUE(alone->at(0).match && dups->at(0).match);
  EXPECT_EQ(alone->at(0).match->weight, dups->at(0).match->weight);
  // Unscoped, the namesakes do fill the top 5: the case above is a real one.
  match::Index index;
  ASSERT_TRUE(load_index(*db_, index));
  auto regional = likely_duplicates(index, *db_, regional_, probe, now_);
  ASSERT_TRUE(regional);
  EXPECT_EQ(regional->size(), 5u);
  for (const auto& d : *regional) EXPECT_EQ(d.country, "KGZ");
}

TEST_F(RegistryTest, TheLookUpWritesOneAuditRowNamingTheCandidatesById) {
  const PersonId existing = add(person("KAZ", "Абдрашов Жанибек Серикович", "1988-03-15", 'M'));
  match::Index index;
  ASSERT_TRUE(load_index(*db_, index));
  const auto before = count("SELECT COUNT(*) FROM audit_log");
  auto dups = likely_duplicates(index, *db_, kaz_registrar_,
                                person("KAZ", "Zhanibek Abdrashov", "1988-03-15", 'M'), now_);
  ASSERT_TRUE(dups);
  ASSERT_EQ(dups->size(), 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), before + 1);
  auto row = db_->query(
      "SELECT action, record_type, country, detail FROM audit_log ORDER BY seq DESC LIMIT 1");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->at(0).text(0), "person.duplicates");
  EXPECT_EQ(row->at(0).text(1), "person");
  EXPECT_EQ(row->at(0).text(2), "KAZ");
  EXPECT_EQ(row->at(0).text(3),
            "{\"purpose\":\"duplicate_check\",\"query\":[\"name\",\"birth_date\",\"sex\"],"
            "\"results\":1,\"persons\":[" +
                std::to_string(existing.value) + "]}");
  // No candidate: still one row, naming nobody.
  ASSERT_TRUE(likely_duplicates(index, *db_, kaz_registrar_,
                                person("KAZ", "Rahmonov Firdavs", "2001-07-07", 'M'), now_));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), before + 2);
}

TEST_F(RegistryTest, TheIndexFollowsRegistrationMergeAndUnmerge) {
  const PersonId a = add(person("KAZ", "Абдрашов Жанибек Серикович", "1988-03-15", 'M'));
  match::Index index;
  ASSERT_TRUE(load_index(*db_, index));
  PersonInput latin = person("KAZ", "Zhanibek Abdrashov", "1988-03-15", 'M');
  latin.names.push_back({NameKind::kAlias, "Äbdirashov Janibek", "", "", "", ""});
  const PersonId b = add(latin);
  ASSERT_TRUE(refresh_index(*db_, index, b));
  EXPECT_EQ(index.size(), 3u);  // every name of every unmerged person
  auto dups = likely_duplicates(index, *db_, kaz_registrar_, latin, now_);
  ASSERT_TRUE(dups);
  EXPECT_EQ(dups->size(), 2u);
  ASSERT_TRUE(merge_persons(*db_, kaz_registrar_, b, a, now_));
  ASSERT_TRUE(refresh_index(*db_, index, b));
  EXPECT_EQ(index.size(), 1u);
  ASSERT_TRUE(unmerge_person(*db_, kaz_registrar_, b, now_));
  ASSERT_TRUE(refresh_index(*db_, index, b));
  EXPECT_EQ(index.size(), 3u);
}

}  // namespace
}  // namespace nansen::registry
