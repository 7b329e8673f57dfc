// SPDX-License-Identifier: Apache-2.0
// A fresh migrated SQLite database in a temporary directory per test, and a fixed clock.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>

#include "support/temp_database.h"

#include "access/access.h"
#include "db/db.h"

namespace nansen::access::testing {

class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = nansen::testing::open_temp_database(dir_, "access");
    ASSERT_TRUE(db_);
    now_ = *parse_instant("2024-10-04T09:00:00Z");
  }
  void TearDown() override {
    nansen::testing::close_temp_database(db_, dir_);
  }

  User make_user(const std::string& login, Role role, std::optional<std::string> country = {},
                 std::string org = "") {
    NewUser nu;
    nu.login = login;
    nu.display_name = login;
    nu.password = "correct horse battery";
    nu.role = role;
    nu.scope = Scope{std::move(country), std::move(org)};
    auto u = create_user(*db_, system_actor(), nu, now_);
    EXPECT_TRUE(u) << (u ? "" : u.error().message);
    return *u;
  }

  Actor actor_of(const User& u) {
    return Actor{u.id, u.login, u.role, u.scope, u.language, false, false};
  }

  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  Instant now_;
};

}  // namespace nansen::access::testing
