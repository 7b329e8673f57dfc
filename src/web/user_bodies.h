// SPDX-License-Identifier: Apache-2.0
// Private to web/: the request bodies of account administration, shared by the users
// pages and the users API so both accept exactly the same fields.
#pragma once

#include <optional>
#include <string>

#include "access/access.h"
#include "web/body.h"

namespace nansen::web {

struct NewUserBody {
  std::string login;
  std::string display_name;
  std::string password;
  std::string role;
  std::optional<std::string> country;  // absent or empty = regional
  std::string organisation;
  std::string language = "en";
};
const BodySchema<NewUserBody>& new_user_schema();
access::NewUser to_new_user(const NewUserBody& body);

struct PasswordBody {
  std::string password;
  std::optional<std::string> current_password;  // required to change one's own
};
const BodySchema<PasswordBody>& password_schema();

struct NewTokenBody {
  std::string name;
  std::optional<std::int64_t> valid_days;
  std::optional<std::string> country;  // absent = the user's own scope
  std::optional<std::string> organisation;
};
const BodySchema<NewTokenBody>& new_token_schema();
// The token's scope as asked: the user's own unless the body names another (which the
// domain refuses if it is wider than the user or the caller).
access::Scope token_scope(const NewTokenBody& body, const access::User& user);

std::vector<std::string> role_names();
// "kaz" → "KAZ": people type country codes in either case.
std::string to_upper_country(std::string_view code);

}  // namespace nansen::web
