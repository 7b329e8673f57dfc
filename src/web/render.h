// SPDX-License-Identifier: Apache-2.0
// Private to web/: mustache templates (share/templates/*.mustache) rendered from JSON
// data. Templates named "_…" are partials every template can include: {{> _field}}.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "base/base.h"

namespace nansen::web {

class Renderer {
 public:
  // Loads and parses every templates/*.mustache of the embedded share/ map. Internal
  // naming the template if one does not parse.
  static Result<Renderer> load(const std::map<std::string, std::string_view>& share);

  // Renders templates/<name>.mustache with `data`. Internal if there is no such template.
  // Thread-safe.
  Result<std::string> render(std::string_view name, const nlohmann::json& data) const;
  bool has(std::string_view name) const;

 private:
  std::map<std::string, std::string, std::less<>> templates_;
};

}  // namespace nansen::web
