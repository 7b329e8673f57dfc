// SPDX-License-Identifier: Apache-2.0
// Sensitive entries under libsodium secretbox (XSalsa20-Poly1305). The key lives in a
// file outside the database; each row names its key, so a rotated-out key can still read
// old rows until reencrypt_sensitive_entries() has moved them to the current key.
#include <sodium.h>
#include <sys/stat.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "registry/internal.h"

namespace nansen::registry {
namespace {

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

bool valid_key_id(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

Status write_key_lines(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return fail(ErrorCode::kUnavailable, "cannot write the key file", path);
    out << content;
    if (!out.flush()) return fail(ErrorCode::kUnavailable, "cannot write the key file", path);
  }
  ::chmod(tmp.c_str(), 0600);
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return fail(ErrorCode::kUnavailable, "cannot replace the key file", path);
  return {};
}

std::string fresh_key_line(std::string_view id) {
  std::array<unsigned char, crypto_secretbox_KEYBYTES> key{};
  crypto_secretbox_keygen(key.data());
  std::string line = std::string(id) + " " + to_hex(key.data(), key.size()) + "\n";
  sodium_memzero(key.data(), key.size());
  return line;
}

struct Sealed {
  db::Blob nonce;
  db::Blob ciphertext;
};

Sealed seal(const SecretKey& key, std::string_view plain) {
  Sealed s;
  s.nonce.bytes.resize(crypto_secretbox_NONCEBYTES);
  randombytes_buf(s.nonce.bytes.data(), s.nonce.bytes.size());
  s.ciphertext.bytes.resize(plain.size() + crypto_secretbox_MACBYTES);
  crypto_secretbox_easy(s.ciphertext.bytes.data(),
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                        s.nonce.bytes.data(), key.bytes.data());
  return s;
}

Result<std::string> open_sealed(const SecretKey& key, const db::Blob& nonce,
                                const db::Blob& ciphertext) {
  if (nonce.bytes.size() != crypto_secretbox_NONCEBYTES ||
      ciphertext.bytes.size() < crypto_secretbox_MACBYTES)
    return fail(ErrorCode::kInternal, "a sensitive entry is damaged");
  std::string plain(ciphertext.bytes.size() - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 ciphertext.bytes.data(), ciphertext.bytes.size(),
                                 nonce.bytes.data(), key.bytes.data()) != 0)
    return fail(ErrorCode::kInternal,
                "a sensitive entry does not authenticate under its key (wrong key file?)");
  return plain;
}

}  // namespace

const SecretKey* Keyring::find(std::string_view id) const {
  if (current.id == id) return &current;
  for (const auto& k : previous)
    if (k.id == id) return &k;
  return nullptr;
}

Result<Keyring> load_keyring(const std::string& key_file) {
  if (!sodium_ready()) return fail(ErrorCode::kInternal, "libsodium failed to initialise");
  std::ifstream in(key_file, std::ios::binary);
  if (!in) return fail(ErrorCode::kUnavailable, "cannot read the key file", key_file);
  Keyring ring;
  std::string line;
  int number = 0;
  bool have_current = false;
  while (std::getline(in, line)) {
    ++number;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const std::string where = key_file + ":" + std::to_string(number);
    const auto space = t.find(' ');
    SecretKey key;
    key.id = t.substr(0, space);
    const std::string hex = space == std::string::npos ? "" : trim(t.substr(space + 1));
    std::size_t len = 0;
    if (!valid_key_id(key.id) || hex.size() != 64 ||
        sodium_hex2bin(key.bytes.data(), key.bytes.size(), hex.data(), hex.size(), nullptr, &len,
                       nullptr) != 0 ||
        len != key.bytes.size())
      return fail(ErrorCode::kInvalid, "expected '<key id> <64 hex digits>'", where);
    if (ring.find(key.id)) return fail(ErrorCode::kInvalid, "duplicate key id", where);
    if (!have_current) {
      ring.current = key;
      have_current = true;
    } else {
      ring.previous.push_back(key);
    }
  }
  if (!have_current) return fail(ErrorCode::kInvalid, "the key file holds no key", key_file);
  return ring;
}

Status create_key_file(const std::string& key_file, std::string_view key_id) {
  if (!sodium_ready()) return fail(ErrorCode::kInternal, "libsodium failed to initialise");
  if (!valid_key_id(key_id))
    return fail(ErrorCode::kInvalid, "1–32 of A–Z a–z 0–9 - _ .", "key_id");
  if (std::filesystem::exists(key_file))
    return fail(ErrorCode::kConflict, "the key file already exists", key_file);
  return write_key_lines(
      key_file, "# Nansen sensitive-field keys: first line = current\n" + fresh_key_line(key_id));
}

Status rotate_key_file(const std::string& key_file, std::string_view new_key_id) {
  auto ring = load_keyring(key_file);
  if (!ring) return fail(ring.error());
  if (!valid_key_id(new_key_id) || ring->find(new_key_id))
    return fail(ErrorCode::kInvalid, "a new, unused key id is required", "key_id");
  std::ostringstream content;
  content << "# Nansen sensitive-field keys: first line = current\n" << fresh_key_line(new_key_id);
  for (const SecretKey* k : [&] {
         std::vector<const SecretKey*> all = {&ring->current};
         for (const auto& p : ring->previous) all.push_back(&p);
         return all;
       }())
    content << k->id << " " << to_hex(k->bytes.data(), k->bytes.size()) << "\n";
  return write_key_lines(key_file, content.str());
}

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
  const Sealed sealed = seal(keys.current, text);
  db::Value case_value = std::monostate{};
  if (case_id) case_value = *case_id;
  auto id = (*tx)->insert(
      "INSERT INTO sensitive_entries (person_id, case_id, kind, key_id, nonce, ciphertext, "
      "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {person.value, case_value, std::string(sensitive_kind_name(kind)), keys.current.id,
       sealed.nonce, sealed.ciphertext, format_instant(now), actor.user.value});
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
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto country = person_country_in_scope(**tx, actor, person);
  if (!country) return fail(country.error());
  auto rows = (*tx)->query(
      "SELECT id, kind, case_id, key_id, nonce, ciphertext, created_at FROM sensitive_entries "
      "WHERE person_id = ? ORDER BY id",
      {person.value});
  if (!rows) return fail(rows.error());
  std::vector<SensitiveEntry> out;
  for (const auto& r : *rows) {
    const SecretKey* key = keys.find(r.text(3));
    if (!key || !r.blob(4) || !r.blob(5))
      return fail(ErrorCode::kInternal, "the key of a sensitive entry is not in the key file");
    auto plain = open_sealed(*key, *r.blob(4), *r.blob(5));
    if (!plain) return fail(plain.error());
    SensitiveEntry e;
    e.id = r.integer(0);
    e.kind = parse_sensitive_kind(r.text(1)).value_or(SensitiveKind::kInterviewNotes);
    e.case_id = r.optional_integer(2);
    e.text = Sensitive<std::string>(std::move(*plain));
    e.created_at = r.text(6);
    out.push_back(std::move(e));
  }
  NANSEN_TRY(audit(**tx, actor, "person.sensitive.read", "person", person.value, *country, now,
                   "{\"entries\":" + std::to_string(out.size()) + "}"));
  NANSEN_TRY((*tx)->commit());
  return out;
}

Result<std::int64_t> reencrypt_sensitive_entries(db::Database& db, const access::Actor& actor,
                                                 const Keyring& keys, Instant now) {
  if (!actor.system)
    return fail(ErrorCode::kForbidden, "key rotation is an operator task on the server");
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto rows =
      (*tx)->query("SELECT id, key_id, nonce, ciphertext FROM sensitive_entries WHERE key_id <> ?",
                   {keys.current.id});
  if (!rows) return fail(rows.error());
  std::int64_t count = 0;
  for (const auto& r : *rows) {
    const SecretKey* key = keys.find(r.text(1));
    if (!key || !r.blob(2) || !r.blob(3))
      return fail(ErrorCode::kInternal,
                  "entry " + std::to_string(r.integer(0)) + ": its key is not in the key file");
    auto plain = open_sealed(*key, *r.blob(2), *r.blob(3));
    if (!plain) return fail(plain.error());
    const Sealed sealed = seal(keys.current, *plain);
    sodium_memzero(plain->data(), plain->size());
    NANSEN_TRY((*tx)->execute(
        "UPDATE sensitive_entries SET key_id = ?, nonce = ?, ciphertext = ? WHERE id = ?",
        {keys.current.id, sealed.nonce, sealed.ciphertext, r.integer(0)}));
    ++count;
  }
  NANSEN_TRY(
      audit(**tx, actor, "sensitive.reencrypt", "sensitive_entries", 0, std::nullopt, now,
            "{\"entries\":" + std::to_string(count) + ",\"key\":\"" + keys.current.id + "\"}"));
  NANSEN_TRY((*tx)->commit());
  return count;
}

}  // namespace nansen::registry
