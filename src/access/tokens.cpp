// SPDX-License-Identifier: Apache-2.0
// API tokens: bearer secrets for integrations, bound to a user and a scope no wider than
// the user's. Only digests are stored; the secret is shown once, when issued.
#include <nlohmann/json.hpp>

#include "access/access.h"
#include "access/account_scope.h"
#include "access/secrets.h"
#include "access/validation.h"

namespace nansen::access {
namespace {

constexpr std::string_view kTokenPrefix = "nsn_";

ApiToken token_from_row(const db::Row& r) {
  ApiToken t;
  t.id = TokenId{r.integer(0)};
  t.user = UserId{r.integer(1)};
  t.name = r.text(2);
  t.scope.country = r.optional_text(3);
  t.scope.organisation = r.text(4);
  t.created_at = r.text(5);
  t.expires_at = r.optional_text(6);
  t.revoked = !r.is_null(7);
  return t;
}

db::Value nullable(const std::optional<std::string>& s) {
  return s ? db::Value(*s) : db::Value(std::monostate{});
}

// A token is never wider than the credential that makes it: not in scope (the user's and
// the actor's), not in permissions (the user's role against the actor's), not in expiry
// (a token minted through a token). System actors (the operator's CLI) are bounded by the
// user alone.
Status check_token_no_wider(const Actor& actor, const User& user, const Scope& scope,
                            std::optional<Instant> expires) {
  NANSEN_TRY(check_scope_within(scope, user.scope, "the user's scope"));
  if (actor.system) return {};
  NANSEN_TRY(check_scope_within(scope, actor.scope, "your own scope"));
  if (!role_within(user.role, actor.role))
    return fail(ErrorCode::kForbidden,
                "a token carries its user's permissions, and the role " +
                    std::string(role_name(user.role)) + " holds some that yours does not",
                "role");
  if (actor.via_token && actor.token_expires_at && (!expires || *expires > *actor.token_expires_at))
    return fail(ErrorCode::kForbidden,
                "a token made through a token must expire no later than it, by " +
                    format_instant(*actor.token_expires_at),
                "valid_days");
  return {};
}

}  // namespace

Result<ApiToken> issue_token(db::Database& db, const Actor& actor, UserId user_id,
                             std::string_view name, const Scope& scope,
                             std::optional<int> valid_days, Instant now) {
  if (name.empty() || name.size() > 64 || !is_valid_utf8(name))
    return fail(ErrorCode::kInvalid, "token name must be 1 to 64 characters", "name");
  if (valid_days && (*valid_days < 1 || *valid_days > 3650))
    return fail(ErrorCode::kInvalid, "valid_days must be between 1 and 3650", "valid_days");
  NANSEN_TRY(check_scope(scope));
  auto user = get_user(db, actor, user_id);  // oneself, or an account inside the scope
  if (!user) return fail(user.error());
  std::optional<Instant> expires;
  if (valid_days) expires = now + std::chrono::days(*valid_days);
  NANSEN_TRY(check_token_no_wider(actor, *user, scope, expires));
  if (user->disabled) return fail(ErrorCode::kConflict, "the user is disabled", "user");
  ApiToken t;
  t.secret = std::string(kTokenPrefix) + random_secret();
  t.user = user_id;
  t.name = std::string(name);
  t.scope = scope;
  t.created_at = format_instant(now);
  if (expires) t.expires_at = format_instant(*expires);
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto id = (*tx)->insert(
      "INSERT INTO api_tokens (token_hash, user_id, name, country, organisation, created_at, "
      "expires_at) VALUES (?,?,?,?,?,?,?) RETURNING id",
      {digest_hex(t.secret), user_id.value, t.name, nullable(scope.country), scope.organisation,
       t.created_at, nullable(t.expires_at)});
  if (!id) return fail(id.error());
  t.id = TokenId{*id};
  NANSEN_TRY(
      record_audit(**tx, actor,
                   AuditEvent{"token.issue", "api_token", std::to_string(*id), user->scope.country,
                              nlohmann::json{{"user_id", user_id.value},
                                             {"country", scope.country.value_or("")},
                                             {"organisation", scope.organisation},
                                             {"expires_at", t.expires_at.value_or("")}}
                                  .dump()},
                   now));
  NANSEN_TRY((*tx)->commit());
  return t;
}

Result<std::vector<ApiToken>> list_tokens(db::Database& db, const Actor& actor, UserId user_id) {
  auto user = get_user(db, actor, user_id);  // checks the actor may see this user
  if (!user) return fail(user.error());
  auto rows = db.query(
      "SELECT id, user_id, name, country, organisation, created_at, expires_at, revoked_at "
      "FROM api_tokens WHERE user_id = ? ORDER BY id",
      {user_id.value});
  if (!rows) return fail(rows.error());
  std::vector<ApiToken> out;
  for (const auto& r : *rows) out.push_back(token_from_row(r));
  return out;
}

Status revoke_token(db::Database& db, const Actor& actor, TokenId token, Instant now) {
  auto rows = db.query("SELECT user_id FROM api_tokens WHERE id = ?", {token.value});
  if (!rows) return fail(rows.error());
  if (rows->empty()) return fail(ErrorCode::kNotFound, "no such token", "id");
  auto user = get_user(db, actor, UserId{rows->front().integer(0)});
  if (!user) return fail(ErrorCode::kNotFound, "no such token", "id");
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  NANSEN_TRY(
      (*tx)->execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                     {format_instant(now), token.value}));
  NANSEN_TRY(record_audit(**tx, actor,
                          AuditEvent{"token.revoke", "api_token", std::to_string(token.value),
                                     user->scope.country, "{}"},
                          now));
  return (*tx)->commit();
}

Result<Actor> authenticate_token(db::Database& db, std::string_view secret, Instant now) {
  const auto denied = [] {
    return fail(ErrorCode::kUnauthenticated, "the API token is unknown, revoked or expired",
                "authorization");
  };
  if (!secret.starts_with(kTokenPrefix) || secret.size() != kTokenPrefix.size() + 64)
    return denied();
  auto rows = db.query(
      "SELECT t.expires_at, t.revoked_at, t.country, t.organisation, u.id, u.login, u.role, "
      "u.language, u.disabled, u.country, u.organisation FROM api_tokens t JOIN users u ON "
      "u.id = t.user_id WHERE t.token_hash = ?",
      {digest_hex(secret)});
  if (!rows) return fail(rows.error());
  if (rows->empty()) return denied();
  const db::Row& r = rows->front();
  if (!r.is_null(1) || r.integer(8) != 0) return denied();
  std::optional<Instant> expires;
  if (auto exp = r.optional_text(0)) {
    auto t = parse_instant(*exp);
    if (!t || now >= *t) return denied();
    expires = *t;
  }
  Actor a;
  a.user = UserId{r.integer(4)};
  a.login = r.text(5);
  a.role = parse_role(r.text(6)).value_or(Role::kObserver);
  a.language = r.text(7);
  a.scope.country = r.optional_text(2);
  a.scope.organisation = r.text(3);
  a.via_token = true;
  a.token_expires_at = expires;
  // Checked again at every use: a token never outlives a narrowing of its user's scope.
  if (!scope_within(a.scope, Scope{r.optional_text(9), r.text(10)})) return denied();
  return a;
}

}  // namespace nansen::access
