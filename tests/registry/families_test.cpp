// SPDX-License-Identifier: Apache-2.0
// A family registered at once is all or nothing: the principal, the members and their
// household in one transaction, each person and the household audited in it. A refusal of
// any member (bad field, unknown relationship, another country, a linked person out of
// scope) leaves no person, no household and no audit record. Adding a member to an
// existing household keeps the household's rules: one country, one head, nobody twice.
#include "registry/fixture.h"

namespace nansen::registry {
namespace {

using testing::RegistryTest;

class FamilyTest : public RegistryTest {
 protected:
  static FamilyPerson fresh(PersonInput input) { return {std::move(input), std::nullopt}; }
  static FamilyPerson linked(PersonId id) { return {PersonInput{}, id}; }

  static PersonInput mother() { return person("KAZ", "Абдрашова Гульнара", "1990-04-12", 'F'); }
  static std::vector<FamilyMember> children() {
    return {{fresh(person("KAZ", "Абдрашова Айлин", "2015-06-01", 'F')), "child"},
            {fresh(person("KAZ", "Абдрашов Тимур", "2018-01-20", 'M')), "child"}};
  }

  // Every table a family registration writes, as one figure each.
  std::vector<std::int64_t> written() {
    return {count("SELECT COUNT(*) FROM persons"), count("SELECT COUNT(*) FROM person_names"),
            count("SELECT COUNT(*) FROM households"),
            count("SELECT COUNT(*) FROM household_members"),
            count("SELECT COUNT(*) FROM audit_log")};
  }
};

TEST_F(FamilyTest, RegistersThePrincipalEveryMemberAndTheHouseholdAtOnce) {
  auto family = register_family(*db_, kaz_registrar_, fresh(mother()), children(), now_);
  ASSERT_TRUE(family) << family.error().message << " " << family.error().field;
  ASSERT_EQ(family->members.size(), 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM households"), 1);

  auto members = household_members(*db_, kaz_caseworker_, family->household, now_);
  ASSERT_TRUE(members);
  ASSERT_EQ(members->size(), 3u);
  for (const auto& m : *members)
    EXPECT_EQ(m.relationship, m.person == family->principal ? "head" : "child");
  auto child = get_person(*db_, kaz_caseworker_, family->members[1], now_);
  ASSERT_TRUE(child);
  EXPECT_EQ(child->names[0].full_name, "Абдрашов Тимур");

  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.create'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'household.create' AND "
                  "record_id = '" +
                  std::to_string(family->household.value) + "'"),
            1);
}

TEST_F(FamilyTest, ARefusedMemberLeavesNoPersonNoHouseholdAndNoAuditRecord) {
  const PersonId elsewhere = add(person("KGZ", "Асанов Бакыт", "1980-01-01", 'M'));
  struct Case {
    const char* field;
    ErrorCode code;
    void (*spoil)(FamilyMember& second, PersonId elsewhere);
  };
  const Case cases[] = {
      {"members[1].names[0].full_name", ErrorCode::kInvalid,
       [](FamilyMember& m, PersonId) { m.person.input.names[0].full_name = " "; }},
      {"members[1].birth_date", ErrorCode::kInvalid,
       [](FamilyMember& m, PersonId) {
         m.person.input.birth_date = CivilDate{2019, 2, 29, DatePrecision::kDay, false};
       }},
      {"members[1].sex", ErrorCode::kInvalid,
       [](FamilyMember& m, PersonId) { m.person.input.sex = 'Q'; }},
      {"members[1].relationship", ErrorCode::kInvalid,
       [](FamilyMember& m, PersonId) { m.relationship = "cousin"; }},
      {"members[1].relationship", ErrorCode::kInvalid,
       [](FamilyMember& m, PersonId) { m.relationship = "head"; }},
      // A new member of another country: one family, one country.
      {"members[1].country", ErrorCode::kInvalid,
       [](FamilyMember& m, PersonId) { m.person.input.country = "KGZ"; }},
      // A linked person out of the officer's scope is found only once the others are
      // written: the transaction must take them back.
      {"members[1].person", ErrorCode::kNotFound,
       [](FamilyMember& m, PersonId other) {
         m.person = {PersonInput{}, other};
       }},
      {"members[1].person", ErrorCode::kNotFound,
       [](FamilyMember& m, PersonId) {
         m.person = {PersonInput{}, PersonId{999999}};
       }},
  };
  const auto before = written();
  for (const auto& c : cases) {
    auto members = children();
    c.spoil(members[1], elsewhere);
    auto family = register_family(*db_, kaz_registrar_, fresh(mother()), members, now_);
    ASSERT_FALSE(family) << c.field;
    EXPECT_EQ(family.error().field, c.field);
    EXPECT_EQ(family.error().code, c.code) << c.field;
    EXPECT_EQ(written(), before) << c.field << ": something was written";
  }
}

TEST_F(FamilyTest, AnOfficerRegistersNoFamilyOutsideTheirCountry) {
  const auto before = written();
  PersonInput kyrgyz = person("KGZ", "Асанова Айгуль", "1985-03-03", 'F');
  auto family = register_family(*db_, kaz_registrar_, fresh(kyrgyz), {}, now_);
  ASSERT_FALSE(family);
  EXPECT_EQ(family.error().code, ErrorCode::kForbidden);

  // A principal linked from another country does not exist for the officer.
  const PersonId foreign = add(kyrgyz);
  const auto after_seed = written();
  family = register_family(*db_, kaz_registrar_, linked(foreign), children(), now_);
  ASSERT_FALSE(family);
  EXPECT_EQ(family.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(family.error().field, "principal");
  EXPECT_EQ(written(), after_seed);
  EXPECT_NE(after_seed, before) << "the seed itself was written";
}

TEST_F(FamilyTest, LinkedPersonsJoinTheHouseholdWithoutBeingRegisteredAgain) {
  const PersonId registered_mother = add(mother());
  const PersonId registered_child = add(person("KAZ", "Абдрашова Айлин", "2015-06-01", 'F'));
  std::vector<FamilyMember> members = {
      {linked(registered_child), "child"},
      {fresh(person("KAZ", "Абдрашов Тимур", "2018-01-20", 'M')), "child"}};
  auto family = register_family(*db_, kaz_registrar_, linked(registered_mother), members, now_);
  ASSERT_TRUE(family) << family.error().message << " " << family.error().field;
  EXPECT_EQ(family->principal, registered_mother);
  EXPECT_EQ(family->members[0], registered_child);
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM household_members"), 3);

  // The same person twice in one family is refused.
  members = {{linked(registered_child), "child"}, {linked(registered_child), "sibling"}};
  auto twice = register_family(*db_, kaz_registrar_, linked(registered_mother), members, now_);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().field, "members[1].person");
}

TEST_F(FamilyTest, AMemberJoinsAnExistingHouseholdOnceAndAudited) {
  auto family = register_family(*db_, kaz_registrar_, fresh(mother()), children(), now_);
  ASSERT_TRUE(family);
  const PersonId grandmother = add(person("KAZ", "Абдрашова Роза", "1950-07-07", 'F'));
  ASSERT_TRUE(
      add_household_member(*db_, kaz_registrar_, family->household, grandmother, "parent", now_));
  auto members = household_members(*db_, kaz_caseworker_, family->household, now_);
  ASSERT_TRUE(members);
  EXPECT_EQ(members->size(), 4u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'household.member.add' AND "
                  "record_id = '" +
                  std::to_string(family->household.value) + "'"),
            1);

  const auto before = written();
  auto again =
      add_household_member(*db_, kaz_registrar_, family->household, grandmother, "other", now_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "person");

  const PersonId uncle = add(person("KAZ", "Абдрашов Марат", "1970-01-01", 'M'));
  const auto after_uncle = written();
  auto second_head =
      add_household_member(*db_, kaz_registrar_, family->household, uncle, "head", now_);
  ASSERT_FALSE(second_head);
  EXPECT_EQ(second_head.error().code, ErrorCode::kConflict);
  EXPECT_EQ(second_head.error().field, "relationship");
  auto unknown =
      add_household_member(*db_, kaz_registrar_, family->household, uncle, "cousin", now_);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(unknown.error().field, "relationship");
  EXPECT_EQ(written(), after_uncle);
  EXPECT_NE(after_uncle, before);
}

TEST_F(FamilyTest, AnotherCountrysHouseholdOrPersonIsNotFoundLikeAMissingOne) {
  auto family = register_family(*db_, kaz_registrar_, fresh(mother()), {}, now_);
  ASSERT_TRUE(family) << family.error().message;
  const PersonId kyrgyz = add(person("KGZ", "Асанов Бакыт", "1980-01-01", 'M'));
  const PersonId kazakh = add(person("KAZ", "Абдрашов Марат", "1970-01-01", 'M'));
  const auto before = written();

  // A Kyrgyz officer: the Kazakh household is answered exactly as a missing one.
  auto foreign =
      add_household_member(*db_, kgz_caseworker_, family->household, kyrgyz, "other", now_);
  auto missing =
      add_household_member(*db_, kgz_caseworker_, HouseholdId{999999}, kyrgyz, "other", now_);
  ASSERT_FALSE(foreign);
  ASSERT_FALSE(missing);
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(foreign.error().field, "household");
  EXPECT_EQ(foreign.error().message, missing.error().message);

  // A Kazakh officer: a person of another country, as a missing person.
  auto other_country =
      add_household_member(*db_, kaz_registrar_, family->household, kyrgyz, "other", now_);
  auto no_person = add_household_member(*db_, kaz_registrar_, family->household, PersonId{999999},
                                        "other", now_);
  ASSERT_FALSE(other_country);
  EXPECT_EQ(other_country.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(other_country.error().field, "person");
  EXPECT_EQ(other_country.error().message, no_person.error().message);

  // A regional registrar sees both countries, and still cannot mix them in one household.
  const access::Actor regional_registrar =
      make("regional.registrar", access::Role::kRegistrar, std::nullopt);
  auto mixed =
      add_household_member(*db_, regional_registrar, family->household, kyrgyz, "other", now_);
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().field, "person");
  EXPECT_EQ(written(), before);

  // Without person.write nothing is added.
  auto decision_maker =
      add_household_member(*db_, kaz_supervisor_, family->household, kazakh, "other", now_);
  ASSERT_FALSE(decision_maker);
  EXPECT_EQ(decision_maker.error().code, ErrorCode::kForbidden);
}

// The household as a page shows it: each member's name and birth date from one read and
// ONE audit row naming them, not a person.read per member.
TEST_F(FamilyTest, AHouseholdViewIsOneReadAndOneAuditRowNamingTheMembers) {
  auto family = register_family(*db_, kaz_registrar_, fresh(mother()), children(), now_);
  ASSERT_TRUE(family);
  const auto rows = count("SELECT COUNT(*) FROM audit_log");
  auto view = view_household_of(*db_, kaz_caseworker_, family->members[0], now_);
  ASSERT_TRUE(view) << view.error().message;
  ASSERT_TRUE(*view);
  EXPECT_EQ((*view)->id, family->household);
  ASSERT_EQ((*view)->members.size(), 3u);
  EXPECT_EQ((*view)->members[0].person, family->principal);
  EXPECT_EQ((*view)->members[0].name, "Абдрашова Гульнара");
  EXPECT_EQ((*view)->members[0].relationship, "head");
  EXPECT_EQ(format_civil_date(*(*view)->members[0].birth_date), "1990-04-12");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), rows + 1);
  auto detail = db_->query("SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1");
  EXPECT_EQ(detail->at(0).text(0), "household.read");
  EXPECT_EQ(detail->at(0).text(1), "{\"persons\":[" + std::to_string(family->principal.value) +
                                       "," + std::to_string(family->members[0].value) + "," +
                                       std::to_string(family->members[1].value) + "]}");

  // No household: nothing to show and nothing logged; the id look-up logs nothing either.
  const PersonId alone = add(person("KAZ", "Усенова Айгерим", "1992-11-01", 'F'));
  const auto after_add = count("SELECT COUNT(*) FROM audit_log");
  auto none = view_household_of(*db_, kaz_caseworker_, alone, now_);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto id = household_id_of(*db_, kaz_caseworker_, family->principal);
  ASSERT_TRUE(id);
  EXPECT_EQ(**id, family->household);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), after_add);

  // Another country's officer: NotFound, as for the person itself.
  EXPECT_EQ(view_household_of(*db_, kgz_caseworker_, family->principal, now_).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(household_id_of(*db_, kgz_caseworker_, family->principal).error().code,
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace nansen::registry
