// SPDX-License-Identifier: Apache-2.0
// `?` → $n translation for PostgreSQL: only placeholders outside literals, quoted
// identifiers and comments are numbered.
#include <gtest/gtest.h>

#include "db/backends.h"
#include "db/placeholders.h"

namespace nansen::db {
namespace {

struct Case {
  const char* sql;
  const char* expected;
  std::size_t count;
};

const Case kCases[] = {
    {"SELECT 1", "SELECT 1", 0},
    {"", "", 0},
    {"SELECT ?", "SELECT $1", 1},
    {"INSERT INTO t (a, b, c) VALUES (?, ?,?)", "INSERT INTO t (a, b, c) VALUES ($1, $2,$3)", 3},
    {"SELECT * FROM t WHERE a = ? LIMIT ? OFFSET ?",
     "SELECT * FROM t WHERE a = $1 LIMIT $2 OFFSET $3", 3},
    // Eleven placeholders: numbering goes past one digit.
    {"VALUES (?,?,?,?,?,?,?,?,?,?,?)", "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)", 11},
    // Literals.
    {"SELECT 'why?' , ?", "SELECT 'why?' , $1", 1},
    {"SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1},
    {"SELECT '', ?", "SELECT '', $1", 1},
    {"SELECT 'a\\', ?", "SELECT 'a\\', $1", 1},  // standard strings: a backslash is a character
    {"SELECT ?, 'unterminated ?", "SELECT $1, 'unterminated ?", 1},
    // Quoted identifiers.
    {"SELECT \"what?\" FROM t WHERE x = ?", "SELECT \"what?\" FROM t WHERE x = $1", 1},
    {"SELECT \"a\"\"?\" , ?", "SELECT \"a\"\"?\" , $1", 1},
    // Comments.
    {"SELECT ? -- really?\n, ?", "SELECT $1 -- really?\n, $2", 2},
    {"SELECT 1 -- trailing comment without newline ?",
     "SELECT 1 -- trailing comment without newline ?", 0},
    {"SELECT ? /* why? */ , ?", "SELECT $1 /* why? */ , $2", 2},
    {"SELECT /* outer /* inner? */ still comment? */ ?",
     "SELECT /* outer /* inner? */ still comment? */ $1", 1},
    {"SELECT 1 /* unterminated ?", "SELECT 1 /* unterminated ?", 0},
    // Not comment starts.
    {"SELECT 5 - ? - -?", "SELECT 5 - $1 - -$2", 2},
    {"SELECT 6 / ?", "SELECT 6 / $1", 1},
    // UTF-8 around placeholders is copied untouched.
    {"SELECT 'Жанна?', ? -- қазақша?\n", "SELECT 'Жанна?', $1 -- қазақша?\n", 1},
};

class PlaceholderTest : public ::testing::TestWithParam<Case> {};

TEST_P(PlaceholderTest, NumbersOnlyPlaceholdersOutsideLiteralsIdentifiersAndComments) {
  const Case& c = GetParam();
  const NumberedSql out = number_placeholders(c.sql);
  EXPECT_EQ(out.sql, c.expected);
  EXPECT_EQ(out.count, c.count);
  EXPECT_EQ(to_numbered_placeholders(c.sql), c.expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, PlaceholderTest, ::testing::ValuesIn(kCases));

}  // namespace
}  // namespace nansen::db
