// SPDX-License-Identifier: Apache-2.0
// Code-point iteration over UTF-8 already checked by is_valid_utf8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nansen::text {

// Decodes valid UTF-8 into code points. REQUIRES: is_valid_utf8(s).
std::vector<char32_t> decode_utf8(std::string_view s);
void append_utf8(std::string& out, char32_t cp);
std::string encode_utf8(const std::vector<char32_t>& cps);

}  // namespace nansen::text
