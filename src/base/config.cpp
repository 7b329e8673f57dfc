// SPDX-License-Identifier: Apache-2.0
// Configuration: defaults, then the TOML file, then NANSEN_* environment variables.
// Every key is declared once in kKeys, so the file, the environment and the error
// messages can never disagree about what exists.
#include <unistd.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

#include "base/base.h"

extern char** environ;

namespace nansen {
namespace {

enum class Kind { kString, kInt, kSize, kBool };

struct Key {
  const char* section;
  const char* name;
  Kind kind;
  void* (*field)(Config&);
};

#define NANSEN_KEY(section, name, kind, member)                       \
  Key {                                                               \
    section, name, kind, [](Config& c) -> void* { return &c.member; } \
  }

const Key kKeys[] = {
    NANSEN_KEY("database", "url", Kind::kString, db),
    NANSEN_KEY("server", "listen", Kind::kString, listen),
    NANSEN_KEY("server", "threads", Kind::kInt, threads),
    NANSEN_KEY("server", "max_body_bytes", Kind::kSize, max_body_bytes),
    NANSEN_KEY("server", "max_upload_bytes", Kind::kSize, max_upload_bytes),
    NANSEN_KEY("server", "request_timeout_seconds", Kind::kInt, request_timeout_seconds),
    NANSEN_KEY("server", "public_url", Kind::kString, public_url),
    NANSEN_KEY("server", "max_jobs_per_user", Kind::kInt, max_jobs_per_user),
    NANSEN_KEY("security", "session_idle_minutes", Kind::kInt, session_idle_minutes),
    NANSEN_KEY("security", "session_absolute_hours", Kind::kInt, session_absolute_hours),
    NANSEN_KEY("security", "lockout_failures", Kind::kInt, lockout_failures),
    NANSEN_KEY("security", "lockout_minutes", Kind::kInt, lockout_minutes),
    NANSEN_KEY("security", "key_file", Kind::kString, key_file),
    NANSEN_KEY("security", "secure_cookies", Kind::kBool, secure_cookies),
    NANSEN_KEY("log", "level", Kind::kString, log_level),
    NANSEN_KEY("office", "time_zone", Kind::kString, time_zone),
};

std::string env_name(const Key& k) {
  std::string s = std::string("NANSEN_") + k.section + "_" + k.name;
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string dotted(const Key& k) {
  return std::string(k.section) + "." + k.name;
}

Status assign_text(Config& c, const Key& k, std::string_view text, const std::string& where) {
  void* f = k.field(c);
  const auto bad = [&](const char* what) {
    return fail(ErrorCode::kInvalid, where + ": expected " + what, dotted(k));
  };
  switch (k.kind) {
    case Kind::kString:
      *static_cast<std::string*>(f) = std::string(text);
      return {};
    case Kind::kBool:
      if (text == "true" || text == "1")
        *static_cast<bool*>(f) = true;
      else if (text == "false" || text == "0")
        *static_cast<bool*>(f) = false;
      else
        return bad("true or false");
      return {};
    case Kind::kInt:
    case Kind::kSize: {
      long long v = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || p != text.data() + text.size() || v < 0)
        return bad("a non-negative integer");
      if (k.kind == Kind::kInt) {
        if (v > 1'000'000) return bad("an integer up to 1000000");
        *static_cast<int*>(f) = static_cast<int>(v);
      } else {
        *static_cast<std::size_t*>(f) = static_cast<std::size_t>(v);
      }
      return {};
    }
  }
  return {};
}

Status apply_toml(Config& c, const toml::table& root, const std::string& path) {
  for (auto&& [section, node] : root) {
    const auto* table = node.as_table();
    if (!table)
      return fail(ErrorCode::kInvalid,
                  path + ": '" + std::string(section.str()) + "' must be a [section]",
                  section.str().empty() ? "config" : std::string(section.str()));  // ''=1
    for (auto&& [name, value] : *table) {
      const Key* key = nullptr;
      for (const auto& k : kKeys)
        if (section.str() == k.section && name.str() == k.name) key = &k;
      const std::string full = std::string(section.str()) + "." + std::string(name.str());
      if (!key) return fail(ErrorCode::kInvalid, path + ": unknown key '" + full + "'", full);
      std::string text;
      if (auto s = value.value<std::string>(); s && value.is_string())
        text = *s;
      else if (value.is_integer())
        text = std::to_string(*value.value<int64_t>());
      else if (value.is_boolean())
        text = *value.value<bool>() ? "true" : "false";
      else
        return fail(ErrorCode::kInvalid, path + ": '" + full + "' has an unsupported type", full);
      if (key->kind == Kind::kString && !value.is_string())
        return fail(ErrorCode::kInvalid, path + ": '" + full + "' must be a string", full);
      NANSEN_TRY(assign_text(c, *key, text, path));
    }
  }
  return {};
}

// "" or http(s)://host[:port][/path], without query, fragment, credentials or spaces: the
// address is only compared and printed, but a typo here silently disables Secure cookies.
bool valid_public_url(std::string_view url) {
  if (url.empty()) return true;
  std::string_view rest;
  if (url.starts_with("https://"))
    rest = url.substr(8);
  else if (url.starts_with("http://"))
    rest = url.substr(7);
  else
    return false;
  const std::string_view host = rest.substr(0, rest.find('/'));
  if (host.empty()) return false;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ' || c == '?' || c == '#' || c == '@' || c == '\\' ||
        c == 0x7f)
      return false;
  return true;
}

// toml++ 3.3.0 (Debian 12) reaches __builtin_unreachable() — undefined behaviour, a crash
// or worse — when it asks whether a code point in U+00A1–U+0499 (Latin-1, Greek, Cyrillic)
// is whitespace, which it does for such a character anywhere it is not reading a string
// or a comment (found by fuzz/config_fuzz, three times: a bare key, a stray quote inside
// garbage, a quote after a NUL byte). Tracking toml++'s own tokenizer state proved
// fragile, so the rule is by line and deliberately narrow: a line holding a byte outside
// ASCII must be a comment, `key = "..."` or `key = '...'` (ASCII key, one-line string,
// optional trailing comment), or ASCII code followed by a comment; and a file with a
// multi-line string (""" or ''') may hold no such byte at all. That is all a real
// configuration needs. Returns the first offending line, or 0.

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool line_is_safe_with_non_ascii(std::string_view line) {
  std::size_t i = 0;
  const auto skip_blank = [&] {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
  };
  skip_blank();
  // ASCII code without quotes up to a comment: toml++ stops at the '#'.
  std::size_t code_end = i;
  while (code_end < line.size() && line[code_end] != '#' && line[code_end] != '"' &&
         line[code_end] != '\'' && static_cast<unsigned char>(line[code_end]) < 0x80)
    ++code_end;
  if (code_end < line.size() && line[code_end] == '#') return true;
  // key = "..." or key = '...', then nothing or a comment.
  const std::size_t key_start = i;
  while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) != 0 ||
                             line[i] == '_' || line[i] == '-' || line[i] == '.'))
    ++i;
  if (i == key_start) return false;
  skip_blank();
  if (i >= line.size() || line[i] != '=') return false;
  ++i;
  skip_blank();
  if (i >= line.size() || (line[i] != '"' && line[i] != '\'')) return false;
  const char quote = line[i++];
  for (;; ++i) {
    if (i >= line.size()) return false;
    if (quote == '"' && line[i] == '\\') {
      if (i + 1 >= line.size() || static_cast<unsigned char>(line[i + 1]) >= 0x80) return false;
      ++i;  // an escaped ASCII character
      continue;
    }
    if (line[i] == quote) break;
  }
  ++i;
  skip_blank();
  return i == line.size() || line[i] == '#';
}

std::size_t line_with_unsafe_non_ascii(std::string_view text) {
  const bool multi_line_strings =
      text.find(R"(""")") != std::string_view::npos || text.find("'''") != std::string_view::npos;
  std::size_t number = 1;
  for (std::size_t start = 0; start <= text.size(); ++number) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (!is_ascii(line) && (multi_line_strings || !line_is_safe_with_non_ascii(line)))
      return number;
    start = end + 1;
  }
  return 0;
}

}  // namespace

bool serves_https(const Config& config) {
  return config.public_url.starts_with("https://");
}

Result<Config> load_config(const std::string& path, const std::map<std::string, std::string>& env) {
  Config c;
  if (!path.empty()) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return fail(ErrorCode::kInvalid, path + ": cannot be read", "config");
    std::ostringstream content;
    content << file.rdbuf();
    const std::string text = content.str();
    if (const std::size_t line = line_with_unsafe_non_ascii(text))
      return fail(ErrorCode::kInvalid,
                  path + ":" + std::to_string(line) +
                      ": characters outside ASCII are allowed only in comments and in "
                      "one-line strings",
                  "config");
    try {
      const toml::table root = toml::parse(text, path);
      NANSEN_TRY(apply_toml(c, root, path));
    } catch (const toml::parse_error& e) {
      return fail(
          ErrorCode::kInvalid,
          path + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()),
          "config");
    }
  }
  for (const auto& k : kKeys) {
    const auto it = env.find(env_name(k));
    if (it != env.end()) NANSEN_TRY(assign_text(c, k, it->second, it->first));
  }
  if (c.threads < 1 || c.threads > 256)
    return fail(ErrorCode::kInvalid, "server.threads must be between 1 and 256", "server.threads");
  if (c.max_jobs_per_user < 1 || c.max_jobs_per_user > 64)
    return fail(ErrorCode::kInvalid, "server.max_jobs_per_user must be between 1 and 64",
                "server.max_jobs_per_user");
  if (!valid_public_url(c.public_url))
    return fail(ErrorCode::kInvalid,
                "server.public_url must be http://HOST[:PORT][/PATH] or https://…, without "
                "query, fragment or credentials",
                "server.public_url");
  // Behind TLS a cookie without Secure could leak over a plain-HTTP request to the same
  // host, so https forces it on rather than trusting a second setting to agree.
  if (serves_https(c)) c.secure_cookies = true;
  return c;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    const auto eq = kv.find('=');
    if (eq != kv.npos && kv.starts_with("NANSEN_"))
      env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

}  // namespace nansen
