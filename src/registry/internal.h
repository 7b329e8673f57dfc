// Private to registry/: scope look-ups and audit shorthand shared by the store files.
#pragma once

#include <string>

#include "registry/registry.h"

namespace nansen::registry {

// The country of a person, or NotFound when absent or outside the actor's scope (so a
// country-scoped actor cannot tell "elsewhere" from "nowhere").
Result<std::string> person_country_in_scope(db::Transaction& tx, const access::Actor& actor,
                                            PersonId id);

Status audit(db::Transaction& tx, const access::Actor& actor, const std::string& action,
             const std::string& record_type, std::int64_t record_id,
             const std::optional<std::string>& country, Instant now,
             const std::string& detail = "{}");

// Validation of the whole input; Invalid naming the field.
Status validate_person(const PersonInput& input);
bool is_country_code(std::string_view s);
std::string document_number_key(std::string_view number);

}  // namespace nansen::registry
