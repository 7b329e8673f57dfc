// SPDX-License-Identifier: Apache-2.0
// Registering and reading persons: several names and scripts, dates with precision,
// nationality claims, documents without scans; bad input names its field and writes
// nothing; a person of another country does not exist for a country-scoped officer.
#include "registry/fixture.h"

namespace nansen::registry {
namespace {

using testing::RegistryTest;

PersonInput family_head() {
  PersonInput p;
  p.country = "KAZ";
  p.names = {
      {NameKind::kOfficial, "Абдрашов Жанибек Серикович", "Жанибек", "Абдрашов", "Серикович", ""},
      {NameKind::kMrz, "ABDRASHOV<<ZHANIBEK", "", "", "", ""},
      {NameKind::kAlias, "Äbdirashov Janibek", "", "", "", ""}};
  p.sex = 'M';
  p.birth_date = *parse_civil_date("~1988-03");
  p.birth_place = "Nukus";
  p.nationalities = {{"undetermined", "declared"}, {"UZB", "former residence"}};
  p.documents = {{"passport", "AA 123-4567", "UZB", *parse_civil_date("2010-01-01"),
                  *parse_civil_date("2020-01-01")}};
  p.specific_needs = {"chronic_illness"};
  p.languages = {"ru", "uz"};
  p.interpreter_needed = true;
  p.contact = "+7 700 000 00 00";
  return p;
}

TEST_F(RegistryTest, RegistersAndReadsBackAPersonWithSeveralNames) {
  auto id = register_person(*db_, kaz_registrar_, family_head(), now_);
  ASSERT_TRUE(id) << id.error().message;
  auto p = get_person(*db_, kaz_caseworker_, *id, now_);
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->names.size(), 3u);
  EXPECT_EQ(p->names[0].script, "cyrillic");
  EXPECT_EQ(p->names[1].kind, NameKind::kMrz);
  EXPECT_EQ(p->names[2].script, "latin");
  EXPECT_EQ(p->birth_date->precision, DatePrecision::kMonth);
  EXPECT_TRUE(p->birth_date->approximate);
  EXPECT_EQ(p->nationalities[0].claim, "undetermined");
  EXPECT_EQ(p->documents[0].number, "AA 123-4567");
  EXPECT_EQ(format_civil_date(*p->documents[0].valid_until), "2020-01-01");
  EXPECT_EQ(p->languages, (std::vector<std::string>{"ru", "uz"}));
  EXPECT_TRUE(p->interpreter_needed);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.read'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.create'"), 1);
}

TEST_F(RegistryTest, BadInputNamesTheFieldAndWritesNothing) {
  struct Case {
    const char* field;
    void (*spoil)(PersonInput&);
  };
  const Case cases[] = {
      {"country", [](PersonInput& p) { p.country = "kz"; }},
      {"names", [](PersonInput& p) { p.names.clear(); }},
      {"names[1].full_name", [](PersonInput& p) { p.names[1].full_name = "  "; }},
      {"names[0].full_name", [](PersonInput& p) { p.names[0].full_name = "\xc3\x28"; }},
      {"birth_date",
       [](PersonInput& p) {
         p.birth_date = CivilDate{2023, 2, 29, DatePrecision::kDay, false};
       }},
      {"sex", [](PersonInput& p) { p.sex = 'Q'; }},
      {"nationalities[1].claim", [](PersonInput& p) { p.nationalities[1].claim = "Uzbek"; }},
      {"documents[0].valid_until",
       [](PersonInput& p) { p.documents[0].valid_until = *parse_civil_date("2001-01-01"); }},
      {"documents[0].number", [](PersonInput& p) { p.documents[0].number = ""; }},
      {"languages[0]", [](PersonInput& p) { p.languages[0] = "Russian"; }},
      {"birth_place", [](PersonInput& p) { p.birth_place = std::string(5000, 'x'); }},
  };
  for (const auto& c : cases) {
    PersonInput p = family_head();
    c.spoil(p);
    auto id = register_person(*db_, kaz_registrar_, p, now_);
    ASSERT_FALSE(id) << c.field;
    EXPECT_EQ(id.error().field, c.field);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM person_names"), 0);
}

TEST_F(RegistryTest, AnotherCountrysPersonDoesNotExistForAScopedOfficer) {
  const PersonId kaz = add(family_head());
  auto read = get_person(*db_, kgz_caseworker_, kaz, now_);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  auto absent = get_person(*db_, kgz_caseworker_, PersonId{kaz.value + 1000}, now_);
  EXPECT_EQ(absent.error().message, read.error().message);  // nothing to tell them apart
  auto found = search(kgz_caseworker_, "Abdrashov");
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->empty());
  auto by_doc = search(kgz_caseworker_, "AA1234567");
  ASSERT_TRUE(by_doc);
  EXPECT_TRUE(by_doc->empty());
  auto write = register_person(*db_, kgz_caseworker_, family_head(), now_);
  EXPECT_EQ(write.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(merge_persons(*db_, kgz_caseworker_, kaz, kaz, now_).error().code, ErrorCode::kInvalid);
  const PersonId other = add(family_head());
  EXPECT_EQ(merge_persons(*db_, kgz_caseworker_, kaz, other, now_).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(record_consent(*db_, kgz_caseworker_, kaz, {Purpose::kRsd, true, "consent", ""}, now_)
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_TRUE(get_person(*db_, regional_, kaz, now_));  // the regional scope covers all
}

TEST_F(RegistryTest, SearchFindsAnySpellingAndDocumentNumbers) {
  const PersonId id = add(family_head());
  add(person("KAZ", "Усенова Айгерим", "1992-11-01", 'F'));
  for (const char* q : {"Абдрашов", "abdrashov zhanibek", "Zhanibek Abdrashov",
                        "ABDRASHOV<<ZHANIBEK", "Abdirashov"}) {
    auto hits = search(kaz_caseworker_, q);
    ASSERT_TRUE(hits) << q;
    ASSERT_EQ(hits->size(), 1u) << q;
    EXPECT_EQ(hits->at(0).id, id) << q;
  }
  auto doc = search(kaz_caseworker_, "aa 1234567");
  ASSERT_TRUE(doc);
  ASSERT_EQ(doc->size(), 1u);
  EXPECT_EQ(doc->at(0).reason, "document number");
  EXPECT_EQ(search(kaz_caseworker_, std::string(300, 'a')).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(search(kaz_caseworker_, "  ").error().code, ErrorCode::kInvalid);
}

TEST_F(RegistryTest, MergeIsReversibleAndAudited) {
  const PersonId a = add(family_head());
  const PersonId b = add(family_head());
  ASSERT_TRUE(merge_persons(*db_, kaz_registrar_, b, a, now_));
  auto hits = search(kaz_caseworker_, "Abdrashov");
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(get_person(*db_, kaz_caseworker_, b, now_)->merged_into, a);
  EXPECT_EQ(merge_persons(*db_, kaz_registrar_, b, a, now_).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(unmerge_person(*db_, kaz_registrar_, b, now_));
  EXPECT_EQ(search(kaz_caseworker_, "Abdrashov")->size(), 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action IN ('person.merge', "
                  "'person.unmerge')"),
            2);
}

TEST_F(RegistryTest, HouseholdsHaveOneHeadAndStayInOneCountry) {
  const PersonId head = add(family_head());
  const PersonId child = add(person("KAZ", "Абдрашова Айлин", "2015-06-01", 'F'));
  const PersonId foreign = add(person("KGZ", "Асанов Бакыт", "1980-01-01", 'M'));
  auto h = create_household(*db_, kaz_registrar_, "KAZ", {{head, "head"}, {child, "child"}}, now_);
  ASSERT_TRUE(h) << h.error().message;
  auto members = household_members(*db_, kaz_caseworker_, *h, now_);
  ASSERT_TRUE(members);
  EXPECT_EQ(members->size(), 2u);
  EXPECT_EQ(household_members(*db_, kgz_caseworker_, *h, now_).error().code, ErrorCode::kNotFound);
  auto two_heads =
      create_household(*db_, kaz_registrar_, "KAZ", {{head, "head"}, {child, "head"}}, now_);
  EXPECT_EQ(two_heads.error().field, "members");
  auto mixed =
      create_household(*db_, kaz_registrar_, "KAZ", {{head, "head"}, {foreign, "spouse"}}, now_);
  EXPECT_EQ(mixed.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(mixed.error().field, "members[1].person");
}

TEST_F(RegistryTest, ConsentIsRecordedPerPurposeLatestWins) {
  const PersonId id = add(family_head());
  ASSERT_TRUE(record_consent(*db_, kaz_registrar_, id, {Purpose::kRsd, true, "consent", ""}, now_));
  ASSERT_TRUE(
      record_consent(*db_, kaz_registrar_, id, {Purpose::kStatistics, true, "consent", ""}, now_));
  ASSERT_TRUE(record_consent(*db_, kaz_registrar_, id,
                             {Purpose::kStatistics, false, "consent withdrawn", ""}, now_));
  auto c = consents(*db_, kaz_caseworker_, id, now_);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->size(), 2u);
  EXPECT_TRUE(c->at(0).given);
  EXPECT_FALSE(c->at(1).given);
  EXPECT_EQ(
      record_consent(*db_, kaz_registrar_, id, {Purpose::kRsd, true, " ", ""}, now_).error().field,
      "legal_basis");
}

}  // namespace
}  // namespace nansen::registry
