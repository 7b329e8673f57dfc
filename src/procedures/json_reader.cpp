// SPDX-License-Identifier: Apache-2.0
#include "procedures/json_reader.h"

#include <algorithm>

namespace nansen::procedures {

using nlohmann::json;

JsonAt JsonAt::at(const std::string& key) const {
  return JsonAt{value.at(key), file, path.empty() ? key : path + "." + key};
}

JsonAt JsonAt::at(std::size_t index) const {
  return JsonAt{value.at(index), file, path + "[" + std::to_string(index) + "]"};
}

Error JsonAt::error(const std::string& problem) const {
  const std::string where = path.empty() ? file : file + ": " + path;
  return Error{ErrorCode::kInvalid, where + ": " + problem, where};
}

namespace {

Error missing(const JsonAt& obj, const std::string& key) {
  return obj.error("missing required key '" + key + "'");
}

}  // namespace

Result<std::string> read_string(const JsonAt& obj, const std::string& key, bool required) {
  if (!obj.value.contains(key)) {
    if (required) return fail(missing(obj, key));
    return std::string();
  }
  const JsonAt v = obj.at(key);
  if (!v.value.is_string()) return fail(v.error("expected a string"));
  return v.value.get<std::string>();
}

Result<std::optional<std::string>> read_optional_string(const JsonAt& obj, const std::string& key) {
  if (!obj.value.contains(key) || obj.value.at(key).is_null()) return std::optional<std::string>();
  auto s = read_string(obj, key, true);
  if (!s) return fail(s.error());
  return std::optional<std::string>(*s);
}

Result<std::vector<std::string>> read_strings(const JsonAt& obj, const std::string& key) {
  std::vector<std::string> out;
  if (!obj.value.contains(key)) return out;
  const JsonAt arr = obj.at(key);
  if (!arr.value.is_array()) return fail(arr.error("expected an array of strings"));
  for (std::size_t i = 0; i < arr.value.size(); ++i) {
    const JsonAt item = arr.at(i);
    if (!item.value.is_string()) return fail(item.error("expected a string"));
    out.push_back(item.value.get<std::string>());
  }
  return out;
}

Result<int> read_int(const JsonAt& obj, const std::string& key, int fallback, int min, int max) {
  if (!obj.value.contains(key)) return fallback;
  const JsonAt v = obj.at(key);
  if (!v.value.is_number_integer()) return fail(v.error("expected an integer"));
  const auto n = v.value.get<long long>();
  if (n < min || n > max)
    return fail(v.error("must be between " + std::to_string(min) + " and " + std::to_string(max)));
  return static_cast<int>(n);
}

Result<std::optional<int>> read_optional_int(const JsonAt& obj, const std::string& key, int min,
                                             int max) {
  if (!obj.value.contains(key) || obj.value.at(key).is_null()) return std::optional<int>();
  auto n = read_int(obj, key, 0, min, max);
  if (!n) return fail(n.error());
  return std::optional<int>(*n);
}

Result<bool> read_bool(const JsonAt& obj, const std::string& key, bool fallback) {
  if (!obj.value.contains(key)) return fallback;
  const JsonAt v = obj.at(key);
  if (!v.value.is_boolean()) return fail(v.error("expected true or false"));
  return v.value.get<bool>();
}

Result<std::vector<JsonAt>> read_array(const JsonAt& obj, const std::string& key) {
  std::vector<JsonAt> out;
  if (!obj.value.contains(key)) return out;
  const JsonAt arr = obj.at(key);
  if (!arr.value.is_array()) return fail(arr.error("expected an array"));
  for (std::size_t i = 0; i < arr.value.size(); ++i) {
    const JsonAt item = arr.at(i);
    if (!item.value.is_object()) return fail(item.error("expected an object"));
    out.push_back(item);
  }
  return out;
}

Status reject_unknown_keys(const JsonAt& obj, const std::vector<std::string>& known) {
  for (const auto& [key, _] : obj.value.items())
    if (std::find(known.begin(), known.end(), key) == known.end())
      return fail(obj.error("unknown key '" + key + "'"));
  return {};
}

}  // namespace nansen::procedures
