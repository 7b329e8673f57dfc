// SPDX-License-Identifier: Apache-2.0
// Private to web/: request body → plain struct, one mechanism for JSON bodies and
// urlencoded forms. A handler declares its fields once:
//
//   struct NewTokenBody { std::string name; std::optional<std::int64_t> valid_days; };
//   const BodySchema<NewTokenBody> schema = BodySchema<NewTokenBody>()
//       .field(text_field("name", 100, kRequired), &NewTokenBody::name)
//       .field(int_field("valid_days", 1, 3650), &NewTokenBody::valid_days);
//   auto body = schema.parse(req);  // HttpResult<NewTokenBody>
//
// Errors name the field: malformed JSON or bad form encoding (400), a content type other
// than JSON or a form (415), invalid UTF-8 (400), unknown, missing or wrongly typed
// fields and overlong strings (422). The same specs document the body in openapi.json.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "web/fields.h"
#include "web/http.h"

namespace nansen::web {

inline constexpr bool kRequired = true;

FieldSpec text_field(std::string name, std::size_t max_length, bool required = false);
FieldSpec choice_field(std::string name, std::vector<std::string> allowed, bool required = false);
FieldSpec int_field(std::string name, std::int64_t min, std::int64_t max, bool required = false);
FieldSpec bool_field(std::string name);

using FieldValue = std::variant<std::string, std::int64_t, bool>;
using FieldValues = std::map<std::string, FieldValue>;

// Form fields every form may carry besides its own (the CSRF token, a submit button).
bool is_form_control_field(std::string_view name);

// Parses `body` according to its media type and checks it against `specs`. An empty
// body is an empty object. Only fields present in the body appear in the result
// (optional fields sent as JSON null or as an empty form value are absent).
HttpResult<FieldValues> parse_fields(std::string_view content_type, std::string_view body,
                                     const std::vector<FieldSpec>& specs);

// A JSON body that must be one object: 400 naming "body" for malformed or too deeply
// nested JSON (refused before the parser recurses), 422 for another JSON value.
HttpResult<nlohmann::json> parse_json_object(std::string_view body);

// Checks already-decoded name → value pairs (a query string) as form values would be.
// Names not in `specs` are ignored when `ignore_unknown`, else rejected.
HttpResult<FieldValues> check_form_values(const std::map<std::string, std::string>& values,
                                          const std::vector<FieldSpec>& specs, bool ignore_unknown);

template <typename T>
class BodySchema {
 public:
  BodySchema& field(FieldSpec spec, std::string T::*member) {
    spec.type = FieldType::kString;
    return add(std::move(spec),
               [member](T& t, const FieldValue& v) { t.*member = std::get<std::string>(v); });
  }
  BodySchema& field(FieldSpec spec, std::optional<std::string> T::*member) {
    spec.type = FieldType::kString;
    return add(std::move(spec),
               [member](T& t, const FieldValue& v) { t.*member = std::get<std::string>(v); });
  }
  BodySchema& field(FieldSpec spec, std::int64_t T::*member) {
    spec.type = FieldType::kInteger;
    return add(std::move(spec),
               [member](T& t, const FieldValue& v) { t.*member = std::get<std::int64_t>(v); });
  }
  BodySchema& field(FieldSpec spec, std::optional<std::int64_t> T::*member) {
    spec.type = FieldType::kInteger;
    return add(std::move(spec),
               [member](T& t, const FieldValue& v) { t.*member = std::get<std::int64_t>(v); });
  }
  BodySchema& field(FieldSpec spec, bool T::*member) {
    spec.type = FieldType::kBoolean;
    return add(std::move(spec),
               [member](T& t, const FieldValue& v) { t.*member = std::get<bool>(v); });
  }

  const std::vector<FieldSpec>& specs() const { return specs_; }

  HttpResult<T> parse(std::string_view content_type, std::string_view body) const {
    auto values = parse_fields(content_type, body, specs_);
    if (!values) return tl::unexpected(values.error());
    return bind(*values);
  }

 private:
  HttpResult<T> bind(const FieldValues& values) const {
    T out{};
    for (std::size_t i = 0; i < specs_.size(); ++i) {
      auto it = values.find(specs_[i].name);
      if (it != values.end()) setters_[i](out, it->second);
    }
    return out;
  }

 public:
  HttpResult<T> parse(const Request& req) const {
    return parse(req.header("content-type"), req.body);
  }
  // The query string against the same fields (unknown parameters such as ?lang= ignored).
  HttpResult<T> parse_query(const Request& req) const {
    auto values = check_form_values(req.query, specs_, true);
    if (!values) return tl::unexpected(values.error());
    return bind(*values);
  }

 private:
  BodySchema& add(FieldSpec spec, std::function<void(T&, const FieldValue&)> set) {
    specs_.push_back(std::move(spec));
    setters_.push_back(std::move(set));
    return *this;
  }
  std::vector<FieldSpec> specs_;
  std::vector<std::function<void(T&, const FieldValue&)>> setters_;
};

}  // namespace nansen::web
