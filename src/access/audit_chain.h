// SPDX-License-Identifier: Apache-2.0
// Private to access/: the byte layouts an audit row is hashed in. Every row names the
// encoding its hash was computed with, so a layout never changes once rows use it: a new
// layout gets a new number, and rows written under an old one are still verified with it
// (recomputing old hashes would erase the evidence of any earlier tampering).
#pragma once

#include <array>
#include <optional>
#include <string>

#include "db/db.h"

namespace nansen::access::chain {

// Encoding 1, written before migration 0020: seq, "v1", then the text of every field
// after a 0x1f separator, hashed after prev_hash and 0x1e. NULL reads as "" and a field
// containing 0x1f could shift its neighbours, which is why it was replaced.
inline constexpr int kLegacyEncoding = 1;
// Encoding 2: "nansen-audit/2", then prev_hash and every field typed and length-prefixed:
//   NULL → "N"   integer → "I<decimal>;"   text → "T<byte length>:<bytes>"
// (a real → "R<decimal>;", a blob → "B<byte length>:<bytes>", which Nansen never writes).
inline constexpr int kTypedEncoding = 2;
// What record_audit writes.
inline constexpr int kCurrentEncoding = kTypedEncoding;

// The hashed fields of a row, in hashing order, as stored (NULL, integer or text).
struct Fields {
  enum Index {
    kSeq,
    kAt,
    kActorUserId,
    kActorLogin,
    kAction,
    kRecordType,
    kRecordId,
    kCountry,
    kDetail,
    kCount
  };
  std::array<db::Value, kCount> values;
};

// The encoded bytes that are hashed; nullopt for an unknown encoding.
std::optional<std::string> canonical(int encoding, const std::string& prev_hash,
                                     const Fields& fields);
// generichash (BLAKE2b-256, hex) of canonical(); nullopt for an unknown encoding.
std::optional<std::string> row_hash(int encoding, const std::string& prev_hash,
                                    const Fields& fields);

}  // namespace nansen::access::chain
