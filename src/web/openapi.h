// SPDX-License-Identifier: Apache-2.0
// Private to web/: the OpenAPI 3.0 document, generated from the router's table, so every
// /api/ route (plus /healthz and /metrics) is described; HTML pages are not.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "web/http.h"

namespace nansen::web {

nlohmann::json openapi_document(const Router& router);
// The JSON Schema of a request body described by field specs.
nlohmann::json body_schema(const std::vector<FieldSpec>& fields);
// The JSON Schema of one field (a list's items included).
nlohmann::json property_schema(const FieldSpec& field);

}  // namespace nansen::web
