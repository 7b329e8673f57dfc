// SPDX-License-Identifier: Apache-2.0
// Private to registry/: scope look-ups and audit shorthand shared by the store files.
#pragma once

#include <string>

#include "registry/registry.h"

namespace nansen::registry {

// libsodium initialised (once, thread-safe); false if it cannot be.
bool sodium_ready();

// The country of a person, or NotFound when absent or outside the actor's scope (so a
// country-scoped actor cannot tell "elsewhere" from "nowhere").
Result<std::string> person_country_in_scope(db::Transaction& tx, const access::Actor& actor,
                                            PersonId id);

// A stored date column: nullopt for NULL, empty or unreadable.
std::optional<CivilDate> read_date(const db::Row& row, std::size_t i);

Status audit(db::Transaction& tx, const access::Actor& actor, const std::string& action,
             const std::string& record_type, std::int64_t record_id,
             const std::optional<std::string>& country, Instant now,
             const std::string& detail = "{}");

// The same for a read, through the group-committing writer (access::record_read_audit),
// after the read transaction has ended.
Status audit_read(db::Database& db, const access::Actor& actor, const std::string& action,
                  const std::string& record_type, std::int64_t record_id,
                  const std::optional<std::string>& country, Instant now,
                  const std::string& detail = "{}");

// Validation of the whole input; Invalid naming the field.
Status validate_person(const PersonInput& input);

// The building blocks of register_person, create_household and register_family, so that a
// family registered at once is checked, stored and audited exactly as one by one.

// A new person before any write: Invalid naming the field, Forbidden when its country or
// organisation lies outside the actor's scope.
Status check_new_person(const access::Actor& actor, const PersonInput& input);
// Stores a checked person with names, claims, documents, needs and languages, and its
// "person.create" audit record, in `tx`.
Result<PersonId> insert_person(db::Transaction& tx, const access::Actor& actor,
                               const PersonInput& input, Instant now);

// A household's list before any write: known relationships, nobody twice, exactly one
// head. `fields[i]` names member i in errors ("members[1]" → "members[1].relationship").
Status check_household(const std::vector<HouseholdMember>& members,
                       const std::vector<std::string>& fields);
// Stores a checked household and its "household.create" audit record in `tx`. Every
// member must be in the actor's scope and in `country`: NotFound naming
// "<fields[i]>.person" otherwise.
Result<HouseholdId> insert_household(db::Transaction& tx, const access::Actor& actor,
                                     const std::string& country,
                                     const std::vector<HouseholdMember>& members,
                                     const std::vector<std::string>& fields, Instant now);

// "members[3]": the name of entry `i` of a list in errors.
std::string list_entry(const std::string& list, std::size_t i);
// `e` with its field placed under `prefix` ("birth_date" → "members[1].birth_date").
Error under(const std::string& prefix, Error e);
bool is_country_code(std::string_view s);
std::string document_number_key(std::string_view number);

// The person an index entry belongs to ("<id>#<n>", see match_records).
std::optional<PersonId> person_of_record(std::string_view record_id);

// A person found by a search or a duplicate check, before it is shown.
struct Found {
  PersonId id;
  std::string reason;
  std::optional<MatchReason> match;
};
// The matcher's reason for a hit: its weight, decision, the agreeing fields, the reading.
MatchReason match_reason(const match::SearchHit& hit);
// "match weight 15.2 (same)".
std::string weight_reason(const MatchReason& m);
// What the audit row of a look-up says besides who made it (the row's actor): why it was
// made and what kind of query it was, never the query itself.
struct Lookup {
  std::string action;   // "person.search", "person.duplicates"
  std::string purpose;  // "search", "duplicate_check"
  // The parts the query was made of, e.g. {"name", "birth_date"} or {"number"}.
  std::vector<std::string> query;
};
// The summaries of `found` (in order) that are unmerged and in the actor's scope at the
// time of `tx`.
Result<std::vector<PersonSummary>> show_found(db::Transaction& tx, const access::Actor& actor,
                                              const std::vector<Found>& found);
// ONE audit row `lookup.action` for the persons `shown`, naming them by id only:
// {"purpose":"search","query":["name"],"results":N,"persons":[ids]}, through the group
// commit (call it after the read transaction has ended).
Status audit_shown(db::Database& db, const access::Actor& actor, const Lookup& lookup,
                   const std::vector<PersonSummary>& shown, Instant now);

}  // namespace nansen::registry
