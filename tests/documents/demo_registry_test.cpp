// SPDX-License-Identifier: Apache-2.0
// The synthetic demo registry: persons of the five countries with names in several
// scripts, households, cases of the shipped procedures whose every step replays under the
// definition with the officer who took it, documents with valid MRZs, and the same
// registry again for the same seed.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "support/temp_database.h"

#include "documents/documents.h"

namespace nansen::documents {
namespace {

const std::vector<std::string> kCountries = {"KAZ", "KGZ", "TJK", "TKM", "UZB"};

// Replays every step of every case with the officer who took it: the check their own
// request passed (order, role, four eyes, required fields, deadlines).
void expect_histories_follow_definitions(db::Database& db, const procedures::Catalog& catalog,
                                         const std::map<std::int64_t, access::Actor>& actors,
                                         const CivilDate& today, Instant now) {
  auto ids = db.query("SELECT id FROM cases ORDER BY id");
  ASSERT_TRUE(ids);
  for (const auto& row : *ids) {
    auto c =
        procedures::get_case(db, access::system_actor(), procedures::CaseId{row.integer(0)}, now);
    ASSERT_TRUE(c);
    const procedures::Definition& def = catalog.at(c->procedure_id);
    procedures::Timeline t;
    t.modality = c->modality;
    for (const auto& f : c->facts) t.facts.insert(f);
    std::string state = def.initial_state;
    CivilDate last = add_days(today, -5000);
    for (const auto& h : c->history) {
      SCOPED_TRACE(c->number + " " + h.event + " " + format_civil_date(h.on));
      EXPECT_LE(days_from_civil(last), days_from_civil(h.on));
      EXPECT_LE(days_from_civil(h.on), days_from_civil(today));
      last = h.on;
      t.extensions.clear();  // those granted by then
      for (const auto& e : c->extensions)
        if (days_from_civil(e.granted_on) <= days_from_civil(h.on)) t.extensions.push_back(e);
      if (h.from_state) {
        EXPECT_EQ(*h.from_state, state);
        ASSERT_TRUE(actors.count(h.actor.value));
        // The check the officer's own request passed, with the officer's role and the
        // history before it: order, role, four eyes, fields, deadlines.
        auto ok = procedures::check_transition(def, state, t, actors.at(h.actor.value),
                                               {h.event, h.fields}, h.on);
        EXPECT_TRUE(ok) << ok.error().message;
        state = *h.to_state;
      } else {
        EXPECT_TRUE(def.knows_event(h.event) || h.event == procedures::kMemberAssessmentEvent);
      }
      auto outcome = h.fields.find("outcome");
      t.events.push_back(
          {h.event, h.on, h.at, h.actor, outcome == h.fields.end() ? "" : outcome->second});
    }
    EXPECT_EQ(state, c->state) << c->number;
  }
  // Travel documents carry an MRZ whose check digits all agree.
  auto mrz = db.query(
      "SELECT mrz_line1, mrz_line2 FROM issued_documents "
      "WHERE mrz_line1 IS NOT NULL");
  ASSERT_TRUE(mrz);
  for (const auto& r : *mrz) {
    auto reading = read_td3(r.text(0), r.text(1));
    ASSERT_TRUE(reading);
    EXPECT_TRUE(reading->valid()) << r.text(0) << " / " << r.text(1);
  }
}

class DemoRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = nansen::testing::open_temp_database(dir_, "demo");
    ASSERT_TRUE(db_);
    catalog_ = *procedures::load_builtin_definitions();
    now_ = *parse_instant("2025-06-15T05:00:00Z");
    std::int64_t next = 100;
    for (const auto& c : kCountries) {
      auto make = [&](const char* role_login, access::Role role) {
        access::Actor a{access::UserId{++next},
                        std::string(role_login) + "." + c,
                        role,
                        access::Scope{c, "MIA-" + c},
                        "ru",
                        false,
                        false};
        actors_[a.user.value] = a;
        return a;
      };
      officers_[c] = DemoOfficers{make("registrar", access::Role::kRegistrar),
                                  make("caseworker", access::Role::kCaseworker),
                                  make("decision", access::Role::kDecisionMaker),
                                  make("appeals", access::Role::kDecisionMaker)};
    }
  }
  void TearDown() override { nansen::testing::close_temp_database(db_, dir_); }

  DemoRegistryOptions options(std::size_t persons, std::uint64_t seed) {
    DemoRegistryOptions o;
    o.persons = persons;
    o.seed = seed;
    o.today = *parse_civil_date("2025-06-15");
    o.officers = officers_;
    return o;
  }
  std::int64_t count(const std::string& sql) { return db_->query(sql)->at(0).integer(0); }

  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  procedures::Catalog catalog_;
  Instant now_;
  std::map<std::string, DemoOfficers, std::less<>> officers_;
  std::map<std::int64_t, access::Actor> actors_;
};

TEST_F(DemoRegistryTest, FillsTheFiveCountriesWithCasesThatFollowTheirDefinitions) {
  auto o = options(200, 7);
  std::vector<std::string> stages;
  o.progress = [&](std::string_view stage, std::size_t done, std::size_t total) {
    stages.push_back(std::string(stage) + " " + std::to_string(done) + "/" + std::to_string(total));
  };
  auto counts = seed_demo_registry(*db_, catalog_, o, now_);
  ASSERT_TRUE(counts) << counts.error().message;

  EXPECT_EQ(counts->persons, 200);
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), 200);
  std::int64_t sum = 0;
  for (const auto& c : kCountries) {
    EXPECT_GT(counts->persons_by_country[c], 0) << c;
    EXPECT_EQ(count("SELECT COUNT(*) FROM persons WHERE country = '" + c + "'"),
              counts->persons_by_country[c])
        << c;
    sum += counts->persons_by_country[c];
  }
  EXPECT_EQ(sum, 200);
  EXPECT_EQ(count("SELECT COUNT(*) FROM households"), counts->households);
  EXPECT_EQ(count("SELECT COUNT(*) FROM cases"), counts->cases);
  EXPECT_EQ(count("SELECT COUNT(*) FROM issued_documents"), counts->documents);
  EXPECT_EQ(count("SELECT COUNT(*) FROM consents"), counts->consents);
  EXPECT_GT(counts->cases, 20);
  EXPECT_GT(counts->documents, 10);

  // Names in more than one script and every kind of nationality claim.
  EXPECT_GE(count("SELECT COUNT(DISTINCT script) FROM person_names"), 2);
  EXPECT_GT(count("SELECT COUNT(*) FROM person_names WHERE kind <> 'official'"), 50);
  for (const char* claim : {"stateless", "undetermined", "AFG"})
    EXPECT_GT(count(std::string("SELECT COUNT(*) FROM person_nationalities WHERE claim = '") +
                    claim + "'"),
              0)
        << claim;

  // Cases of several procedures in several states, counted as the database holds them.
  std::set<std::string> procedures;
  std::int64_t by_state = 0;
  for (const auto& [key, n] : counts->cases_by_state) {
    procedures.insert(key.substr(0, key.find(':')));
    by_state += n;
  }
  EXPECT_EQ(by_state, counts->cases);
  EXPECT_GE(procedures.size(), 4u);
  EXPECT_GE(counts->cases_by_state.size(), 10u);
  EXPECT_GT(count("SELECT COUNT(DISTINCT country) FROM cases"), 3);
  ASSERT_FALSE(stages.empty());
  EXPECT_EQ(stages.back().substr(0, 6), "cases ");

  expect_histories_follow_definitions(*db_, catalog_, actors_, o.today, now_);
}

TEST_F(DemoRegistryTest, TheSameSeedGivesTheSameRegistry) {
  auto names = [&](db::Database& db) {
    std::vector<std::string> out;
    auto names = db.query("SELECT full_name FROM person_names ORDER BY id");
    auto cases = db.query("SELECT number, state FROM cases ORDER BY id");
    for (const auto& r : *names) out.push_back(r.text(0));
    for (const auto& r : *cases) out.push_back(r.text(0) + " " + r.text(1));
    return out;
  };
  auto first = seed_demo_registry(*db_, catalog_, options(60, 11), now_);
  ASSERT_TRUE(first) << first.error().message;
  const auto seen = names(*db_);
  nansen::testing::close_temp_database(db_, dir_);
  db_ = nansen::testing::open_temp_database(dir_, "demo");
  ASSERT_TRUE(db_);
  auto again = seed_demo_registry(*db_, catalog_, options(60, 11), now_);
  ASSERT_TRUE(again);
  EXPECT_EQ(names(*db_), seen);
  EXPECT_EQ(again->cases_by_state, first->cases_by_state);
  EXPECT_EQ(again->documents, first->documents);
}

TEST_F(DemoRegistryTest, RefusesWithoutOfficersForEveryCountry) {
  auto o = options(10, 1);
  o.officers.erase("TKM");
  auto r = seed_demo_registry(*db_, catalog_, o, now_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "officers");
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), 0);
}

}  // namespace
}  // namespace nansen::documents
