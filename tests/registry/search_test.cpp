// SPDX-License-Identifier: Apache-2.0
// The person search a caseworker types into: any script or spelling, typos, swapped
// order, the MRZ form, the romanisations of papers issued abroad, a name alone, an
// optional birth date, document and case numbers; ranked with the matcher's reason; only
// the officer's country, inside the index; one audit row naming the persons shown.
#include <algorithm>

#include "registry/fixture.h"

namespace nansen::registry {
namespace {

using testing::RegistryTest;

class SearchTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    PersonInput z = person("KAZ", "Әбдірашов Жәнібек Серікұлы", "1988-03-15", 'M');
    z.documents = {{"passport", "N 0412 3377", "KAZ", std::nullopt, std::nullopt}};
    zhanibek_ = add(z);
    ersain_ = add(person("KAZ", "Құдайбергенов Ерсайын", "1990-06-01", 'M'));
    aigerim_ = add(person("KAZ", "Усенова Айгерим", "1992-11-01", 'F'));
    namesake_ = add(person("KAZ", "Абдрашов Жанибек", "1961-01-20", 'M'));
  }

  // The ids found for `q`, in order.
  std::vector<std::int64_t> ids(const access::Actor& actor, std::string_view q) {
    auto hits = search(actor, q);
    EXPECT_TRUE(hits) << q << ": " << (hits ? "" : hits.error().message);
    std::vector<std::int64_t> out;
    if (hits)
      for (const auto& h : *hits) out.push_back(h.id.value);
    return out;
  }
  bool finds(std::string_view q, PersonId who) {
    const auto found = ids(kaz_caseworker_, q);
    return std::find(found.begin(), found.end(), who.value) != found.end();
  }
  bool first(std::string_view q, PersonId who) {
    const auto found = ids(kaz_caseworker_, q);
    return !found.empty() && found.front() == who.value;
  }

  PersonId zhanibek_, ersain_, aigerim_, namesake_;
};

TEST_F(SearchTest, ATypoSwappedOrderAndTheMrzFormFindThePerson) {
  for (const char* q : {"Abdrashev Zhanibek", "Zhanibek Abdirashov", "ABDIRASHOV<<ZHANIBEK",
                        "Әбдірашов Жәнібек", "Abdirashov Janibek"})
    EXPECT_TRUE(finds(q, zhanibek_)) << q;
}

TEST_F(SearchTest, ResultsAreRankedWithTheMatchersReason) {
  auto hits = search(kaz_caseworker_, "Abdirashov Zhanibek");
  ASSERT_TRUE(hits);
  ASSERT_GE(hits->size(), 2u);
  EXPECT_EQ(hits->at(0).id, zhanibek_);
  ASSERT_TRUE(hits->at(0).match);
  EXPECT_EQ(hits->at(0).reason.rfind("match weight", 0), 0u) << hits->at(0).reason;
  const auto& fields = hits->at(0).match->fields;
  EXPECT_NE(std::find(fields.begin(), fields.end(), MatchField{"family", "stem"}), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), MatchField{"given", "exact"}), fields.end());
  EXPECT_GE(hits->at(0).match->weight, hits->at(1).match->weight);
}

TEST_F(SearchTest, ABirthDateOrYearInTheQueryRanksThePersonBornThenFirst) {
  EXPECT_TRUE(first("Abdrashov Zhanibek 1961", namesake_));
  EXPECT_TRUE(first("Abdrashov Zhanibek 1988", zhanibek_));
  EXPECT_TRUE(first("Abdrashov Zhanibek 15.03.1988", zhanibek_));
  EXPECT_TRUE(first("1961-01-20 Абдрашов Жанибек", namesake_));
  auto hits = search(kaz_caseworker_, "Abdrashov Zhanibek 1988-03-15");
  ASSERT_TRUE(hits && !hits->empty());
  const auto& fields = hits->at(0).match->fields;
  EXPECT_NE(std::find(fields.begin(), fields.end(), MatchField{"birth_date", "exact"}),
            fields.end());
}

TEST_F(SearchTest, RomanisationsOfPapersIssuedAbroadAreUnderstood) {
  for (const char* q : {"Kudaibergenov Yersain", "KUDAIBERGENOV<<ERSAIYN",
                        "Kudajbergenov Ersajyn",    // ISO 9 without diacritics
                        "Ķūdajbergenov Ersajyn",    // ISO 9
                        "Kudajbergenow Jersajyn",   // German, Polish
                        "Koudaïbergenov Ersaïyn",   // French
                        "Kudajbergenov Jersajyn",   // Czech
                        "Kudaybergenov Yersayın"})  // Turkish
    EXPECT_TRUE(first(q, ersain_)) << q;
  for (const char* q : {"Schanibek Abdiraschow", "Janibek Abdirachov", "Żanibek Abdiraszow",
                        "Žanibek Abdirašov", "Janibek Abdiraşov"})
    EXPECT_TRUE(first(q, zhanibek_)) << q;
  auto hits = search(kaz_caseworker_, "Kudajbergenow Jersajyn");
  ASSERT_TRUE(hits && !hits->empty() && hits->at(0).match);
  EXPECT_EQ(hits->at(0).match->reading, "de");
}

TEST_F(SearchTest, ASingleNameReturnsItsCandidates) {
  for (const char* q : {"Yersain", "Ерсайын", "Kudaibergenov", "Құдайбергенов"})
    EXPECT_TRUE(finds(q, ersain_)) << q;
  EXPECT_TRUE(finds("Aigerim", aigerim_));
  EXPECT_TRUE(finds("Usenova", aigerim_));
  const auto abdrashov = ids(kaz_caseworker_, "Abdrashov");
  EXPECT_NE(std::find(abdrashov.begin(), abdrashov.end(), namesake_.value), abdrashov.end());
  EXPECT_FALSE(finds("Yersain", aigerim_));
}

TEST_F(SearchTest, DocumentAndCaseNumbersAreFoundByExactKey) {
  auto doc = search(kaz_caseworker_, "N04123377");
  ASSERT_TRUE(doc);
  ASSERT_EQ(doc->size(), 1u);
  EXPECT_EQ(doc->at(0).id, zhanibek_);
  EXPECT_EQ(doc->at(0).reason, "document number");
  EXPECT_EQ(ids(kaz_caseworker_, "n 0412-3377"), std::vector<std::int64_t>{zhanibek_.value});
  EXPECT_TRUE(ids(kaz_caseworker_, "N0412337").empty());  // exact, not a prefix

  auto tx = db_->begin(true);
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->execute(
      "INSERT INTO cases (number, procedure_id, country, state, principal_id, opened_at, "
      "updated_at) VALUES ('KAZ-ASY-2024-000042', 'kz_asylum', 'KAZ', 'applied', ?, "
      "'2024-10-01T00:00:00Z', '2024-10-01T00:00:00Z')",
      {ersain_.value}));
  ASSERT_TRUE((*tx)->commit());
  auto by_case = search(kaz_caseworker_, "kaz-asy-2024-000042");
  ASSERT_TRUE(by_case);
  ASSERT_EQ(by_case->size(), 1u);
  EXPECT_EQ(by_case->at(0).id, ersain_);
  EXPECT_EQ(by_case->at(0).reason, "case number");
  EXPECT_TRUE(ids(kgz_caseworker_, "KAZ-ASY-2024-000042").empty());
  EXPECT_TRUE(ids(kgz_caseworker_, "N04123377").empty());
}

TEST_F(SearchTest, AnotherCountrysNamesakesChangeNeitherTheResultsNorTheirWeights) {
  auto before = search(kaz_caseworker_, "Abdrashov Zhanibek 1988");
  ASSERT_TRUE(before);
  for (int i = 0; i < 60; ++i) add(person("KGZ", "Абдрашов Жанибек", "1988-03-15", 'M'));
  auto after = search(kaz_caseworker_, "Abdrashov Zhanibek 1988");
  ASSERT_TRUE(after);
  ASSERT_EQ(before->size(), after->size());
  for (std::size_t i = 0; i < before->size(); ++i) {
    EXPECT_EQ(before->at(i).id, after->at(i).id);
    EXPECT_EQ(before->at(i).reason, after->at(i).reason);
    ASSERT_TRUE(before->at(i).match && after->at(i).match);
    EXPECT_EQ(before->at(i).match->weight, after->at(i).match->weight);  // bit for bit
    EXPECT_EQ(before->at(i).country, "KAZ");
  }
  ASSERT_FALSE(after->empty());
  EXPECT_EQ(after->at(0).id, zhanibek_);
  // The Kyrgyz officer sees the Kyrgyz namesakes and nothing of Kazakhstan.
  auto kyrgyz = search(kgz_caseworker_, "Abdrashov Zhanibek 1988");
  ASSERT_TRUE(kyrgyz);
  EXPECT_FALSE(kyrgyz->empty());
  for (const auto& h : *kyrgyz) EXPECT_EQ(h.country, "KGZ");
}

TEST_F(SearchTest, OneAuditRowNamesThePersonsShownByIdOnly) {
  const auto before = count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.search'");
  auto hits = search(kaz_caseworker_, "Abdirashov Zhanibek");
  ASSERT_TRUE(hits);
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.search'"), before + 1);
  auto row = db_->query(
      "SELECT detail FROM audit_log WHERE action = 'person.search' ORDER BY seq DESC LIMIT 1");
  ASSERT_TRUE(row);
  const std::string detail = row->at(0).text(0);
  std::string ids;
  for (const auto& h : *hits) ids += (ids.empty() ? "" : ",") + std::to_string(h.id.value);
  EXPECT_EQ(detail, "{\"purpose\":\"search\",\"query\":[\"name\"],\"results\":" +
                        std::to_string(hits->size()) + ",\"persons\":[" + ids + "]}");
  for (const char* name : {"bdirashov", "Әбдірашов", "Zhanibek", "1988"})
    EXPECT_EQ(detail.find(name), std::string::npos) << detail;
}

TEST_F(SearchTest, TheAuditRowSaysWhoWhyAndTheKindOfQueryNeverTheQuery) {
  auto last = [&] {
    auto row = db_->query(
        "SELECT actor_user_id, action, record_type, country, detail FROM audit_log "
        "WHERE action = 'person.search' ORDER BY seq DESC LIMIT 1");
    EXPECT_TRUE(row && !row->empty());
    return row->at(0);
  };
  ASSERT_TRUE(search(kaz_caseworker_, "Abdrashov Zhanibek 15.03.1988"));
  auto row = last();
  EXPECT_EQ(row.integer(0), kaz_caseworker_.user.value);
  EXPECT_EQ(row.text(3), "KAZ");
  EXPECT_EQ(row.text(4).rfind("{\"purpose\":\"search\",\"query\":[\"name\",\"birth_date\"],", 0),
            0u)
      << row.text(4);
  EXPECT_EQ(row.text(4).find("1988"), std::string::npos);
  ASSERT_TRUE(search(kaz_caseworker_, "N 0412 3377"));
  row = last();
  EXPECT_EQ(row.text(4),
            "{\"purpose\":\"search\",\"query\":[\"number\"],\"results\":1,"
            "\"persons\":[" +
                std::to_string(zhanibek_.value) + "]}");
}

TEST_F(SearchTest, BadQueriesAreRefusedNamingQ) {
  for (const std::string& q :
       {std::string(257, 'a'), std::string("Abdrashov\x01"), std::string("Abdra\tshov"),
        std::string("Abdrashov\xff"), std::string("   ")}) {
    auto r = search(kaz_caseworker_, q);
    ASSERT_FALSE(r) << q;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalid) << q;
    EXPECT_EQ(r.error().field, "q") << q;
  }
  EXPECT_TRUE(search(kaz_caseworker_, std::string(256, 'a')));  // 256 bytes is allowed
}

}  // namespace
}  // namespace nansen::registry
