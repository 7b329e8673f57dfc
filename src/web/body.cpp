// SPDX-License-Identifier: Apache-2.0
// Request bodies → checked field values. Every rejection names the field, so a form can
// mark it and an API client can fix its request.
#include "web/body.h"

#include <charconv>

#include <nlohmann/json.hpp>

namespace nansen::web {
namespace {

// Nesting deeper than this is not a form anyone sends; refusing it up front keeps
// recursive JSON handling far from the stack's end.
constexpr int kMaxJsonDepth = 16;

HttpError bad(int status, ErrorCode code, std::string message, std::string field) {
  return HttpError{status, Error{code, std::move(message), std::move(field)}};
}

const char* type_name(FieldType t) {
  switch (t) {
    case FieldType::kString:
      return "a string";
    case FieldType::kInteger:
      return "an integer";
    case FieldType::kBoolean:
      return "true or false";
    case FieldType::kList:
      return "a list, parsed by its handler";
  }
  return "a value";
}

bool nesting_within(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

const FieldSpec* find_spec(const std::vector<FieldSpec>& specs, std::string_view name) {
  for (const FieldSpec& s : specs)
    if (s.name == name) return &s;
  return nullptr;
}

// Checks a string against the spec's length and allowed values.
tl::expected<FieldValue, HttpError> check_string(const FieldSpec& spec, std::string value) {
  if (!is_valid_utf8(value))
    return tl::unexpected(bad(400, ErrorCode::kInvalid, "is not valid UTF-8", spec.name));
  if (value.find('\0') != std::string::npos)
    return tl::unexpected(
        bad(422, ErrorCode::kInvalid, "must not contain NUL characters", spec.name));
  if (utf8_length(value) > spec.max_length)
    return tl::unexpected(bad(422, ErrorCode::kInvalid,
                              "is longer than " + std::to_string(spec.max_length) + " characters",
                              spec.name));
  if (!spec.allowed.empty()) {
    bool ok = false;
    for (const std::string& a : spec.allowed) ok = ok || a == value;
    if (!ok) {
      std::string list;
      for (const std::string& a : spec.allowed) list += (list.empty() ? "" : ", ") + a;
      return tl::unexpected(bad(422, ErrorCode::kInvalid, "must be one of: " + list, spec.name));
    }
  }
  return FieldValue(std::move(value));
}

tl::expected<FieldValue, HttpError> check_integer(const FieldSpec& spec, std::int64_t v) {
  if (v < spec.min || v > spec.max)
    return tl::unexpected(
        bad(422, ErrorCode::kInvalid,
            "must be between " + std::to_string(spec.min) + " and " + std::to_string(spec.max),
            spec.name));
  return FieldValue(v);
}

tl::expected<FieldValue, HttpError> wrong_type(const FieldSpec& spec) {
  return tl::unexpected(
      bad(422, ErrorCode::kInvalid, std::string("must be ") + type_name(spec.type), spec.name));
}

tl::expected<FieldValue, HttpError> from_json(const FieldSpec& spec, const nlohmann::json& v) {
  switch (spec.type) {
    case FieldType::kString:
      if (!v.is_string()) return wrong_type(spec);
      return check_string(spec, v.get<std::string>());
    case FieldType::kInteger:
      if (v.is_number_unsigned()) {
        if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) return wrong_type(spec);
        return check_integer(spec, static_cast<std::int64_t>(v.get<std::uint64_t>()));
      }
      if (!v.is_number_integer()) return wrong_type(spec);
      return check_integer(spec, v.get<std::int64_t>());
    case FieldType::kBoolean:
      if (!v.is_boolean()) return wrong_type(spec);
      return FieldValue(v.get<bool>());
    case FieldType::kList:
      break;  // lists are parsed by their handler before the flat fields
  }
  return wrong_type(spec);
}

tl::expected<FieldValue, HttpError> from_form(const FieldSpec& spec, const std::string& v) {
  switch (spec.type) {
    case FieldType::kString:
      return check_string(spec, v);
    case FieldType::kInteger: {
      std::int64_t n = 0;
      const std::string t = trim(v);
      auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
      if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return wrong_type(spec);
      return check_integer(spec, n);
    }
    case FieldType::kBoolean:
      if (v == "on" || v == "true" || v == "1") return FieldValue(true);
      if (v == "off" || v == "false" || v == "0") return FieldValue(false);
      return wrong_type(spec);
    case FieldType::kList:
      break;
  }
  return wrong_type(spec);
}

HttpResult<FieldValues> check_required(const std::vector<FieldSpec>& specs, FieldValues values) {
  for (const FieldSpec& s : specs) {
    auto it = values.find(s.name);
    const bool empty_text = it != values.end() && std::holds_alternative<std::string>(it->second) &&
                            trim(std::get<std::string>(it->second)).empty();
    if (s.required && (it == values.end() || empty_text))
      return tl::unexpected(bad(422, ErrorCode::kInvalid, "is required", s.name));
    if (!s.required && empty_text) values.erase(it);
  }
  return values;
}

}  // namespace

HttpResult<nlohmann::json> parse_json_object(std::string_view body) {
  if (!nesting_within(body, kMaxJsonDepth))
    return tl::unexpected(
        bad(400, ErrorCode::kInvalid, "the JSON body is nested too deeply", "body"));
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    return tl::unexpected(
        bad(400, ErrorCode::kInvalid, "the body is not well-formed JSON", "body"));
  if (!doc.is_object())
    return tl::unexpected(bad(422, ErrorCode::kInvalid, "the body must be a JSON object", "body"));
  return doc;
}

namespace {

HttpResult<FieldValues> parse_json_fields(std::string_view body,
                                          const std::vector<FieldSpec>& specs) {
  auto parsed = parse_json_object(body);
  if (!parsed) return tl::unexpected(parsed.error());
  const nlohmann::json& doc = *parsed;
  FieldValues values;
  for (const auto& [key, value] : doc.items()) {
    const FieldSpec* spec = find_spec(specs, key);
    if (!spec) {
      if (key.empty())
        return tl::unexpected(bad(422, ErrorCode::kInvalid, "a field has no name", "body"));
      return tl::unexpected(bad(422, ErrorCode::kInvalid, "is not a known field", key));
    }
    if (value.is_null()) continue;  // an explicit null is an absent optional field
    auto v = from_json(*spec, value);
    if (!v) return tl::unexpected(v.error());
    values.emplace(key, std::move(*v));
  }
  return check_required(specs, std::move(values));
}

HttpResult<FieldValues> form_values(const std::map<std::string, std::string>& form,
                                    const std::vector<FieldSpec>& specs, bool ignore_unknown) {
  FieldValues values;
  for (const auto& [key, value] : form) {
    const FieldSpec* spec = find_spec(specs, key);
    if (!spec) {
      if (ignore_unknown || is_form_control_field(key)) continue;
      if (key.empty())
        return tl::unexpected(bad(422, ErrorCode::kInvalid, "a form field has no name", "body"));
      if (!is_valid_utf8(key))
        return tl::unexpected(bad(400, ErrorCode::kInvalid, "a field name is not UTF-8", "body"));
      return tl::unexpected(bad(422, ErrorCode::kInvalid, "is not a known field", key));
    }
    // An empty input is an absent value (an empty number box, "no choice").
    if (spec->type != FieldType::kBoolean && trim(value).empty()) continue;
    auto v = from_form(*spec, value);
    if (!v) return tl::unexpected(v.error());
    values.emplace(key, std::move(*v));
  }
  // An unchecked checkbox sends nothing: absent booleans in a form are false.
  for (const FieldSpec& s : specs)
    if (s.type == FieldType::kBoolean && !values.count(s.name)) values.emplace(s.name, false);
  return check_required(specs, std::move(values));
}

HttpResult<FieldValues> parse_form_fields(std::string_view body,
                                          const std::vector<FieldSpec>& specs) {
  auto form = parse_urlencoded(body);
  if (!form)
    return tl::unexpected(
        bad(400, ErrorCode::kInvalid, "the form is badly encoded or not valid UTF-8", "body"));
  return form_values(*form, specs, false);
}

}  // namespace

HttpResult<FieldValues> check_form_values(const std::map<std::string, std::string>& values,
                                          const std::vector<FieldSpec>& specs,
                                          bool ignore_unknown) {
  return form_values(values, specs, ignore_unknown);
}

FieldSpec text_field(std::string name, std::size_t max_length, bool required) {
  FieldSpec s;
  s.name = std::move(name);
  s.type = FieldType::kString;
  s.max_length = max_length;
  s.required = required;
  return s;
}

FieldSpec choice_field(std::string name, std::vector<std::string> allowed, bool required) {
  FieldSpec s = text_field(std::move(name), 64, required);
  s.allowed = std::move(allowed);
  return s;
}

FieldSpec int_field(std::string name, std::int64_t min, std::int64_t max, bool required) {
  FieldSpec s;
  s.name = std::move(name);
  s.type = FieldType::kInteger;
  s.min = min;
  s.max = max;
  s.required = required;
  return s;
}

FieldSpec bool_field(std::string name) {
  FieldSpec s;
  s.name = std::move(name);
  s.type = FieldType::kBoolean;
  return s;
}

bool is_form_control_field(std::string_view name) {
  return name == "csrf" || name == "submit";
}

HttpResult<FieldValues> parse_fields(std::string_view content_type, std::string_view body,
                                     const std::vector<FieldSpec>& specs) {
  if (!is_valid_utf8(body))
    return tl::unexpected(bad(400, ErrorCode::kInvalid, "the body is not valid UTF-8", "body"));
  const std::string type = media_type(content_type);
  if (trim(body).empty() &&
      (type.empty() || type == "application/json" || type == "application/x-www-form-urlencoded"))
    return check_required(specs, {});
  if (type == "application/json") return parse_json_fields(body, specs);
  if (type == "application/x-www-form-urlencoded") return parse_form_fields(body, specs);
  return tl::unexpected(bad(415, ErrorCode::kInvalid,
                            "send application/json or application/x-www-form-urlencoded",
                            "content-type"));
}

}  // namespace nansen::web
