// SPDX-License-Identifier: Apache-2.0
// The name field of a TD3: MRZ characters and the truncation rules of Doc 9303 Part 3.
#include "documents/documents.h"
#include "text/text.h"

namespace nansen::documents {

Result<std::string> mrz_name_part(std::string_view name, std::string_view field) {
  auto mrz = text::to_mrz(name);
  if (!mrz) return fail(ErrorCode::kInvalid, mrz.error().message, std::string(field));
  if (mrz->find_first_not_of('<') == std::string::npos)
    return fail(ErrorCode::kInvalid, "the name has no letter that can be written in an MRZ",
                std::string(field));
  return mrz;
}

namespace {

std::string strip_trailing_fillers(std::string s) {
  while (!s.empty() && s.back() == '<') s.pop_back();
  return s;
}

std::string pad(std::string s, std::size_t length) {
  s.resize(length, '<');
  return s;
}

}  // namespace

std::string td3_name_field(std::string_view primary, std::string_view secondary) {
  std::string field(primary);
  if (!secondary.empty()) field += "<<" + std::string(secondary);
  if (field.size() <= kTd3NameLength) return pad(std::move(field), kTd3NameLength);

  // A primary identifier that leaves no room for the secondary is cut so that "<<" and
  // the secondary's first letter still fit: the reader keeps both parts.
  if (!secondary.empty() && primary.size() + 3 > kTd3NameLength) {
    std::string cut = strip_trailing_fillers(std::string(primary.substr(0, kTd3NameLength - 3)));
    return pad(cut + "<<" + secondary.front(), kTd3NameLength);
  }
  // Otherwise cut at the end of the field; a filler left dangling at the cut would hide
  // the truncation, so it goes too.
  return pad(strip_trailing_fillers(field.substr(0, kTd3NameLength)), kTd3NameLength);
}

}  // namespace nansen::documents
