// SPDX-License-Identifier: Apache-2.0
// Accounts. An administrator reaches only the accounts inside its scope, and nothing it
// creates is wider than itself (account_scope.h, may_grant_role).
#include <nlohmann/json.hpp>

#include "access/access.h"
#include "access/account_scope.h"
#include "access/credentials.h"
#include "access/secrets.h"
#include "access/validation.h"

namespace nansen::access {
namespace {

constexpr const char* kUserColumns =
    "id, login, display_name, role, country, organisation, language, disabled, created_at, "
    "last_login_at";

User user_from_row(const db::Row& r) {
  User u;
  u.id = UserId{r.integer(0)};
  u.login = r.text(1);
  u.display_name = r.text(2);
  u.role = parse_role(r.text(3)).value_or(Role::kObserver);
  u.scope.country = r.optional_text(4);
  u.scope.organisation = r.text(5);
  u.language = r.text(6);
  u.disabled = r.integer(7) != 0;
  u.created_at = r.text(8);
  u.last_login_at = r.optional_text(9);
  return u;
}

db::Value nullable(const std::optional<std::string>& s) {
  return s ? db::Value(*s) : db::Value(std::monostate{});
}

AuditEvent user_event(std::string action, const User& user,
                      nlohmann::json detail = nlohmann::json::object()) {
  return account_event(std::move(action), user.id.value, user.scope.country, detail.dump());
}

Result<User> load_user(db::Transaction& tx, UserId id) {
  auto row =
      tx.query_one(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?", {id.value});
  if (!row) return fail(no_such_user());
  return user_from_row(*row);
}

// Loads the target inside `tx` and checks the actor may administer it: kUsersManage, an
// account inside the actor's scope (else exactly the answer for a missing account) and a
// role the actor may give.
Result<User> administered_user(db::Transaction& tx, const Actor& actor, UserId id) {
  NANSEN_TRY(authorize(actor, Permission::kUsersManage));
  auto user = load_user(tx, id);
  if (!user) return user;
  if (!covers_account(actor, user->scope)) return fail(no_such_user());
  if (!may_grant_role(actor, user->role))
    return fail(ErrorCode::kForbidden,
                "you may not administer an account whose role (" +
                    std::string(role_name(user->role)) + ") is wider than yours",
                "role");
  return user;
}

// Refuses what would make an account wider than the actor that creates it.
Status check_no_wider(const Actor& actor, const NewUser& nu) {
  if (actor.system) return {};
  NANSEN_TRY(check_scope_within(nu.scope, actor.scope, "your own scope"));
  if (!may_grant_role(actor, nu.role))
    return fail(ErrorCode::kForbidden,
                "your role may not give the role " + std::string(role_name(nu.role)), "role");
  return {};
}

}  // namespace

Result<User> create_user(db::Database& db, const Actor& actor, const NewUser& nu, Instant now) {
  NANSEN_TRY(authorize(actor, Permission::kUsersManage));
  NANSEN_TRY(check_login(nu.login));
  NANSEN_TRY(check_display_name(nu.display_name));
  NANSEN_TRY(check_password(nu.password));
  NANSEN_TRY(check_scope(nu.scope));
  NANSEN_TRY(check_language(nu.language));
  NANSEN_TRY(check_no_wider(actor, nu));
  const std::string hash = hash_password(nu.password);  // slow: outside the write lock
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto existing = (*tx)->query("SELECT id FROM users WHERE login = ?", {nu.login});
  if (!existing) return fail(existing.error());
  if (!existing->empty())
    return fail(ErrorCode::kConflict, "a user with login '" + nu.login + "' already exists",
                "login");
  auto id = (*tx)->insert(
      "INSERT INTO users (login, display_name, password_hash, role, country, organisation, "
      "language, created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
      {nu.login, nu.display_name.empty() ? nu.login : nu.display_name, hash,
       std::string(role_name(nu.role)), nullable(nu.scope.country), nu.scope.organisation,
       nu.language, format_instant(now)});
  if (!id) return fail(id.error());
  auto user = load_user(**tx, UserId{*id});
  if (!user) return user;
  NANSEN_TRY(record_audit(**tx, actor,
                          user_event("user.create", *user,
                                     {{"role", role_name(nu.role)},
                                      {"country", nu.scope.country.value_or("")},
                                      {"organisation", nu.scope.organisation}}),
                          now));
  NANSEN_TRY((*tx)->commit());
  return user;
}

Result<std::vector<User>> list_users(db::Database& db, const Actor& actor) {
  NANSEN_TRY(authorize(actor, Permission::kUsersManage));
  std::string sql = std::string("SELECT ") + kUserColumns + " FROM users WHERE 1=1";
  db::Params params;
  if (!actor.system && actor.scope.country) {
    sql += " AND country = ?";
    params.emplace_back(*actor.scope.country);
  }
  if (!actor.system && !actor.scope.organisation.empty()) {
    sql += " AND organisation = ?";
    params.emplace_back(actor.scope.organisation);
  }
  sql += " ORDER BY login";
  auto rows = db.query(sql, params);
  if (!rows) return fail(rows.error());
  std::vector<User> out;
  for (const auto& r : *rows) out.push_back(user_from_row(r));
  return out;
}

Result<User> get_user(db::Database& db, const Actor& actor, UserId id) {
  const bool self = actor.user == id;
  if (!self) NANSEN_TRY(authorize(actor, Permission::kUsersManage));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto user = load_user(**tx, id);
  if (!user) return user;
  if (!self && !covers_account(actor, user->scope)) return fail(no_such_user());
  return user;
}

Result<User> find_user_by_login(db::Database& db, const Actor& actor, std::string_view login) {
  auto rows = db.query("SELECT id FROM users WHERE login = ?", {std::string(login)});
  if (!rows) return fail(rows.error());
  if (rows->empty()) return fail(ErrorCode::kNotFound, "no user with that login", "login");
  auto user = get_user(db, actor, UserId{rows->front().integer(0)});
  if (!user && user.error().code == ErrorCode::kNotFound)
    return fail(ErrorCode::kNotFound, "no user with that login", "login");
  return user;
}

Status change_password(db::Database& db, const Actor& actor, UserId id,
                       const PasswordChange& change, const SecurityPolicy& policy, Instant now) {
  // A bearer token is a credential for integrations: it must never become the password.
  if (actor.via_token)
    return fail(ErrorCode::kForbidden, "an API token cannot change a password; log in instead",
                "authorization");
  const bool own = actor.user == id && !actor.system;
  if (!own) NANSEN_TRY(authorize(actor, Permission::kUsersManage));  // before the slow hash
  NANSEN_TRY(check_password(change.new_password));
  if (own && !change.current_password)
    return fail(ErrorCode::kForbidden, "give your current password to change it",
                "current_password");
  if (own) NANSEN_TRY(check_current_password(db, actor, *change.current_password, policy, now));
  const std::string hash = hash_password(change.new_password);  // slow: outside the lock
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto user = own ? load_user(**tx, id) : administered_user(**tx, actor, id);
  if (!user) return fail(user.error());
  NANSEN_TRY((*tx)->execute(
      "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
      {hash, id.value}));
  // A new password ends every session of the account: whoever else held one is out.
  NANSEN_TRY(
      (*tx)->execute("UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL",
                     {format_instant(now), id.value}));
  NANSEN_TRY(record_audit(
      **tx, actor, user_event(own ? "user.password_change" : "user.password_reset", *user), now));
  return (*tx)->commit();
}

Status set_disabled(db::Database& db, const Actor& actor, UserId id, bool disabled, Instant now) {
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto user = administered_user(**tx, actor, id);
  if (!user) return fail(user.error());
  if (disabled && actor.user == id)
    return fail(ErrorCode::kForbidden, "you cannot disable your own account", "id");
  NANSEN_TRY((*tx)->execute("UPDATE users SET disabled = ? WHERE id = ?",
                            {std::int64_t{disabled ? 1 : 0}, id.value}));
  if (disabled) {
    const std::string at = format_instant(now);
    NANSEN_TRY((*tx)->execute(
        "UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL", {at, id.value}));
    NANSEN_TRY((*tx)->execute(
        "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
        {at, id.value}));
  }
  NANSEN_TRY(
      record_audit(**tx, actor, user_event(disabled ? "user.disable" : "user.enable", *user), now));
  return (*tx)->commit();
}

Status set_language(db::Database& db, const Actor& actor, UserId id, std::string_view language,
                    Instant now) {
  NANSEN_TRY(check_language(language));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto user = actor.user == id ? load_user(**tx, id) : administered_user(**tx, actor, id);
  if (!user) return fail(user.error());
  NANSEN_TRY((*tx)->execute("UPDATE users SET language = ? WHERE id = ?",
                            {std::string(language), id.value}));
  NANSEN_TRY(
      record_audit(**tx, actor, user_event("user.language", *user, {{"language", language}}), now));
  return (*tx)->commit();
}

}  // namespace nansen::access
