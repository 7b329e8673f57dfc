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
                                person("KAZ", "Zhanibek Abdrashov", "1988-03-15", 'M'));
  ASSERT_TRUE(dups) << dups.error().message;
  ASSERT_FALSE(dups->empty());
  EXPECT_EQ(dups->at(0).id, existing);
  EXPECT_NE(dups->at(0).reason.find("match weight"), std::string::npos);

  auto stranger = likely_duplicates(index, *db_, kaz_registrar_,
                                    person("KAZ", "Rahmonov Firdavs", "2001-07-07", 'M'));
  ASSERT_TRUE(stranger);
  EXPECT_TRUE(stranger->empty());
}

TEST_F(RegistryTest, DuplicatesOfAnotherCountryAreNotShown) {
  add(person("KAZ", "Абдрашов Жанибек Серикович", "1988-03-15", 'M'));
  match::Index index;
  ASSERT_TRUE(load_index(*db_, index));
  auto dups = likely_duplicates(index, *db_, kgz_caseworker_,
                                person("KGZ", "Zhanibek Abdrashov", "1988-03-15", 'M'));
  ASSERT_TRUE(dups);
  EXPECT_TRUE(dups->empty());
}

}  // namespace
}  // namespace nansen::registry
