// SPDX-License-Identifier: Apache-2.0
// Private to web/: the JSON shape of the foundation's records, shared by the API and
// the pages (templates receive the same objects), and their JSON Schemas for openapi.json.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "access/access.h"

namespace nansen::web {

nlohmann::json actor_json(const access::Actor& a);
nlohmann::json user_json(const access::User& u);
nlohmann::json token_json(const access::ApiToken& t);  // includes "secret" only when set
nlohmann::json audit_row_json(const access::AuditRow& r);
nlohmann::json permissions_json(access::Role role);  // ["users.manage", ...]

extern const char* const kUserSchema;
extern const char* const kTokenSchema;
extern const char* const kAuditRowSchema;

}  // namespace nansen::web
