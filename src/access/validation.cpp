// SPDX-License-Identifier: Apache-2.0
#include "access/validation.h"

#include <algorithm>

namespace nansen::access {

// The five Central Asian states Nansen is deployed in, plus any ISO 3166 alpha-3 code a
// regional office might use: three upper-case letters.
Status check_scope(const Scope& scope) {
  if (scope.country) {
    const auto& c = *scope.country;
    if (c.size() != 3 || !std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
      return fail(ErrorCode::kInvalid,
                  "country must be an ISO 3166 alpha-3 code such as KAZ, or empty for regional",
                  "country");
  }
  if (scope.organisation.size() > 64 || !is_valid_utf8(scope.organisation))
    return fail(ErrorCode::kInvalid, "organisation must be at most 64 characters", "organisation");
  return {};
}

Status check_login(std::string_view login) {
  if (login.size() < 3 || login.size() > 64 ||
      !std::all_of(login.begin(), login.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      }))
    return fail(ErrorCode::kInvalid,
                "login must be 3 to 64 characters of lower-case letters, digits, '.', '_' or '-'",
                "login");
  return {};
}

Status check_password(std::string_view password) {
  if (!is_valid_utf8(password))
    return fail(ErrorCode::kInvalid, "password is not valid UTF-8", "password");
  const auto n = utf8_length(password);
  if (n < 10) return fail(ErrorCode::kInvalid, "password must have at least 10 characters", "password");
  if (password.size() > 256) return fail(ErrorCode::kInvalid, "password must have at most 256 bytes", "password");
  return {};
}

Status check_language(std::string_view language) {
  const auto& langs = supported_languages();
  if (std::find(langs.begin(), langs.end(), language) == langs.end())
    return fail(ErrorCode::kInvalid, "language must be one of en, ru, kk", "language");
  return {};
}

Status check_display_name(std::string_view name) {
  if (!is_valid_utf8(name)) return fail(ErrorCode::kInvalid, "name is not valid UTF-8", "display_name");
  if (utf8_length(name) > 128)
    return fail(ErrorCode::kInvalid, "name must have at most 128 characters", "display_name");
  return {};
}

}  // namespace nansen::access
