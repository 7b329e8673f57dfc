// SPDX-License-Identifier: Apache-2.0
// Private to web/: multipart/form-data, for the upload routes (imports of CSV and XLSX
// files from a browser form). Routes that accept it are registered with `upload = true`,
// so the server lets their bodies reach config.max_upload_bytes.
//
// An upload handler typically does:
//   auto parts = parse_multipart(req.header("content-type"), req.body);
//   if (!parts) return error_response(app, req, parts.error());
//   const FormPart* file = find_part(*parts, "file");
//   auto fields = check_form_values(text_fields(*parts), my_specs, false);
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/http.h"

namespace nansen::web {

struct FormPart {
  std::string name;
  std::optional<std::string> filename;  // set for file inputs
  std::string content_type;             // as sent; "" if none
  std::string data;
};

// Parses a multipart/form-data body. 415 naming "content-type" if the media type is not
// multipart/form-data or has no boundary; 400 naming "body" for a malformed body or
// more than `max_parts` parts; 400 naming the part for a name that is not UTF-8.
HttpResult<std::vector<FormPart>> parse_multipart(std::string_view content_type,
                                                  std::string_view body,
                                                  std::size_t max_parts = 64);

// The first part called `name`, or nullptr.
const FormPart* find_part(const std::vector<FormPart>& parts, std::string_view name);
// The parts that are not files, as name → value (for check_form_values()).
std::map<std::string, std::string> text_fields(const std::vector<FormPart>& parts);

}  // namespace nansen::web
