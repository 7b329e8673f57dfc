// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: a multipart/form-data upload as the import forms send it. The input's
// first line is the Content-Type header (so the boundary is fuzzed too), the rest the
// body. Parts never hold more bytes than the body, and at most max_parts are returned.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "web/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nansen::web;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::size_t eol = in.find('\n');
  const std::string_view type = eol == in.npos ? in : in.substr(0, eol);
  const std::string_view body = eol == in.npos ? std::string_view{} : in.substr(eol + 1);
  constexpr std::size_t kMaxParts = 16;
  auto parts = parse_multipart(type, body, kMaxParts);
  if (!parts) {
    const int status = parts.error().status;
    if (status != 400 && status != 415) std::abort();
    if (parts.error().error.field.empty()) std::abort();
    return 0;
  }
  if (parts->size() > kMaxParts) std::abort();
  for (const FormPart& p : *parts) {
    if (p.name.size() > body.size() || p.data.size() > body.size()) std::abort();
    if (!nansen::is_valid_utf8(p.name)) std::abort();
  }
  (void)find_part(*parts, "file");
  (void)text_fields(*parts);
  return 0;
}
