// SPDX-License-Identifier: Apache-2.0
// Private to reports/: a small event reader over expat for the three XLSX parts we read.
// DOCTYPEs are refused (no entity tricks), and expat's own amplification guard is on.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/base.h"

namespace nansen::reports {

struct XmlAttribute {
  std::string_view name;
  std::string_view value;
};

struct XmlHandlers {
  // Return false from any handler to stop with the error set in `XmlEvents::stop`.
  std::function<void(std::string_view name, const std::vector<XmlAttribute>& attrs)> start;
  std::function<void(std::string_view name)> end;
  std::function<void(std::string_view text)> text;
};

// Parses `xml` (the part named `part`, for messages). Invalid naming the part and line
// for malformed XML or a DOCTYPE. `stop` lets a handler abort with its own error: the
// handler sets it, and parse_xml returns it.
Status parse_xml(std::string_view xml, const std::string& part, const XmlHandlers& handlers,
                 const std::optional<Error>* stop = nullptr);

// "x:row" → "row": XLSX writers differ in namespace prefixes.
std::string_view local_name(std::string_view qualified);

}  // namespace nansen::reports
