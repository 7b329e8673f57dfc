// SPDX-License-Identifier: Apache-2.0
// A fresh migrated SQLite database per test, officers in two countries, a fixed clock.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "support/temp_database.h"

#include "registry/registry.h"

namespace nansen::registry::testing {

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = nansen::testing::open_temp_database(dir_, "registry");
    ASSERT_TRUE(db_);
    now_ = *parse_instant("2024-10-04T09:00:00Z");
    kaz_registrar_ = make("kaz.registrar", access::Role::kRegistrar, "KAZ");
    kaz_caseworker_ = make("kaz.caseworker", access::Role::kCaseworker, "KAZ");
    kaz_supervisor_ = make("kaz.supervisor", access::Role::kDecisionMaker, "KAZ");
    kgz_caseworker_ = make("kgz.caseworker", access::Role::kCaseworker, "KGZ");
    regional_ = make("regional.supervisor", access::Role::kDecisionMaker, std::nullopt);
  }
  void TearDown() override { nansen::testing::close_temp_database(db_, dir_); }

  // Actors as a session would produce them; no user rows (password hashing is slow and
  // the registry never reads the users table).
  access::Actor make(const std::string& login, access::Role role,
                     std::optional<std::string> country) {
    return access::Actor{access::UserId{++next_user_},
                         login,
                         role,
                         access::Scope{std::move(country), ""},
                         "en",
                         false,
                         false};
  }
  std::int64_t next_user_ = 0;

  static PersonInput person(const std::string& country, const std::string& name, const char* birth,
                            char sex) {
    PersonInput p;
    p.country = country;
    p.names.push_back(PersonName{NameKind::kOfficial, name, "", "", "", ""});
    p.birth_date = *parse_civil_date(birth);
    p.sex = sex;
    return p;
  }

  PersonId add(const PersonInput& p) {
    auto id = register_person(*db_, access::system_actor(), p, now_);
    EXPECT_TRUE(id) << (id ? "" : id.error().message);
    return id ? *id : PersonId{};
  }

  // A person search as the server makes it, through the index of the registry as
  // committed (loaded afresh, as at start-up).
  Result<std::vector<PersonSummary>> search(const access::Actor& actor, std::string_view q) {
    match::Index index;
    EXPECT_TRUE(load_index(*db_, index));
    return search_persons(index, *db_, actor, q, now_);
  }

  std::int64_t count(const std::string& sql) {
    auto rows = db_->query(sql);
    EXPECT_TRUE(rows);
    return rows->at(0).integer(0);
  }

  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  Instant now_;
  access::Actor kaz_registrar_, kaz_caseworker_, kaz_supervisor_, kgz_caseworker_, regional_;
};

}  // namespace nansen::registry::testing
