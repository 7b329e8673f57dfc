// SPDX-License-Identifier: Apache-2.0
// Message catalogs: complete in English, Russian and Kazakh; and how a request's language
// is chosen.
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "access/access.h"
#include "web/i18n.h"

namespace nansen::web {
namespace {

// Every file of a language: i18n/<lang>.json and i18n/<lang>/*.json.
std::set<std::string> keys_of(const std::string& lang) {
  std::set<std::string> keys;
  for (const auto& [file, text] : embedded::share()) {
    if (file != "i18n/" + lang + ".json" && file.rfind("i18n/" + lang + "/", 0) != 0) continue;
    auto doc = nlohmann::json::parse(text);
    for (const auto& [k, v] : doc.items()) {
      EXPECT_TRUE(v.is_string()) << file << ": " << k;
      EXPECT_FALSE(v.get<std::string>().empty()) << file << ": " << k;
      EXPECT_TRUE(keys.insert(k).second) << file << " repeats " << k;
    }
  }
  return keys;
}

TEST(Catalogs, EveryKeyExistsInAllThreeLanguages) {
  const auto en = keys_of("en");
  const auto ru = keys_of("ru");
  const auto kk = keys_of("kk");
  EXPECT_GT(en.size(), 50u);
  for (const auto& k : en) {
    EXPECT_TRUE(ru.count(k)) << "ru.json lacks " << k;
    EXPECT_TRUE(kk.count(k)) << "kk.json lacks " << k;
  }
  for (const auto& k : ru) EXPECT_TRUE(en.count(k)) << "en.json lacks " << k;
  for (const auto& k : kk) EXPECT_TRUE(en.count(k)) << "en.json lacks " << k;
}

TEST(Catalogs, LoadFromTheEmbeddedFiles) {
  auto c = Catalogs::load(embedded::share(), access::supported_languages());
  ASSERT_TRUE(c.has_value()) << c.error().field;
  EXPECT_EQ(c->text("kk", "logout"), "Шығу");
  EXPECT_EQ(c->text("ru", "logout"), "Выйти");
  EXPECT_EQ(c->text("en", "logout"), "Log out");
  EXPECT_EQ(c->text("kk", "nav_users"), "Пайдаланушылар");
  EXPECT_EQ(c->text("kk", "nav_audit"), "Аудит журналы");
  EXPECT_EQ(c->text("kk", "field_password"), "Құпиясөз");
}

TEST(Catalogs, AnUnknownKeyShowsItselfAndAnUnknownLanguageFallsBackToEnglish) {
  auto c = Catalogs::load(embedded::share(), access::supported_languages());
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->text("kk", "no_such_key"), "no_such_key");
  EXPECT_EQ(c->text("de", "logout"), "Log out");
}

TEST(Catalogs, ALanguageMissingAKeyIsRejectedAtStartUp) {
  std::map<std::string, std::string_view> share = {{"i18n/en.json", R"({"a":"A","b":"B"})"},
                                                   {"i18n/kk.json", R"({"a":"А"})"}};
  auto c = Catalogs::load(share, {"en", "kk"});
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().field.find("kk: b"), std::string::npos);
}

TEST(Catalogs, AModuleCatalogAddsKeysButMayNotRedefineOne) {
  std::map<std::string, std::string_view> share = {{"i18n/en.json", R"({"a":"A"})"},
                                                   {"i18n/en/registry.json", R"({"b":"B"})"},
                                                   {"i18n/enx.json", R"({"c":"C"})"}};
  auto c = Catalogs::load(share, {"en"});
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->text("en", "b"), "B");
  EXPECT_EQ(c->text("en", "c"), "c");  // another language's file is not read
  share["i18n/en/registry.json"] = R"({"a":"again"})";
  auto twice = Catalogs::load(share, {"en"});
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().field, "i18n/en/registry.json: a");
}

TEST(Catalogs, KazakhTextUsesKazakhLetters) {
  // A Kazakh catalog typed with Russian letters only would be a translation in name only.
  std::string all;
  for (const auto& [file, text] : embedded::share())
    if (file.rfind("i18n/kk", 0) == 0) all += text;
  for (const char* letter : {"ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "і"})
    EXPECT_NE(all.find(letter), std::string::npos) << letter;
}

TEST(Language, ChoiceOrder) {
  const std::vector<std::string> langs = {"en", "ru", "kk"};
  EXPECT_EQ(choose_language(langs, "kk", "ru", "en", "ru"), "kk");        // ?lang= first
  EXPECT_EQ(choose_language(langs, "", "ru", "kk", "en"), "ru");          // then the user's
  EXPECT_EQ(choose_language(langs, "", "", "kk", "ru"), "kk");            // then the cookie
  EXPECT_EQ(choose_language(langs, "", "", "", "kk-KZ,ru;q=0.8"), "kk");  // then the browser
  EXPECT_EQ(choose_language(langs, "", "", "", "de-DE,ru;q=0.5,en;q=0.9"), "en");
  EXPECT_EQ(choose_language(langs, "", "", "", "de"), "en");    // then English
  EXPECT_EQ(choose_language(langs, "fr", "", "", "ru"), "ru");  // unsupported skipped
}

TEST(Language, FormatMessageReplacesNamedValues) {
  EXPECT_EQ(format_message("Page {page} of {pages}", {{"page", "2"}, {"pages", "9"}}),
            "Page 2 of 9");
  EXPECT_EQ(format_message("{x}{x}", {{"x", "ab"}}), "abab");
}

}  // namespace
}  // namespace nansen::web
