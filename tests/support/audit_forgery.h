// SPDX-License-Identifier: Apache-2.0
// What someone with write access to the database can do to the audit log: edit a row and
// recompute every hash after it, and the head, so the chain verifies again. The encoding
// is public (access/audit_chain.h); this is an independent implementation of it, written
// from that description, so a test that forges with it also pins the byte layout.
#pragma once

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

#include "db/db.h"

namespace nansen::testing {

// Encoding 2 of one row: "nansen-audit/2", then prev_hash and the fields seq, at,
// actor_user_id, actor_login, action, record_type, record_id, country, detail, each as
// N (NULL), I<decimal>; (integer) or T<length>:<bytes> (text); hashed with BLAKE2b-256.
inline std::string forged_typed_hash(const std::string& prev_hash, const db::Row& fields) {
  std::string s = "nansen-audit/2";
  const auto text = [&s](const std::string& t) { s += "T" + std::to_string(t.size()) + ":" + t; };
  text(prev_hash);
  for (std::size_t i = 0; i < 9; ++i) {
    const db::Value& v = fields.value(i);
    if (std::holds_alternative<std::monostate>(v))
      s += "N";
    else if (const auto* n = std::get_if<std::int64_t>(&v))
      s += "I" + std::to_string(*n) + ";";
    else
      text(std::get<std::string>(v));
  }
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(s.data()), s.size(),
                     nullptr, 0);
  char hex[2 * sizeof out + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

// Recomputes prev_hash and hash (encoding 2) of every row from `from_seq` on, and the
// head, exactly as an attacker would after editing a row.
inline void forge_audit_chain_from(db::Database& db, std::int64_t from_seq) {
  ASSERT_GE(sodium_init(), 0);
  auto tx = db.begin(true);
  ASSERT_TRUE(tx);
  std::string prev = "genesis";
  if (from_seq > 1) {
    auto before = (*tx)->query_one("SELECT hash FROM audit_log WHERE seq = ?", {from_seq - 1});
    ASSERT_TRUE(before);
    prev = before->text(0);
  }
  auto rows = (*tx)->query(
      "SELECT seq, at, actor_user_id, actor_login, action, record_type, record_id, country, "
      "detail FROM audit_log WHERE seq >= ? ORDER BY seq",
      {from_seq});
  ASSERT_TRUE(rows);
  std::int64_t last = from_seq - 1;
  for (const auto& r : *rows) {
    const std::string hash = forged_typed_hash(prev, r);
    ASSERT_TRUE(
        (*tx)->execute("UPDATE audit_log SET prev_hash = ?, hash = ?, encoding = 2 WHERE seq = ?",
                       {prev, hash, r.integer(0)}));
    prev = hash;
    last = r.integer(0);
  }
  ASSERT_TRUE((*tx)->execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", {last, prev}));
  ASSERT_TRUE((*tx)->commit());
}

}  // namespace nansen::testing
