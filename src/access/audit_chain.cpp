// SPDX-License-Identifier: Apache-2.0
// The audit row encodings (audit_chain.h). Encoding 1 must stay byte for byte what the
// first releases wrote, or every existing chain would read as tampered.
#include "access/audit_chain.h"

#include <charconv>

#include "access/secrets.h"

namespace nansen::access::chain {
namespace {

std::string legacy(const std::string& prev_hash, const Fields& f) {
  // db::Row's text conversions are the ones the first releases hashed with (NULL → "").
  const db::Row row(std::vector<db::Value>(f.values.begin(), f.values.end()));
  std::string s = std::to_string(row.integer(Fields::kSeq)) + "v1";
  for (int i = Fields::kAt; i < Fields::kCount; ++i) {
    s += '\x1f';
    s += row.text(static_cast<std::size_t>(i));
  }
  return prev_hash + "\x1e" + s;
}

void append_bytes(std::string& out, char tag, std::string_view bytes) {
  out += tag;
  out += std::to_string(bytes.size());
  out += ':';
  out += bytes;
}

void append_typed(std::string& out, const db::Value& v) {
  if (std::holds_alternative<std::monostate>(v)) {
    out += 'N';
  } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
    out += 'I' + std::to_string(*i) + ';';
  } else if (const auto* d = std::get_if<double>(&v)) {
    char buf[64];
    const auto end = std::to_chars(buf, buf + sizeof buf, *d).ptr;
    out += 'R' + std::string(buf, end) + ';';
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    append_bytes(out, 'T', *s);
  } else if (const auto* b = std::get_if<db::Blob>(&v)) {
    append_bytes(out, 'B',
                 std::string_view(reinterpret_cast<const char*>(b->bytes.data()), b->bytes.size()));
  }
}

std::string typed(const std::string& prev_hash, const Fields& f) {
  std::string s = "nansen-audit/2";
  append_typed(s, db::Value(prev_hash));
  for (const db::Value& v : f.values) append_typed(s, v);
  return s;
}

}  // namespace

std::optional<std::string> canonical(int encoding, const std::string& prev_hash,
                                     const Fields& fields) {
  switch (encoding) {
    case kLegacyEncoding:
      return legacy(prev_hash, fields);
    case kTypedEncoding:
      return typed(prev_hash, fields);
    default:
      return std::nullopt;
  }
}

std::optional<std::string> row_hash(int encoding, const std::string& prev_hash,
                                    const Fields& fields) {
  auto bytes = canonical(encoding, prev_hash, fields);
  if (!bytes) return std::nullopt;
  return digest_hex(*bytes);
}

}  // namespace nansen::access::chain
