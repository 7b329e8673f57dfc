// SPDX-License-Identifier: Apache-2.0
// Private to web/: what the registry, case and document pages share — localized labels
// of the domain's codes, select options, the office's date, the small id lookups the
// pages need, and the registration of each page file's routes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "documents/documents.h"
#include "procedures/procedures.h"
#include "registry/registry.h"
#include "web/routes.h"

namespace nansen::web {

// Each page file registers its own routes (called by register_registry_page_routes).
void add_person_search_pages(Router& router, App& app);  // /persons, /persons/new
void add_person_record_pages(Router& router, App& app);  // /persons/{id} and its forms
void add_case_pages(Router& router, App& app);           // /cases, /cases/{id}, /due
void add_document_pages(Router& router, App& app);       // /documents/{id}, issue, renew
void add_eligibility_pages(Router& router, App& app);    // /eligibility and its job

// page() for these templates. Mustache (kainjow) treats an empty string as true in a
// section, so "{{#error}}" would show an empty error: every empty string in `data` becomes
// false, which renders as nothing and is false in a section.
Response registry_page(const App& app, const Request& req, std::string_view name,
                       nlohmann::json data, int status = 200);
nlohmann::json empty_strings_false(nlohmann::json data);

// ---------------------------------------------------------------------------------------
// Labels: the catalog's text for `key`, or `fallback` when the catalog has no such key
// (a procedure file may name a state no catalog knows yet).

std::string label_or(const App& app, const Request& req, const std::string& key,
                     std::string_view fallback);
std::string state_label(const App& app, const Request& req, const procedures::Definition* def,
                        std::string_view state);
std::string transition_label(const App& app, const Request& req, const procedures::Definition* def,
                             std::string_view transition);
std::string deadline_label(const App& app, const Request& req, const procedures::Definition* def,
                           std::string_view deadline);
std::string procedure_title(const App& app, const Request& req, const procedures::Definition* def,
                            std::string_view id);
std::string country_label(const App& app, const Request& req, std::string_view code);
std::string claim_label(const App& app, const Request& req, std::string_view claim);
std::string sex_label(const App& app, const Request& req, char sex);
std::string field_label(const App& app, const Request& req, std::string_view field);
std::string date_label(const std::optional<CivilDate>& d);

// [{value, label, selected}] for a <select>.
nlohmann::json options(const App& app, const Request& req, const std::vector<std::string>& values,
                       std::string_view key_prefix, std::string_view selected);
// The countries offered for nationality claims and offices, then "stateless" and
// "undetermined" when `with_claims`.
const std::vector<std::string>& offered_countries();
nlohmann::json claim_options(const App& app, const Request& req, std::string_view selected,
                             bool with_claims);

// Codes the forms offer.
const std::vector<std::string>& name_kinds();
const std::vector<std::string>& sexes();
const std::vector<std::string>& identity_document_types();
const std::vector<std::string>& specific_need_codes();
const std::vector<std::string>& language_codes();
const std::vector<std::string>& relationships();
const std::vector<std::string>& purposes();
const std::vector<std::string>& sensitive_kinds();
const std::vector<std::string>& document_types();

// The fields of a posted urlencoded form; empty when the body is malformed, so that every
// field then reads as missing and the form answers with its "required" errors.
std::map<std::string, std::string> form_of(const Request& req);
// The trimmed value of `key`, empty when absent.
std::string value(const std::map<std::string, std::string>& f, const std::string& key);
// A positive integer (an id) written as `s`, or nullopt.
std::optional<std::int64_t> number(const std::string& s);

// The office's date (config time_zone).
Result<CivilDate> page_office_today(const App& app);

// An error as a form shows it: the summary plus the message under `field`. Domain fields
// like "names[0].full_name" are kept as they are: templates attach them to their rows.
nlohmann::json form_error(const App& app, const Request& req, const Error& e);
// Status for a form answered again with errors (422 for Invalid, 409 for Conflict ...).
int form_status(const Error& e);

// A person as result lists show them.
nlohmann::json summary_json(const App& app, const Request& req, const registry::PersonSummary& s);

}  // namespace nansen::web
