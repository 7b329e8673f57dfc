// SPDX-License-Identifier: Apache-2.0
// Private to procedures/: parsing and validating one definition file.
#pragma once

#include <string>
#include <string_view>

#include "procedures/json_reader.h"
#include "procedures/procedures.h"

namespace nansen::procedures {

// Shapes and types only; Invalid naming "file: path".
Result<Definition> parse_definition(const std::string& file, std::string_view content);
// Cross-references and graph checks; Invalid naming "file: path".
Status validate_definition(const Definition& definition);

}  // namespace nansen::procedures
