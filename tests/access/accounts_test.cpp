// SPDX-License-Identifier: Apache-2.0
// Trust at the seams: an administrator reaches only the accounts of its scope and makes
// nothing wider than itself; a token never outgrows the credential that made it and never
// changes a password; a refused login says nothing about the account.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "fixture.h"

namespace nansen::access::testing {
namespace {

constexpr const char* kPassword = "correct horse battery";

class Accounts : public AccessTest {
 protected:
  void SetUp() override {
    AccessTest::SetUp();
    kgz_admin_ = make_user("admin.kgz", Role::kAdmin, "KGZ", "MIA-KGZ");
    kgz_cw_ = make_user("cw.kgz", Role::kCaseworker, "KGZ", "MIA-KGZ");
    kgz_ngo_ = make_user("ngo.kgz", Role::kFocalPoint, "KGZ", "NGO-KGZ");
    kaz_cw_ = make_user("cw.kaz", Role::kCaseworker, "KAZ", "MIA-KAZ");
    regional_ = make_user("analyst.ca", Role::kAnalyst, std::nullopt, "UNHCR");
  }

  static NewUser new_user(std::string login, Role role, std::optional<std::string> country,
                          std::string org) {
    return NewUser{std::move(login),
                   "",
                   "long enough password",
                   role,
                   Scope{std::move(country), std::move(org)},
                   "en"};
  }

  std::vector<AuditRow> audit(const Actor& actor, std::optional<std::string> action = {}) {
    AuditFilter f;
    f.action = std::move(action);
    f.limit = 1000;
    auto rows = list_audit(*db_, actor, f);
    EXPECT_TRUE(rows) << (rows ? "" : rows.error().message);
    return rows ? *rows : std::vector<AuditRow>{};
  }

  std::size_t user_count() { return list_users(*db_, system_actor())->size(); }

  User kgz_admin_, kgz_cw_, kgz_ngo_, kaz_cw_, regional_;
};

TEST_F(Accounts, CreateNeverWiderThanTheAdministratorAndARefusalWritesNothing) {
  const Actor kgz = actor_of(kgz_admin_);
  const std::size_t users = user_count();
  const std::size_t rows = audit(system_actor()).size();
  const struct {
    NewUser user;
    const char* field;
  } refused[] = {
      {new_user("wide.regional", Role::kDecisionMaker, std::nullopt, "MIA-KGZ"), "country"},
      {new_user("wide.kaz", Role::kDecisionMaker, "KAZ", "MIA-KGZ"), "country"},
      {new_user("wide.ngo", Role::kCaseworker, "KGZ", "NGO-KGZ"), "organisation"},
      {new_user("wide.anyorg", Role::kCaseworker, "KGZ", ""), "organisation"},
  };
  for (const auto& c : refused) {
    auto r = create_user(*db_, kgz, c.user, now_);
    ASSERT_FALSE(r) << c.user.login;
    EXPECT_EQ(r.error().code, ErrorCode::kForbidden) << c.user.login;
    EXPECT_EQ(r.error().field, c.field) << c.user.login;
  }
  EXPECT_EQ(user_count(), users);
  EXPECT_EQ(audit(system_actor()).size(), rows);
  // The scope, not the role, is what must not widen: caseworkers of its own office it makes.
  auto made =
      create_user(*db_, kgz, new_user("new.cw.kgz", Role::kCaseworker, "KGZ", "MIA-KGZ"), now_);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->scope.country.value_or(""), "KGZ");
}

TEST_F(Accounts, AnAccountOutsideTheScopeAnswersLikeAMissingOne) {
  const Actor kgz = actor_of(kgz_admin_);
  const auto answers = [&](UserId id) {
    std::vector<Error> out;
    const auto push = [&](const auto& r) { out.push_back(r ? Error{} : r.error()); };
    push(get_user(*db_, kgz, id));
    push(set_disabled(*db_, kgz, id, true, now_));
    push(set_disabled(*db_, kgz, id, false, now_));
    push(change_password(*db_, kgz, id, {"hijacked password", {}}, {}, now_));
    push(set_language(*db_, kgz, id, "ru", now_));
    push(list_tokens(*db_, kgz, id));
    push(issue_token(*db_, kgz, id, "stolen", Scope{"KGZ", "MIA-KGZ"}, 5, now_));
    return out;
  };
  const auto missing = answers(UserId{999999});
  for (const User& outside : {kaz_cw_, regional_, kgz_ngo_}) {
    const auto got = answers(outside.id);
    ASSERT_EQ(got.size(), missing.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].code, ErrorCode::kNotFound) << outside.login << " #" << i;
      EXPECT_EQ(got[i].message, missing[i].message) << outside.login << " #" << i;
      EXPECT_EQ(got[i].field, missing[i].field) << outside.login << " #" << i;
    }
    EXPECT_TRUE(login(*db_, outside.login, kPassword, {}, now_)) << outside.login << " changed";
  }
  EXPECT_TRUE(list_tokens(*db_, system_actor(), kaz_cw_.id)->empty());
}

TEST_F(Accounts, TheUserListAndAccountEventsAreScopedAlike) {
  ASSERT_TRUE(login(*db_, "cw.kaz", kPassword, {}, now_));
  ASSERT_FALSE(login(*db_, "analyst.ca", "wrong password!", {}, now_));
  ASSERT_TRUE(login(*db_, "cw.kgz", kPassword, {}, now_));
  auto users = list_users(*db_, actor_of(kgz_admin_));
  ASSERT_TRUE(users);
  std::vector<std::string> logins;
  std::vector<std::string> ids;
  for (const User& u : *users) {
    logins.push_back(u.login);
    ids.push_back(std::to_string(u.id.value));
  }
  EXPECT_EQ(logins, (std::vector<std::string>{"admin.kgz", "cw.kgz"}));
  std::size_t seen = 0;
  for (const char* prefix : {"user.", "session."})
    for (const AuditRow& row : audit(actor_of(kgz_admin_), prefix)) {
      ++seen;
      EXPECT_NE(std::find(ids.begin(), ids.end(), row.record_id), ids.end())
          << row.action << " of account " << row.record_id << " leaks";
    }
  EXPECT_GE(seen, 3u);  // the two creations and cw.kgz's login
  // The regional administrator sees them all.
  EXPECT_GT(audit(system_actor(), "user.").size(), 2u);
}

TEST(Roles, WidthComesFromThePermissionSets) {
  EXPECT_TRUE(role_within(Role::kAnalyst, Role::kAdmin));
  EXPECT_TRUE(role_within(Role::kObserver, Role::kFocalPoint));
  EXPECT_TRUE(role_within(Role::kAdmin, Role::kAdmin));
  EXPECT_FALSE(role_within(Role::kCaseworker, Role::kAdmin));          // sensitive.read, case.*
  EXPECT_FALSE(role_within(Role::kAdmin, Role::kAnalyst));             // users.manage
  EXPECT_FALSE(role_within(Role::kDecisionMaker, Role::kCaseworker));  // case.approve

  Actor admin;
  admin.role = Role::kAdmin;
  admin.scope.country = "KGZ";
  for (Role r : all_roles()) EXPECT_TRUE(may_grant_role(admin, r)) << role_name(r);
  Actor caseworker;
  caseworker.role = Role::kCaseworker;
  EXPECT_FALSE(may_grant_role(caseworker, Role::kObserver));  // no users.manage
  EXPECT_TRUE(may_grant_role(system_actor(), Role::kAdmin));
}

TEST_F(Accounts, ChangingOnesOwnPasswordNeedsTheCurrentOneAndWrongGuessesCount) {
  const Actor me = actor_of(kgz_cw_);
  SecurityPolicy p;
  p.lockout_failures = 3;
  auto none = change_password(*db_, me, me.user, {"my new password 1", {}}, p, now_);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(none.error().field, "current_password");
  auto ok = change_password(*db_, me, me.user, {"my new password 1", kPassword}, p, now_);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(login(*db_, "cw.kgz", "my new password 1", p, now_));
  EXPECT_EQ(audit(system_actor(), "user.password_change").size(), 1u);
  // A stolen session cannot guess the password: wrong answers lock the account.
  for (int i = 0; i < 3; ++i) {
    auto wrong = change_password(*db_, me, me.user,
                                 {"my new password 2", "a guess " + std::to_string(i)}, p, now_);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().field, "current_password");
  }
  EXPECT_FALSE(login(*db_, "cw.kgz", "my new password 1", p, now_));
  EXPECT_FALSE(
      change_password(*db_, me, me.user, {"my new password 2", "my new password 1"}, p, now_));
}

TEST_F(Accounts, ATokenNeverChangesAPassword) {
  auto t =
      issue_token(*db_, actor_of(kgz_admin_), kgz_admin_.id, "script", kgz_admin_.scope, 30, now_);
  ASSERT_TRUE(t) << t.error().message;
  auto via = authenticate_token(*db_, t->secret, now_);
  ASSERT_TRUE(via);
  for (UserId target : {kgz_admin_.id, kgz_cw_.id}) {
    auto r = change_password(*db_, *via, target, {"taken over password", kPassword}, {}, now_);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  }
  EXPECT_TRUE(login(*db_, "admin.kgz", kPassword, {}, now_));
  EXPECT_TRUE(login(*db_, "cw.kgz", kPassword, {}, now_));
}

TEST_F(Accounts, AnAdministratorsResetNeedsNoCurrentPasswordAndIsAudited) {
  ASSERT_TRUE(
      change_password(*db_, actor_of(kgz_admin_), kgz_cw_.id, {"reset by admin 1", {}}, {}, now_));
  EXPECT_TRUE(login(*db_, "cw.kgz", "reset by admin 1", {}, now_));
  const auto rows = audit(system_actor(), "user.password_reset");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].actor_login, "admin.kgz");
  EXPECT_EQ(rows[0].record_id, std::to_string(kgz_cw_.id.value));
  EXPECT_EQ(rows[0].country.value_or(""), "KGZ");
  // Its own password is not a reset.
  auto self = change_password(*db_, actor_of(kgz_admin_), kgz_admin_.id, {"reset by admin 2", {}},
                              {}, now_);
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().field, "current_password");
}

TEST_F(Accounts, ATokenMintedByATokenIsNoWiderInScopeOrExpiry) {
  const User admin = make_user("admin.ca", Role::kAdmin);
  auto t = issue_token(*db_, actor_of(admin), admin.id, "kgz", Scope{"KGZ", ""}, 30, now_);
  ASSERT_TRUE(t) << t.error().message;
  auto via = authenticate_token(*db_, t->secret, now_);
  ASSERT_TRUE(via);
  ASSERT_TRUE(via->token_expires_at);
  const struct {
    Scope scope;
    std::optional<int> days;
    const char* field;
  } refused[] = {
      {Scope{std::nullopt, ""}, 5, "country"},
      {Scope{"KAZ", ""}, 5, "country"},
      {Scope{"KGZ", ""}, std::nullopt, "valid_days"},
      {Scope{"KGZ", ""}, 31, "valid_days"},
  };
  for (const auto& c : refused) {
    auto r = issue_token(*db_, *via, admin.id, "wider", c.scope, c.days, now_);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().code, ErrorCode::kForbidden) << c.field;
    EXPECT_EQ(r.error().field, c.field);
  }
  EXPECT_EQ(list_tokens(*db_, system_actor(), admin.id)->size(), 1u);
  auto narrower = issue_token(*db_, *via, admin.id, "narrower", Scope{"KGZ", "MIA-KGZ"}, 30, now_);
  ASSERT_TRUE(narrower) << narrower.error().message;
  // Through the KGZ token, a Kazakh account is as missing as any.
  auto kaz = get_user(*db_, *via, kaz_cw_.id);
  ASSERT_FALSE(kaz);
  EXPECT_EQ(kaz.error().code, ErrorCode::kNotFound);
}

TEST_F(Accounts, ATokenNeverCarriesAPermissionItsMakerLacks) {
  auto by_admin = issue_token(*db_, actor_of(kgz_admin_), kgz_cw_.id, "x", kgz_cw_.scope, 5, now_);
  ASSERT_FALSE(by_admin);
  EXPECT_EQ(by_admin.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(by_admin.error().field, "role");
  EXPECT_TRUE(issue_token(*db_, actor_of(kgz_cw_), kgz_cw_.id, "mine", kgz_cw_.scope, 5, now_));
}

class Login : public AccessTest {};

TEST_F(Login, LockedWrongAndUnknownAnswerAlikeAndTheLockHolds) {
  make_user("amina", Role::kCaseworker, "KAZ");
  make_user("bolat", Role::kCaseworker, "KAZ");
  SecurityPolicy p;
  p.lockout_failures = 3;
  for (int i = 0; i < 3; ++i) ASSERT_FALSE(login(*db_, "amina", "wrong password!!", p, now_));
  const Error locked = login(*db_, "amina", kPassword, p, now_).error();
  const Error wrong = login(*db_, "bolat", "wrong password!!", p, now_).error();
  const Error unknown = login(*db_, "nobody", kPassword, p, now_).error();
  for (const Error& e : {locked, wrong}) {
    EXPECT_EQ(e.code, unknown.code);
    EXPECT_EQ(e.message, unknown.message);
    EXPECT_EQ(e.field, unknown.field);
  }
  EXPECT_EQ(unknown.code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(login(*db_, "amina", kPassword, p, now_ + std::chrono::minutes(16)));
}

// The locked answer must cost what a wrong password costs (one Argon2id verification);
// an instant answer would tell a guesser that the account exists and is locked.
TEST_F(Login, ALockedAccountAnswersAsSlowlyAsAnUnknownLogin) {
  make_user("amina", Role::kCaseworker, "KAZ");
  SecurityPolicy p;
  p.lockout_failures = 1;
  ASSERT_FALSE(login(*db_, "amina", "wrong password!!", p, now_));
  const auto fastest = [&](const char* who) {
    auto best = std::chrono::steady_clock::duration::max();
    for (int i = 0; i < 3; ++i) {
      const auto start = std::chrono::steady_clock::now();
      EXPECT_FALSE(login(*db_, who, kPassword, p, now_));
      best = std::min(best, std::chrono::steady_clock::now() - start);
    }
    return best;
  };
  const auto locked = fastest("amina");
  const auto unknown = fastest("nobody");
  EXPECT_GT(locked * 4, unknown) << "locked " << locked.count() << " unknown " << unknown.count();
}

TEST_F(Login, ParallelWrongGuessesAllCount) {
  make_user("amina", Role::kCaseworker, "KAZ");
  SecurityPolicy p;
  p.lockout_failures = 8;
  std::vector<std::thread> guessers;
  for (int i = 0; i < 8; ++i)
    guessers.emplace_back([&, i] {
      EXPECT_FALSE(login(*db_, "amina", "guess number " + std::to_string(i), p, now_));
    });
  for (auto& t : guessers) t.join();
  EXPECT_FALSE(login(*db_, "amina", kPassword, p, now_)) << "8 failures should lock the account";
}

}  // namespace
}  // namespace nansen::access::testing
