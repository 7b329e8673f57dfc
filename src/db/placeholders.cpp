// SPDX-License-Identifier: Apache-2.0
// Placeholder translation for the PostgreSQL backend (see placeholders.h).
#include "db/placeholders.h"

#include "db/backends.h"

namespace nansen::db {

NumberedSql number_placeholders(std::string_view sql) {
  NumberedSql out;
  out.sql.reserve(sql.size() + 8);
  std::size_t i = 0;
  // Copies up to and including the first `close` at or after `from`, or to the end of the
  // text when unterminated (the server then reports the syntax error).
  const auto copy_through = [&](std::size_t from, char close) {
    std::size_t end = sql.find(close, from);
    end = end == std::string_view::npos ? sql.size() : end + 1;
    out.sql.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < sql.size()) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (c == '\'' || c == '"') {
      // A doubled quote inside ('it''s') closes and reopens, which this loop sees as two
      // adjacent literals: the same characters either way.
      copy_through(i + 1, c);
    } else if (c == '-' && next == '-') {
      copy_through(i + 2, '\n');
    } else if (c == '/' && next == '*') {
      std::size_t depth = 0;
      std::size_t j = i;
      while (j < sql.size()) {
        if (sql.compare(j, 2, "/*") == 0) {
          ++depth;
          j += 2;
        } else if (sql.compare(j, 2, "*/") == 0) {
          j += 2;
          if (--depth == 0) break;
        } else {
          ++j;
        }
      }
      out.sql.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '?') {
      out.sql += '$';
      out.sql += std::to_string(++out.count);
      ++i;
    } else {
      out.sql += c;
      ++i;
    }
  }
  return out;
}

std::string to_numbered_placeholders(std::string_view sql) {
  return number_placeholders(sql).sql;
}

}  // namespace nansen::db
