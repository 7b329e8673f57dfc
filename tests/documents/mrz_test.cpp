// SPDX-License-Identifier: Apache-2.0
// ICAO Doc 9303 TD3 machine-readable zones: check digits, composing, reading, names.
#include <gtest/gtest.h>

#include "documents/documents.h"
#include "support/data_file.h"

namespace nansen::documents {
namespace {

using nansen::testing::read_cases;

TEST(MrzCheckDigit, FollowsTheSevenThreeOneWeights) {
  EXPECT_EQ(mrz_check_digit("L898902C3"), '6');  // Utopia specimen, Doc 9303 Part 4
  EXPECT_EQ(mrz_check_digit("740812"), '2');
  EXPECT_EQ(mrz_check_digit("120415"), '9');
  EXPECT_EQ(mrz_check_digit("ZE184226B<<<<<"), '1');
  EXPECT_EQ(mrz_check_digit("<<<<<<"), '0');
  EXPECT_EQ(mrz_check_digit(""), '0');
}

TEST(MrzCheckDigit, RejectsCharactersOutsideTheMrzSet) {
  EXPECT_EQ(mrz_check_digit("ab12"), std::nullopt);
  EXPECT_EQ(mrz_check_digit("A B"), std::nullopt);
}

std::string joined_failures(const Td3Reading& r) {
  std::string out;
  for (const auto& f : r.failures) {
    if (!out.empty()) out += ",";
    out += mrz_check_name(f.check);
  }
  return out.empty() ? "none" : out;
}

TEST(ReadTd3, ReportsExactlyTheFailingCheckDigits) {
  const auto rows = read_cases("documents/td3_check.tsv");
  ASSERT_GE(rows.size(), 10u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 3u);
    auto r = read_td3(row[0], row[1]);
    ASSERT_TRUE(r) << row[1] << ": " << r.error().message;
    EXPECT_EQ(joined_failures(*r), row[2]) << row[1];
    EXPECT_EQ(r->valid(), row[2] == "none");
  }
}

TEST(ReadTd3, ReadsTheFieldsOfTheUtopiaSpecimen) {
  auto r = read_td3("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                    "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->document_code, "P");
  EXPECT_EQ(r->issuing_state, "UTO");
  EXPECT_EQ(r->surname, "ERIKSSON");
  EXPECT_EQ(r->given_names, "ANNA MARIA");
  EXPECT_FALSE(r->name_possibly_truncated);
  EXPECT_EQ(r->document_number, "L898902C3");
  EXPECT_EQ(r->nationality, "UTO");
  EXPECT_EQ(r->birth_date, "740812");
  EXPECT_EQ(r->sex, 'F');
  EXPECT_EQ(r->expiry_date, "120415");
  EXPECT_EQ(r->optional_data, "ZE184226B");
}

TEST(ReadTd3, NamesTheFailingDigitWithTheExpectedValue) {
  auto r = read_td3("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                    "L898902C37UTO7408122F1204159ZE184226B<<<<<10");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->failures.size(), 2u);
  EXPECT_EQ(r->failures[0].check, MrzCheck::kDocumentNumber);
  EXPECT_EQ(r->failures[0].expected, '6');
  EXPECT_EQ(r->failures[0].found, '7');
}

TEST(ReadTd3, RejectsMalformedLinesNamingTheLine) {
  const std::string good1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
  const std::string good2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
  auto short_line = read_td3(good1, good2.substr(0, 43));
  ASSERT_FALSE(short_line);
  EXPECT_EQ(short_line.error().field, "line2");
  auto lower = read_td3("p" + good1.substr(1), good2);
  ASSERT_FALSE(lower);
  EXPECT_EQ(lower.error().field, "line1");
  auto not_passport = read_td3("I" + good1.substr(1), good2);
  ASSERT_FALSE(not_passport);
  EXPECT_EQ(not_passport.error().field, "line1");
  auto utf8 = read_td3(good1, "L898902C36UTO7408122F1204159ZE184226B<<<<<1\xC3\xA9");
  ASSERT_FALSE(utf8);
}

Result<CivilDate> date(const std::string& s) {
  return parse_civil_date(s);
}

TEST(MakeTd3, ReproducesTheSpecimensExactly) {
  const auto rows = read_cases("documents/td3_make.tsv");
  ASSERT_GE(rows.size(), 4u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 12u);
    Td3Input in;
    in.document_code = row[0];
    in.issuing_state = row[1];
    in.surname = row[2];
    in.given_names = row[3];
    in.document_number = row[4];
    in.nationality = row[5];
    in.birth_date = *date(row[6]);
    in.sex = row[7][0];
    in.expiry_date = *date(row[8]);
    in.optional_data = row[9];
    auto td3 = make_td3(in);
    ASSERT_TRUE(td3) << row[2] << ": " << td3.error().message;
    EXPECT_EQ(td3->line1, row[10]);
    EXPECT_EQ(td3->line2, row[11]);
    auto back = read_td3(td3->line1, td3->line2);
    ASSERT_TRUE(back);
    EXPECT_TRUE(back->valid()) << td3->line2;
  }
}

Td3Input stateless_person() {
  Td3Input in;
  in.issuing_state = "KAZ";
  in.surname = "Абдрашов";
  in.given_names = "Жанибек Серикович";
  in.document_number = "N0012345";
  in.nationality = std::string(kStateless);
  in.birth_date = *date("1988-03-15");
  in.sex = 'M';
  in.expiry_date = *date("2031-06-30");
  return in;
}

TEST(MakeTd3, WritesAConventionTravelDocumentForAStatelessPerson) {
  auto td3 = make_td3(stateless_person());
  ASSERT_TRUE(td3);
  EXPECT_EQ(td3->line1, "P<KAZABDRASHOV<<ZHANIBEK<SERIKOVICH<<<<<<<<<");
  EXPECT_EQ(td3->line2.substr(10, 3), "XXA");
  EXPECT_EQ(special_nationality_meaning(td3->line2.substr(10, 3)), "stateless person");
  EXPECT_TRUE(read_td3(td3->line1, td3->line2)->valid());
}

TEST(MakeTd3, NamesTheFieldAtFault) {
  struct Case {
    const char* field;
    void (*spoil)(Td3Input&);
  };
  const Case cases[] = {
      {"document_code", [](Td3Input& in) { in.document_code = "I"; }},
      {"issuing_state", [](Td3Input& in) { in.issuing_state = "KAZA"; }},
      {"surname", [](Td3Input& in) { in.surname = "123"; }},
      {"surname", [](Td3Input& in) { in.surname = "\xff"; }},
      {"given_names", [](Td3Input& in) { in.given_names = "!!"; }},
      {"document_number", [](Td3Input& in) { in.document_number = "N00123456789"; }},
      {"document_number", [](Td3Input& in) { in.document_number = ""; }},
      {"document_number", [](Td3Input& in) { in.document_number = "N°1"; }},
      {"nationality", [](Td3Input& in) { in.nationality = "K1Z"; }},
      {"sex", [](Td3Input& in) { in.sex = 'Q'; }},
      {"expiry_date", [](Td3Input& in) { in.expiry_date = *date("2031-06"); }},
      {"expiry_date", [](Td3Input& in) { in.expiry_date = *date("1980-01-01"); }},
      {"optional_data", [](Td3Input& in) { in.optional_data = "123456789012345"; }},
  };
  for (const auto& c : cases) {
    Td3Input in = stateless_person();
    c.spoil(in);
    auto td3 = make_td3(in);
    ASSERT_FALSE(td3) << c.field;
    EXPECT_EQ(td3.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(td3.error().field, c.field);
  }
}

TEST(MrzName, FollowsTheMrzCharacterRules) {
  EXPECT_EQ(*mrz_name_part("Müller-Lüdenscheidt", "n"), "MUELLER<LUEDENSCHEIDT");
  EXPECT_EQ(*mrz_name_part("Åsa Strauß", "n"), "AASA<STRAUSS");
  EXPECT_EQ(*mrz_name_part("Øre Ærø", "n"), "OERE<AEROE");
  EXPECT_EQ(*mrz_name_part("Ñúñez", "n"), "NUNEZ");
  EXPECT_EQ(*mrz_name_part("O'Brien", "n"), "OBRIEN");
  EXPECT_EQ(*mrz_name_part("Щукина Юлия", "n"), "SHCHUKINA<IULIIA");
  EXPECT_EQ(*mrz_name_part("Қайратұлы Әсет", "n"), "KAIRATULY<ASET");
  EXPECT_FALSE(mrz_name_part("---", "surname"));
}

TEST(Td3NameField, PadsAndSeparatesThePrimaryIdentifier) {
  EXPECT_EQ(td3_name_field("ERIKSSON", "ANNA<MARIA"), "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
  EXPECT_EQ(td3_name_field("MONONYM", ""), "MONONYM<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<");
}

TEST(Td3NameField, CutsTheSecondaryIdentifierFirst) {
  // The example of Doc 9303 Part 3 §4.6: the given names are cut at the field's end.
  const auto f = td3_name_field("NILAVADHANANANDA", "CHAYAPA<DEJTHAMRONG<KRASUANG");
  EXPECT_EQ(f, "NILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K");
  EXPECT_EQ(f.size(), kTd3NameLength);
}

TEST(Td3NameField, NeverEndsOnADanglingFiller) {
  // 26 + 2 + 10 = 38 characters, and the cut at 39 would fall on a filler.
  const auto f = td3_name_field("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ABCDEFGHIJ<KLM");
  EXPECT_EQ(f, "ABCDEFGHIJKLMNOPQRSTUVWXYZ<<ABCDEFGHIJ<");
}

TEST(Td3NameField, KeepsAnInitialWhenThePrimaryIdentifierIsTooLong) {
  const std::string primary(40, 'A');
  const auto f = td3_name_field(primary, "BOLAT");
  EXPECT_EQ(f, std::string(36, 'A') + "<<B");
  auto r = read_td3("P<KAZ" + f, "N0012345<0XXA8803159M3106305<<<<<<<<<<<<<<<6");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->name_possibly_truncated);
  EXPECT_EQ(r->given_names, "B");
}

}  // namespace
}  // namespace nansen::documents
