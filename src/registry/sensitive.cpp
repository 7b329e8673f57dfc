// SPDX-License-Identifier: Apache-2.0
// Sensitive entries, encrypted with a key kept outside the database (key_file.cpp). Each
// row names its key, so a rotated-out key still reads old rows until
// reencrypt_sensitive_entries() has moved them to the current key, and its cipher
// version:
//   1  libsodium secretbox (XSalsa20-Poly1305) under the key itself, no associated data —
//      rows written before migration 0230; still read, rewritten by reencrypt;
//   2  XChaCha20-Poly1305 (IETF AEAD) under a subkey derived from the key, with the
//      person id, the kind and the key id as associated data: a ciphertext copied into
//      another person's row, or relabelled as another kind, fails to open.
#include <sodium.h>

#include "registry/internal.h"

namespace nansen::registry {
namespace {

constexpr std::int64_t kSecretbox = 1;
constexpr std::int64_t kBoundAead = 2;

static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == sizeof(SecretKey::bytes));
static_assert(crypto_secretbox_KEYBYTES == sizeof(SecretKey::bytes));

// The AEAD key is derived from the file's key rather than being the key itself, so one
// key never serves two ciphers (secretbox for version 1 rows, XChaCha20 for version 2).
struct AeadKey {
  std::array<unsigned char, crypto_aead_xchacha20poly1305_ietf_KEYBYTES> bytes{};
  explicit AeadKey(const SecretKey& key) {
    crypto_kdf_derive_from_key(bytes.data(), bytes.size(), 2, "nansenSE", key.bytes.data());
  }
  ~AeadKey() { sodium_memzero(bytes.data(), bytes.size()); }
  AeadKey(const AeadKey&) = delete;
  AeadKey& operator=(const AeadKey&) = delete;
};

// What a version 2 ciphertext is bound to. NUL-separated: no field can contain a NUL
// (ids are digits, kinds and key ids are from fixed alphabets), so no two different
// bindings share one encoding.
std::string associated_data(PersonId person, std::string_view kind, std::string_view key_id) {
  const std::string person_id = std::to_string(person.value);
  std::string ad = "nansen.sensitive.v2";
  for (std::string_view part : {std::string_view(person_id), kind, key_id}) {
    ad.push_back('\0');
    ad.append(part);
  }
  return ad;
}

struct Sealed {
  db::Blob nonce;
  db::Blob ciphertext;
};

Sealed seal(const SecretKey& key, PersonId person, std::string_view kind, std::string_view plain) {
  const AeadKey k(key);
  const std::string ad = associated_data(person, kind, key.id);
  Sealed s;
  s.nonce.bytes.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  randombytes_buf(s.nonce.bytes.data(), s.nonce.bytes.size());
  s.ciphertext.bytes.resize(plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      s.ciphertext.bytes.data(), &len, reinterpret_cast<const unsigned char*>(plain.data()),
      plain.size(), reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
      s.nonce.bytes.data(), k.bytes.data());
  s.ciphertext.bytes.resize(static_cast<std::size_t>(len));
  return s;
}

Error damaged(std::int64_t entry, std::string_view why) {
  return Error{ErrorCode::kInternal,
               "sensitive entry " + std::to_string(entry) + " does not open: " + std::string(why),
               {}};
}

// One stored row, as read back for opening.
struct StoredEntry {
  std::int64_t id = 0;
  PersonId person;
  std::string kind;
  std::string key_id;
  std::int64_t cipher = kSecretbox;
  const db::Blob* nonce = nullptr;
  const db::Blob* ciphertext = nullptr;
};

Result<std::string> open_version1(const SecretKey& key, const StoredEntry& e) {
  if (e.nonce->bytes.size() != crypto_secretbox_NONCEBYTES ||
      e.ciphertext->bytes.size() < crypto_secretbox_MACBYTES)
    return fail(damaged(e.id, "its nonce or ciphertext has the wrong size"));
  std::string plain(e.ciphertext->bytes.size() - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 e.ciphertext->bytes.data(), e.ciphertext->bytes.size(),
                                 e.nonce->bytes.data(), key.bytes.data()) != 0)
    return fail(damaged(e.id, "it does not authenticate under its key (wrong key file?)"));
  return plain;
}

Result<std::string> open_version2(const SecretKey& key, const StoredEntry& e) {
  if (e.nonce->bytes.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
      e.ciphertext->bytes.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return fail(damaged(e.id, "its nonce or ciphertext has the wrong size"));
  const AeadKey k(key);
  const std::string ad = associated_data(e.person, e.kind, e.key_id);
  std::string plain(e.ciphertext->bytes.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &len, nullptr, e.ciphertext->bytes.data(),
          e.ciphertext->bytes.size(), reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
          e.nonce->bytes.data(), k.bytes.data()) != 0)
    return fail(damaged(e.id,
                        "it does not authenticate for its person, kind and key (moved between "
                        "rows, altered, or a wrong key file?)"));
  plain.resize(static_cast<std::size_t>(len));
  return plain;
}

// Opens a row of either version; Internal (never garbage) when it does not authenticate.
Result<std::string> open_entry(const Keyring& keys, const StoredEntry& e) {
  const SecretKey* key = keys.find(e.key_id);
  if (!key) return fail(damaged(e.id, "its key " + e.key_id + " is not in the key file"));
  if (!e.nonce || !e.ciphertext) return fail(damaged(e.id, "its nonce or ciphertext is missing"));
  if (e.cipher == kSecretbox) return open_version1(*key, e);
  if (e.cipher == kBoundAead) return open_version2(*key, e);
  return fail(damaged(e.id, "unknown cipher version " + std::to_string(e.cipher)));
}

constexpr const char* kEntryColumns =
    "id, person_id, kind, key_id, cipher_version, nonce, ciphertext, case_id, created_at";

StoredEntry stored_entry(const db::Row& r) {
  StoredEntry e;
  e.id = r.integer(0);
  e.person = PersonId{r.integer(1)};
  e.kind = r.text(2);
  e.key_id = r.text(3);
  e.cipher = r.integer(4);
  e.nonce = r.blob(5);
  e.ciphertext = r.blob(6);
  return e;
}

}  // namespace

Result<std::int64_t> add_sensitive_entry(db::Database& db, const access::Actor& actor,
                                         const Keyring& keys, PersonId person, SensitiveKind kind,
                                         std::optional<std::int64_t> case_id, std::string_view text,
                                         Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseWrite));
  NANSEN_TRY(access::authorize(actor, access::Permission::kSensitiveRead));
  if (text.size() > kMaxSensitiveBytes)
    return fail(ErrorCode::kTooLarge, "a sensitive entry is at most 64 KiB", "text");
  if (!is_valid_utf8(text)) return fail(ErrorCode::kInvalid, "not valid UTF-8", "text");
  if (trim(text).empty()) return fail(ErrorCode::kInvalid, "required", "text");
  if (!sodium_ready()) return fail(ErrorCode::kInternal, "libsodium failed to initialise");
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto country = person_country_in_scope(**tx, actor, person);
  if (!country) return fail(country.error());
  const std::string kind_name(sensitive_kind_name(kind));
  const Sealed sealed = seal(keys.current, person, kind_name, text);
  db::Value case_value = std::monostate{};
  if (case_id) case_value = *case_id;
  auto id = (*tx)->insert(
      "INSERT INTO sensitive_entries (person_id, case_id, kind, key_id, cipher_version, nonce, "
      "ciphertext, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {person.value, case_value, kind_name, keys.current.id, kBoundAead, sealed.nonce,
       sealed.ciphertext, format_instant(now), actor.user.value});
  if (!id) return fail(id.error());
  NANSEN_TRY(audit(**tx, actor, "person.sensitive.create", "person", person.value, *country, now,
                   "{\"entry\":" + std::to_string(*id) + ",\"kind\":\"" +
                       std::string(sensitive_kind_name(kind)) + "\"}"));
  NANSEN_TRY((*tx)->commit());
  return *id;
}

Result<std::vector<SensitiveEntry>> read_sensitive_entries(db::Database& db,
                                                           const access::Actor& actor,
                                                           const Keyring& keys, PersonId person,
                                                           Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kSensitiveRead));
  if (!sodium_ready()) return fail(ErrorCode::kInternal, "libsodium failed to initialise");
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto country = person_country_in_scope(**tx, actor, person);
  if (!country) return fail(country.error());
  auto rows = (*tx)->query(std::string("SELECT ") + kEntryColumns +
                               " FROM sensitive_entries WHERE person_id = ? ORDER BY id",
                           {person.value});
  if (!rows) return fail(rows.error());
  std::vector<SensitiveEntry> out;
  for (const auto& r : *rows) {
    auto plain = open_entry(keys, stored_entry(r));
    if (!plain) return fail(plain.error());
    SensitiveEntry e;
    e.id = r.integer(0);
    e.kind = parse_sensitive_kind(r.text(2)).value_or(SensitiveKind::kInterviewNotes);
    e.case_id = r.optional_integer(7);
    e.text = Sensitive<std::string>(std::move(*plain));
    e.created_at = r.text(8);
    out.push_back(std::move(e));
  }
  NANSEN_TRY((*tx)->commit());
  tx->reset();  // the entry below needs a connection of the pool
  NANSEN_TRY(audit_read(db, actor, "person.sensitive.read", "person", person.value, *country, now,
                        "{\"entries\":" + std::to_string(out.size()) + "}"));
  return out;
}

Result<std::int64_t> reencrypt_sensitive_entries(db::Database& db, const access::Actor& actor,
                                                 const Keyring& keys, Instant now) {
  if (!actor.system)
    return fail(ErrorCode::kForbidden, "key rotation is an operator task on the server");
  if (!sodium_ready()) return fail(ErrorCode::kInternal, "libsodium failed to initialise");
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  // Every row not yet under the current key, and every row of the unbound version 1
  // (which this binds to the person and kind it sits in now).
  auto rows = (*tx)->query(std::string("SELECT ") + kEntryColumns +
                               " FROM sensitive_entries WHERE key_id <> ? OR cipher_version <> ? "
                               "ORDER BY id",
                           {keys.current.id, kBoundAead});
  if (!rows) return fail(rows.error());
  std::int64_t count = 0;
  for (const auto& r : *rows) {
    const StoredEntry e = stored_entry(r);
    auto plain = open_entry(keys, e);
    if (!plain) return fail(plain.error());
    const Sealed sealed = seal(keys.current, e.person, e.kind, *plain);
    sodium_memzero(plain->data(), plain->size());
    NANSEN_TRY((*tx)->execute(
        "UPDATE sensitive_entries SET key_id = ?, cipher_version = ?, nonce = ?, ciphertext = ? "
        "WHERE id = ?",
        {keys.current.id, kBoundAead, sealed.nonce, sealed.ciphertext, e.id}));
    ++count;
  }
  NANSEN_TRY(
      audit(**tx, actor, "sensitive.reencrypt", "sensitive_entries", 0, std::nullopt, now,
            "{\"entries\":" + std::to_string(count) + ",\"key\":\"" + keys.current.id + "\"}"));
  NANSEN_TRY((*tx)->commit());
  return count;
}

}  // namespace nansen::registry
