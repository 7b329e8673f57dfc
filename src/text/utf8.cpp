// SPDX-License-Identifier: Apache-2.0
#include "text/utf8.h"

namespace nansen::text {

std::vector<char32_t> decode_utf8(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = p[i];
    std::size_t n = 0;
    char32_t cp = c;
    if (c >= 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else if (c >= 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xC0) {
      n = 1;
      cp = c & 0x1F;
    }
    for (std::size_t k = 1; k <= n && i + k < s.size(); ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
    out.push_back(cp);
    i += n + 1;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string encode_utf8(const std::vector<char32_t>& cps) {
  std::string out;
  out.reserve(cps.size() * 2);
  for (char32_t c : cps) append_utf8(out, c);
  return out;
}

}  // namespace nansen::text
