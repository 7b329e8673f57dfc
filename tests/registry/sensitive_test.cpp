// SPDX-License-Identifier: Apache-2.0
// Sensitive entries: encrypted at rest with a key outside the database, shown only with
// the permission, every read audited, keys rotated without losing old entries.
#include <fstream>

#include "registry/fixture.h"

namespace nansen::registry {
namespace {

class SensitiveTest : public testing::RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    key_file_ = (dir_ / "nansen.key").string();
    ASSERT_TRUE(create_key_file(key_file_, "k2024"));
    auto ring = load_keyring(key_file_);
    ASSERT_TRUE(ring) << ring.error().message;
    keys_ = *ring;
    person_ = add(person("KAZ", "Усенова Айгерим", "1992-11-01", 'F'));
  }
  std::string key_file_;
  Keyring keys_;
  PersonId person_;
};

const char* kNarrative = "Fled after threats in 2023; detained twice.";

TEST_F(SensitiveTest, StoredEncryptedAndReadBackWithThePermission) {
  auto id = add_sensitive_entry(*db_, kaz_caseworker_, keys_, person_,
                                SensitiveKind::kClaimNarrative, std::nullopt, kNarrative, now_);
  ASSERT_TRUE(id) << id.error().message;
  auto raw = db_->query("SELECT ciphertext, key_id FROM sensitive_entries");
  ASSERT_TRUE(raw);
  const db::Blob* blob = raw->at(0).blob(0);
  ASSERT_NE(blob, nullptr);
  const std::string stored(blob->bytes.begin(), blob->bytes.end());
  EXPECT_EQ(stored.find("threats"), std::string::npos);
  EXPECT_EQ(raw->at(0).text(1), "k2024");

  auto entries = read_sensitive_entries(*db_, kaz_supervisor_, keys_, person_, now_);
  ASSERT_TRUE(entries) << entries.error().message;
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->at(0).text.reveal(), kNarrative);
  EXPECT_EQ(entries->at(0).kind, SensitiveKind::kClaimNarrative);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.sensitive.read'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%threats%'"), 0);
}

TEST_F(SensitiveTest, HiddenFromRolesWithoutThePermissionAndOtherCountries) {
  ASSERT_TRUE(add_sensitive_entry(*db_, kaz_caseworker_, keys_, person_, SensitiveKind::kSgbv,
                                  std::nullopt, "disclosed at interview", now_));
  auto registrar = read_sensitive_entries(*db_, kaz_registrar_, keys_, person_, now_);
  EXPECT_EQ(registrar.error().code, ErrorCode::kForbidden);
  auto other_country = read_sensitive_entries(*db_, kgz_caseworker_, keys_, person_, now_);
  EXPECT_EQ(other_country.error().code, ErrorCode::kNotFound);
  auto write = add_sensitive_entry(*db_, kaz_registrar_, keys_, person_, SensitiveKind::kHealth,
                                   std::nullopt, "x", now_);
  EXPECT_EQ(write.error().code, ErrorCode::kForbidden);
}

TEST_F(SensitiveTest, ATenMegabyteNoteIsRefusedAndNothingIsWritten) {
  const std::string huge(10 * 1024 * 1024, 'a');
  auto r = add_sensitive_entry(*db_, kaz_caseworker_, keys_, person_,
                               SensitiveKind::kInterviewNotes, std::nullopt, huge, now_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(r.error().field, "text");
  EXPECT_EQ(count("SELECT COUNT(*) FROM sensitive_entries"), 0);
}

TEST_F(SensitiveTest, RotationKeepsOldEntriesReadableThenMovesThem) {
  ASSERT_TRUE(add_sensitive_entry(*db_, kaz_caseworker_, keys_, person_, SensitiveKind::kHealth,
                                  std::nullopt, "diabetes", now_));
  ASSERT_TRUE(rotate_key_file(key_file_, "k2025"));
  auto rotated = load_keyring(key_file_);
  ASSERT_TRUE(rotated);
  EXPECT_EQ(rotated->current.id, "k2025");
  ASSERT_EQ(rotated->previous.size(), 1u);
  EXPECT_EQ(
      read_sensitive_entries(*db_, kaz_caseworker_, *rotated, person_, now_)->at(0).text.reveal(),
      "diabetes");
  auto moved = reencrypt_sensitive_entries(*db_, access::system_actor(), *rotated, now_);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(*moved, 1);
  EXPECT_EQ(reencrypt_sensitive_entries(*db_, kaz_caseworker_, *rotated, now_).error().code,
            ErrorCode::kForbidden);

  Keyring only_new;
  only_new.current = rotated->current;
  EXPECT_EQ(
      read_sensitive_entries(*db_, kaz_caseworker_, only_new, person_, now_)->at(0).text.reveal(),
      "diabetes");
  Keyring only_old;
  only_old.current = keys_.current;
  EXPECT_FALSE(read_sensitive_entries(*db_, kaz_caseworker_, only_old, person_, now_));
}

TEST_F(SensitiveTest, AMalformedKeyFileIsRefusedNamingTheLine) {
  const std::string bad = (dir_ / "bad.key").string();
  std::ofstream(bad) << "# comment\nk1 nothex\n";
  auto r = load_keyring(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, bad + ":2");
  EXPECT_EQ(create_key_file(key_file_, "again").error().code, ErrorCode::kConflict);
  EXPECT_EQ(load_keyring((dir_ / "missing.key").string()).error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace nansen::registry
