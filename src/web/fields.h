// Private to web/: the description of one input field of a JSON body or an HTML form.
// The same list validates the body (body.h) and documents it in openapi.json, so the
// documentation cannot drift from what the handler accepts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nansen::web {

enum class FieldType { kString, kInteger, kBoolean };

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kString;
  bool required = false;
  std::size_t max_length = 256;      // strings: Unicode code points
  std::vector<std::string> allowed;  // strings: the accepted values; empty = any
  std::int64_t min = 0;              // integers: inclusive bounds
  std::int64_t max = INT64_MAX;
  std::string description;  // for openapi.json
};

}  // namespace nansen::web
