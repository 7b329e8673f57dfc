// SPDX-License-Identifier: Apache-2.0
// Request body → struct: the accepted shapes and every kind of bad input, from the table
// in tests/data/web/body_cases.json.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/body.h"

namespace nansen::web {
namespace {

struct Person {
  std::string name;
  std::optional<std::int64_t> age;
  std::optional<std::string> role;
  bool active = false;
};

const BodySchema<Person>& person_schema() {
  static const BodySchema<Person> schema =
      BodySchema<Person>()
          .field(text_field("name", 10, kRequired), &Person::name)
          .field(int_field("age", 0, 150), &Person::age)
          .field(choice_field("role", {"admin", "observer"}), &Person::role)
          .field(bool_field("active"), &Person::active);
  return schema;
}

std::string from_hex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

nlohmann::json load_cases() {
  std::ifstream in(std::string(NANSEN_SOURCE_DIR) + "/tests/data/web/body_cases.json");
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

TEST(BodyParsing, EveryCaseInTheTableGetsItsStatusAndNamesItsField) {
  const nlohmann::json cases = load_cases()["cases"];
  ASSERT_GT(cases.size(), 20u);
  for (const auto& c : cases) {
    const std::string body =
        c.contains("body_hex") ? from_hex(c["body_hex"]) : c["body"].get<std::string>();
    auto parsed = person_schema().parse(c["type"].get<std::string>(), body);
    const int status = c["status"];
    SCOPED_TRACE(c["why"].get<std::string>());
    if (status == 200) {
      EXPECT_TRUE(parsed.has_value())
          << parsed.error().error.message << " (" << parsed.error().error.field << ")";
    } else {
      ASSERT_FALSE(parsed.has_value());
      EXPECT_EQ(parsed.error().status, status) << parsed.error().error.message;
      EXPECT_EQ(parsed.error().error.field, c.value("field", "")) << parsed.error().error.message;
      EXPECT_EQ(parsed.error().error.code, ErrorCode::kInvalid);
      EXPECT_FALSE(parsed.error().error.message.empty());
    }
  }
}

TEST(BodyParsing, FillsTheStructFromJson) {
  auto p = person_schema().parse("application/json",
                                 R"({"name":"Жанибек","age":40,"role":"observer","active":true})");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->name, "Жанибек");
  EXPECT_EQ(p->age, 40);
  EXPECT_EQ(p->role, "observer");
  EXPECT_TRUE(p->active);
}

TEST(BodyParsing, FillsTheStructFromAFormWhereAnUncheckedBoxIsFalse) {
  auto p =
      person_schema().parse("application/x-www-form-urlencoded", "name=Ali+Khan&age=7&csrf=abc");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->name, "Ali Khan");
  EXPECT_EQ(p->age, 7);
  EXPECT_FALSE(p->role.has_value());
  EXPECT_FALSE(p->active);
}

TEST(BodyParsing, EmptyOptionalFormFieldsAreAbsent) {
  auto p = person_schema().parse("application/x-www-form-urlencoded", "name=a&role=");
  ASSERT_TRUE(p.has_value());
  EXPECT_FALSE(p->role.has_value());
}

TEST(BodyParsing, QueryParametersUseTheSameRulesButIgnoreUnknownOnes) {
  Request req;
  req.query = {{"name", "a"}, {"age", "9"}, {"lang", "kk"}};
  auto p = person_schema().parse_query(req);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->age, 9);
  req.query["age"] = "nine";
  auto bad = person_schema().parse_query(req);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().error.field, "age");
}

TEST(BodyParsing, SpecsDescribeTheFieldsForOpenApi) {
  const auto& specs = person_schema().specs();
  ASSERT_EQ(specs.size(), 4u);
  EXPECT_EQ(specs[0].name, "name");
  EXPECT_TRUE(specs[0].required);
  EXPECT_EQ(specs[1].type, FieldType::kInteger);
  EXPECT_EQ(specs[3].type, FieldType::kBoolean);
}

}  // namespace
}  // namespace nansen::web
