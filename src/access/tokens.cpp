// SPDX-License-Identifier: Apache-2.0
// API tokens: bearer secrets for integrations, bound to a user and a scope no wider than
// the user's. Only digests are stored; the secret is shown once, when issued.
#include <nlohmann/json.hpp>

#include "access/access.h"
#include "access/account_audit.h"
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

bool scope_within(const Scope& inner, const Scope& outer) {
  if (outer.country && inner.country != outer.country) return false;
  if (!outer.organisation.empty() && inner.organisation != outer.organisation) return false;
  return true;
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
  auto user = get_user(db, actor, user_id);
  if (!user) return fail(user.error());
  if (user->disabled) return fail(ErrorCode::kInvalid, "the user is disabled", "user");
  if (!scope_within(scope, user->scope))
    return fail(ErrorCode::kInvalid, "a token's scope must lie within its user's scope", "country");
  ApiToken t;
  t.secret = std::string(kTokenPrefix) + random_secret();
  t.user = user_id;
  t.name = std::string(name);
  t.scope = scope;
  t.created_at = format_instant(now);
  if (valid_days) t.expires_at = format_instant(now + std::chrono::days(*valid_days));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto id = (*tx)->insert(
      "INSERT INTO api_tokens (token_hash, user_id, name, country, organisation, created_at, "
      "expires_at) VALUES (?,?,?,?,?,?,?) RETURNING id",
      {digest_hex(t.secret), user_id.value, t.name,
       scope.country ? db::Value(*scope.country) : db::Value(std::monostate{}), scope.organisation,
       t.created_at, t.expires_at ? db::Value(*t.expires_at) : db::Value(std::monostate{})});
  if (!id) return fail(id.error());
  t.id = TokenId{*id};
  NANSEN_TRY(record_account_audit(**tx, actor, user_id,
                          AuditEvent{"token.issue", "api_token", std::to_string(*id), std::nullopt,
                                     nlohmann::json{{"user_id", user_id.value}}.dump()},
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
  NANSEN_TRY((*tx)->execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                            {format_instant(now), token.value}));
  NANSEN_TRY(record_account_audit(**tx, actor, user->id,
                          AuditEvent{"token.revoke", "api_token", std::to_string(token.value),
                                     std::nullopt, "{}"},
                          now));
  return (*tx)->commit();
}

Result<Actor> authenticate_token(db::Database& db, std::string_view secret, Instant now) {
  const auto denied = [] {
    return fail(ErrorCode::kUnauthenticated, "the API token is unknown, revoked or expired",
                "authorization");
  };
  if (!secret.starts_with(kTokenPrefix) || secret.size() != kTokenPrefix.size() + 64) return denied();
  auto rows = db.query(
      "SELECT t.expires_at, t.revoked_at, t.country, t.organisation, u.id, u.login, u.role, "
      "u.language, u.disabled FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE "
      "t.token_hash = ?",
      {digest_hex(secret)});
  if (!rows) return fail(rows.error());
  if (rows->empty()) return denied();
  const db::Row& r = rows->front();
  if (!r.is_null(1) || r.integer(8) != 0) return denied();
  if (auto exp = r.optional_text(0)) {
    auto t = parse_instant(*exp);
    if (!t || now >= *t) return denied();
  }
  Actor a;
  a.user = UserId{r.integer(4)};
  a.login = r.text(5);
  a.role = parse_role(r.text(6)).value_or(Role::kObserver);
  a.language = r.text(7);
  a.scope.country = r.optional_text(2);
  a.scope.organisation = r.text(3);
  a.via_token = true;
  return a;
}

}  // namespace nansen::access
