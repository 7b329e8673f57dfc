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

// Candidates from the matching engine for one person to be registered.
nlohmann::json candidates_json(App& app, const Request& req, const registry::PersonInput& input,
                               const std::string& radio_name, const std::string& chosen) {
  auto hits = registry::likely_duplicates(*app.persons, *app.db, actor_of(req), input, app.now());
  nlohmann::json out = nlohmann::json::array();
  if (!hits) return out;
  for (const auto& h : *hits) {
    nlohmann::json c = summary_json(app, req, h);
    c["radio"] = radio_name;
    c["checked"] = chosen == std::to_string(h.id.value);
    out.push_back(c);
  }
  return out;
}

// The duplicate warning: one group per person of the form who has candidates.
nlohmann::json duplicate_groups(App& app, const Request& req, const PersonForm& form,
                                const PersonFormInputs& inputs) {
  nlohmann::json groups = nlohmann::json::array();
  auto add = [&](const registry::PersonInput& input, const std::string& radio,
                 const std::string& chosen) {
    nlohmann::json c = candidates_json(app, req, input, radio, chosen);
    if (c.empty()) return;
    groups.push_back({{"name", input.names.front().full_name},
                      {"radio", radio},
                      {"new_checked", chosen.empty()},
                      {"candidates", c}});
  };
  add(inputs.principal, "principal_existing", form.principal_existing);
  for (std::size_t i = 0; i < inputs.members.size(); ++i)
    add(inputs.members[i], "member_" + std::to_string(i) + "_existing", form.members[i].existing);
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

// The index learns of a new person only once the transaction that saved them committed.
void index_new_person(App& app, PersonId id) {
  if (auto st = registry::refresh_index(*app.db, *app.persons, id); !st)
    log_warn("a registered person was not added to the person index: " + st.error().message);
}

Response form_again(App& app, Request& req, const PersonForm& form, const Error& e) {
  const HttpError h = http_error(e);
  if (h.status == 403) return error_response(app, req, h);
  return registry_page(app, req, "registry_person_new",
                       new_person_data(app, req, form, form_errors(app, req, h)), h.status);
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

  if (form.submit != "confirm") {
    nlohmann::json groups = duplicate_groups(app, req, form, *inputs);
    if (!groups.empty()) {
      nlohmann::json data = new_person_data(app, req, form, nlohmann::json::object());
      data["duplicates"] = groups;
      data["has_duplicates"] = true;
      return registry_page(app, req, "registry_person_new", std::move(data), 200);
    }
  }

  // The principal: an existing person the officer linked, or a new one.
  const std::optional<PersonId> linked = chosen_id(form.principal_existing);
  if (inputs->members.empty()) {
    if (linked) {
      auto p = registry::get_person(*app.db, actor, *linked, app.now());
      if (!p) return form_again(app, req, form, p.error());
      return Response::redirect("/persons/" + std::to_string(p->id.value) + "?done=registered");
    }
    auto id = registry::register_person(*app.db, actor, inputs->principal, app.now());
    if (!id) return form_again(app, req, form, form_field_error(*inputs, id.error()));
    index_new_person(app, *id);
    return Response::redirect("/persons/" + std::to_string(id->value) + "?done=registered");
  }

  // A family: every new person and the household in one transaction, so a member the
  // domain refuses leaves nothing saved and the officer corrects the form as it was.
  const registry::FamilyPerson principal{inputs->principal, linked};
  std::vector<registry::FamilyMember> members;
  for (std::size_t i = 0; i < inputs->members.size(); ++i)
    members.push_back(
        {{inputs->members[i], chosen_id(form.members[i].existing)}, form.members[i].relationship});
  auto family = registry::register_family(*app.db, actor, principal, members, app.now());
  if (!family) return form_again(app, req, form, family_field_error(*inputs, family.error()));
  if (!principal.existing) index_new_person(app, family->principal);
  for (std::size_t i = 0; i < members.size(); ++i)
    if (!members[i].person.existing) index_new_person(app, family->members[i]);
  return Response::redirect("/persons/" + std::to_string(family->principal.value) +
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
