// SPDX-License-Identifier: Apache-2.0
// /api/v1/users and tokens: account administration for scripts and integrations.
#include <nlohmann/json.hpp>

#include "web/routes.h"
#include "web/user_bodies.h"
#include "web/views.h"

namespace nansen::web {
namespace {

using access::UserId;

std::string list_of(const char* item_schema) {
  return std::string(R"({"type":"array","items":)") + item_schema + "}";
}

Response list_users(App& app, Request& req) {
  auto users = access::list_users(*app.db, actor_of(req));
  if (!users) return json_error(users.error());
  nlohmann::json out = nlohmann::json::array();
  for (const access::User& u : *users) out.push_back(user_json(u));
  return Response::json(200, {{"users", out}});
}

Response create_user(App& app, Request& req) {
  auto body = new_user_schema().parse(req);
  if (!body) return json_error(body.error());
  auto user = access::create_user(*app.db, actor_of(req), to_new_user(*body), app.now());
  if (!user) return json_error(user.error());
  Response r = Response::json(201, user_json(*user));
  r.set_header("Location", "/api/v1/users/" + std::to_string(user->id.value));
  return r;
}

Response get_user(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto user = access::get_user(*app.db, actor_of(req), UserId{*id});
  if (!user) return json_error(user.error());
  return Response::json(200, user_json(*user));
}

Response set_password(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = password_schema().parse(req);
  if (!body) return json_error(body.error());
  auto done =
      access::change_password(*app.db, actor_of(req), UserId{*id},
                              {body->password, body->current_password}, app.policy, app.now());
  if (!done) return json_error(done.error());
  return Response::no_content();
}

Response set_disabled(App& app, Request& req, bool disabled) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto done = access::set_disabled(*app.db, actor_of(req), UserId{*id}, disabled, app.now());
  if (!done) return json_error(done.error());
  auto user = access::get_user(*app.db, actor_of(req), UserId{*id});
  if (!user) return json_error(user.error());
  return Response::json(200, user_json(*user));
}

Response list_tokens(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto tokens = access::list_tokens(*app.db, actor_of(req), UserId{*id});
  if (!tokens) return json_error(tokens.error());
  nlohmann::json out = nlohmann::json::array();
  for (const access::ApiToken& t : *tokens) out.push_back(token_json(t));
  return Response::json(200, {{"tokens", out}});
}

Response issue_token(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = new_token_schema().parse(req);
  if (!body) return json_error(body.error());
  auto user = access::get_user(*app.db, actor_of(req), UserId{*id});
  if (!user) return json_error(user.error());
  std::optional<int> days;
  if (body->valid_days) days = static_cast<int>(*body->valid_days);
  auto token = access::issue_token(*app.db, actor_of(req), user->id, body->name,
                                   token_scope(*body, *user), days, app.now());
  if (!token) return json_error(token.error());
  return Response::json(201, token_json(*token));
}

Response revoke_token(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto done = access::revoke_token(*app.db, actor_of(req), access::TokenId{*id}, app.now());
  if (!done) return json_error(done.error());
  return Response::no_content();
}

}  // namespace

void register_user_api_routes(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  router.add(
      {"GET",
       "/api/v1/users",
       Auth::kUser,
       h(list_users),
       {"List users (users.manage)",
        "users",
        {},
        {},
        std::string(R"({"type":"object","properties":{"users":)") + list_of(kUserSchema) + "}}",
        200}});
  router.add(
      {"POST",
       "/api/v1/users",
       Auth::kUser,
       h(create_user),
       {"Create a user (users.manage)", "users", new_user_schema().specs(), {}, kUserSchema, 201}});
  router.add({"GET",
              "/api/v1/users/{id}",
              Auth::kUser,
              h(get_user),
              {"One user (users.manage, or yourself)", "users", {}, {}, kUserSchema, 200}});
  router.add({"POST",
              "/api/v1/users/{id}/password",
              Auth::kUser,
              h(set_password),
              {"Change your own password (current_password required) or reset an account you "
               "administer (users.manage); never with an API token",
               "users",
               password_schema().specs(),
               {},
               "",
               204}});
  router.add({"POST",
              "/api/v1/users/{id}/disable",
              Auth::kUser,
              [&app](Request& r) { return set_disabled(app, r, true); },
              {"Disable a user: ends their sessions, revokes their tokens (users.manage)",
               "users",
               {},
               {},
               kUserSchema,
               200}});
  router.add({"POST",
              "/api/v1/users/{id}/enable",
              Auth::kUser,
              [&app](Request& r) { return set_disabled(app, r, false); },
              {"Enable a disabled user (users.manage)", "users", {}, {}, kUserSchema, 200}});
  router.add(
      {"GET",
       "/api/v1/users/{id}/tokens",
       Auth::kUser,
       h(list_tokens),
       {"A user's API tokens (users.manage, or yourself)",
        "tokens",
        {},
        {},
        std::string(R"({"type":"object","properties":{"tokens":)") + list_of(kTokenSchema) + "}}",
        200}});
  router.add({"POST",
              "/api/v1/users/{id}/tokens",
              Auth::kUser,
              h(issue_token),
              {"Issue a bearer token; the secret is returned once",
               "tokens",
               new_token_schema().specs(),
               {},
               kTokenSchema,
               201}});
  router.add({"DELETE",
              "/api/v1/tokens/{id}",
              Auth::kUser,
              h(revoke_token),
              {"Revoke a token", "tokens", {}, {}, "", 204}});
}

}  // namespace nansen::web
