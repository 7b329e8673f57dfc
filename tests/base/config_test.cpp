// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "base/base.h"

namespace nansen {
namespace {

std::string write_temp(const std::string& text) {
  auto path =
      std::filesystem::temp_directory_path() /
      ("nansen-config-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
       ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".toml");
  std::ofstream(path) << text;
  return path.string();
}

TEST(Config, DefaultsWithoutFile) {
  auto c = load_config("", {});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
}

TEST(Config, FileThenEnvironmentOverrides) {
  auto path =
      write_temp("[server]\nlisten = \"0.0.0.0:9000\"\nthreads = 8\n[database]\nurl = \"a.db\"\n");
  auto c = load_config(path, {{"NANSEN_SERVER_THREADS", "2"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->listen, "0.0.0.0:9000");
  EXPECT_EQ(c->threads, 2);
  EXPECT_EQ(c->db, "a.db");
}

TEST(Config, UnknownKeyIsNamed) {
  auto path = write_temp("[server]\nlisen = \"x\"\n");
  auto c = load_config(path, {});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "server.lisen");
}

TEST(Config, WrongTypesAreNamed) {
  auto c = load_config("", {{"NANSEN_SERVER_THREADS", "many"}});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "server.threads");
  auto path = write_temp("[server]\nlisten = 5\n");
  EXPECT_FALSE(load_config(path, {}));
  auto syntax = write_temp("[server\n");
  EXPECT_FALSE(load_config(syntax, {}));
}

TEST(Config, AnHttpsPublicUrlTurnsSecureCookiesOn) {
  auto plain = load_config("", {{"NANSEN_SERVER_PUBLIC_URL", "http://127.0.0.1:8080"}});
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_FALSE(plain->secure_cookies);
  EXPECT_FALSE(serves_https(*plain));
  auto path = write_temp(
      "[server]\npublic_url = \"https://nansen.example.org\"\n[security]\nsecure_cookies = "
      "false\n");
  auto tls = load_config(path, {});
  ASSERT_TRUE(tls) << tls.error().message;
  EXPECT_TRUE(serves_https(*tls));
  EXPECT_TRUE(tls->secure_cookies) << "https wins over a contradicting secure_cookies";
  for (const char* bad : {"nansen.example.org", "ftp://x", "https://", "https://a b",
                          "https://x/?q=1", "https://user@x"}) {
    auto c = load_config("", {{"NANSEN_SERVER_PUBLIC_URL", bad}});
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error().field, "server.public_url") << bad;
  }
}

TEST(Config, JobsPerUserAreBounded) {
  auto c = load_config("", {});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->max_jobs_per_user, 2);
  EXPECT_EQ(load_config("", {{"NANSEN_SERVER_MAX_JOBS_PER_USER", "5"}})->max_jobs_per_user, 5);
  auto zero = load_config("", {{"NANSEN_SERVER_MAX_JOBS_PER_USER", "0"}});
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().field, "server.max_jobs_per_user");
}

// fuzz/config_fuzz found that toml++ 3.3.0 runs into __builtin_unreachable() for a
// character in U+00A1–U+0499 outside a string or comment ("µ = 1", a Cyrillic key): the
// loader must refuse it with a message naming the line, not hand it to the library.
TEST(Config, NonAsciiOutsideStringsAndCommentsIsRefusedWithItsLine) {
  using namespace std::string_literals;  // "..."s keeps a NUL byte
  for (const std::string& text :
       {"\xc2\xb5\x01"s, "[server]\n\xd0\xbf\xd0\xbe\xd1\x80\xd1\x82 = 1\n"s,
        "[server]\nlisten = \"\"\"\\\n \xd0\x96\"\"\"\n"s,
        // A quote inside garbage opens no string (found by fuzzing) ...
        "_s = 3&iest[lo'@@\xd1\x83\xd1\x80"s + "es\n",
        // ... nor one after a NUL byte.
        "_s2 = 30P\"\"+\"\"E\0\":\xc7\x90::\n"s}) {
    auto c = load_config(write_temp(text), {});
    ASSERT_FALSE(c) << text;
    EXPECT_EQ(c.error().field, "config");
    EXPECT_NE(c.error().message.find("outside ASCII"), std::string::npos) << c.error().message;
  }
  auto line = load_config(write_temp("# ok\n[server]\nthreads = 2 \xd0\x96\n"), {});
  ASSERT_FALSE(line);
  EXPECT_NE(line.error().message.find(":3:"), std::string::npos) << line.error().message;
}

// fuzz/config_fuzz: a top-level key with an empty name ('' = 1) was refused without
// naming any field.
TEST(Config, AnEmptyTopLevelKeyIsNamedAsTheConfig) {
  auto c = load_config(write_temp("'' = 1\n"), {});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "config");
  EXPECT_NE(c.error().message.find("must be a [section]"), std::string::npos) << c.error().message;
}

TEST(Config, CommentsAndOneLineStringsMayHoldAnyUtf8) {
  auto path = write_temp(
      "# \xd0\xba\xd0\xbe\xd0\xbc\xd0\xbc\xd0\xb5\xd0\xbd\xd1\x82\xd0\xb0\xd1\x80\xd0\xb8\xd0\xb9\n"
      "[security]\nkey_file = \"/var/\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87\"  # \xc2\xb5\n"
      "[database]\nurl = '\xd0\xb1\xd0\xb0\xd0\xb7\xd0\xb0.db'\n");
  auto c = load_config(path, {});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->key_file, "/var/\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87");
  EXPECT_EQ(c->db, "\xd0\xb1\xd0\xb0\xd0\xb7\xd0\xb0.db");
}

}  // namespace
}  // namespace nansen
