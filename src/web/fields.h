// SPDX-License-Identifier: Apache-2.0
// Private to web/: the description of one input field of a JSON body or an HTML form.
// The same list validates the body (body.h) and documents it in openapi.json, so the
// documentation cannot drift from what the handler accepts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nansen::web {

enum class FieldType { kString, kInteger, kBoolean, kList };

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kString;
  bool required = false;
  std::size_t max_length = 256;      // strings: Unicode code points
  std::vector<std::string> allowed;  // strings: the accepted values; empty = any
  std::int64_t min = 0;              // integers: inclusive bounds
  std::int64_t max = INT64_MAX;
  std::string description;  // for openapi.json
  // kList: a JSON array of at most `max_length` items, each an object of the `items`
  // fields, or a plain value when `items` holds one field with an empty name. body.h
  // parses flat fields only: a handler that declares a list parses it itself (see
  // registry_json.h); the spec lives here so that openapi.json describes the list.
  std::vector<FieldSpec> items;
};

}  // namespace nansen::web
