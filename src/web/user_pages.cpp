// SPDX-License-Identifier: Apache-2.0
// /users: the administrator's pages for accounts and API tokens.
#include <nlohmann/json.hpp>
#include <set>

#include "web/routes.h"
#include "web/user_bodies.h"
#include "web/views.h"

namespace nansen::web {
namespace {

using access::UserId;

// A user as templates show it: the JSON view plus localized labels.
nlohmann::json user_view(const App& app, const Request& req, const access::User& u) {
  nlohmann::json v = user_json(u);
  v["role_label"] = tr(app, req, "role_" + std::string(access::role_name(u.role)));
  v["country_label"] = u.scope.country ? *u.scope.country : tr(app, req, "scope_regional");
  v["language_label"] = app.catalogs.text(u.language, "language_name");
  v["status_label"] = tr(app, req, u.disabled ? "status_disabled" : "status_active");
  v["last_login_label"] = u.last_login_at ? *u.last_login_at : tr(app, req, "never");
  return v;
}

// Form errors for account actions. A refusal that names a field (an account or token
// wider than the caller, a missing current password) gets its own message beside that
// field, in the page's language; other errors the shared one.
nlohmann::json account_form_errors(const App& app, const Request& req, const HttpError& e) {
  nlohmann::json errors = form_errors(app, req, e);
  static const std::set<std::string> kRefusedFields = {"country",          "organisation", "role",
                                                       "current_password", "valid_days",   "id"};
  const std::string& field = e.error.field;
  if (e.error.code == ErrorCode::kForbidden && kRefusedFields.contains(field)) {
    const std::string message = tr(app, req, "users_refused_" + field);
    errors["_summary"] = message;
    errors[field] = message;
  }
  return errors;
}

nlohmann::json role_options(const App& app, const Request& req, const std::string& selected) {
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& name : role_names())
    out.push_back(
        {{"value", name}, {"label", tr(app, req, "role_" + name)}, {"selected", name == selected}});
  return out;
}

nlohmann::json language_options(const App& app, const std::string& selected) {
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& code : access::supported_languages())
    out.push_back({{"value", code},
                   {"label", app.catalogs.text(code, "language_name")},
                   {"selected", code == selected}});
  return out;
}

Response users_page(App& app, Request& req) {
  auto users = access::list_users(*app.db, actor_of(req));
  if (!users) return error_response(app, req, users.error());
  nlohmann::json rows = nlohmann::json::array();
  for (const access::User& u : *users) rows.push_back(user_view(app, req, u));
  return page(app, req, "users", {{"title_key", "users_title"}, {"users", rows}});
}

Response new_user_form(App& app, Request& req, const NewUserBody& values, nlohmann::json errors,
                       int status) {
  return page(app, req, "user_new",
              {{"title_key", "user_new_title"},
               {"form",
                {{"login", values.login},
                 {"display_name", values.display_name},
                 {"country", values.country.value_or("")},
                 {"organisation", values.organisation}}},
               {"roles", role_options(app, req, values.role.empty() ? "observer" : values.role)},
               {"languages_options", language_options(app, values.language)},
               {"errors", std::move(errors)}},
              status);
}

Response new_user_page(App& app, Request& req) {
  if (!access::has_permission(actor_of(req).role, access::Permission::kUsersManage))
    return error_response(app, req, Error{ErrorCode::kForbidden, "users.manage is required", ""});
  return new_user_form(app, req, NewUserBody{}, nlohmann::json::object(), 200);
}

Response create_user(App& app, Request& req) {
  auto body = new_user_schema().parse(req);
  if (!body) {
    // Keep what was typed (never the password) so the person fixes one field only.
    NewUserBody typed;
    if (auto form = parse_urlencoded(req.body)) {
      typed.login = (*form)["login"];
      typed.display_name = (*form)["display_name"];
      typed.role = (*form)["role"];
      typed.country = (*form)["country"];
      typed.organisation = (*form)["organisation"];
      typed.language = (*form)["language"];
    }
    return new_user_form(app, req, typed, form_errors(app, req, body.error()), body.error().status);
  }
  auto user = access::create_user(*app.db, actor_of(req), to_new_user(*body), app.now());
  if (!user) {
    const HttpError e = http_error(user.error());
    // Without users.manage there is no form to correct; a refused field is shown beside it.
    if (e.status == 403 && e.error.field.empty()) return error_response(app, req, e);
    return new_user_form(app, req, *body, account_form_errors(app, req, e), e.status);
  }
  return Response::redirect("/users/" + std::to_string(user->id.value) + "?done=created");
}

Response user_page(App& app, Request& req, nlohmann::json extra = nlohmann::json::object(),
                   int status = 200) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto user = access::get_user(*app.db, actor_of(req), UserId{*id});
  if (!user) return error_response(app, req, user.error());
  auto tokens = access::list_tokens(*app.db, actor_of(req), user->id);
  if (!tokens) return error_response(app, req, tokens.error());
  nlohmann::json token_rows = nlohmann::json::array();
  for (const access::ApiToken& t : *tokens) {
    nlohmann::json v = token_json(t);
    v["country_label"] = t.scope.country ? *t.scope.country : tr(app, req, "scope_regional");
    v["expires_label"] = t.expires_at ? *t.expires_at : tr(app, req, "never");
    v["status_label"] = tr(app, req, t.revoked ? "token_revoked" : "token_active");
    token_rows.push_back(v);
  }
  nlohmann::json data = {{"title_key", "user_title"},
                         {"u", user_view(app, req, *user)},
                         {"own_account", user->id == actor_of(req).user},
                         {"tokens", token_rows},
                         {"errors", nlohmann::json::object()}};
  const std::string done = req.query_value("done");
  if (done == "created" || done == "password" || done == "disabled" || done == "enabled" ||
      done == "revoked")
    data["notice"] = tr(app, req, "notice_" + done);
  for (auto& [k, v] : extra.items()) data[k] = v;
  return page(app, req, "user", std::move(data), status);
}

Response set_password(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto body = password_schema().parse(req);
  if (!body)
    return user_page(app, req, {{"errors", form_errors(app, req, body.error())}},
                     body.error().status);
  auto done =
      access::change_password(*app.db, actor_of(req), UserId{*id},
                              {body->password, body->current_password}, app.policy, app.now());
  if (!done) {
    const HttpError e = http_error(done.error());
    return user_page(app, req, {{"errors", account_form_errors(app, req, e)}}, e.status);
  }
  return Response::redirect("/users/" + std::to_string(*id) + "?done=password");
}

Response set_disabled(App& app, Request& req, bool disabled) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto done = access::set_disabled(*app.db, actor_of(req), UserId{*id}, disabled, app.now());
  if (!done) {
    const HttpError e = http_error(done.error());
    return user_page(app, req, {{"errors", account_form_errors(app, req, e)}}, e.status);
  }
  return Response::redirect("/users/" + std::to_string(*id) +
                            (disabled ? "?done=disabled" : "?done=enabled"));
}

Response issue_token(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto body = new_token_schema().parse(req);
  if (!body)
    return user_page(app, req, {{"errors", form_errors(app, req, body.error())}},
                     body.error().status);
  auto user = access::get_user(*app.db, actor_of(req), UserId{*id});
  if (!user) return error_response(app, req, user.error());
  std::optional<int> days;
  if (body->valid_days) days = static_cast<int>(*body->valid_days);
  auto token = access::issue_token(*app.db, actor_of(req), user->id, body->name,
                                   token_scope(*body, *user), days, app.now());
  if (!token) {
    const HttpError e = http_error(token.error());
    return user_page(app, req, {{"errors", account_form_errors(app, req, e)}}, e.status);
  }
  // The secret is shown on this response only; it is not stored in clear anywhere.
  return user_page(app, req, {{"new_token", token_json(*token)}}, 201);
}

Response revoke_token(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto token = id_param(req, "token");
  if (!token) return error_response(app, req, token.error());
  auto done = access::revoke_token(*app.db, actor_of(req), access::TokenId{*token}, app.now());
  if (!done) return error_response(app, req, done.error());
  return Response::redirect("/users/" + std::to_string(*id) + "?done=revoked");
}

}  // namespace

void register_user_routes(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  router.add({"GET", "/users", Auth::kUser, h(users_page), {}});
  router.add({"GET", "/users/new", Auth::kUser, h(new_user_page), {}});
  router.add({"POST", "/users", Auth::kUser, h(create_user), {}});
  router.add(
      {"GET", "/users/{id}", Auth::kUser, [&app](Request& r) { return user_page(app, r); }, {}});
  router.add({"POST", "/users/{id}/password", Auth::kUser, h(set_password), {}});
  router.add({"POST",
              "/users/{id}/disable",
              Auth::kUser,
              [&app](Request& r) { return set_disabled(app, r, true); },
              {}});
  router.add({"POST",
              "/users/{id}/enable",
              Auth::kUser,
              [&app](Request& r) { return set_disabled(app, r, false); },
              {}});
  router.add({"POST", "/users/{id}/tokens", Auth::kUser, h(issue_token), {}});
  router.add({"POST", "/users/{id}/tokens/{token}/revoke", Auth::kUser, h(revoke_token), {}});
}

}  // namespace nansen::web
