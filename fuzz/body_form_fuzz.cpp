// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: an application/x-www-form-urlencoded body as the user form posts it
// (new_user_schema, the schema of POST /users and /api/v1/users), and the same bytes as a
// request target ("/path?query") and a Cookie header — the raw text the server decodes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "web/multipart.h"
#include "web/user_bodies.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nansen::web;
  const std::string_view body(reinterpret_cast<const char*>(data), size);

  if (auto user = new_user_schema().parse("application/x-www-form-urlencoded", body)) {
    if (user->login.empty() || !nansen::is_valid_utf8(user->login)) std::abort();
    if (!nansen::is_valid_utf8(user->password)) std::abort();
  } else {
    const int status = user.error().status;
    if (status != 400 && status != 422) std::abort();
    if (user.error().error.field.empty()) std::abort();
  }
  if (auto token = new_token_schema().parse("application/x-www-form-urlencoded", body)) {
    if (token->valid_days && (*token->valid_days < 1 || *token->valid_days > 3650)) std::abort();
  }

  // Decoding never grows the text: every escape is at least as long as what it stands for.
  if (auto fields = parse_urlencoded(body)) {
    for (const auto& [name, value] : *fields)
      if (name.size() > size || value.size() > size) std::abort();
    (void)check_form_values(*fields, new_user_schema().specs(), true);
  }
  std::string path;
  std::map<std::string, std::string> query;
  if (parse_target(body, path, query) && path.size() > size) std::abort();
  (void)parse_cookies(body);
  (void)percent_decode(body, false);
  return 0;
}
