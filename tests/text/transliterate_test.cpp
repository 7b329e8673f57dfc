// SPDX-License-Identifier: Apache-2.0
// Transliteration into each scheme and the MRZ form (ICAO Doc 9303 Part 3).
#include <gtest/gtest.h>

#include "text/text.h"

namespace nansen::text {
namespace {

std::string tr(std::string_view s, Scheme scheme) {
  auto r = transliterate(s, scheme);
  EXPECT_TRUE(r) << s;
  return r ? *r : "";
}

TEST(Transliterate, IcaoFollowsDoc9303) {
  EXPECT_EQ(tr("Юрий Жуков", Scheme::kIcao9303), "Iurii Zhukov");
  EXPECT_EQ(tr("Хабибуллаев Щукин", Scheme::kIcao9303), "Khabibullaev Shchukin");
  EXPECT_EQ(tr("Подъячев Наталья", Scheme::kIcao9303), "Podieiachev Natalia");
  EXPECT_EQ(tr("Нұрсұлтан Әбдірашұлы", Scheme::kIcao9303), "Nursultan Abdirashuly");
  EXPECT_EQ(tr("АБДРАШОВ", Scheme::kIcao9303), "ABDRASHOV");
}

TEST(Transliterate, BgnPcgnIsEnglishStyle) {
  EXPECT_EQ(tr("Юрий", Scheme::kBgnPcgn), "Yuriy");
  EXPECT_EQ(tr("Елена Сергеевна", Scheme::kBgnPcgn), "Yelena Sergeyevna");
}

TEST(Transliterate, KazakhLatinVariants) {
  EXPECT_EQ(tr("Өмірзақ", Scheme::kKazakh2021), "Ömırzaq");
  EXPECT_EQ(tr("Шыңғыс", Scheme::kKazakh2021), "Şyñğys");
  EXPECT_EQ(tr("Әсел", Scheme::kKazakh2018), "Ásel");
  EXPECT_EQ(tr("Әсел", Scheme::kKazakh2017), "A'sel");
}

TEST(Transliterate, UzbekTajikTurkmen) {
  EXPECT_EQ(tr("Ғуломов Ўктам", Scheme::kUzbekLatin), "Gʻulomov Oʻktam");
  EXPECT_EQ(tr("Хуршид", Scheme::kUzbekLatin), "Xurshid");
  EXPECT_EQ(tr("Ҷамшед Ғаффоров", Scheme::kTajikLatin), "Jamshed Ghafforov");
  EXPECT_EQ(tr("Довлетов", Scheme::kTurkmenLatin), "Dowletow");
}

TEST(Transliterate, PapersIssuedAbroad) {
  EXPECT_EQ(tr("Құдайбергенов Ерсайын", Scheme::kGost779), "Ķūdajbergenov Ersajyn");
  EXPECT_EQ(tr("Құдайбергенов Ерсайын", Scheme::kGerman), "Kudajbergenow Jersajyn");
  EXPECT_EQ(tr("Жанибек Щукин", Scheme::kGerman), "Schanibek Schtschukin");
  EXPECT_EQ(tr("Чолпон Хасанова", Scheme::kGerman), "Tscholpon Chassanowa");
  EXPECT_EQ(tr("Шерзод Юсупов", Scheme::kFrench), "Cherzod Ioussoupov");
  EXPECT_EQ(tr("Чолпон Цой", Scheme::kFrench), "Tcholpon Tsoï");
  EXPECT_EQ(tr("Жанибек Шукуров", Scheme::kPolish), "Żanibek Szukurow");
  EXPECT_EQ(tr("Чолпон Щукин Елена", Scheme::kPolish), "Czolpon Szczukin Jelena");
  EXPECT_EQ(tr("Жанибек Хасанов Цой", Scheme::kCzech), "Žanibek Chasanov Coj");
  EXPECT_EQ(tr("Чингиз Шукуров", Scheme::kCzech), "Čingiz Šukurov");
  EXPECT_EQ(tr("Жанибек Чингиз Хасанов", Scheme::kTurkish), "Janibek Çingiz Hasanov");
  EXPECT_EQ(tr("Ерсайын Шукуров", Scheme::kTurkish), "Yersayın Şukurov");
}

TEST(Transliterate, LatinAndOtherCharactersPassThrough) {
  EXPECT_EQ(tr("Sherzod 1985", Scheme::kIcao9303), "Sherzod 1985");
  EXPECT_EQ(tr("", Scheme::kIcao9303), "");
}

TEST(Transliterate, SchemesHaveNames) {
  for (Scheme s : {Scheme::kIcao9303, Scheme::kBgnPcgn, Scheme::kGost779, Scheme::kKazakh2017,
                   Scheme::kKazakh2018, Scheme::kKazakh2021, Scheme::kUzbekLatin,
                   Scheme::kTajikLatin, Scheme::kTurkmenLatin, Scheme::kGerman, Scheme::kFrench,
                   Scheme::kPolish, Scheme::kCzech, Scheme::kTurkish})
    EXPECT_EQ(parse_scheme(scheme_name(s)), s);
  EXPECT_EQ(parse_scheme("iso9"), Scheme::kGost779);  // GOST 7.79 system A is ISO 9
  EXPECT_FALSE(parse_scheme("klingon"));
}

TEST(Mrz, UsesIcaoForCyrillicAndUmlautRulesForLatin) {
  EXPECT_EQ(*to_mrz("Абдрашов Жанибек"), "ABDRASHOV<ZHANIBEK");
  EXPECT_EQ(*to_mrz("Äbdirashov"), "AEBDIRASHOV");
  EXPECT_EQ(*to_mrz("Müller-Lüdenscheidt"), "MUELLER<LUEDENSCHEIDT");
  EXPECT_EQ(*to_mrz("Søren Åberg"), "SOEREN<AABERG");
  EXPECT_EQ(*to_mrz("Gʻulomov"), "GULOMOV");
  EXPECT_EQ(*to_mrz("Ñuñez Çelik"), "NUNEZ<CELIK");
  EXPECT_EQ(*to_mrz_name("Абдрашов", "Жанибек Серикович"), "ABDRASHOV<<ZHANIBEK<SERIKOVICH");
}

TEST(Mrz, NameFieldPutsTheFamilyFirstAndLeavesThePatronymicOut) {
  struct Case {
    const char* written;
    const char* field;
  };
  for (const Case& c : {
           Case{"Абдрашов Жанибек Серикович", "ABDRASHOV<<ZHANIBEK"},
           Case{"Жанибек Серикович Абдрашов", "ABDRASHOV<<ZHANIBEK"},
           Case{"Abdrashov, Janibek", "ABDRASHOV<<JANIBEK"},
           Case{"P<KAZABDRASHOV<<ZHANIBEK<<<<<<<", "ABDRASHOV<<ZHANIBEK"},
           Case{"Нұрсұлтан Әбішұлы Назарбаев", "NAZARBAEV<<NURSULTAN"},
           Case{"Марат Асан уулу", "ASAN<UULU<<MARAT"},
           Case{"Sherzod G'ulomov", "GULOMOV<<SHERZOD"},
           Case{"Анна-Мария Кузнецова", "KUZNETSOVA<<ANNA<MARIIA"},
           Case{"Нурлан 😀", "NURLAN"},  // a mononym is the primary identifier
       }) {
    auto field = mrz_name_field(c.written);
    ASSERT_TRUE(field) << c.written << ": " << field.error().message;
    EXPECT_EQ(*field, c.field) << c.written;
  }
  EXPECT_EQ(*to_mrz_name("Нурлан", ""), "NURLAN");
  EXPECT_EQ(*to_mrz_name("", "Нурлан"), "NURLAN");
  EXPECT_EQ(*mrz_name_field("<<NURLAN"), "NURLAN");
  EXPECT_FALSE(mrz_name_field("😀"));
  EXPECT_FALSE(mrz_name_field("<<<"));
  EXPECT_FALSE(mrz_name_field(std::string("\xc3\x28")));
  EXPECT_FALSE(mrz_name_field(std::string(10'000, 'x')));
}

TEST(Mrz, RejectsBadInput) {
  EXPECT_FALSE(to_mrz(std::string("\xc3\x28")));
  EXPECT_FALSE(to_mrz(std::string(5000, 'x')));
}

TEST(Scripts, DetectsTheScriptOfTheLetters) {
  EXPECT_EQ(detect_script("Нұрсұлтан 1990"), Script::kCyrillic);
  EXPECT_EQ(detect_script("Ömirzaq"), Script::kLatin);
  EXPECT_EQ(detect_script("Nur Нур"), Script::kMixed);
  EXPECT_EQ(detect_script("123 😀"), Script::kNone);
  EXPECT_EQ(detect_script("محمد"), Script::kOther);
  EXPECT_EQ(script_name(Script::kCyrillic), "cyrillic");
}

TEST(Normalize, ComposesAndFolds) {
  EXPECT_EQ(*normalize_nfc("O\u0308mirzaq"), "Ömirzaq");
  EXPECT_EQ(*fold_case("ÖMİRZAQ"), *fold_case("ömi̇rzaq"));
  EXPECT_EQ(*fold_case("ＡＢＣ"), "abc");                    // full-width forms
  EXPECT_FALSE(normalize_nfc(std::string("\xed\xa0\x80")));  // a lone surrogate
}

}  // namespace
}  // namespace nansen::text
