// SPDX-License-Identifier: Apache-2.0
// cases_of_person(): the cases a person is in, as principal or dependant, and nothing of
// another country's person or case.
#include "support/temp_database.h"

#include "procedures/support.h"

namespace nansen::procedures {
namespace {

using access::Role;
using testing::officer;

class PersonCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = nansen::testing::open_temp_database(dir_, "person-cases");
    ASSERT_TRUE(db_);
    now_ = *parse_instant("2024-01-31T06:00:00Z");
    mother_ = add("KAZ", "Абдрашова Гульнар");
    child_ = add("KAZ", "Абдрашова Айлин");
    stranger_ = add("UZB", "Karimov Bobur");
  }
  void TearDown() override { nansen::testing::close_temp_database(db_, dir_); }

  registry::PersonId add(const char* country, const char* name) {
    registry::PersonInput p;
    p.country = country;
    p.names.push_back({registry::NameKind::kOfficial, name, "", "", "", ""});
    p.nationalities.push_back({"undetermined", "declared"});
    return *registry::register_person(*db_, access::system_actor(), p, now_);
  }
  CaseId open(const char* procedure, const char* country, registry::PersonId principal,
              std::vector<registry::PersonId> dependants, const char* modality = "") {
    CaseOpening o{procedure, country, modality, principal, std::move(dependants), {}, std::nullopt};
    auto id = open_case(*db_, testing::shipped(), access::system_actor(), o, now_);
    EXPECT_TRUE(id) << (id ? "" : id.error().message);
    return *id;
  }

  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  Instant now_;
  registry::PersonId mother_, child_, stranger_;
};

TEST_F(PersonCasesTest, ListsEveryCaseOfThePersonWithTheirRoleOldestFirst) {
  const CaseId asylum = open("kz_asylum", "KAZ", mother_, {child_});
  const CaseId stateless = open("kz_statelessness", "KAZ", child_, {});
  auto list = cases_of_person(*db_, officer(1, Role::kCaseworker), child_, now_);
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->at(0).id, asylum);
  EXPECT_EQ(list->at(0).role, "dependant");
  EXPECT_EQ(list->at(0).procedure_id, "kz_asylum");
  EXPECT_EQ(list->at(0).state, testing::shipped("kz_asylum").initial_state);
  EXPECT_EQ(list->at(1).id, stateless);
  EXPECT_EQ(list->at(1).role, "principal");
  EXPECT_EQ(list->at(1).number.substr(0, 4), "KAZ-");
}

TEST_F(PersonCasesTest, APersonOfAnotherCountryIsNotFoundAndNoCaseIsNamed) {
  open("unhcr_mandate_rsd", "UZB", stranger_, {}, "regular");
  auto kaz_officer = officer(1, Role::kCaseworker);
  auto r = cases_of_person(*db_, kaz_officer, stranger_, now_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(cases_of_person(*db_, kaz_officer, registry::PersonId{9999}, now_).error().code,
            ErrorCode::kNotFound);
}

TEST_F(PersonCasesTest, NeedsCaseReadAndIsAudited) {
  open("kz_asylum", "KAZ", mother_, {});
  EXPECT_EQ(cases_of_person(*db_, officer(1, Role::kObserver), mother_, now_).error().code,
            ErrorCode::kForbidden);
  const auto before =
      db_->query("SELECT COUNT(*) FROM audit_log WHERE action = 'case.list'")->at(0).integer(0);
  ASSERT_TRUE(cases_of_person(*db_, officer(1, Role::kCaseworker), mother_, now_));
  EXPECT_EQ(
      db_->query("SELECT COUNT(*) FROM audit_log WHERE action = 'case.list'")->at(0).integer(0),
      before + 1);
}

}  // namespace
}  // namespace nansen::procedures
