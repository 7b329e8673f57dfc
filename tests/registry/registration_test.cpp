// SPDX-License-Identifier: Apache-2.0
// The server's registry use cases over the database and the match index: registration
// stops at the duplicate gate and writes nothing; once confirmed it registers and the
// index finds the new persons at once; merge and unmerge take the duplicate out of the
// index and put it back. No caller refreshes the index itself.
#include "registry/fixture.h"

namespace nansen::registry {
namespace {

using testing::RegistryTest;

class Registration : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    existing_ = add(person("KAZ", "Абдрашов Жанибек Серикович", "1988-03-15", 'M'));
    ASSERT_TRUE(load_index(*db_, index_));
  }
  static FamilyPerson fresh(PersonInput input) { return {std::move(input), std::nullopt}; }
  // The persons a registrar's search for `name` shows, by id.
  std::vector<PersonId> found(const std::string& name) {
    auto hits = search_persons(index_, *db_, kaz_registrar_, name, now_);
    EXPECT_TRUE(hits) << hits.error().message;
    std::vector<PersonId> ids;
    if (hits)
      for (const auto& h : *hits) ids.push_back(h.id);
    return ids;
  }
  static bool has(const std::vector<PersonId>& ids, PersonId id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  match::Index index_;
  PersonId existing_;
};

TEST_F(Registration, ALikelyDuplicateStopsItAndNothingIsWritten) {
  const auto persons = count("SELECT COUNT(*) FROM persons");
  auto r = register_checked(index_, *db_, kaz_registrar_,
                            fresh(person("KAZ", "Zhanibek Abdrashov", "1988-03-15", 'M')), {},
                            false, now_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->stopped());
  EXPECT_FALSE(r->principal);
  ASSERT_EQ(r->candidates.size(), 1u);
  ASSERT_EQ(r->candidates[0].size(), 1u);
  EXPECT_EQ(r->candidates[0][0].id, existing_);
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), persons);
  EXPECT_EQ(index_.size(), 1u);
}

TEST_F(Registration, ConfirmedItRegistersAndSearchFindsThePersonAtOnce) {
  auto r = register_checked(index_, *db_, kaz_registrar_,
                            fresh(person("KAZ", "Zhanibek Abdrashov", "1988-03-15", 'M')), {}, true,
                            now_);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_FALSE(r->stopped());
  ASSERT_TRUE(r->principal);
  EXPECT_NE(*r->principal, existing_);
  EXPECT_TRUE(has(found("Abdrashov Zhanibek"), *r->principal));
}

TEST_F(Registration, APersonWithoutCandidatesPassesTheGate) {
  auto r =
      register_checked(index_, *db_, kaz_registrar_,
                       fresh(person("KAZ", "Усенова Айгерим", "1992-11-01", 'F')), {}, false, now_);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->principal);
  EXPECT_TRUE(r->candidates.empty());
  EXPECT_TRUE(has(found("Usenova Aigerim"), *r->principal));
}

TEST_F(Registration, AFamilyIsStoppedByAnyMembersCandidatesAndNamesThatMember) {
  const std::vector<FamilyMember> members = {
      {fresh(person("KAZ", "Абдрашова Айлин", "2015-06-01", 'F')), "child"},
      {fresh(person("KAZ", "Abdrashov Zhanibek", "1988-03-15", 'M')), "spouse"}};
  const auto before = count("SELECT COUNT(*) FROM persons");
  auto r = register_checked(index_, *db_, kaz_registrar_,
                            fresh(person("KAZ", "Абдрашова Гульнара", "1990-04-12", 'F')), members,
                            false, now_);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->stopped());
  ASSERT_EQ(r->candidates.size(), 3u);  // principal, then each member
  EXPECT_TRUE(r->candidates[0].empty());
  EXPECT_TRUE(r->candidates[1].empty());
  ASSERT_FALSE(r->candidates[2].empty());
  EXPECT_EQ(r->candidates[2][0].id, existing_);
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), before);

  // The officer links the member to the existing person: the gate opens, one transaction
  // registers the rest with their household, and the new persons are found at once.
  std::vector<FamilyMember> linked = members;
  linked[1].person.existing = existing_;
  auto done = register_checked(index_, *db_, kaz_registrar_,
                               fresh(person("KAZ", "Абдрашова Гульнара", "1990-04-12", 'F')),
                               linked, false, now_);
  ASSERT_TRUE(done) << done.error().message;
  ASSERT_FALSE(done->stopped());
  ASSERT_TRUE(done->household);
  ASSERT_EQ(done->members.size(), 2u);
  EXPECT_EQ(done->members[1], existing_);
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), before + 2);
  EXPECT_TRUE(has(found("Abdrashova Gulnara"), *done->principal));
  EXPECT_TRUE(has(found("Abdrashova Ailin"), done->members[0]));
}

TEST_F(Registration, ALinkedPrincipalOutOfScopeIsNotFound) {
  const PersonId kyrgyz = add(person("KGZ", "Асанов Бакыт", "1980-01-01", 'M'));
  auto r = register_checked(index_, *db_, kaz_registrar_, {PersonInput{}, kyrgyz}, {}, false, now_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().field, "principal");
}

TEST_F(Registration, AnObserverCannotRegisterNorLearnCandidates) {
  const access::Actor observer = make("kaz.observer", access::Role::kObserver, "KAZ");
  auto r = register_checked(index_, *db_, observer,
                            fresh(person("KAZ", "Zhanibek Abdrashov", "1988-03-15", 'M')), {},
                            false, now_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
}

TEST_F(Registration, MergeTakesTheDuplicateOutOfTheIndexAndUnmergePutsItBack) {
  const PersonId twin = add(person("KAZ", "Абдрашов Жанибек Серикович", "1988-03-15", 'M'));
  ASSERT_TRUE(refresh_index(*db_, index_, twin));
  ASSERT_TRUE(has(found("Abdrashov Zhanibek"), twin));
  ASSERT_TRUE(merge_persons(index_, *db_, kaz_registrar_, twin, existing_, now_));
  EXPECT_FALSE(has(found("Abdrashov Zhanibek"), twin));
  EXPECT_TRUE(has(found("Abdrashov Zhanibek"), existing_));
  ASSERT_TRUE(unmerge_person(index_, *db_, kaz_registrar_, twin, now_));
  EXPECT_TRUE(has(found("Abdrashov Zhanibek"), twin));
}

TEST_F(Registration, EveryProblemOfEveryPersonIsReturnedAtOnceAndNothingIsWritten) {
  PersonInput bad = person("KAZ", "Усенова Айгерим", "1992-11-01", 'F');
  bad.sex = 'Q';
  bad.languages = {"Russian"};
  bad.documents.push_back({"passport", "N123", "KAZ", *parse_civil_date("2020-01-01", "d"),
                           *parse_civil_date("2019-01-01", "d")});
  // Each problem alone is what check_person names, in field order.
  std::vector<std::string> fields;
  for (const Error& e : check_person(bad)) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"sex", "documents[0].valid_until", "languages[0]"}));

  PersonInput child = person("KAZ", "Усенова Ая", "2015-02-10", 'F');
  child.country = "kz";
  const auto persons = count("SELECT COUNT(*) FROM persons");
  auto r = register_checked(index_, *db_, kaz_registrar_, fresh(bad), {{fresh(child), "child"}},
                            true, now_);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->stopped());
  EXPECT_FALSE(r->principal);
  fields.clear();
  for (const Error& e : r->problems) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"sex", "documents[0].valid_until", "languages[0]",
                                              "members[0].country"}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), persons);
}

}  // namespace
}  // namespace nansen::registry
