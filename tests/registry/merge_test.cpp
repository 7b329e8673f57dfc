// SPDX-License-Identifier: Apache-2.0
// Merge and unmerge are exact inverses: every table that holds a person's data is the
// same, row for row and byte for byte, after merge + unmerge as before; persons merged
// into the duplicate follow it and come back; every row either one changes is audited.
#include <sodium.h>

#include "registry/fixture.h"

namespace nansen::registry {
namespace {

// Every table that refers to a person, and the persons table itself.
const std::vector<std::string> kTables = {"persons",
                                          "person_names",
                                          "person_nationalities",
                                          "identity_documents",
                                          "person_needs",
                                          "person_languages",
                                          "households",
                                          "household_members",
                                          "consents",
                                          "sensitive_entries",
                                          "cases",
                                          "case_members",
                                          "issued_documents",
                                          "eligibility_decisions"};

std::string show(const db::Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return "NULL";
  if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto d = std::get_if<double>(&v)) return std::to_string(*d);
  if (auto s = std::get_if<std::string>(&v)) return "'" + *s + "'";
  const auto& b = std::get<db::Blob>(v).bytes;
  std::string hex(b.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), b.data(), b.size());
  hex.pop_back();
  return "x" + hex;
}

class MergeTest : public testing::RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    ASSERT_TRUE(create_key_file((dir_ / "nansen.key").string(), "k2024"));
    keys_ = *load_keyring((dir_ / "nansen.key").string());
    survivor_ = add(rich("Абдрашов Жанибек", "P-100"));
    duplicate_ = add(rich("Abdrashov Zhanibek", "P-100 "));
    older_ = add(rich("ABDRASHOV ZHANIBEK", "P100"));
    child_ = add(person("KAZ", "Абдрашова Айлин", "2015-06-01", 'F'));
    for (PersonId p : {survivor_, duplicate_, older_}) {
      ASSERT_TRUE(
          record_consent(*db_, kaz_registrar_, p, {Purpose::kRsd, true, "consent", ""}, now_));
      ASSERT_TRUE(add_sensitive_entry(*db_, kaz_caseworker_, keys_, p, SensitiveKind::kHealth,
                                      std::nullopt, "диабет", now_));
    }
    ASSERT_TRUE(create_household(*db_, kaz_registrar_, "KAZ",
                                 {{duplicate_, "head"}, {child_, "child"}}, now_));
    // A case and a document of the duplicate, as procedures/ and documents/ write them.
    auto tx = db_->begin(true);
    ASSERT_TRUE(tx);
    auto c = (*tx)->insert(
        "INSERT INTO cases (number, procedure_id, country, state, principal_id, opened_at, "
        "updated_at) VALUES ('KAZ-2024-000001', 'kz_asylum', 'KAZ', 'registered', ?, 'x', 'x') "
        "RETURNING id",
        {duplicate_.value});
    ASSERT_TRUE(c);
    ASSERT_TRUE((*tx)->execute(
        "INSERT INTO case_members (case_id, person_id, role) VALUES (?, ?, 'principal')",
        {*c, duplicate_.value}));
    ASSERT_TRUE((*tx)->execute(
        "INSERT INTO issued_documents (country, number, doc_type, person_id, case_id, issued_on, "
        "valid_until, status, issued_at) VALUES ('KAZ', 'AS0000001', "
        "'asylum_seeker_certificate', ?, ?, '2024-10-01', '2025-01-01', 'valid', 'x')",
        {duplicate_.value, *c}));
    ASSERT_TRUE((*tx)->commit());
    // An older record already merged into the duplicate.
    ASSERT_TRUE(merge_persons(*db_, kaz_registrar_, older_, duplicate_, now_));
  }

  PersonInput rich(const std::string& name, const std::string& passport) {
    PersonInput p = person("KAZ", name, "1988-03-15", 'M');
    p.nationalities.push_back({"stateless", "declared"});
    p.documents.push_back({"passport", passport, "UZB", std::nullopt, std::nullopt});
    p.specific_needs = {"single_parent"};
    p.languages = {"ru", "kk"};
    return p;
  }

  // Every row of every table, in a stable order.
  std::vector<std::string> snapshot() {
    std::vector<std::string> out;
    for (const auto& table : kTables) {
      auto rows = db_->query("SELECT * FROM " + table + " ORDER BY 1, 2");
      EXPECT_TRUE(rows) << table;
      for (const auto& r : *rows) {
        std::string line = table + ":";
        for (std::size_t i = 0; i < r.size(); ++i) line += " " + show(r.value(i));
        out.push_back(line);
      }
    }
    return out;
  }
  std::optional<std::int64_t> merged_into(PersonId p) {
    return db_->query("SELECT merged_into FROM persons WHERE id = ?", {p.value})
        ->at(0)
        .optional_integer(0);
  }
  std::vector<std::string> audited(PersonId p) {
    std::vector<std::string> out;
    auto rows = db_->query(
        "SELECT action FROM audit_log WHERE record_type = 'person' AND record_id = ? AND action "
        "LIKE 'person.%merge' ORDER BY seq",
        {std::to_string(p.value)});
    for (const auto& r : *rows) out.push_back(r.text(0));
    return out;
  }

  Keyring keys_;
  PersonId survivor_, duplicate_, older_, child_;
  Instant later_ = *parse_instant("2024-10-05T09:00:00Z");
};

TEST_F(MergeTest, UnmergeRestoresEveryRowExactly) {
  const auto before = snapshot();
  ASSERT_TRUE(merge_persons(*db_, kaz_registrar_, duplicate_, survivor_, later_));
  EXPECT_EQ(merged_into(duplicate_), survivor_.value);
  EXPECT_EQ(merged_into(older_), survivor_.value) << "the older record follows the duplicate";
  EXPECT_NE(snapshot(), before);
  ASSERT_TRUE(unmerge_person(*db_, kaz_registrar_, duplicate_, later_));
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(merged_into(older_), duplicate_.value);
  // Every person row the merge and the unmerge changed has its own audit entry.
  EXPECT_EQ(audited(duplicate_), (std::vector<std::string>{"person.merge", "person.unmerge"}));
  EXPECT_EQ(audited(older_),
            (std::vector<std::string>{"person.merge", "person.merge", "person.unmerge"}));
  EXPECT_TRUE(audited(survivor_).empty()) << "the survivor's row is not touched";
  // And the same merge can be made and undone again.
  ASSERT_TRUE(merge_persons(*db_, kaz_registrar_, duplicate_, survivor_, later_));
  ASSERT_TRUE(unmerge_person(*db_, kaz_registrar_, duplicate_, later_));
  EXPECT_EQ(snapshot(), before);
}

TEST_F(MergeTest, AFollowerMovedSinceStaysWhereItIs) {
  ASSERT_TRUE(merge_persons(*db_, kaz_registrar_, duplicate_, survivor_, later_));
  ASSERT_TRUE(unmerge_person(*db_, kaz_registrar_, older_, later_));
  ASSERT_TRUE(unmerge_person(*db_, kaz_registrar_, duplicate_, later_));
  EXPECT_EQ(merged_into(older_), std::nullopt);
  EXPECT_EQ(merged_into(duplicate_), std::nullopt);
}

TEST_F(MergeTest, RefusalsWriteNothing) {
  auto audit = [&] { return db_->query("SELECT COUNT(*) FROM audit_log")->at(0).integer(0); };
  const auto before = snapshot();
  const auto audited_before = audit();
  EXPECT_EQ(merge_persons(*db_, kaz_supervisor_, duplicate_, survivor_, later_).error().code,
            ErrorCode::kForbidden);  // no person.write
  const auto kgz_registrar = make("kgz.registrar", access::Role::kRegistrar, "KGZ");
  EXPECT_EQ(merge_persons(*db_, kgz_registrar, duplicate_, survivor_, later_).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(merge_persons(*db_, kaz_registrar_, survivor_, older_, later_).error().code,
            ErrorCode::kConflict);  // into a merged person
  EXPECT_EQ(merge_persons(*db_, kaz_registrar_, older_, survivor_, later_).error().code,
            ErrorCode::kConflict);  // already merged
  EXPECT_EQ(unmerge_person(*db_, kaz_registrar_, survivor_, later_).error().code,
            ErrorCode::kConflict);  // not merged
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(audit(), audited_before);
}

TEST_F(MergeTest, AFollowerOutsideTheOfficersScopeIsNotMoved) {
  const auto regional = make("regional.registrar", access::Role::kRegistrar, std::nullopt);
  const PersonId kgz = add(person("KGZ", "Abdrashov Zhanibek", "1988-03-15", 'M'));
  ASSERT_TRUE(merge_persons(*db_, regional, kgz, duplicate_, now_));
  const auto before = snapshot();
  auto r = merge_persons(*db_, kaz_registrar_, duplicate_, survivor_, later_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(snapshot(), before);
  // An officer whose scope covers both countries may.
  ASSERT_TRUE(merge_persons(*db_, regional, duplicate_, survivor_, later_));
  EXPECT_EQ(merged_into(kgz), survivor_.value);
  ASSERT_TRUE(unmerge_person(*db_, regional, duplicate_, later_));
  EXPECT_EQ(snapshot(), before);
}

}  // namespace
}  // namespace nansen::registry
