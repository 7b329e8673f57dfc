// SPDX-License-Identifier: Apache-2.0
// /persons: search by any spelling, identity document number or case number; and
// /persons/new: register a person and their family, after the duplicate check.
#include <algorithm>
#include <cctype>

#include "web/registry_person_form.h"
#include "web/registry_views.h"

namespace nansen::web {
namespace {

using registry::PersonId;

Response search_page(App& app, Request& req) {
  const access::Actor& actor = actor_of(req);
  if (!access::has_permission(actor.role, access::Permission::kPersonRead))
    return error_response(app, req, Error{ErrorCode::kForbidden, "person.read", ""});
  const std::string q = trim(req.query_value("q"));
  nlohmann::json data = {
      {"title_key", "reg_persons_title"},
      {"q", q},
      {"searched", !q.empty()},
      {"can_register", access::has_permission(actor.role, access::Permission::kPersonWrite)},
      {"errors", nlohmann::json::object()}};
  nlohmann::json rows = nlohmann::json::array();
  int status = 200;
  if (!q.empty()) {
    auto hits = registry::search_persons(*app.persons, *app.db, actor, q, app.now());
    if (hits) {
      for (const auto& h : *hits) rows.push_back(summary_json(app, req, h));
    } else {
      data["errors"] = form_error(app, req, hits.error());
      status = form_status(hits.error());
    }
  }
  data["has_results"] = !rows.empty();
  data["results"] = rows;
  data["none"] = !q.empty() && rows.empty() && status == 200;
  if (req.query_value("done") == "merged") data["notice"] = tr(app, req, "reg_notice_merged");
  return registry_page(app, req, "registry_persons", std::move(data), status);
}

nlohmann::json new_person_data(const App& app, const Request& req, const PersonForm& form,
                               const nlohmann::json& errors) {
  const access::Actor& actor = actor_of(req);
  nlohmann::json data = {{"title_key", "reg_new_person_title"},
                         {"form", person_form_json(app, req, form, errors)},
                         {"errors", errors}};
  if (actor.scope.country)
    data["fixed_country"] = country_label(app, req, *actor.scope.country);
  else
    data["countries"] = claim_options(app, req, form.country, false);
  return data;
}

Response new_person_page(App& app, Request& req) {
  const access::Actor& actor = actor_of(req);
  if (!access::has_permission(actor.role, access::Permission::kPersonWrite))
    return error_response(app, req, Error{ErrorCode::kForbidden, "person.write", ""});
  PersonForm form = empty_person_form(actor.scope.country.value_or("KAZ"));
  return registry_page(app, req, "registry_person_new",
                       new_person_data(app, req, form, nlohmann::json::object()));
}

// The duplicate warning: one group per person of the form with candidates (principal
// first, then each member, as registry::Registration::candidates), each a radio group.
nlohmann::json duplicate_groups(const App& app, const Request& req, const PersonForm& form,
                                const PersonFormInputs& inputs,
                                const registry::Registration& stopped) {
  nlohmann::json groups = nlohmann::json::array();
  for (std::size_t slot = 0; slot < stopped.candidates.size(); ++slot) {
    const auto& found = stopped.candidates[slot];
    if (found.empty()) continue;
    const bool principal = slot == 0;
    const registry::PersonInput& input = principal ? inputs.principal : inputs.members[slot - 1];
    const std::string radio =
        principal ? "principal_existing" : "member_" + std::to_string(slot - 1) + "_existing";
    const std::string& chosen =
        principal ? form.principal_existing : form.members[slot - 1].existing;
    nlohmann::json candidates = nlohmann::json::array();
    for (const auto& h : found) {
      nlohmann::json c = summary_json(app, req, h);
      c["radio"] = radio;
      c["checked"] = chosen == std::to_string(h.id.value);
      candidates.push_back(c);
    }
    groups.push_back({{"name", input.names.front().full_name},
                      {"radio", radio},
                      {"new_checked", chosen.empty()},
                      {"candidates", candidates}});
  }
  return groups;
}

std::optional<PersonId> chosen_id(const std::string& text) {
  std::int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || v > 1'000'000'000'000) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v <= 0) return std::nullopt;
  return PersonId{v};
}

Response form_again(App& app, Request& req, const PersonForm& form, const Error& e) {
  const HttpError h = http_error(e);
  if (h.status == 403) return error_response(app, req, h);
  return registry_page(app, req, "registry_person_new",
                       new_person_data(app, req, form, form_errors(app, req, h)), h.status);
}

// Every problem at once: each beside its field, the first as the summary.
Response form_again(App& app, Request& req, const PersonForm& form, const PersonFormInputs& inputs,
                    const std::vector<Error>& problems) {
  nlohmann::json errors = nlohmann::json::object();
  for (const Error& problem : problems) {
    const Error e = family_field_error(inputs, problem);  // a member's, or the principal's
    const nlohmann::json one = form_errors(app, req, http_error(e));  // items() borrows it
    for (const auto& [key, message] : one.items())
      if (!errors.contains(key)) errors[key] = message;  // the first problem per field
  }
  return registry_page(app, req, "registry_person_new", new_person_data(app, req, form, errors),
                       http_status(problems.front().code));
}

Response create_person(App& app, Request& req) {
  const access::Actor& actor = actor_of(req);
  if (!access::has_permission(actor.role, access::Permission::kPersonWrite))
    return error_response(app, req, Error{ErrorCode::kForbidden, "person.write", ""});
  auto fields = parse_urlencoded(req.body);
  if (!fields) return error_response(app, req, HttpError{400, {ErrorCode::kInvalid, "form", ""}});
  PersonForm form = read_person_form(*fields);
  if (!actor.scope.country && std::find(offered_countries().begin(), offered_countries().end(),
                                        form.country) == offered_countries().end())
    return form_again(app, req, form, Error{ErrorCode::kInvalid, "must be one of", "country"});

  // "Add a row" buttons: the same form again, one row longer, nothing saved.
  if (form.submit.rfind("add_", 0) == 0) {
    if (form.submit == "add_name" && form.names.size() < 20) form.names.emplace_back();
    if (form.submit == "add_nationality" && form.nationalities.size() < 20)
      form.nationalities.emplace_back();
    if (form.submit == "add_document" && form.documents.size() < 20) form.documents.emplace_back();
    if (form.submit == "add_member" && form.members.size() < 20) form.members.emplace_back();
    return registry_page(app, req, "registry_person_new",
                         new_person_data(app, req, form, nlohmann::json::object()));
  }

  auto inputs = person_form_inputs(form, actor);
  if (!inputs) return form_again(app, req, form, inputs.error());

  // One domain call: the duplicate gate (unless the officer confirmed), then the person,
  // or the family and its household in one transaction, so a member the domain refuses
  // leaves nothing saved and the officer corrects the form as it was.
  const registry::FamilyPerson principal{inputs->principal, chosen_id(form.principal_existing)};
  std::vector<registry::FamilyMember> members;
  for (std::size_t i = 0; i < inputs->members.size(); ++i)
    members.push_back(
        {{inputs->members[i], chosen_id(form.members[i].existing)}, form.members[i].relationship});
  auto done = registry::register_checked(*app.persons, *app.db, actor, principal, members,
                                         form.submit == "confirm", app.now());
  if (!done)
    return form_again(app, req, form,
                      members.empty() ? form_field_error(*inputs, done.error())
                                      : family_field_error(*inputs, done.error()));
  if (!done->problems.empty()) return form_again(app, req, form, *inputs, done->problems);
  if (done->stopped()) {
    nlohmann::json data = new_person_data(app, req, form, nlohmann::json::object());
    data["duplicates"] = duplicate_groups(app, req, form, *inputs, *done);
    data["has_duplicates"] = true;
    return registry_page(app, req, "registry_person_new", std::move(data), 200);
  }
  return Response::redirect("/persons/" + std::to_string(done->principal->value) +
                            "?done=registered");
}

}  // namespace

void add_person_search_pages(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  router.add({"GET", "/persons", Auth::kUser, h(search_page), {}});
  router.add({"GET", "/persons/new", Auth::kUser, h(new_person_page), {}});
  router.add({"POST", "/persons", Auth::kUser, h(create_person), {}});
}

}  // namespace nansen::web
