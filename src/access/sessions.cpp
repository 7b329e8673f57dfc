// SPDX-License-Identifier: Apache-2.0
// Login, sessions and lockout. Cookie secrets are random; only their digests are stored,
// so a copy of the database does not let anyone resume a session.
#include <nlohmann/json.hpp>

#include "access/access.h"
#include "access/account_scope.h"
#include "access/credentials.h"
#include "access/secrets.h"

namespace nansen::access {
namespace {

// The one answer to every refused login: unknown, wrong, disabled or locked alike.
constexpr std::string_view kBadLogin =
    "the login or the password is wrong, or the account is locked after repeated failures";

Status refused_login() {
  return fail(ErrorCode::kUnauthenticated, std::string(kBadLogin), "login");
}

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

AuditEvent login_event(std::string action, const Actor& account,
                       nlohmann::json detail = nlohmann::json::object()) {
  return account_event(std::move(action), account.user.value, account.scope.country, detail.dump());
}

constexpr const char* kAccountColumns =
    "id, login, role, country, organisation, language, password_hash, disabled";

}  // namespace

SecurityPolicy policy_from(const Config& c) {
  return SecurityPolicy{c.session_idle_minutes, c.session_absolute_hours, c.lockout_failures,
                        c.lockout_minutes};
}

Status count_failure(db::Transaction& tx, const Actor& account, const SecurityPolicy& policy,
                     Instant now, std::string_view via) {
  // One statement reads and writes the counter: no failure is lost to a parallel one.
  // Reaching the limit locks the account and starts a new count, so each further
  // `lockout_failures` failures, even while locked, extend the lock.
  const std::int64_t limit = policy.lockout_failures;
  auto row = tx.query_one(
      "UPDATE users SET "
      "failed_logins = CASE WHEN failed_logins + 1 >= ? THEN 0 ELSE failed_logins + 1 END, "
      "locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END "
      "WHERE id = ? RETURNING failed_logins",
      {limit, limit, format_instant(now + std::chrono::minutes(policy.lockout_minutes)),
       account.user.value});
  if (!row) return fail(row.error());
  const std::int64_t failures = row->integer(0);
  const bool locked_now = failures == 0;
  return record_audit(tx, account,
                      login_event(locked_now ? "session.lockout" : "session.login_failed", account,
                                  {{"failures", locked_now ? limit : failures}, {"via", via}}),
                      now);
}

Status check_current_password(db::Database& db, const Actor& actor, std::string_view password,
                              const SecurityPolicy& policy, Instant now) {
  const auto wrong = [] {
    return fail(ErrorCode::kForbidden, "the current password is wrong", "current_password");
  };
  auto rows =
      db.query("SELECT password_hash, locked_until FROM users WHERE id = ?", {actor.user.value});
  if (!rows) return fail(rows.error());
  if (rows->empty()) {
    burn_password_time(password);
    return wrong();
  }
  const bool ok = password.size() <= 256 && verify_password(rows->front().text(0), password);
  const auto locked = rows->front().optional_text(1);
  if (ok) {
    if (locked && parse_or_epoch(*locked) > now) return wrong();
    return {};
  }
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  NANSEN_TRY(count_failure(**tx, actor, policy, now, "password_change"));
  NANSEN_TRY((*tx)->commit());
  return wrong();
}

Result<Session> login(db::Database& db, std::string_view login_name, std::string_view password,
                      const SecurityPolicy& policy, Instant now) {
  if (login_name.empty() || login_name.size() > 64 || password.size() > 256 ||
      !is_valid_utf8(password)) {
    burn_password_time(password.substr(0, 256));
    return fail(refused_login().error());
  }
  auto rows = db.query(std::string("SELECT ") + kAccountColumns + " FROM users WHERE login = ?",
                       {std::string(login_name)});
  if (!rows) return fail(rows.error());
  if (rows->empty() || rows->front().integer(7) != 0) {
    burn_password_time(password);
    return fail(refused_login().error());
  }
  const db::Row& user = rows->front();
  const Actor actor = actor_from(user, 0);
  // Verified even when the account is locked, so a locked account answers as slowly as
  // any other refusal; slow, so outside any transaction.
  const bool ok = verify_password(user.text(6), password);
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  if (!ok) {
    NANSEN_TRY(count_failure(**tx, actor, policy, now, "login"));
    NANSEN_TRY((*tx)->commit());
    return fail(refused_login().error());
  }
  const std::string at = format_instant(now);
  // The right password opens a session only if the account is neither locked nor disabled
  // at this moment: the same statement checks and clears, so a lock set by a parallel
  // failure holds.
  auto opened = (*tx)->execute(
      "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ? "
      "AND disabled = 0 AND (locked_until IS NULL OR locked_until <= ?)",
      {at, actor.user.value, at});
  if (!opened) return fail(opened.error());
  if (*opened == 0) {
    NANSEN_TRY(record_audit(**tx, actor, login_event("session.login_refused", actor), now));
    NANSEN_TRY((*tx)->commit());
    return fail(refused_login().error());
  }
  Session s;
  s.token = random_secret();
  s.csrf_token = random_secret();
  s.actor = actor;
  const Instant absolute = now + std::chrono::hours(policy.session_absolute_hours);
  NANSEN_TRY((*tx)->execute(
      "INSERT INTO sessions (token_hash, csrf_token, user_id, created_at, last_seen_at, "
      "absolute_expires_at) VALUES (?,?,?,?,?,?)",
      {digest_hex(s.token), s.csrf_token, actor.user.value, at, at, format_instant(absolute)}));
  NANSEN_TRY(record_audit(**tx, actor, login_event("session.login", actor), now));
  NANSEN_TRY((*tx)->commit());
  s.expires_at =
      format_instant(std::min(absolute, now + std::chrono::minutes(policy.session_idle_minutes)));
  return s;
}

Result<Session> resume_session(db::Database& db, std::string_view token,
                               const SecurityPolicy& policy, Instant now) {
  const auto expired = [] {
    return fail(ErrorCode::kUnauthenticated, "your session has ended; please log in again",
                "session");
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
  s.expires_at =
      format_instant(std::min(absolute, now + std::chrono::minutes(policy.session_idle_minutes)));
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
  NANSEN_TRY(record_audit(**tx, actor, login_event("session.logout", actor), now));
  return (*tx)->commit();
}

bool check_csrf(const Session& session, std::string_view submitted) {
  return !session.csrf_token.empty() && constant_time_equal(session.csrf_token, submitted);
}

}  // namespace nansen::access
