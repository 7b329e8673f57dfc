// SPDX-License-Identifier: Apache-2.0
// The HTML forms of the pledges module: create and edit pledges (here), upload an import
// with a dry-run preview (pledges_form_import.cpp), create consultations and their
// follow-ups (pledges_form_consultations.cpp). Progress updates are posted from the
// pledge page (pledges_pages.cpp).
//
// Every form follows one pattern: GET shows it; POST reads it, checks EVERY field
// (pledges::check_*), re-shows it with each problem beside its field and the typed values
// kept (422), else makes the one domain write and redirects to the record with a notice.
// The domain decides permission; a refusal is shown on the form, in the reader's language.
#include <algorithm>
#include <type_traits>
#include <variant>

#include "web/pledges_form_views.h"

namespace nansen::web {
namespace {

using pledges::InputProblem;
using pledges::PledgeId;

// The pledge form as typed: text fields verbatim, checkbox groups as sets.
struct PledgeForm {
  std::string pledge_id, title, description, language, forum, submitting_entity,
      multistakeholder_pledge, pledge_type, target_date, tags, other_countries, source;
  std::set<std::string> co_pledgers, gcr_areas, gcr_objectives, serves, countries, ibelong_actions;
};

template <typename T>
std::set<std::string> as_strings(const std::vector<T>& items) {
  std::set<std::string> out;
  for (const auto& i : items) {
    if constexpr (std::is_same_v<T, int>)
      out.insert(std::to_string(i));
    else if constexpr (std::is_same_v<T, std::string>)
      out.insert(i);
    else
      out.insert(std::string(pledges::code(i)));
  }
  return out;
}

std::string joined(const std::vector<std::string>& items, const char* separator = "; ") {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : separator) + i;
  return out;
}

PledgeForm form_of(const SubmittedForm& f) {
  PledgeForm p;
  p.pledge_id = trim(f.one("pledge_id"));
  p.title = f.one("title");
  p.description = f.one("description");
  p.language = f.one("language");
  p.forum = f.one("forum");
  p.submitting_entity = f.one("submitting_entity");
  p.multistakeholder_pledge = f.one("multistakeholder_pledge");
  p.pledge_type = f.one("pledge_type");
  p.target_date = trim(f.one("target_date"));
  p.tags = f.one("tags");
  p.other_countries = f.one("other_countries");
  p.source = f.one("source");
  p.co_pledgers = f.all("co_pledgers");
  p.gcr_areas = f.all("gcr_areas");
  p.gcr_objectives = f.all("gcr_objectives");
  p.serves = f.all("serves");
  p.countries = f.all("countries");
  p.ibelong_actions = f.all("ibelong_actions");
  return p;
}

PledgeForm form_of(const pledges::Pledge& p) {
  PledgeForm f;
  f.pledge_id = p.external_id;
  f.title = p.title;
  f.description = p.description;
  f.language = p.language;
  f.forum = pledges::code(p.forum);
  f.submitting_entity = p.entity_code;
  f.multistakeholder_pledge = p.multistakeholder_pledge;
  f.pledge_type = pledges::code(p.type);
  f.target_date = p.target_date ? format_civil_date(*p.target_date) : "";
  f.tags = joined(p.tags);
  f.source = p.source;
  f.co_pledgers = as_strings(p.co_pledgers);
  f.gcr_areas = as_strings(p.gcr_areas);
  f.gcr_objectives = as_strings(p.gcr_objectives);
  f.serves = as_strings(p.serves);
  f.ibelong_actions = as_strings(p.ibelong_actions);
  std::vector<std::string> others;
  for (const auto& c : p.target_countries) {
    const auto& region = central_asian_countries();
    if (std::find(region.begin(), region.end(), c) != region.end())
      f.countries.insert(c);
    else
      others.push_back(c);
  }
  f.other_countries = joined(others);
  return f;
}

// An unchanged list keeps its stored order, so saving an untouched form changes nothing.
template <typename T>
void keep_order(std::vector<T>& fresh, const std::vector<T>& stored) {
  auto a = fresh, b = stored;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  if (a == b) fresh = stored;
}

template <typename E>
std::vector<E> parse_each(const std::set<std::string>& values, Result<E> (*parse)(std::string_view),
                          const char* field, std::vector<InputProblem>& problems) {
  std::vector<E> out;
  for (const auto& v : values) {
    auto e = parse(v);
    if (e)
      out.push_back(*e);
    else
      problems.push_back({field, e.error().message});
  }
  return out;
}

std::vector<int> numbers(const std::set<std::string>& values, const char* field,
                         std::vector<InputProblem>& problems) {
  std::vector<int> out;
  for (const auto& v : values) {
    if (v.size() > 2 || v.find_first_not_of("0123456789") != std::string::npos)
      problems.push_back({field, "not a number"});
    else
      out.push_back(std::stoi(v));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The form as the domain's input; what cannot even be read is added to `problems`.
pledges::PledgeInput input_of(const PledgeForm& f, const pledges::Pledge* stored,
                              std::vector<InputProblem>& problems) {
  pledges::PledgeInput in;
  in.external_id = f.pledge_id;
  in.title = trim(f.title);
  in.description = f.description;
  in.language = f.language.empty() ? "en" : f.language;
  if (auto forum = pledges::parse_forum(f.forum))
    in.forum = *forum;
  else
    problems.push_back({"forum", forum.error().message});
  in.entity_code = trim(f.submitting_entity);
  in.co_pledgers.assign(f.co_pledgers.begin(), f.co_pledgers.end());
  in.multistakeholder_pledge = trim(f.multistakeholder_pledge);
  in.gcr_areas =
      parse_each<pledges::GcrArea>(f.gcr_areas, pledges::parse_gcr_area, "gcr_areas", problems);
  in.gcr_objectives = numbers(f.gcr_objectives, "gcr_objectives", problems);
  if (auto type = pledges::parse_pledge_type(f.pledge_type))
    in.type = *type;
  else
    problems.push_back({"pledge_type", type.error().message});
  in.serves =
      parse_each<pledges::Population>(f.serves, pledges::parse_population, "serves", problems);
  for (const auto& c : central_asian_countries())
    if (f.countries.count(c)) in.target_countries.push_back(c);
  for (const auto& c : typed_codes(f.other_countries))
    if (std::find(in.target_countries.begin(), in.target_countries.end(), c) ==
        in.target_countries.end())
      in.target_countries.push_back(c);
  if (!f.target_date.empty()) {
    if (auto d = parse_civil_date(f.target_date, "target_date"))
      in.target_date = *d;
    else
      problems.push_back({"target_date", d.error().message});
  }
  for (const auto& tag : split(f.tags, ';'))
    if (auto t = trim(tag); !t.empty()) in.tags.push_back(t);
  in.ibelong_actions = numbers(f.ibelong_actions, "ibelong_actions", problems);
  in.source = trim(f.source);
  if (stored) {
    keep_order(in.co_pledgers, stored->co_pledgers);
    keep_order(in.gcr_areas, stored->gcr_areas);
    keep_order(in.gcr_objectives, stored->gcr_objectives);
    keep_order(in.serves, stored->serves);
    keep_order(in.target_countries, stored->target_countries);
    keep_order(in.ibelong_actions, stored->ibelong_actions);
  }
  return in;
}

std::vector<std::string> codes_of(const auto& table) {
  std::vector<std::string> out;
  for (const auto& v : table) out.emplace_back(pledges::code(v));
  return out;
}

std::vector<std::string> numbered(int n) {
  std::vector<std::string> out;
  for (int i = 1; i <= n; ++i) out.push_back(std::to_string(i));
  return out;
}

Response form_page(App& app, Request& req, const PledgeForm& f, const pledges::Pledge* stored,
                   nlohmann::json errors, int status) {
  const access::Actor& actor = actor_of(req);
  auto entities = pledges::list_entities(*app.db, actor);
  if (!entities) return error_response(app, req, entities.error());
  using pledges::Forum, pledges::PledgeType, pledges::Population, pledges::GcrArea;
  const auto forums =
      codes_of(std::vector<Forum>{Forum::kGrf2019, Forum::kHls2019, Forum::kHlom2021,
                                  Forum::kGrf2023, Forum::kNational, Forum::kRegional});
  const auto types = codes_of(std::vector<PledgeType>{
      PledgeType::kPolicy, PledgeType::kFinancial, PledgeType::kTechnical, PledgeType::kMaterial,
      PledgeType::kResettlement, PledgeType::kOther});
  const auto populations = codes_of(std::vector<Population>{
      Population::kRefugees, Population::kAsylumSeekers, Population::kStateless,
      Population::kHostCommunities, Population::kChildrenAtRisk});
  const auto areas = codes_of(std::vector<GcrArea>{
      GcrArea::kBurdenSharing, GcrArea::kEducation, GcrArea::kJobsAndLivelihoods,
      GcrArea::kEnergyAndInfrastructure, GcrArea::kSolutions, GcrArea::kProtectionCapacity});
  std::vector<Choice> languages;
  for (const std::string& code : access::supported_languages())
    languages.push_back({code, app.catalogs.text(code, "language_name")});
  std::vector<Choice> entity_options = {{"", tr(app, req, "pf_choose_entity")}};
  for (auto& c : entity_choices(*entities, req.language)) entity_options.push_back(std::move(c));
  const bool focal = !may_review(actor);
  nlohmann::json data = {
      {"title_key", stored ? "pf_edit_pledge_title" : "pf_new_pledge_title"},
      {"action", stored ? "/pledges/" + std::to_string(stored->id.value) + "/edit" : "/pledges"},
      {"editing", stored != nullptr},
      {"cancel", stored ? "/pledges/" + std::to_string(stored->id.value) : "/pledges"},
      {"form",
       {{"pledge_id", f.pledge_id},
        {"title", f.title},
        {"description", f.description},
        {"multistakeholder_pledge", f.multistakeholder_pledge},
        {"target_date", f.target_date},
        {"tags", f.tags},
        {"other_countries", f.other_countries},
        {"source", f.source}}},
      {"languages",
       choices_json("language", languages, {f.language.empty() ? req.language : f.language})},
      {"forums", choices_json("forum", catalog_choices(app, req, "pf_forum_", forums), {f.forum})},
      {"types",
       choices_json("pledge_type", catalog_choices(app, req, "pf_type_", types), {f.pledge_type})},
      {"entities", choices_json("submitting_entity", entity_options, {f.submitting_entity})},
      {"co_pledgers",
       choices_json("co_pledgers", entity_choices(*entities, req.language), f.co_pledgers)},
      {"gcr_areas",
       choices_json("gcr_areas", catalog_choices(app, req, "pf_area_", areas), f.gcr_areas)},
      {"gcr_objectives",
       choices_json("gcr_objectives", catalog_choices(app, req, "pf_objective_", numbered(4)),
                    f.gcr_objectives)},
      {"serves",
       choices_json("serves", catalog_choices(app, req, "pf_serves_", populations), f.serves)},
      {"countries",
       choices_json("countries", catalog_choices(app, req, "pf_country_", central_asian_countries()),
                    f.countries)},
      {"ibelong_actions",
       choices_json("ibelong_actions", catalog_choices(app, req, "pf_ibelong_", numbered(10)),
                    f.ibelong_actions)},
      {"focal_hint", focal ? format_message(tr(app, req, "pf_hint_focal_entity"),
                                            {{"entity", actor.scope.organisation.empty()
                                                            ? std::string("—")
                                                            : actor.scope.organisation}})
                           : std::string()},
      {"errors", std::move(errors)}};
  if (stored) data["pledge_id"] = stored->external_id;
  return page(app, req, "pledges_form_pledge", std::move(data), status);
}

Response refused_to_write(App& app, Request& req) {
  return refused_page(app, req, tr(app, req, "pf_refused_role"), "/pledges");
}

Response refused_to_edit(App& app, Request& req, const pledges::Pledge& p) {
  const std::string& org = actor_of(req).scope.organisation;
  return refused_page(
      app, req,
      format_message(tr(app, req, "pf_refused_other_entity"),
                     {{"own", org.empty() ? std::string("—") : org}, {"entity", p.entity_code}}),
      "/pledges/" + std::to_string(p.id.value));
}

Response new_pledge(App& app, Request& req) {
  const access::Actor& actor = actor_of(req);
  if (!may_write_pledges(actor)) return refused_to_write(app, req);
  PledgeForm f;
  f.language = req.language;
  f.forum = "national";
  f.pledge_type = "policy";
  if (!may_review(actor)) {
    f.submitting_entity = actor.scope.organisation;
    if (actor.scope.country) f.countries.insert(*actor.scope.country);
  }
  return form_page(app, req, f, nullptr, nlohmann::json::object(), 200);
}

// Reads and checks the form: the input, or the page that shows every problem.
std::variant<pledges::PledgeInput, Response> checked_input(App& app, Request& req,
                                                           const pledges::Pledge* stored) {
  auto submitted = read_form(req);
  if (!submitted) return error_response(app, req, submitted.error());
  const PledgeForm f = form_of(*submitted);
  std::vector<InputProblem> problems;
  pledges::PledgeInput in = input_of(f, stored, problems);
  if (stored) in.external_id = stored->external_id;
  auto checked = pledges::check_pledge(*app.db, actor_of(req), in);
  if (!checked) return error_response(app, req, checked.error());
  problems.insert(problems.end(), checked->begin(), checked->end());
  if (!problems.empty())
    return form_page(app, req, f, stored, problems_json(app, req, problems), 422);
  return in;
}

Response refused_write(App& app, Request& req, const pledges::Pledge* stored, const Error& error) {
  const HttpError e = http_error(error);
  if (e.status == 404) return error_response(app, req, e);
  if (e.status != 403 && e.status != 409 && e.status != 422) return error_response(app, req, e);
  auto submitted = read_form(req);
  const PledgeForm f = submitted ? form_of(*submitted) : PledgeForm{};
  return form_page(app, req, f, stored, refusal_json(app, req, e), e.status);
}

Response create_pledge(App& app, Request& req) {
  if (!may_write_pledges(actor_of(req))) return refused_to_write(app, req);
  auto in = checked_input(app, req, nullptr);
  if (auto* shown = std::get_if<Response>(&in)) return std::move(*shown);
  auto p =
      pledges::create_pledge(*app.db, actor_of(req), std::get<pledges::PledgeInput>(in), app.now());
  if (!p) return refused_write(app, req, nullptr, p.error());
  return Response::redirect("/pledges/" + std::to_string(p->id.value) + "?done=created");
}

Result<pledges::Pledge> stored_pledge(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return fail(id.error());
  return pledges::get_pledge(*app.db, actor_of(req), PledgeId{*id}, app.now());
}

Response edit_pledge(App& app, Request& req) {
  auto stored = stored_pledge(app, req);
  if (!stored) return error_response(app, req, stored.error());
  if (!may_write_pledges(actor_of(req))) return refused_to_write(app, req);
  if (!pledges::can_edit(actor_of(req), *stored)) return refused_to_edit(app, req, *stored);
  return form_page(app, req, form_of(*stored), &*stored, nlohmann::json::object(), 200);
}

Response save_pledge(App& app, Request& req) {
  auto stored = stored_pledge(app, req);
  if (!stored) return error_response(app, req, stored.error());
  if (!may_write_pledges(actor_of(req))) return refused_to_write(app, req);
  if (!pledges::can_edit(actor_of(req), *stored)) return refused_to_edit(app, req, *stored);
  auto in = checked_input(app, req, &*stored);
  if (auto* shown = std::get_if<Response>(&in)) return std::move(*shown);
  auto p = pledges::update_pledge(*app.db, actor_of(req), stored->id,
                                  std::get<pledges::PledgeInput>(in), app.now());
  if (!p) return refused_write(app, req, &*stored, p.error());
  return Response::redirect("/pledges/" + std::to_string(p->id.value) + "?done=saved");
}

}  // namespace

void register_pledges_form_routes(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  router.add({"GET", "/pledges/new", Auth::kUser, h(new_pledge), {}});
  router.add({"POST", "/pledges", Auth::kUser, h(create_pledge), {}});
  router.add({"GET", "/pledges/{id}/edit", Auth::kUser, h(edit_pledge), {}});
  router.add({"POST", "/pledges/{id}/edit", Auth::kUser, h(save_pledge), {}});
  register_pledge_import_routes(router, app);
  register_consultation_form_routes(router, app);
}

}  // namespace nansen::web
