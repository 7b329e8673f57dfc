// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: request body → struct, the path every JSON body and HTML form takes.
// The first input byte picks the content type; the rest is the body. Whatever the
// bytes, parsing must return a value or an error naming a field — never crash, hang or
// read out of bounds — and an accepted body must satisfy the schema.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "web/body.h"
#include "web/multipart.h"

namespace {

using namespace nansen::web;

struct Sample {
  std::string login;
  std::optional<std::string> country;
  std::optional<std::int64_t> days;
  std::string role;
  bool active = false;
};

const BodySchema<Sample>& schema() {
  static const BodySchema<Sample> s =
      BodySchema<Sample>()
          .field(text_field("login", 64, kRequired), &Sample::login)
          .field(text_field("country", 3), &Sample::country)
          .field(int_field("days", 1, 3650), &Sample::days)
          .field(choice_field("role", {"admin", "observer"}, kRequired), &Sample::role)
          .field(bool_field("active"), &Sample::active);
  return s;
}

constexpr std::string_view kTypes[] = {"application/json", "application/x-www-form-urlencoded",
                                       "application/json; charset=utf-8", "text/plain", ""};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view type = kTypes[data[0] % std::size(kTypes)];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = schema().parse(type, body);
  if (parsed) {
    // Accepted: every rule must hold.
    if (parsed->login.empty() || parsed->login.size() > 64 * 4) std::abort();
    if (parsed->role != "admin" && parsed->role != "observer") std::abort();
    if (parsed->days && (*parsed->days < 1 || *parsed->days > 3650)) std::abort();
    if (!nansen::is_valid_utf8(parsed->login)) std::abort();
  } else {
    const int status = parsed.error().status;
    if (status != 400 && status != 415 && status != 422) std::abort();
    if (parsed.error().error.field.empty()) std::abort();
  }
  // The lower-level helpers the server uses on raw bytes.
  std::string path;
  std::map<std::string, std::string> query;
  (void)parse_target(body, path, query);
  (void)parse_cookies(body);
  if (auto parts = parse_multipart("multipart/form-data; boundary=xyz", body))
    for (const FormPart& p : *parts)
      if (p.name.size() > body.size() || p.data.size() > body.size()) std::abort();
  return 0;
}
