// SPDX-License-Identifier: Apache-2.0
// multipart/form-data (RFC 7578). Only what browsers send: parts separated by the
// boundary, each with a Content-Disposition naming it and optionally a filename.
#include "web/multipart.h"

namespace nansen::web {
namespace {

HttpError malformed(std::string message, std::string field = "body") {
  return HttpError{400, Error{ErrorCode::kInvalid, std::move(message), std::move(field)}};
}

// The value of `param` in a header such as `form-data; name="file"; filename="a.csv"`.
std::optional<std::string> header_param(std::string_view header, std::string_view param) {
  for (const std::string& piece : split(header, ';')) {
    const std::string p = trim(piece);
    const std::size_t eq = p.find('=');
    if (eq == std::string::npos || to_lower_ascii(trim(p.substr(0, eq))) != param) continue;
    std::string value = trim(p.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    return value;
  }
  return std::nullopt;
}

}  // namespace

HttpResult<std::vector<FormPart>> parse_multipart(std::string_view content_type,
                                                  std::string_view body, std::size_t max_parts) {
  if (media_type(content_type) != "multipart/form-data")
    return tl::unexpected(
        HttpError{415, Error{ErrorCode::kInvalid, "send multipart/form-data", "content-type"}});
  const auto boundary = header_param(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200)
    return tl::unexpected(HttpError{
        415, Error{ErrorCode::kInvalid, "the multipart boundary is missing", "content-type"}});
  const std::string delimiter = "--" + *boundary;

  std::vector<FormPart> parts;
  std::size_t at = body.find(delimiter);
  if (at == std::string_view::npos)
    return tl::unexpected(malformed("no multipart boundary in the body"));
  at += delimiter.size();
  for (;;) {
    if (body.substr(at, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n")
      return tl::unexpected(malformed("a multipart boundary is not followed by a line break"));
    at += 2;
    const std::size_t headers_end = body.find("\r\n\r\n", at);
    if (headers_end == std::string_view::npos)
      return tl::unexpected(malformed("a multipart part has no end of headers"));
    FormPart part;
    bool named = false;
    for (const std::string& line : split(body.substr(at, headers_end - at), '\n')) {
      const std::string l = trim(line);
      const std::size_t colon = l.find(':');
      if (colon == std::string::npos) continue;
      const std::string name = to_lower_ascii(trim(l.substr(0, colon)));
      const std::string value = trim(l.substr(colon + 1));
      if (name == "content-disposition") {
        if (auto n = header_param(value, "name")) {
          part.name = *n;
          named = true;
        }
        part.filename = header_param(value, "filename");
      } else if (name == "content-type") {
        part.content_type = value;
      }
    }
    if (!named) return tl::unexpected(malformed("a multipart part has no name"));
    if (!is_valid_utf8(part.name) || (part.filename && !is_valid_utf8(*part.filename)))
      return tl::unexpected(malformed("a part's name is not valid UTF-8", "body"));
    const std::size_t data_start = headers_end + 4;
    const std::size_t next = body.find("\r\n" + delimiter, data_start);
    if (next == std::string_view::npos)
      return tl::unexpected(malformed("the multipart body is not closed"));
    part.data = std::string(body.substr(data_start, next - data_start));
    parts.push_back(std::move(part));
    if (parts.size() > max_parts) return tl::unexpected(malformed("too many parts in the form"));
    at = next + 2 + delimiter.size();
  }
}

const FormPart* find_part(const std::vector<FormPart>& parts, std::string_view name) {
  for (const FormPart& p : parts)
    if (p.name == name) return &p;
  return nullptr;
}

std::map<std::string, std::string> text_fields(const std::vector<FormPart>& parts) {
  std::map<std::string, std::string> out;
  for (const FormPart& p : parts)
    if (!p.filename) out.emplace(p.name, p.data);
  return out;
}

}  // namespace nansen::web
