// SPDX-License-Identifier: Apache-2.0
// Private to web/: the JSON of registry/, procedures/ and documents/ — what the registry
// API answers, and how its request bodies become domain inputs. One place for both, so
// the API (registry_api_*.cpp) and the registry pages (registry_pages.cpp) show a person,
// a case or a document with the same field names.
//
// Output functions are pure: they render what the domain returned and never call it.
// Input functions check a body against its FieldSpecs (body.h) and convert it; every
// rejection names the field as the client sent it ("names[1].full_name",
// "identity_documents[0].valid_until").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "documents/documents.h"
#include "procedures/procedures.h"
#include "registry/registry.h"
#include "web/body.h"
#include "web/jobs.h"

namespace nansen::web {

// ---------------------------------------------------------------------------------------
// Output

// "2024-03-15" (or "1988", "~1990-05" for imprecise dates); null when absent.
nlohmann::json date_json(const std::optional<CivilDate>& d);

// The whole record, contact included (the caller has person.read on it).
nlohmann::json person_json(const registry::Person& p);
// A search hit or duplicate candidate: id, country, name, birth_date, sex, reason.
nlohmann::json person_summary_json(const registry::PersonSummary& s);
nlohmann::json person_summaries_json(const std::vector<registry::PersonSummary>& list);

nlohmann::json household_json(registry::HouseholdId id,
                              const std::vector<registry::HouseholdMember>& members);
nlohmann::json consent_json(const registry::Consent& c);
// Reveals the entry's text: only for a response to the reader the domain authorised.
nlohmann::json sensitive_entry_json(const registry::SensitiveEntry& e);

// The case with its history, extensions, due dates (with status on `today`) and the
// transitions `actor` could take now. The definition comes from `catalog`; a case of a
// procedure no longer shipped shows no due dates and no transitions.
nlohmann::json case_json(const procedures::Case& c, const procedures::Catalog& catalog,
                         const access::Actor& actor, const CivilDate& today,
                         std::string_view time_zone);
nlohmann::json case_summary_json(const procedures::CaseSummary& c);
nlohmann::json due_item_json(const procedures::DueItem& d);

// With "mrz": {"line1", "line2"} for travel documents, else null.
nlohmann::json document_json(const documents::IssuedDocument& d);

nlohmann::json eligibility_preview_json(const procedures::EligibilityPreview& p);
// {"id", "kind", "state", "done", "total", "result", "error"}.
nlohmann::json job_json(const JobStatus& s);

// ---------------------------------------------------------------------------------------
// List fields of a JSON body (FieldType::kList)

// A list of objects, each checked against `items`.
FieldSpec list_field(std::string name, std::size_t max_items, std::vector<FieldSpec> items,
                     bool required = false);
// A list of plain values, each checked against `item` (its name is ignored).
FieldSpec value_list_field(std::string name, std::size_t max_items, FieldSpec item);

// A JSON body taken apart: its list fields checked item by item (an item of a value list
// is stored under the empty name), the rest left as JSON text for a BodySchema.
struct SplitBody {
  std::string flat;
  std::map<std::string, std::vector<FieldValues>> lists;  // only the lists present
};
// 415 unless JSON (lists cannot be sent as a form); 400 for malformed JSON; 422 naming
// "name", "name[i]" or "name[i].field" for a list that is not a list, too long, or with a
// bad item. A required list that is absent or empty is 422 too.
HttpResult<SplitBody> split_list_fields(const Request& req, const std::vector<FieldSpec>& lists);

// Typed reads of checked values (absent → the fallback).
std::string text_value(const FieldValues& v, const std::string& name,
                       const std::string& fallback = "");
std::optional<std::int64_t> int_value(const FieldValues& v, const std::string& name);

// An optional date field: absent → nullopt; Invalid naming `field` for "2023-02-30".
Result<std::optional<CivilDate>> optional_date(const std::optional<std::string>& text,
                                               std::string_view field);

// ---------------------------------------------------------------------------------------
// Request bodies of the registry API

// POST /api/v1/persons and /api/v1/persons/duplicates: every field of PersonInput, with
// the lists names, nationalities, identity_documents, specific_needs and languages.
struct PersonRequest {
  registry::PersonInput input;
  bool confirm_new = false;  // register although likely duplicates exist
};
const std::vector<FieldSpec>& person_body_specs();
HttpResult<PersonRequest> parse_person_request(const Request& req);
// Renames a domain error's field to the body's name ("documents[0].number" →
// "identity_documents[0].number").
Error person_body_error(Error e);

// The rule of POST /api/v1/eligibility/preview (and, with decision, legal_basis and
// fingerprint, of .../apply).
struct EligibilityRequest {
  procedures::EligibilityRule rule;
  procedures::BulkDecision decision;
  std::string fingerprint;
};
const std::vector<FieldSpec>& eligibility_rule_specs();
const std::vector<FieldSpec>& eligibility_apply_specs();
// `with_decision`: the apply body (decision and fingerprint required).
HttpResult<EligibilityRequest> parse_eligibility_request(const Request& req, bool with_decision);

}  // namespace nansen::web
