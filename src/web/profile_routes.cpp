// SPDX-License-Identifier: Apache-2.0
// /profile: a user changes their own language and password.
#include <nlohmann/json.hpp>

#include "web/body.h"
#include "web/routes.h"

namespace nansen::web {
namespace {

struct LanguageBody {
  std::string language;
};
struct NewPasswordBody {
  std::string current_password;
  std::string password;
  std::string password_confirm;
};

const BodySchema<LanguageBody>& language_schema() {
  static const BodySchema<LanguageBody> schema = BodySchema<LanguageBody>().field(
      choice_field("language", access::supported_languages(), kRequired), &LanguageBody::language);
  return schema;
}

const BodySchema<NewPasswordBody>& new_password_schema() {
  static const BodySchema<NewPasswordBody> schema =
      BodySchema<NewPasswordBody>()
          .field(text_field("current_password", 256, kRequired), &NewPasswordBody::current_password)
          .field(text_field("password", 256, kRequired), &NewPasswordBody::password)
          .field(text_field("password_confirm", 256, kRequired),
                 &NewPasswordBody::password_confirm);
  return schema;
}

Response profile_page(App& app, Request& req, nlohmann::json errors = nlohmann::json::object(),
                      int status = 200) {
  const access::Actor& a = actor_of(req);
  nlohmann::json languages = nlohmann::json::array();
  for (const std::string& code : access::supported_languages())
    languages.push_back({{"value", code},
                         {"label", app.catalogs.text(code, "language_name")},
                         {"selected", code == req.language}});
  nlohmann::json data = {
      {"title_key", "profile_title"},
      {"login", a.login},
      {"role_label", tr(app, req, "role_" + std::string(access::role_name(a.role)))},
      {"languages_options", languages},
      {"errors", std::move(errors)}};
  const std::string done = req.query_value("done");
  if (done == "language" || done == "password") data["notice"] = tr(app, req, "notice_" + done);
  return page(app, req, "profile", std::move(data), status);
}

Response set_language(App& app, Request& req) {
  auto body = language_schema().parse(req);
  if (!body)
    return profile_page(app, req, form_errors(app, req, body.error()), body.error().status);
  const access::Actor& a = actor_of(req);
  auto done = access::set_language(*app.db, a, a.user, body->language, app.now());
  if (!done) return error_response(app, req, done.error());
  return Response::redirect("/profile?done=language");
}

Response set_password(App& app, Request& req) {
  auto body = new_password_schema().parse(req);
  if (!body)
    return profile_page(app, req, form_errors(app, req, body.error()), body.error().status);
  if (body->password != body->password_confirm) {
    nlohmann::json errors = {{"_summary", tr(app, req, "error_password_mismatch")},
                             {"password_confirm", tr(app, req, "error_password_mismatch")}};
    return profile_page(app, req, errors, 422);
  }
  const access::Actor& a = actor_of(req);
  auto done = access::change_password(*app.db, a, a.user, {body->password, body->current_password},
                                      app.policy, app.now());
  if (!done) {
    const HttpError e = http_error(done.error());
    nlohmann::json errors = form_errors(app, req, e);
    if (e.error.field == "current_password")  // missing, wrong, or the account is locked
      errors["_summary"] = errors["current_password"] =
          tr(app, req, "users_refused_current_password");
    return profile_page(app, req, errors, e.status);
  }
  return Response::redirect("/profile?done=password");
}

}  // namespace

void register_profile_routes(Router& router, App& app) {
  router.add(
      {"GET", "/profile", Auth::kUser, [&app](Request& r) { return profile_page(app, r); }, {}});
  router.add({"POST",
              "/profile/language",
              Auth::kUser,
              [&app](Request& r) { return set_language(app, r); },
              {}});
  router.add({"POST",
              "/profile/password",
              Auth::kUser,
              [&app](Request& r) { return set_password(app, r); },
              {}});
}

}  // namespace nansen::web
