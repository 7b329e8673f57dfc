// SPDX-License-Identifier: Apache-2.0
// Trust at the seams, in process: start-up refuses a key file others can read or one
// lacking a key the database uses; the language switch never links off-site; a 5xx
// answer (page or JSON) carries a request id and neither the message nor a file path.
#include <sys/stat.h>

#include <regex>

#include <gtest/gtest.h>

#include "registry/registry.h"
#include "web/app_fixture.h"

namespace nansen::web {
namespace {

using testing::contains;

class TrustTest : public testing::AppTest {
 protected:
  Result<std::unique_ptr<App>> start_with_key_file(const std::string& key_file) {
    Config config;
    config.key_file = key_file;
    return make_app(config, db_, [this] { return now_; });
  }

  registry::PersonId some_person() {
    registry::PersonInput in;
    in.country = "KAZ";
    registry::PersonName n;
    n.family = "Серикова";
    n.given = "Дана";
    n.full_name = "Серикова Дана";
    in.names.push_back(n);
    in.sex = 'F';
    in.birth_date = *parse_civil_date("1994-06-30");
    auto id = registry::register_person(*db_, access::system_actor(), in, now_);
    EXPECT_TRUE(id.has_value()) << id.error().message;
    return *id;
  }

  // A Kazakh caseworker (case.write and sensitive.read), logged in through the form.
  void log_in_as_caseworker() {
    access::NewUser u;
    u.login = "caseworker.kaz";
    u.display_name = u.login;
    u.password = testing::kAdminPassword;
    u.role = access::Role::kCaseworker;
    u.scope = {"KAZ", "MIA-KAZ"};
    ASSERT_TRUE(access::create_user(*db_, access::system_actor(), u, now_));
    log_in_as(u.login, u.password);
  }

  // The hrefs of the language switch in a page.
  static std::vector<std::string> language_links(const std::string& html) {
    std::vector<std::string> out;
    static const std::regex link(R"re(<a href="([^"]*)"[^>]*hreflang=)re");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), link);
         it != std::sregex_iterator(); ++it)
      out.push_back((*it)[1].str());
    return out;
  }
};

TEST_F(TrustTest, StartUpRefusesAKeyFileThatOthersCanRead) {
  const std::string key = (dir_ / "nansen.key").string();
  ASSERT_TRUE(registry::create_key_file(key, "k1"));
  ASSERT_TRUE(start_with_key_file(key)) << "0600 is accepted";
  for (mode_t mode : {0644, 0640, 0604, 0620}) {
    ASSERT_EQ(::chmod(key.c_str(), mode), 0);
    auto app = start_with_key_file(key);
    ASSERT_FALSE(app) << std::oct << mode;
    EXPECT_TRUE(contains(app.error().message, key)) << app.error().message;
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
    EXPECT_TRUE(contains(app.error().message, octal)) << app.error().message;
  }
}

TEST_F(TrustTest, StartUpRefusesAKeyFileLackingAKeyTheDatabaseUses) {
  const std::string old_key = (dir_ / "old.key").string();
  ASSERT_TRUE(registry::create_key_file(old_key, "k-old"));
  auto old_ring = registry::load_keyring(old_key);
  ASSERT_TRUE(old_ring);
  ASSERT_TRUE(registry::add_sensitive_entry(*db_, access::system_actor(), *old_ring, some_person(),
                                            registry::SensitiveKind::kHealth, std::nullopt,
                                            "asthma", now_));
  const std::string other = (dir_ / "other.key").string();
  ASSERT_TRUE(registry::create_key_file(other, "k-new"));
  auto refused = start_with_key_file(other);
  ASSERT_FALSE(refused);
  EXPECT_TRUE(contains(refused.error().message, "k-old")) << refused.error().message;
  EXPECT_TRUE(contains(refused.error().message, other)) << refused.error().message;
  ASSERT_TRUE(registry::rotate_key_file(old_key, "k-new2"));
  EXPECT_TRUE(start_with_key_file(old_key)) << "the old key kept for reading is enough";
}

TEST_F(TrustTest, LanguageLinksStayOnThisSiteWhateverThePathOrHost) {
  for (const std::string target :
       {"//evil.example/", "//evil.example/a?x=1", "/%2F%2Fevil.example/", "/%5Cevil.example/",
        "/\\evil.example/", "/%2F%5Cevil.example"}) {
    Response r = send("GET", target, "", "", {{"host", "evil.example"}});
    ASSERT_EQ(r.status, 404) << target;
    const auto links = language_links(r.body);
    ASSERT_EQ(links.size(), 3u) << target;
    for (const std::string& href : links) {
      EXPECT_EQ(href.rfind("?", 0), 0u) << target << " → " << href;
      EXPECT_FALSE(contains(href, "evil")) << target << " → " << href;
    }
  }
  // Other query parameters survive a switch of language; the old lang is replaced.
  const auto links = language_links(get("/login?next=%2Fusers&lang=ru").body);
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[1], "?next=%2Fusers&amp;lang=ru") << links[1];
}

TEST_F(TrustTest, AServerErrorShowsARequestIdButNeitherTheMessageNorAPath) {
  log_in_as_caseworker();  // a role that may read sensitive entries: past the route policy
  const std::string person = std::to_string(some_person().value);
  ASSERT_FALSE(app_->keyring.has_value());  // no key file: sensitive entries are 503

  Response page = post_form("/persons/" + person + "/notes",
                            "csrf=" + csrf_ + "&kind=health&case_id=&text=asthma");
  EXPECT_EQ(page.status, 503);
  const std::string id = page.header("X-Request-Id");
  ASSERT_EQ(id.size(), 16u);
  EXPECT_TRUE(contains(page.body, "<code>" + id + "</code>")) << "the page shows the request id";
  EXPECT_FALSE(contains(page.body, app_->config.key_file));

  Response api = send("GET", "/api/v1/persons/" + person + "/sensitive");
  EXPECT_EQ(api.status, 503);
  const std::string api_id = api.header("X-Request-Id");
  EXPECT_NE(api_id, id) << "each request has its own id";
  EXPECT_TRUE(contains(api.body, "\"request_id\":\"" + api_id + "\"")) << api.body;
  EXPECT_TRUE(contains(api.body, "\"code\":\"unavailable\"")) << api.body;
  EXPECT_TRUE(contains(api.body, "\"field\":\"key_file\"")) << api.body;
  EXPECT_FALSE(contains(api.body, app_->config.key_file)) << api.body;
  EXPECT_FALSE(contains(api.body, "key file")) << api.body;
}

}  // namespace
}  // namespace nansen::web
