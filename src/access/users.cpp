// SPDX-License-Identifier: Apache-2.0
#include <nlohmann/json.hpp>

#include "access/access.h"
#include "access/account_audit.h"
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

AuditEvent user_event(std::string action, UserId id, nlohmann::json detail = nlohmann::json::object()) {
  return AuditEvent{std::move(action), "user", std::to_string(id.value), std::nullopt, detail.dump()};
}

Result<User> load_user(db::Transaction& tx, UserId id) {
  auto row = tx.query_one(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?", {id.value});
  if (!row) return fail(ErrorCode::kNotFound, "no user with id " + std::to_string(id.value), "id");
  return user_from_row(*row);
}

}  // namespace

Result<User> create_user(db::Database& db, const Actor& actor, const NewUser& nu, Instant now) {
  NANSEN_TRY(authorize(actor, Permission::kUsersManage));
  NANSEN_TRY(check_login(nu.login));
  NANSEN_TRY(check_display_name(nu.display_name));
  NANSEN_TRY(check_password(nu.password));
  NANSEN_TRY(check_scope(nu.scope));
  NANSEN_TRY(check_language(nu.language));
  const std::string hash = hash_password(nu.password);  // slow: outside the write lock
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto existing = (*tx)->query("SELECT id FROM users WHERE login = ?", {nu.login});
  if (!existing) return fail(existing.error());
  if (!existing->empty())
    return fail(ErrorCode::kConflict, "a user with login '" + nu.login + "' already exists", "login");
  auto id = (*tx)->insert(
      "INSERT INTO users (login, display_name, password_hash, role, country, organisation, "
      "language, created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
      {nu.login, nu.display_name.empty() ? nu.login : nu.display_name, hash,
       std::string(role_name(nu.role)), nullable(nu.scope.country), nu.scope.organisation,
       nu.language, format_instant(now)});
  if (!id) return fail(id.error());
  NANSEN_TRY(record_account_audit(**tx, actor, UserId{*id},
                          user_event("user.create", UserId{*id},
                                     {{"role", role_name(nu.role)},
                                      {"country", nu.scope.country.value_or("")},
                                      {"organisation", nu.scope.organisation}}),
                          now));
  auto user = load_user(**tx, UserId{*id});
  if (!user) return user;
  NANSEN_TRY((*tx)->commit());
  return user;
}

Result<std::vector<User>> list_users(db::Database& db, const Actor& actor) {
  NANSEN_TRY(authorize(actor, Permission::kUsersManage));
  std::string sql = std::string("SELECT ") + kUserColumns + " FROM users";
  db::Params params;
  if (actor.scope.country && !actor.system) {  // a national administrator sees their country
    sql += " WHERE country = ?";
    params.emplace_back(*actor.scope.country);
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
  if (!self && !covers_country(actor, user->scope.country))
    return fail(ErrorCode::kNotFound, "no user with id " + std::to_string(id.value), "id");
  return user;
}

Result<User> find_user_by_login(db::Database& db, const Actor& actor, std::string_view login) {
  auto rows = db.query("SELECT id FROM users WHERE login = ?", {std::string(login)});
  if (!rows) return fail(rows.error());
  if (rows->empty()) return fail(ErrorCode::kNotFound, "no user with that login", "login");
  return get_user(db, actor, UserId{rows->front().integer(0)});
}

namespace {

// Loads the target inside `tx` and checks the actor may administer it.
Result<User> administered_user(db::Transaction& tx, const Actor& actor, UserId id) {
  NANSEN_TRY(authorize(actor, Permission::kUsersManage));
  auto user = load_user(tx, id);
  if (!user) return user;
  if (!covers_country(actor, user->scope.country))
    return fail(ErrorCode::kNotFound, "no user with id " + std::to_string(id.value), "id");
  return user;
}

}  // namespace

Status set_password(db::Database& db, const Actor& actor, UserId id, std::string_view password,
                    Instant now) {
  NANSEN_TRY(check_password(password));
  const std::string hash = hash_password(password);
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  if (actor.user != id) NANSEN_TRY(administered_user(**tx, actor, id));
  NANSEN_TRY((*tx)->execute(
      "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
      {hash, id.value}));
  // A new password ends every other session of the user.
  NANSEN_TRY((*tx)->execute("UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL",
                            {format_instant(now), id.value}));
  NANSEN_TRY(record_account_audit(**tx, actor, id, user_event("user.password", id), now));
  return (*tx)->commit();
}

Status set_disabled(db::Database& db, const Actor& actor, UserId id, bool disabled, Instant now) {
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  NANSEN_TRY(administered_user(**tx, actor, id));
  if (disabled && actor.user == id)
    return fail(ErrorCode::kInvalid, "you cannot disable your own account", "id");
  NANSEN_TRY((*tx)->execute("UPDATE users SET disabled = ? WHERE id = ?",
                            {std::int64_t{disabled ? 1 : 0}, id.value}));
  if (disabled) {
    const std::string at = format_instant(now);
    NANSEN_TRY((*tx)->execute("UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL",
                              {at, id.value}));
    NANSEN_TRY((*tx)->execute(
        "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", {at, id.value}));
  }
  NANSEN_TRY(record_account_audit(**tx, actor, id,
                                  user_event(disabled ? "user.disable" : "user.enable", id), now));
  return (*tx)->commit();
}

Status set_language(db::Database& db, const Actor& actor, UserId id, std::string_view language,
                    Instant now) {
  NANSEN_TRY(check_language(language));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  if (actor.user != id) NANSEN_TRY(administered_user(**tx, actor, id));
  auto changed = (*tx)->execute("UPDATE users SET language = ? WHERE id = ?", {std::string(language), id.value});
  if (!changed) return fail(changed.error());
  if (*changed == 0) return fail(ErrorCode::kNotFound, "no user with id " + std::to_string(id.value), "id");
  NANSEN_TRY(record_account_audit(**tx, actor, id,
                                  user_event("user.language", id, {{"language", language}}), now));
  return (*tx)->commit();
}

}  // namespace nansen::access
