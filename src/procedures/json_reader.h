// SPDX-License-Identifier: Apache-2.0
// Private to procedures/: reading a JSON definition with errors that name the file and
// the path of the offending value ("procedures/x.json: transitions[2].to: ...").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/base.h"

namespace nansen::procedures {

struct JsonAt {
  const nlohmann::json& value;
  std::string file;
  std::string path;  // "transitions[2].to"; empty for the document itself

  JsonAt at(const std::string& key) const;  // REQUIRES: value is an object
  JsonAt at(std::size_t index) const;       // REQUIRES: value is an array
  Error error(const std::string& problem) const;
};

// Each getter fails with the path when the key is missing (if required) or mistyped.
Result<std::string> read_string(const JsonAt& obj, const std::string& key, bool required);
Result<std::optional<std::string>> read_optional_string(const JsonAt& obj, const std::string& key);
Result<std::vector<std::string>> read_strings(const JsonAt& obj, const std::string& key);
Result<int> read_int(const JsonAt& obj, const std::string& key, int fallback, int min, int max);
Result<std::optional<int>> read_optional_int(const JsonAt& obj, const std::string& key, int min,
                                             int max);
Result<bool> read_bool(const JsonAt& obj, const std::string& key, bool fallback);
// An array under `key` (empty if absent); fails if present and not an array.
Result<std::vector<JsonAt>> read_array(const JsonAt& obj, const std::string& key);
// Fails naming the first key of `obj` that is not in `known` (catches typos).
Status reject_unknown_keys(const JsonAt& obj, const std::vector<std::string>& known);

}  // namespace nansen::procedures
