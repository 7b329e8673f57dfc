// SPDX-License-Identifier: Apache-2.0
// Loading every definition file into one catalog, at start-up.
#include "procedures/definition_parse.h"

namespace nansen::procedures {

Result<Catalog> load_definitions(const std::map<std::string, std::string_view>& files) {
  Catalog catalog;
  std::map<std::string, std::string> file_of;  // definition id → the file that defined it
  for (const auto& [path, content] : files) {
    if (path.rfind("procedures/", 0) != 0 || path.size() < 5 ||
        path.compare(path.size() - 5, 5, ".json") != 0)
      continue;
    auto definition = parse_definition(path, content);
    if (!definition) return fail(definition.error());
    NANSEN_TRY(validate_definition(*definition));
    auto [it, inserted] = file_of.emplace(definition->id, path);
    if (!inserted)
      return fail(ErrorCode::kInvalid,
                  path + ": id: duplicate procedure id '" + definition->id + "' (also in " +
                      it->second + ")",
                  path + ": id");
    std::string id = definition->id;
    catalog.emplace(std::move(id), std::move(*definition));
  }
  return catalog;
}

Result<Catalog> load_builtin_definitions() {
  return load_definitions(embedded::share());
}

}  // namespace nansen::procedures
