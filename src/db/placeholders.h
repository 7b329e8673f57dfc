// SPDX-License-Identifier: Apache-2.0
// Private to db/: translation of portable `?` placeholders to PostgreSQL's $1, $2 ...
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nansen::db {

struct NumberedSql {
  std::string sql;        // `?` outside literals, identifiers and comments → $1, $2 ...
  std::size_t count = 0;  // how many placeholders were numbered
};

// Scans SQL the way PostgreSQL with standard_conforming_strings=on lexes it: '...' literals
// ('' is a quote inside), "..." identifiers, -- comments to the end of the line and
// /* ... */ comments (which nest in PostgreSQL). A `?` inside any of them is text.
NumberedSql number_placeholders(std::string_view sql);

}  // namespace nansen::db
