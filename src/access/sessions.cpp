// SPDX-License-Identifier: Apache-2.0
// Login, sessions and lockout. Cookie secrets are random; only their digests are stored,
// so a copy of the database does not let anyone resume a session.
#include <nlohmann/json.hpp>

#include "access/access.h"
#include "access/account_audit.h"
#include "access/secrets.h"

namespace nansen::access {
namespace {

constexpr std::string_view kBadLogin = "the login or the password is wrong";

Instant parse_or_epoch(const std::string& s) {
  auto t = parse_instant(s);
  return t ? *t : Instant{};
}

Actor actor_from(const db::Row& r, std::size_t first) {
  Actor a;
  a.user = UserId{r.integer(first)};
  a.login = r.text(first + 1);
  a.role = parse_role(r.text(first + 2)).value_or(Role::kObserver);
  a.scope.country = r.optional_text(first + 3);
  a.scope.organisation = r.text(first + 4);
  a.language = r.text(first + 5);
  return a;
}

AuditEvent login_event(std::string action, std::int64_t user_id, nlohmann::json detail = nlohmann::json::object()) {
  return AuditEvent{std::move(action), "user", std::to_string(user_id), std::nullopt, detail.dump()};
}

}  // namespace

SecurityPolicy policy_from(const Config& c) {
  return SecurityPolicy{c.session_idle_minutes, c.session_absolute_hours, c.lockout_failures,
                        c.lockout_minutes};
}

Result<Session> login(db::Database& db, std::string_view login_name, std::string_view password,
                      const SecurityPolicy& policy, Instant now) {
  if (login_name.empty() || login_name.size() > 64 || password.size() > 256 ||
      !is_valid_utf8(password)) {
    burn_password_time(password.substr(0, 256));
    return fail(ErrorCode::kUnauthenticated, std::string(kBadLogin), "login");
  }
  auto rows = db.query(
      "SELECT id, login, role, country, organisation, language, password_hash, disabled, "
      "locked_until, failed_logins FROM users WHERE login = ?",
      {std::string(login_name)});
  if (!rows) return fail(rows.error());
  if (rows->empty() || rows->front().integer(7) != 0) {
    burn_password_time(password);
    return fail(ErrorCode::kUnauthenticated, std::string(kBadLogin), "login");
  }
  const db::Row& user = rows->front();
  const Actor actor = actor_from(user, 0);
  if (auto locked = user.optional_text(8); locked && parse_or_epoch(*locked) > now)
    return fail(ErrorCode::kRateLimited,
                "too many failed attempts: this account is locked until " + *locked, "login");

  const bool ok = verify_password(user.text(6), password);  // slow: outside any transaction
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  if (!ok) {
    const std::int64_t failures = user.integer(9) + 1;
    const bool lock = failures >= policy.lockout_failures;
    const std::string until = format_instant(now + std::chrono::minutes(policy.lockout_minutes));
    NANSEN_TRY((*tx)->execute("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                              {lock ? std::int64_t{0} : failures,
                               lock ? db::Value(until) : db::Value(std::monostate{}),
                               actor.user.value}));
    NANSEN_TRY(record_account_audit(**tx, actor, actor.user,
                            login_event(lock ? "session.lockout" : "session.login_failed",
                                        actor.user.value, {{"failures", failures}}),
                            now));
    NANSEN_TRY((*tx)->commit());
    return fail(ErrorCode::kUnauthenticated, std::string(kBadLogin), "login");
  }
  Session s;
  s.token = random_secret();
  s.csrf_token = random_secret();
  s.actor = actor;
  const std::string at = format_instant(now);
  const Instant absolute = now + std::chrono::hours(policy.session_absolute_hours);
  NANSEN_TRY((*tx)->execute(
      "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?",
      {at, actor.user.value}));
  NANSEN_TRY((*tx)->execute(
      "INSERT INTO sessions (token_hash, csrf_token, user_id, created_at, last_seen_at, "
      "absolute_expires_at) VALUES (?,?,?,?,?,?)",
      {digest_hex(s.token), s.csrf_token, actor.user.value, at, at, format_instant(absolute)}));
  NANSEN_TRY(record_account_audit(**tx, actor, actor.user,
                                  login_event("session.login", actor.user.value), now));
  NANSEN_TRY((*tx)->commit());
  s.expires_at = format_instant(std::min(absolute, now + std::chrono::minutes(policy.session_idle_minutes)));
  return s;
}

Result<Session> resume_session(db::Database& db, std::string_view token,
                               const SecurityPolicy& policy, Instant now) {
  const auto expired = [] {
    return fail(ErrorCode::kUnauthenticated, "your session has ended; please log in again", "session");
  };
  if (token.size() != 64) return expired();
  const std::string token_hash = digest_hex(token);
  auto rows = db.query(
      "SELECT s.id, s.csrf_token, s.last_seen_at, s.absolute_expires_at, u.id, u.login, u.role, "
      "u.country, u.organisation, u.language, u.disabled FROM sessions s JOIN users u ON "
      "u.id = s.user_id WHERE s.token_hash = ? AND s.ended_at IS NULL",
      {token_hash});
  if (!rows) return fail(rows.error());
  if (rows->empty()) return expired();
  const db::Row& r = rows->front();
  const Instant last_seen = parse_or_epoch(r.text(2));
  const Instant absolute = parse_or_epoch(r.text(3));
  const Instant idle_end = last_seen + std::chrono::minutes(policy.session_idle_minutes);
  if (r.integer(10) != 0 || now >= absolute || now >= idle_end) return expired();
  // Touch the session at most once a minute: a page load should not always write.
  if (now - last_seen >= std::chrono::minutes(1)) {
    auto tx = db.begin(true);
    if (!tx) return fail(tx.error());
    NANSEN_TRY((*tx)->execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?",
                              {format_instant(now), r.integer(0)}));
    NANSEN_TRY((*tx)->commit());
  }
  Session s;
  s.token = std::string(token);
  s.csrf_token = r.text(1);
  s.actor = actor_from(r, 4);
  s.expires_at = format_instant(std::min(absolute, now + std::chrono::minutes(policy.session_idle_minutes)));
  return s;
}

Status logout(db::Database& db, std::string_view token, Instant now) {
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto rows = (*tx)->query(
      "SELECT s.id, u.id, u.login, u.role, u.country, u.organisation, u.language FROM sessions s "
      "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.ended_at IS NULL",
      {digest_hex(token)});
  if (!rows) return fail(rows.error());
  if (rows->empty()) return {};  // already ended: logging out twice is not an error
  const Actor actor = actor_from(rows->front(), 1);
  NANSEN_TRY((*tx)->execute("UPDATE sessions SET ended_at = ? WHERE id = ?",
                            {format_instant(now), rows->front().integer(0)}));
  NANSEN_TRY(record_account_audit(**tx, actor, actor.user,
                                  login_event("session.logout", actor.user.value), now));
  return (*tx)->commit();
}

bool check_csrf(const Session& session, std::string_view submitted) {
  return !session.csrf_token.empty() && constant_time_equal(session.csrf_token, submitted);
}

}  // namespace nansen::access
