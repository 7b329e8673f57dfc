// SPDX-License-Identifier: Apache-2.0
// Sensitive entries: encrypted at rest with a key outside the database, shown only with
// the permission, every read audited, keys rotated without losing old entries.
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

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
  // Runs one statement behind the registry's back, as a tampered database would.
  void tamper(const std::string& sql, const db::Params& params) {
    auto tx = db_->begin(true);
    ASSERT_TRUE(tx);
    auto done = (*tx)->execute(sql, params);
    ASSERT_TRUE(done) << done.error().message;
    ASSERT_TRUE((*tx)->commit());
  }

  // Copies entry `from`'s nonce and ciphertext into entry `to`.
  void copy_ciphertext(std::int64_t from, std::int64_t to) {
    tamper(
        "UPDATE sensitive_entries SET nonce = (SELECT nonce FROM sensitive_entries WHERE id = ?), "
        "ciphertext = (SELECT ciphertext FROM sensitive_entries WHERE id = ?) WHERE id = ?",
        {from, from, to});
  }

  // A row as written before migration 0230: secretbox under the key itself, nothing bound,
  // cipher_version left to the column's default.
  void insert_unbound_entry(PersonId person, const std::string& kind, const std::string& text) {
    db::Blob nonce, box;
    nonce.bytes.resize(crypto_secretbox_NONCEBYTES);
    randombytes_buf(nonce.bytes.data(), nonce.bytes.size());
    box.bytes.resize(text.size() + crypto_secretbox_MACBYTES);
    crypto_secretbox_easy(box.bytes.data(), reinterpret_cast<const unsigned char*>(text.data()),
                          text.size(), nonce.bytes.data(), keys_.current.bytes.data());
    tamper(
        "INSERT INTO sensitive_entries (person_id, case_id, kind, key_id, nonce, ciphertext, "
        "created_at, created_by) VALUES (?, NULL, ?, ?, ?, ?, ?, NULL)",
        {person.value, kind, keys_.current.id, nonce, box, format_instant(now_)});
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
  ::chmod(bad.c_str(), 0600);  // (a key file others may read is refused before parsing)
  auto r = load_keyring(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, bad + ":2");
  EXPECT_EQ(create_key_file(key_file_, "again").error().code, ErrorCode::kConflict);
  EXPECT_EQ(load_keyring((dir_ / "missing.key").string()).error().code, ErrorCode::kUnavailable);
}

TEST_F(SensitiveTest, ACiphertextMovedToAnotherPersonOrKindDoesNotOpen) {
  const PersonId other = add(person("KAZ", "Ахметов Бауыржан", "1985-02-03", 'M'));
  auto health = add_sensitive_entry(*db_, kaz_caseworker_, keys_, person_, SensitiveKind::kHealth,
                                    std::nullopt, "diabetes", now_);
  auto others = add_sensitive_entry(*db_, kaz_caseworker_, keys_, other, SensitiveKind::kHealth,
                                    std::nullopt, "asthma", now_);
  auto sgbv = add_sensitive_entry(*db_, kaz_caseworker_, keys_, person_, SensitiveKind::kSgbv,
                                  std::nullopt, "disclosed at interview", now_);
  ASSERT_TRUE(health && others && sgbv);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sensitive_entries WHERE cipher_version = 2"), 3);

  // Into another person's row: an error, never the first person's text.
  copy_ciphertext(*health, *others);
  auto moved = read_sensitive_entries(*db_, kaz_caseworker_, keys_, other, now_);
  ASSERT_FALSE(moved) << "opened as: " << moved->at(0).text.reveal();
  EXPECT_EQ(moved.error().code, ErrorCode::kInternal);
  EXPECT_EQ(moved.error().message.find("diabetes"), std::string::npos);

  // Into a row of the same person but another kind, or relabelled in place.
  copy_ciphertext(*health, *sgbv);
  EXPECT_FALSE(read_sensitive_entries(*db_, kaz_caseworker_, keys_, person_, now_));
  tamper("DELETE FROM sensitive_entries WHERE id = ?", {*sgbv});
  ASSERT_TRUE(read_sensitive_entries(*db_, kaz_caseworker_, keys_, person_, now_));
  tamper("UPDATE sensitive_entries SET kind = 'sgbv' WHERE id = ?", {*health});
  EXPECT_FALSE(read_sensitive_entries(*db_, kaz_caseworker_, keys_, person_, now_));
}

TEST_F(SensitiveTest, EntriesFromBeforeTheBoundFormatStillOpenAndReencryptBindsThem) {
  insert_unbound_entry(person_, "interview_notes", "arrived via Osh in 2021");
  EXPECT_EQ(count("SELECT COUNT(*) FROM sensitive_entries WHERE cipher_version = 1"), 1);
  auto old = read_sensitive_entries(*db_, kaz_caseworker_, keys_, person_, now_);
  ASSERT_TRUE(old) << old.error().message;
  ASSERT_EQ(old->size(), 1u);
  EXPECT_EQ(old->at(0).text.reveal(), "arrived via Osh in 2021");
  EXPECT_EQ(old->at(0).kind, SensitiveKind::kInterviewNotes);

  // Same key, old format: reencrypt rewrites it bound to its person and kind.
  auto upgraded = reencrypt_sensitive_entries(*db_, access::system_actor(), keys_, now_);
  ASSERT_TRUE(upgraded) << upgraded.error().message;
  EXPECT_EQ(*upgraded, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sensitive_entries WHERE cipher_version = 2"), 1);
  EXPECT_EQ(*reencrypt_sensitive_entries(*db_, access::system_actor(), keys_, now_), 0);
  auto now_bound = read_sensitive_entries(*db_, kaz_caseworker_, keys_, person_, now_);
  ASSERT_TRUE(now_bound) << now_bound.error().message;
  EXPECT_EQ(now_bound->at(0).text.reveal(), "arrived via Osh in 2021");
  tamper("UPDATE sensitive_entries SET kind = 'health'", {});
  EXPECT_FALSE(read_sensitive_entries(*db_, kaz_caseworker_, keys_, person_, now_));
}

TEST_F(SensitiveTest, AKeyFileOthersCanReachIsRefusedNamingFileAndMode) {
  ASSERT_EQ(::chmod(key_file_.c_str(), 0644), 0);
  auto r = load_keyring(key_file_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  EXPECT_NE(r.error().message.find("0644"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find(key_file_), std::string::npos) << r.error().message;
  ASSERT_EQ(::chmod(key_file_.c_str(), 0602), 0);
  EXPECT_FALSE(load_keyring(key_file_)) << "writable by others is as bad";
  ASSERT_EQ(::chmod(key_file_.c_str(), 0400), 0);
  EXPECT_TRUE(load_keyring(key_file_)) << "read-only for the owner is fine";
}

TEST_F(SensitiveTest, KeyFilesAreBornPrivateAndNeverWrittenThroughAPlantedLink) {
  const mode_t old_umask = ::umask(0);  // the most permissive: modes come from the code alone
  const std::string key = (dir_ / "fresh.key").string();
  const auto stolen = dir_ / "stolen";
  std::filesystem::create_symlink(stolen, key + ".tmp");  // where a naive writer would go
  const Status made = create_key_file(key, "k1");
  ::umask(old_umask);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_FALSE(std::filesystem::exists(stolen)) << "the key was written through the link";
  struct stat st {};
  ASSERT_EQ(::lstat(key.c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0600u);

  ::umask(0);
  const Status rotated = rotate_key_file(key, "k2");
  ::umask(old_umask);
  ASSERT_TRUE(rotated) << rotated.error().message;
  EXPECT_FALSE(std::filesystem::exists(stolen));
  ASSERT_EQ(::lstat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(load_keyring(key)->current.id, "k2");
  for (const auto& entry : std::filesystem::directory_iterator(dir_))  // no temporary left
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
  EXPECT_TRUE(sync_key_file(key));

  std::filesystem::create_symlink(stolen, dir_ / "dangling.key");
  EXPECT_EQ(create_key_file((dir_ / "dangling.key").string(), "k1").error().code,
            ErrorCode::kConflict)
      << "a link in the key file's place is not followed";
  EXPECT_FALSE(std::filesystem::exists(stolen));
}

TEST_F(SensitiveTest, TheKeyringMustCoverEveryKeyIdInTheDatabase) {
  ASSERT_TRUE(add_sensitive_entry(*db_, kaz_caseworker_, keys_, person_, SensitiveKind::kHealth,
                                  std::nullopt, "diabetes", now_));
  EXPECT_TRUE(check_keyring_covers(*db_, keys_, key_file_));
  Keyring other;
  other.current.id = "k2099";
  auto missing = check_keyring_covers(*db_, other, "/etc/nansen/other.key");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("k2024"), std::string::npos) << missing.error().message;
  EXPECT_NE(missing.error().message.find("/etc/nansen/other.key"), std::string::npos);
}

}  // namespace
}  // namespace nansen::registry
