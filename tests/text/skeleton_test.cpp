// SPDX-License-Identifier: Apache-2.0
// Skeletons: every common spelling of a name in the region folds onto one ASCII key,
// and different names keep different keys. Cases are data: tests/data/text/*.tsv.
#include <gtest/gtest.h>

#include "support/data_file.h"
#include "text/support.h"
#include "text/text.h"

namespace nansen::text {
namespace {

using nansen::testing::sk;

TEST(Skeleton, FoldsEverySpellingOfAGroupOntoOneKey) {
  const auto groups = testing::read_cases("text/same_skeleton.tsv");
  ASSERT_GT(groups.size(), 20u);
  for (const auto& group : groups) {
    const std::string expected = sk(group[0]);
    EXPECT_FALSE(expected.empty()) << group[0];
    for (const std::string& spelling : group) EXPECT_EQ(sk(spelling), expected) << spelling;
  }
}

TEST(Skeleton, KeepsDifferentNamesApart) {
  for (const auto& pair : testing::read_cases("text/different_skeleton.tsv")) {
    ASSERT_EQ(pair.size(), 2u);
    EXPECT_NE(sk(pair[0]), sk(pair[1])) << pair[0] << " / " << pair[1];
  }
}

TEST(Skeleton, IsLowercaseAsciiTokensSeparatedBySingleSpaces) {
  EXPECT_EQ(sk("  Абдрашов   Жанибек-Серікұлы "), "abdrashov janibek serikuli");
  EXPECT_EQ(sk("O'Brien"), "obrien");
}

TEST(Skeleton, KazakhLatinVariantOfARussifiedNameSharesTheConsonantKey) {
  // Äbdirashov is the Kazakh spelling of Абдрашов: the full skeletons differ by a vowel,
  // the consonant keys agree (the index blocks on both).
  EXPECT_NE(sk("Äbdirashov"), sk("Abdrashov"));
  EXPECT_EQ(consonant_key(sk("Äbdirashov")), consonant_key(sk("Abdrashov")));
  EXPECT_EQ(consonant_key("abdrashov"), "bdrshv");
}

TEST(Skeleton, MixedScriptsInOneWordAreRead) {
  // Latin "a" and "o" typed inside a Cyrillic word (a frequent keyboard slip).
  EXPECT_EQ(sk("Нурсултaн"), "nursultan");
  EXPECT_EQ(sk("Сoколов"), "sokolov");
  EXPECT_EQ(detect_script("Нурсултaн"), Script::kMixed);
}

TEST(Skeleton, CombiningMarksAreFoldedNotSplit) {
  EXPECT_EQ(sk("Nu\u0304rsu\u0304ltan"), "nursultan");  // u + combining macron
  EXPECT_EQ(sk("O\u0308mirzaq"), "omirzak");            // O + combining diaeresis
  EXPECT_EQ(sk("Жан\u0301ибек"), "janibek");            // stray stress accent
  EXPECT_EQ(sk("Ай\u200Dгүл"), "aigul");                // zero-width joiner
}

TEST(Skeleton, EmojiAndSymbolsVanish) {
  EXPECT_EQ(sk("😀"), "");
  EXPECT_EQ(sk("Sergei 😀 Ivanov"), "sergei ivanov");
  EXPECT_EQ(sk("Айгүл🌸"), "aigul");
}

TEST(Skeleton, OtherScriptsGoThroughIcu) {
  EXPECT_EQ(sk("Κώστας"), "kostas");
  EXPECT_FALSE(sk("محمد").empty());
}

TEST(Skeleton, RejectsBadUtf8AndHugeInputWithAMessage) {
  auto bad = skeleton(std::string("Nur\xff\xfe"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(bad.error().field, "name");
  auto huge = skeleton(std::string(10 * 1024, 'a'));
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, ErrorCode::kTooLarge);
  EXPECT_TRUE(skeleton(std::string(4000, 'a')));
}

TEST(Skeleton, EmptyInputHasAnEmptySkeleton) {
  EXPECT_EQ(sk(""), "");
  EXPECT_EQ(sk("  - <<  "), "");
}

}  // namespace
}  // namespace nansen::text
