// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "fixture.h"

namespace nansen::access::testing {
namespace {

class Users : public AccessTest {};

TEST_F(Users, CreateValidatesEveryField) {
  NewUser nu;
  nu.login = "Bad Login";
  nu.password = "long enough password";
  EXPECT_EQ(create_user(*db_, system_actor(), nu, now_).error().field, "login");
  nu.login = "good.login";
  nu.password = "short";
  EXPECT_EQ(create_user(*db_, system_actor(), nu, now_).error().field, "password");
  nu.password = "long enough password";
  nu.scope.country = "kz";
  EXPECT_EQ(create_user(*db_, system_actor(), nu, now_).error().field, "country");
  nu.scope.country = "KAZ";
  nu.language = "de";
  EXPECT_EQ(create_user(*db_, system_actor(), nu, now_).error().field, "language");
  nu.language = "kk";
  EXPECT_TRUE(create_user(*db_, system_actor(), nu, now_));
  auto dup = create_user(*db_, system_actor(), nu, now_);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
}

TEST_F(Users, OnlyAdministratorsManageUsers) {
  const User cw = make_user("caseworker.kz", Role::kCaseworker, "KAZ");
  NewUser nu{"x.user", "X", "long enough password", Role::kAdmin, {}, "en"};
  auto r = create_user(*db_, actor_of(cw), nu, now_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  EXPECT_FALSE(list_users(*db_, actor_of(cw)));
}

TEST_F(Users, NationalAdministratorSeesOnlyTheirCountry) {
  const User kz_admin = make_user("admin.kz", Role::kAdmin, "KAZ");
  make_user("cw.kz", Role::kCaseworker, "KAZ");
  const User kg = make_user("cw.kg", Role::kCaseworker, "KGZ");
  auto users = list_users(*db_, actor_of(kz_admin));
  ASSERT_TRUE(users);
  for (const auto& u : *users) EXPECT_EQ(u.scope.country.value_or(""), "KAZ");
  EXPECT_EQ(get_user(*db_, actor_of(kz_admin), kg.id).error().code, ErrorCode::kNotFound);
}

class Sessions : public AccessTest {};

TEST_F(Sessions, LoginResumeLogout) {
  make_user("amina", Role::kCaseworker, "KAZ");
  auto s = login(*db_, "amina", "correct horse battery", {}, now_);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->token.size(), 64u);
  auto again = resume_session(*db_, s->token, {}, now_ + std::chrono::minutes(5));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->actor.login, "amina");
  EXPECT_TRUE(check_csrf(*again, s->csrf_token));
  EXPECT_FALSE(check_csrf(*again, "forged"));
  ASSERT_TRUE(logout(*db_, s->token, now_));
  EXPECT_FALSE(resume_session(*db_, s->token, {}, now_));
}

TEST_F(Sessions, IdleAndAbsoluteTimeouts) {
  make_user("amina", Role::kCaseworker, "KAZ");
  SecurityPolicy p;
  p.session_idle_minutes = 30;
  p.session_absolute_hours = 2;
  auto s = login(*db_, "amina", "correct horse battery", p, now_);
  ASSERT_TRUE(s);
  EXPECT_FALSE(resume_session(*db_, s->token, p, now_ + std::chrono::minutes(31)));
  // Activity every 20 minutes keeps it alive, but only up to the absolute limit.
  Instant t = now_;
  for (int i = 0; i < 5; ++i) {
    t += std::chrono::minutes(20);
    EXPECT_TRUE(resume_session(*db_, s->token, p, t)) << i;
  }
  t += std::chrono::minutes(20);
  EXPECT_FALSE(resume_session(*db_, s->token, p, t));
}

TEST_F(Sessions, SameAnswerForUnknownLoginAndWrongPassword) {
  make_user("amina", Role::kCaseworker, "KAZ");
  auto a = login(*db_, "nobody", "correct horse battery", {}, now_);
  auto b = login(*db_, "amina", "wrong password!!", {}, now_);
  ASSERT_FALSE(a);
  ASSERT_FALSE(b);
  EXPECT_EQ(a.error().message, b.error().message);
  EXPECT_EQ(a.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(Sessions, LockoutAfterRepeatedFailures) {
  make_user("amina", Role::kCaseworker, "KAZ");
  SecurityPolicy p;
  p.lockout_failures = 3;
  p.lockout_minutes = 15;
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(login(*db_, "amina", "wrong password!!", p, now_));
  auto locked = login(*db_, "amina", "correct horse battery", p, now_ + std::chrono::minutes(1));
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(login(*db_, "amina", "correct horse battery", p, now_ + std::chrono::minutes(16)));
}

TEST_F(Sessions, DisablingEndsSessionsAndTokens) {
  const User u = make_user("amina", Role::kCaseworker, "KAZ");
  auto s = login(*db_, "amina", "correct horse battery", {}, now_);
  auto t = issue_token(*db_, system_actor(), u.id, "sync", u.scope, std::nullopt, now_);
  ASSERT_TRUE(s);
  ASSERT_TRUE(t);
  EXPECT_TRUE(authenticate_token(*db_, t->secret, now_));
  ASSERT_TRUE(set_disabled(*db_, system_actor(), u.id, true, now_));
  EXPECT_FALSE(resume_session(*db_, s->token, {}, now_));
  EXPECT_FALSE(authenticate_token(*db_, t->secret, now_));
  EXPECT_FALSE(login(*db_, "amina", "correct horse battery", {}, now_));
}

TEST_F(Sessions, PasswordResetEndsSessions) {
  const User u = make_user("amina", Role::kCaseworker, "KAZ");
  auto s = login(*db_, "amina", "correct horse battery", {}, now_);
  ASSERT_TRUE(change_password(*db_, system_actor(), u.id, {"a new long password", {}}, {}, now_));
  EXPECT_FALSE(resume_session(*db_, s->token, {}, now_));
  EXPECT_FALSE(login(*db_, "amina", "correct horse battery", {}, now_));
  EXPECT_TRUE(login(*db_, "amina", "a new long password", {}, now_));
}

class Tokens : public AccessTest {};

TEST_F(Tokens, ScopeNeverWiderThanUser) {
  const User u = make_user("api.kz", Role::kAnalyst, "KAZ");
  auto wide =
      issue_token(*db_, system_actor(), u.id, "x", Scope{std::nullopt, ""}, std::nullopt, now_);
  ASSERT_FALSE(wide);
  EXPECT_EQ(wide.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(wide.error().field, "country");
  auto t = issue_token(*db_, system_actor(), u.id, "x", Scope{"KAZ", ""}, 30, now_);
  ASSERT_TRUE(t);
  auto a = authenticate_token(*db_, t->secret, now_);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->scope.country.value_or(""), "KAZ");
  EXPECT_TRUE(a->via_token);
  EXPECT_FALSE(authenticate_token(*db_, t->secret, now_ + std::chrono::days(31)));
  ASSERT_TRUE(revoke_token(*db_, system_actor(), t->id, now_));
  EXPECT_FALSE(authenticate_token(*db_, t->secret, now_));
}

}  // namespace
}  // namespace nansen::access::testing
