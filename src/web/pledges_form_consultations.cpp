// SPDX-License-Identifier: Apache-2.0
// The consultation forms, reached from the consultation list and page (reviewers only):
//
//   GET  /consultations/new, POST /consultations              create
//   GET  /consultations/{id}/edit, POST /consultations/{id}/edit   edit, outcome notes
//   GET  /consultations/{id}/follow-ups/new, POST /consultations/{id}/follow-ups
//   POST /follow-ups/{id}/done, POST /follow-ups/{id}/reopen
//
// A new consultation without a typed list reviews the pledges of its participating
// countries (the domain's default); editing never changes the list under review.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <variant>

#include "web/pledges_form_views.h"
#include "web/pledges_views.h"

namespace nansen::web {
namespace {

using pledges::ConsultationId;
using pledges::InputProblem;

struct ConsultationForm {
  std::string title, date, place, organiser, other_countries, notes, pledges;
  std::set<std::string> participants, countries;
};

// Pledge ids as typed: separated by ';', ',' or white space, kept as they are.
std::vector<std::string> typed_ids(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : std::string(text) + ";") {
    if (c == ';' || c == ',' || std::isspace(static_cast<unsigned char>(c))) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  return out;
}

std::optional<std::int64_t> positive_int(std::string_view text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

ConsultationForm form_of(const SubmittedForm& f) {
  return {f.one("title"),           f.one("date"),  f.one("place"),   f.one("organiser"),
          f.one("other_countries"), f.one("notes"), f.one("pledges"), f.all("participants"),
          f.all("countries")};
}

ConsultationForm form_of(const pledges::Consultation& c) {
  ConsultationForm f;
  f.title = c.title;
  f.date = format_civil_date(c.held_on);
  f.place = c.place;
  f.organiser = c.organiser;
  f.notes = c.notes;
  f.participants.insert(c.participants.begin(), c.participants.end());
  std::string others;
  for (const auto& code : c.countries) {
    const auto& region = central_asian_countries();
    if (std::find(region.begin(), region.end(), code) != region.end())
      f.countries.insert(code);
    else
      others += (others.empty() ? "" : "; ") + code;
  }
  f.other_countries = others;
  return f;
}

Response form_page(App& app, Request& req, const ConsultationForm& f,
                   const pledges::Consultation* stored, nlohmann::json errors, int status) {
  auto entities = pledges::list_entities(*app.db, actor_of(req));
  if (!entities) return error_response(app, req, entities.error());
  std::vector<Choice> organisers = {{"", tr(app, req, "pf_no_organiser")}};
  for (auto& c : entity_choices(*entities, req.language)) organisers.push_back(std::move(c));
  const std::string back =
      stored ? "/consultations/" + std::to_string(stored->id.value) : "/consultations";
  return page(
      app, req, "pledges_form_consultation",
      {{"title_key", stored ? "pf_edit_consultation_title" : "pf_new_consultation_title"},
       {"action", stored ? back + "/edit" : "/consultations"},
       {"editing", stored != nullptr},
       {"cancel", back},
       {"form",
        {{"title", f.title},
         {"date", f.date},
         {"place", f.place},
         {"other_countries", f.other_countries},
         {"notes", f.notes},
         {"pledges", f.pledges}}},
       {"organisers", choices_json("organiser", organisers, {f.organiser})},
       {"participants",
        choices_json("participants", entity_choices(*entities, req.language), f.participants)},
       {"countries",
        choices_json("countries",
                     catalog_choices(app, req, "pf_country_", central_asian_countries()),
                     f.countries)},
       {"errors", std::move(errors)}},
      status);
}

Response refused_to_review(App& app, Request& req) {
  return refused_page(app, req, tr(app, req, "pf_refused_review"), "/consultations");
}

std::variant<pledges::ConsultationInput, Response> checked_input(
    App& app, Request& req, const pledges::Consultation* stored) {
  auto submitted = read_form(req);
  if (!submitted) return error_response(app, req, submitted.error());
  const ConsultationForm f = form_of(*submitted);
  std::vector<InputProblem> problems;
  pledges::ConsultationInput in;
  in.title = trim(f.title);
  in.place = trim(f.place);
  in.organiser = trim(f.organiser);
  in.participants.assign(f.participants.begin(), f.participants.end());
  for (const auto& c : central_asian_countries())
    if (f.countries.count(c)) in.countries.push_back(c);
  for (const auto& c : typed_codes(f.other_countries))
    if (std::find(in.countries.begin(), in.countries.end(), c) == in.countries.end())
      in.countries.push_back(c);
  in.notes = f.notes;
  auto date = parse_civil_date(trim(f.date), "date");
  if (!date || date->precision != DatePrecision::kDay)
    problems.push_back({"date", trim(f.date).empty() ? "required" : "a full date is needed"});
  else
    in.held_on = *date;
  if (!stored && !trim(f.pledges).empty()) {
    std::vector<pledges::PledgeId> ids;
    for (const auto& ext : typed_ids(f.pledges)) {
      auto p = pledges::find_pledge(*app.db, actor_of(req), ext, app.now());
      if (p)
        ids.push_back(p->id);
      else
        problems.push_back({"pledges", "unknown pledge"});
    }
    in.pledges = ids;
  }
  // Every rule of the domain too; a date that could not be read was named above already
  // (the first problem of a field is the one shown).
  auto checked = pledges::check_consultation(*app.db, actor_of(req), in);
  if (!checked) return error_response(app, req, checked.error());
  problems.insert(problems.end(), checked->begin(), checked->end());
  if (!problems.empty())
    return form_page(app, req, f, stored, problems_json(app, req, problems), 422);
  return in;
}

Response refused_write(App& app, Request& req, const pledges::Consultation* stored,
                       const Error& error) {
  const HttpError e = http_error(error);
  // A consultation refused for its countries is shown again with the reason beside the
  // field, so the reviewer can take the other country out rather than start over.
  const bool about_countries = e.status == 403 && e.error.field == "countries";
  if (e.status != 409 && e.status != 422 && !about_countries) return error_response(app, req, e);
  auto submitted = read_form(req);
  return form_page(app, req, submitted ? form_of(*submitted) : ConsultationForm{}, stored,
                   refusal_json(app, req, e), e.status);
}

Response new_consultation(App& app, Request& req) {
  if (!may_review(actor_of(req))) return refused_to_review(app, req);
  ConsultationForm f;
  f.date = format_civil_date(civil_from_days(app.now().time_since_epoch().count() / 86400));
  return form_page(app, req, f, nullptr, nlohmann::json::object(), 200);
}

Response create_consultation(App& app, Request& req) {
  if (!may_review(actor_of(req))) return refused_to_review(app, req);
  auto in = checked_input(app, req, nullptr);
  if (auto* shown = std::get_if<Response>(&in)) return std::move(*shown);
  auto c = pledges::create_consultation(*app.db, actor_of(req),
                                        std::get<pledges::ConsultationInput>(in), app.now());
  if (!c) return refused_write(app, req, nullptr, c.error());
  return Response::redirect("/consultations/" + std::to_string(c->id.value) + "?done=created");
}

Result<pledges::Consultation> stored_consultation(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return fail(id.error());
  return pledges::get_consultation(*app.db, actor_of(req), ConsultationId{*id});
}

Response edit_consultation(App& app, Request& req) {
  auto c = stored_consultation(app, req);
  if (!c) return error_response(app, req, c.error());
  if (!may_review(actor_of(req))) return refused_to_review(app, req);
  return form_page(app, req, form_of(*c), &*c, nlohmann::json::object(), 200);
}

Response save_consultation(App& app, Request& req) {
  auto c = stored_consultation(app, req);
  if (!c) return error_response(app, req, c.error());
  if (!may_review(actor_of(req))) return refused_to_review(app, req);
  auto in = checked_input(app, req, &*c);
  if (auto* shown = std::get_if<Response>(&in)) return std::move(*shown);
  auto saved = pledges::update_consultation(*app.db, actor_of(req), c->id,
                                            std::get<pledges::ConsultationInput>(in), app.now());
  if (!saved) return refused_write(app, req, &*c, saved.error());
  return Response::redirect("/consultations/" + std::to_string(c->id.value) + "?done=saved");
}

// ---- follow-up actions ----------------------------------------------------------------

struct FollowUpForm {
  std::string action, owner, due_on, pledge;
};

Response follow_up_page(App& app, Request& req, const FollowUpForm& f, nlohmann::json errors,
                        int status) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto report =
      pledges::consultation_report(*app.db, actor_of(req), ConsultationId{*id}, app.now());
  if (!report) return error_response(app, req, report.error());
  std::vector<Choice> pledge_options = {{"", tr(app, req, "pf_follow_up_no_pledge")}};
  for (const auto& country : report->countries)
    for (const auto& line : country.lines)
      pledge_options.push_back({std::to_string(line.pledge.value),
                                country.country + " · " + line.external_id + " · " + line.title});
  return page(app, req, "pledges_form_follow_up",
              {{"title_key", "pf_follow_up_title"},
               {"consultation", {{"id", *id}, {"title", report->consultation.title}}},
               {"form", {{"action", f.action}, {"owner", f.owner}, {"due_on", f.due_on}}},
               {"pledges", choices_json("pledge", pledge_options, {f.pledge})},
               {"errors", std::move(errors)}},
              status);
}

Response new_follow_up(App& app, Request& req) {
  if (!may_review(actor_of(req))) return refused_to_review(app, req);
  return follow_up_page(app, req, {}, nlohmann::json::object(), 200);
}

Response add_follow_up(App& app, Request& req) {
  if (!may_review(actor_of(req))) return refused_to_review(app, req);
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto submitted = read_form(req);
  if (!submitted) return error_response(app, req, submitted.error());
  const FollowUpForm f{submitted->one("action"), submitted->one("owner"),
                       trim(submitted->one("due_on")), submitted->one("pledge")};
  std::vector<InputProblem> problems;
  pledges::FollowUpInput in;
  in.action = trim(f.action);
  in.owner = trim(f.owner);
  if (in.action.empty()) problems.push_back({"action", "required"});
  if (utf8_length(in.action) > 2000) problems.push_back({"action", "longer than 2000"});
  if (utf8_length(in.owner) > 200) problems.push_back({"owner", "longer than 200"});
  if (!f.due_on.empty()) {
    auto d = parse_civil_date(f.due_on, "due_on");
    if (!d || d->precision != DatePrecision::kDay)
      problems.push_back({"due_on", "a full date is needed"});
    else
      in.due_on = *d;
  }
  if (!f.pledge.empty()) {
    auto p = positive_int(f.pledge);
    if (!p)
      problems.push_back({"pledge", "no such pledge"});
    else
      in.pledge = pledges::PledgeId{*p};
  }
  if (!problems.empty()) return follow_up_page(app, req, f, problems_json(app, req, problems), 422);
  auto added = pledges::add_follow_up(*app.db, actor_of(req), ConsultationId{*id}, in, app.now());
  if (!added) {
    HttpError e = http_error(added.error());
    if (e.status != 422) return error_response(app, req, e);
    if (e.error.field == "pledge_id") e.error.field = "pledge";  // the form's name for it
    return follow_up_page(app, req, f, refusal_json(app, req, e), e.status);
  }
  return Response::redirect("/consultations/" + std::to_string(*id) + "?done=follow_up#follow-ups");
}

Response set_done(App& app, Request& req, bool done) {
  if (!may_review(actor_of(req))) return refused_to_review(app, req);
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto f = pledges::set_follow_up_done(*app.db, actor_of(req), pledges::FollowUpId{*id}, done,
                                       app.now());
  if (!f) return error_response(app, req, f.error());
  return Response::redirect("/consultations/" + std::to_string(f->consultation.value) +
                            (done ? "?done=follow_up_done" : "?done=follow_up_reopened") +
                            "#follow-ups");
}

Response mark_done(App& app, Request& req) {
  return set_done(app, req, true);
}
Response reopen(App& app, Request& req) {
  return set_done(app, req, false);
}

}  // namespace

void register_consultation_form_routes(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  router.add({"GET", "/consultations/new", Auth::kUser, h(new_consultation), {}});
  router.add({"POST", "/consultations", Auth::kUser, h(create_consultation), {}});
  router.add({"GET", "/consultations/{id}/edit", Auth::kUser, h(edit_consultation), {}});
  router.add({"POST", "/consultations/{id}/edit", Auth::kUser, h(save_consultation), {}});
  router.add({"GET", "/consultations/{id}/follow-ups/new", Auth::kUser, h(new_follow_up), {}});
  router.add({"POST", "/consultations/{id}/follow-ups", Auth::kUser, h(add_follow_up), {}});
  router.add({"POST", "/follow-ups/{id}/done", Auth::kUser, h(mark_done), {}});
  router.add({"POST", "/follow-ups/{id}/reopen", Auth::kUser, h(reopen), {}});
}

}  // namespace nansen::web
