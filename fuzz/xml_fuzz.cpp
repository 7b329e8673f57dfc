// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the XML reader under the XLSX parts, on its own, so mutations reach
// expat without first having to form a valid ZIP. DOCTYPEs (entity expansion) must be
// refused; every attribute value handed over is valid UTF-8.
#include <expat.h>

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reports/xml_reader.h"

namespace {

// The oracle for "DOCTYPEs are refused": an independent expat pass that only notices a
// DOCTYPE declaration. Searching the text for "<!DOCTYPE" is no oracle: the same bytes
// inside a processing instruction or a comment declare nothing.
bool declares_doctype(std::string_view in) {
  if (in.size() > static_cast<std::size_t>(INT_MAX)) return false;
  XML_Parser p = XML_ParserCreate("UTF-8");
  if (!p) return false;
  bool seen = false;
  XML_SetUserData(p, &seen);
  XML_SetStartDoctypeDeclHandler(
      p, [](void* seen_flag, const XML_Char*, const XML_Char*, const XML_Char*, int) {
        *static_cast<bool*>(seen_flag) = true;
      });
  XML_Parse(p, in.data(), static_cast<int>(in.size()), XML_TRUE);
  XML_ParserFree(p);
  return seen;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nansen::reports;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t depth = 0;
  std::size_t text_bytes = 0;
  XmlHandlers h;
  h.start = [&](std::string_view name, const std::vector<XmlAttribute>& attrs) {
    ++depth;
    (void)local_name(name);
    for (const auto& a : attrs)
      if (!nansen::is_valid_utf8(a.value)) std::abort();
  };
  h.end = [&](std::string_view) {
    if (depth == 0) std::abort();  // an end without its start
    --depth;
  };
  h.text = [&](std::string_view text) { text_bytes += text.size(); };
  const nansen::Status s = parse_xml(in, "fuzz.xml", h);
  if (s && declares_doctype(in)) std::abort();
  // Entities cannot expand: the text handed over is never much longer than the document.
  // Not "never longer": expat reads a part that starts like UTF-16 ("<\0") as UTF-16 and
  // hands over UTF-8, up to 3 bytes for every 2 (a regression input keeps that case).
  if (2 * text_bytes > 3 * size) std::abort();
  return 0;
}
