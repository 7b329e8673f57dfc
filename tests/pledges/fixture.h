// SPDX-License-Identifier: Apache-2.0
// A fresh migrated SQLite database in a temporary directory per test, a fixed clock, the
// real sample entities, and actors for each permission boundary.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>

#include <filesystem>

#include <fstream>
#include <sstream>
#include "support/temp_database.h"

#include "pledges/pledges.h"

namespace nansen::pledges::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::filesystem::path shared_data() {
  return std::filesystem::path(NANSEN_SOURCE_DIR) / "share" / "data" / "pledges";
}
inline std::filesystem::path test_data() {
  return std::filesystem::path(NANSEN_SOURCE_DIR) / "tests" / "data" / "pledges";
}

inline Instant at(const char* text) {
  return *parse_instant(text);
}

class PledgesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = nansen::testing::open_temp_database(dir_, "pledges");
    ASSERT_TRUE(db_);
    now_ = at("2025-03-01T09:00:00Z");
  }
  void TearDown() override { nansen::testing::close_temp_database(db_, dir_); }

  void import_sample_entities() {
    auto r = import_entities(*db_, system_, read_file(shared_data() / "entities.csv"),
                             FileFormat::kCsv, false, now_);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->problems.empty()) << r->problems.front().message;
  }
  void import_sample_consultations() {
    auto r = import_consultations(*db_, system_, read_file(shared_data() / "consultations.csv"),
                                  FileFormat::kCsv, false, now_);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->problems.empty()) << r->problems.front().message;
  }
  void import_sample_pledges() {
    auto r = import_pledges(*db_, system_, read_file(shared_data() / "pledges.csv"),
                            FileFormat::kCsv, false, now_);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->problems.empty()) << r->problems.front().message;
  }

  static access::Actor actor(access::Role role, std::optional<std::string> country, std::string org,
                             std::string login) {
    access::Actor a;
    a.user = access::UserId{1};
    a.login = std::move(login);
    a.role = role;
    a.scope = access::Scope{std::move(country), std::move(org)};
    return a;
  }
  const access::Actor kaz_focal_ = actor(access::Role::kFocalPoint, "KAZ", "KAZ-GOV", "focal.kaz");
  const access::Actor kgz_focal_ = actor(access::Role::kFocalPoint, "KGZ", "KGZ-GOV", "focal.kgz");
  const access::Actor unhcr_ =
      actor(access::Role::kAnalyst, std::nullopt, "UNHCR-CA", "unhcr.almaty");
  const access::Actor observer_ = actor(access::Role::kObserver, std::nullopt, "", "observer");
  const access::Actor system_ = access::system_actor();

  PledgeInput kaz_pledge(std::string title = "Statelessness determination procedure") {
    PledgeInput in;
    in.title = std::move(title);
    in.description = "Introduce a statelessness determination procedure.";
    in.forum = Forum::kGrf2023;
    in.entity_code = "KAZ-GOV";
    in.type = PledgeType::kPolicy;
    in.serves = {Population::kStateless};
    in.target_countries = {"KAZ"};
    in.target_date = CivilDate{2026, 12, 31};
    in.ibelong_actions = {6};
    return in;
  }

  UpdateInput update(CivilDate on, Stage stage, std::string done = "work done") {
    UpdateInput u;
    u.reported_on = on;
    u.stage = stage;
    u.done = std::move(done);
    u.author = "MFA focal point";
    return u;
  }

  std::int64_t count(const std::string& table) {
    auto rows = db_->query("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(rows);
    return rows ? rows->front().integer(0) : -1;
  }

  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  Instant now_;
};

}  // namespace nansen::pledges::testing
