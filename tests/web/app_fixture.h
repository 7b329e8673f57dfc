// SPDX-License-Identifier: Apache-2.0
// An in-process application over a temporary SQLite database, with one administrator,
// and helpers to send it requests exactly as the network layer would.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "access/access.h"
#include "web/routes.h"

namespace nansen::web::testing {

inline constexpr const char* kAdminPassword = "correct horse battery";

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("nansen-web-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto db = db::open((dir_ / "test.db").string(), db::builtin_migrations());
    ASSERT_TRUE(db.has_value()) << db.error().message;
    db_ = *db;
    access::NewUser admin;
    admin.login = "admin";
    admin.display_name = "Айгүл Сейітова";
    admin.password = kAdminPassword;
    admin.role = access::Role::kAdmin;
    ASSERT_TRUE(access::create_user(*db_, access::system_actor(), admin, now_).has_value());
    auto app = make_app(Config{}, db_, [this] { return now_; });
    ASSERT_TRUE(app.has_value()) << app.error().message << " " << app.error().field;
    app_ = std::move(*app);
  }
  void TearDown() override {
    app_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  Response send(std::string method, const std::string& target, std::string body = "",
                std::string content_type = "", std::map<std::string, std::string> headers = {}) {
    Request req;
    req.method = std::move(method);
    EXPECT_TRUE(parse_target(target, req.path, req.query)) << target;
    req.headers = std::move(headers);
    if (!content_type.empty()) req.headers["content-type"] = content_type;
    if (!cookie_.empty()) req.headers["cookie"] = "nansen_session=" + cookie_;
    req.cookies = parse_cookies(req.header("cookie"));
    req.body = std::move(body);
    return handle_request(*app_, req);
  }
  Response get(const std::string& target) { return send("GET", target); }
  Response post_form(const std::string& target, const std::string& form) {
    return send("POST", target, form, "application/x-www-form-urlencoded");
  }

  // Logs in through the login form; remembers the cookie, the CSRF token and the actor.
  void log_in_as(const std::string& login, const std::string& password) {
    cookie_.clear();
    Response r =
        post_form("/login", "login=" + url_encode(login) + "&password=" + url_encode(password));
    ASSERT_EQ(r.status, 303) << login;
    const std::string set = r.header("Set-Cookie");
    ASSERT_EQ(set.rfind("nansen_session=", 0), 0u) << set;
    cookie_ = set.substr(15, set.find(';') - 15);
    auto session = access::resume_session(*db_, cookie_, access::SecurityPolicy{}, now_);
    ASSERT_TRUE(session.has_value());
    csrf_ = session->csrf_token;
    actor_ = session->actor;
  }
  void log_in() { log_in_as("admin", kAdminPassword); }

  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  std::unique_ptr<App> app_;
  Instant now_ = Instant{std::chrono::seconds{1'780'000'000}};
  std::string cookie_;
  std::string csrf_;
  access::Actor actor_;  // who log_in_as() logged in
};

// The text a reader sees: tags removed, entities left as they are.
inline std::string visible_text(const std::string& html) {
  return std::regex_replace(html, std::regex("<[^>]*>"), " ");
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Every English catalog string that Kazakh translates differently must be absent from a
// Kazakh page. Language names are excluded: a language switch names each language in
// its own language ("English" on every page).
inline void expect_no_english(const std::string& html, const std::string& page) {
  static const auto catalogs = Catalogs::load(embedded::share(), {"en", "kk"});
  ASSERT_TRUE(catalogs.has_value());
  const auto& kk = catalogs->strings("kk");
  const std::string text = visible_text(html);
  for (const auto& [key, value] : catalogs->strings("en")) {
    if (key == "language_name" || value == kk.at(key)) continue;
    EXPECT_EQ(text.find(value), std::string::npos)
        << page << " shows the English text of " << key << ": " << value;
  }
}

}  // namespace nansen::web::testing
