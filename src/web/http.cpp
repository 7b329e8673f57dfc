// SPDX-License-Identifier: Apache-2.0
// Request/response helpers, the error→status mapping and the security headers.
#include "web/http.h"

#include <cctype>

#include <nlohmann/json.hpp>

namespace nansen::web {

std::string Request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string Request::query_value(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string() : it->second;
}

bool Request::wants_json() const {
  return path.rfind("/api/", 0) == 0;
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  // Replace rather than throw on a stray invalid byte: a response must always go out.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::html(std::string body, int status) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::text(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::redirect(std::string location) {
  Response r;
  r.status = 303;
  r.set_header("Location", std::move(location));
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

void Response::set_header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
}

std::string Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (to_lower_ascii(k) == to_lower_ascii(name)) return v;
  return {};
}

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return 422;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

HttpError http_error(const Error& e) {
  return HttpError{http_status(e.code), e};
}

Response json_error(const HttpError& e) {
  nlohmann::json err = {{"code", std::string(error_code_name(e.error.code))},
                        {"message", e.error.message}};
  if (!e.error.field.empty()) err["field"] = e.error.field;
  if (!e.error.rule.empty()) err["rule"] = e.error.rule;
  Response r = Response::json(e.status, {{"error", err}});
  if (e.status == 401) r.set_header("WWW-Authenticate", "Bearer realm=\"nansen\"");
  return r;
}

Response json_error(const Error& e) {
  return json_error(http_error(e));
}

void add_security_headers(Response& r) {
  // No inline script or style anywhere: templates load /static/ files only.
  r.set_header("Content-Security-Policy",
               "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("X-Frame-Options", "DENY");
  r.set_header("Referrer-Policy", "same-origin");
  r.set_header("Cross-Origin-Opener-Policy", "same-origin");
  r.set_header("Cache-Control", r.cacheable ? "public, max-age=3600" : "no-store");
}

// ---------------------------------------------------------------------------------------

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

namespace {

// Percent-decoding alone: nullopt on a bad escape, any bytes otherwise.
std::optional<std::string> percent_decode_bytes(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  auto out = percent_decode_bytes(text, plus_is_space);
  if (!out || !is_valid_utf8(*out)) return std::nullopt;
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::optional<std::map<std::string, std::string>> parse_urlencoded(std::string_view text) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view pair = text.substr(start, end - start);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      auto key = percent_decode(pair.substr(0, eq), true);
      auto value = percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
      if (!key || !value) return std::nullopt;
      out[*key] = *value;
    }
    start = end + 1;
  }
  return out;
}

bool parse_target(std::string_view target, std::string& path,
                  std::map<std::string, std::string>& query, std::string* not_utf8_param) {
  const std::size_t q = target.find('?');
  auto decoded = percent_decode(target.substr(0, q), false);
  if (!decoded || decoded->empty() || decoded->front() != '/') return false;
  if (decoded->find('\0') != std::string::npos) return false;
  path = std::move(*decoded);
  query.clear();
  if (q == std::string_view::npos) return true;
  if (!not_utf8_param) {
    auto parsed = parse_urlencoded(target.substr(q + 1));
    if (!parsed) return false;
    query = std::move(*parsed);
    return true;
  }
  for (const std::string& pair : split(target.substr(q + 1), '&')) {
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    auto key = percent_decode(std::string_view(pair).substr(0, eq), true);
    auto value = percent_decode_bytes(
        eq == std::string::npos ? std::string_view{} : std::string_view(pair).substr(eq + 1), true);
    if (!key || !value) return false;
    if (is_valid_utf8(*value)) {
      query[*key] = std::move(*value);
    } else {
      query.erase(*key);
      if (not_utf8_param->empty()) *not_utf8_param = *key;
    }
  }
  return true;
}

std::map<std::string, std::string> parse_cookies(std::string_view header) {
  std::map<std::string, std::string> out;
  for (const std::string& part : split(header, ';')) {
    const std::size_t eq = part.find('=');
    if (eq == std::string::npos) continue;
    std::string name = trim(part.substr(0, eq));
    std::string value = trim(part.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    if (!name.empty()) out.emplace(std::move(name), std::move(value));  // first one wins
  }
  return out;
}

std::string set_cookie_header(std::string_view name, std::string_view value,
                              const CookieOptions& o) {
  std::string h = std::string(name) + "=" + std::string(value) + "; Path=/";
  if (o.max_age_seconds) h += "; Max-Age=" + std::to_string(*o.max_age_seconds);
  if (o.http_only) h += "; HttpOnly";
  if (o.secure) h += "; Secure";
  if (!o.same_site.empty()) h += "; SameSite=" + o.same_site;
  return h;
}

std::string media_type(std::string_view content_type) {
  return to_lower_ascii(trim(content_type.substr(0, content_type.find(';'))));
}

std::string html_escape(std::string_view text) {
  return escape_markup(text);
}

}  // namespace nansen::web
