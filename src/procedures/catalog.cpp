// SPDX-License-Identifier: Apache-2.0
// Loading every definition file into one catalog, at start-up.
#include "procedures/definition_parse.h"

namespace nansen::procedures {
namespace {

// A document type is issued only by a procedure's decision everywhere or nowhere: if one
// file let an officer issue a refugee certificate on its own, the rule would be void.
Status check_outcome_types(const Catalog& catalog) {
  std::map<std::string, std::pair<bool, std::string>> seen;  // type → (outcome, file)
  for (const auto& [id, def] : catalog)
    for (std::size_t i = 0; i < def.documents.size(); ++i) {
      const DocumentRule& r = def.documents[i];
      auto [it, inserted] = seen.emplace(r.type, std::make_pair(r.outcome, def.source_file));
      if (!inserted && it->second.first != r.outcome) {
        const std::string where =
            def.source_file + ": documents[" + std::to_string(i) + "].outcome";
        return fail(ErrorCode::kInvalid,
                    where + ": '" + r.type + "' is " + (r.outcome ? "" : "not ") +
                        "a procedure's outcome here but " + (r.outcome ? "not " : "") + "in " +
                        it->second.second,
                    where);
      }
    }
  return {};
}

}  // namespace

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
  NANSEN_TRY(check_outcome_types(catalog));
  return catalog;
}

Result<Catalog> load_builtin_definitions() {
  return load_definitions(embedded::share());
}

}  // namespace nansen::procedures
