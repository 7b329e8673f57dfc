// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: a JSON request body as POST /api/v1/persons (person registration) and
// POST /api/v1/users receive it — the same parser and schema the routes use. Whatever the
// bytes, parsing returns a value or an error naming a field with a 4xx status; never a
// crash, a hang or an out-of-bounds read, and an accepted body satisfies the schema.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "web/registry_json.h"
#include "web/user_bodies.h"

namespace {

void check_error(const nansen::web::HttpError& e) {
  if (e.status != 400 && e.status != 415 && e.status != 422) std::abort();
  if (e.error.field.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nansen::web;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  Request req;
  req.method = "POST";
  req.headers["content-type"] = "application/json";
  req.body = std::string(body);

  if (auto person = parse_person_request(req)) {
    for (const auto& n : person->input.names)
      if (!nansen::is_valid_utf8(n.full_name)) std::abort();
    if (person->input.names.size() > 20) std::abort();
  } else {
    check_error(person.error());
  }

  if (auto user = new_user_schema().parse("application/json", body)) {
    if (user->login.empty() || !nansen::is_valid_utf8(user->login)) std::abort();
    (void)to_new_user(*user);
  } else {
    check_error(user.error());
  }

  if (auto rule = parse_eligibility_request(req, true); !rule) check_error(rule.error());
  if (auto object = parse_json_object(body); !object) check_error(object.error());
  return 0;
}
