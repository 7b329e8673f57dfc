// SPDX-License-Identifier: Apache-2.0
#include "web/user_bodies.h"

namespace nansen::web {

std::string to_upper_country(std::string_view code) {
  std::string out(code);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::vector<std::string> role_names() {
  std::vector<std::string> names;
  for (access::Role r : access::all_roles()) names.emplace_back(access::role_name(r));
  return names;
}

const BodySchema<NewUserBody>& new_user_schema() {
  static const BodySchema<NewUserBody> schema =
      BodySchema<NewUserBody>()
          .field(text_field("login", 64, kRequired), &NewUserBody::login)
          .field(text_field("display_name", 128), &NewUserBody::display_name)
          .field(text_field("password", 256, kRequired), &NewUserBody::password)
          .field(choice_field("role", role_names(), kRequired), &NewUserBody::role)
          .field(text_field("country", 3), &NewUserBody::country)
          .field(text_field("organisation", 64), &NewUserBody::organisation)
          .field(choice_field("language", access::supported_languages()), &NewUserBody::language);
  return schema;
}

access::NewUser to_new_user(const NewUserBody& b) {
  access::NewUser u;
  u.login = b.login;
  u.display_name = b.display_name.empty() ? b.login : b.display_name;
  u.password = b.password;
  u.role = access::parse_role(b.role).value_or(access::Role::kObserver);
  if (b.country) u.scope.country = to_upper_country(*b.country);
  u.scope.organisation = b.organisation;
  u.language = b.language.empty() ? "en" : b.language;
  return u;
}

const BodySchema<PasswordBody>& password_schema() {
  static const BodySchema<PasswordBody> schema =
      BodySchema<PasswordBody>()
          .field(text_field("password", 256, kRequired), &PasswordBody::password)
          .field(text_field("current_password", 256), &PasswordBody::current_password);
  return schema;
}

const BodySchema<NewTokenBody>& new_token_schema() {
  static const BodySchema<NewTokenBody> schema =
      BodySchema<NewTokenBody>()
          .field(text_field("name", 100, kRequired), &NewTokenBody::name)
          .field(int_field("valid_days", 1, 3650), &NewTokenBody::valid_days)
          .field(text_field("country", 3), &NewTokenBody::country)
          .field(text_field("organisation", 64), &NewTokenBody::organisation);
  return schema;
}

access::Scope token_scope(const NewTokenBody& b, const access::User& user) {
  access::Scope s = user.scope;
  if (b.country) s.country = to_upper_country(*b.country);
  if (b.organisation) s.organisation = *b.organisation;
  return s;
}

}  // namespace nansen::web
