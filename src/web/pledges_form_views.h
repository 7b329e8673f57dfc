// SPDX-License-Identifier: Apache-2.0
// Private to web/: what the pledge, import and consultation forms share — reading a form
// whose checkbox groups repeat a name, choice lists with labels in the reader's language,
// problems shown beside their fields in the reader's language, and the registrations of
// the form files (called by register_pledges_form_routes).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "pledges/pledges.h"
#include "web/routes.h"

namespace nansen::web {

// A submitted urlencoded form with every value of every name, in order.
struct SubmittedForm {
  std::multimap<std::string, std::string> values;
  std::string one(std::string_view name) const;  // the last value; "" if absent
  std::set<std::string> all(std::string_view name) const;
};
// 415 unless the body is application/x-www-form-urlencoded; 400 for bad escapes or text
// that is not UTF-8.
HttpResult<SubmittedForm> read_form(const Request& req);

// A problem of `field` in the reader's language: the field's own explanation when the
// catalog has pf_error_<field>, else the generic one for its kind.
std::string problem_text(const App& app, const Request& req, const std::string& field,
                         const std::string& message);
// {"<field>": "<message>", "_summary": "<first message>"} for templates (_errors and the
// fields). The first problem of a field wins.
nlohmann::json problems_json(const App& app, const Request& req,
                             const std::vector<pledges::InputProblem>& problems);
// One refused write (Forbidden, Conflict, Invalid) as the same shape.
nlohmann::json refusal_json(const App& app, const Request& req, const HttpError& e);

struct Choice {
  std::string value;
  std::string label;
};
// [{value, label, selected, id}] — `id` is "<name>-<n>", unique in the page for labels.
nlohmann::json choices_json(std::string_view name, const std::vector<Choice>& choices,
                            const std::set<std::string>& selected);
// Labels from the catalog: "<prefix><value>" for each value.
std::vector<Choice> catalog_choices(const App& app, const Request& req, std::string_view prefix,
                                    const std::vector<std::string>& values);
// "Name in the reader's language (CODE)".
std::vector<Choice> entity_choices(const std::vector<pledges::Entity>& entities,
                                   std::string_view language);
// The five Central Asian countries, most pledges' targets; others are typed as codes.
const std::vector<std::string>& central_asian_countries();
// Codes typed in a text field: "kaz; ARM" → {"KAZ", "ARM"}.
std::vector<std::string> typed_codes(std::string_view text);

// Whether the actor may create pledges or post updates at all (focal points and
// reviewers), and run consultations (reviewers). For showing buttons: the domain decides.
bool may_write_pledges(const access::Actor& actor);
bool may_review(const access::Actor& actor);
// A 403 page that says, in the reader's language, why the form is not theirs to use.
Response refused_page(const App& app, const Request& req, const std::string& message,
                      const std::string& back_href);

void register_pledge_import_routes(Router& router, App& app);      // pledges_form_import.cpp
void register_consultation_form_routes(Router& router, App& app);  // pledges_form_consultations.cpp

}  // namespace nansen::web
