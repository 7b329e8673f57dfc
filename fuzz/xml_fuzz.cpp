// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the XML reader under the XLSX parts, on its own, so mutations reach
// expat without first having to form a valid ZIP. DOCTYPEs (entity expansion) must be
// refused; every event hands over names and text that lie in valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reports/xml_reader.h"

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
  if (s && in.find("<!DOCTYPE") != std::string_view::npos) std::abort();
  // Entities cannot expand: the text handed over is never longer than the document.
  if (text_bytes > size) std::abort();
  return 0;
}
