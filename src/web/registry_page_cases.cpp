// SPDX-License-Identifier: Apache-2.0
// /cases: find a case by number; /cases/new: open one for a person and their household;
// /cases/{id}: state, history, due dates, the transitions the officer may take now (with
// their required fields), events and deadline extensions; /due: what is overdue or due
// within 7 days, for me and for my office.
#include <algorithm>
#include <charconv>
#include <climits>

#include "web/registry_views.h"

namespace nansen::web {
namespace {

using access::Permission;
using procedures::CaseId;
using registry::PersonId;

const procedures::Definition* definition(const App& app, std::string_view id) {
  auto it = app.procedures.find(id);
  return it == app.procedures.end() ? nullptr : &it->second;
}

// ---------------------------------------------------------------------------------------
// /cases and /cases/new

Response find_case_page(App& app, Request& req) {
  if (!access::has_permission(actor_of(req).role, Permission::kCaseRead))
    return error_response(app, req, Error{ErrorCode::kForbidden, "case.read", ""});
  const std::string q = trim(req.query_value("number"));
  nlohmann::json data = {
      {"title_key", "reg_cases_title"}, {"number", q}, {"errors", nlohmann::json::object()}};
  if (!q.empty()) {
    std::string upper = q;
    for (char& c : upper)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    auto id = procedures::find_case_by_number(*app.db, actor_of(req), upper);
    if (id) return Response::redirect("/cases/" + std::to_string(id->value));
    data["errors"] = {{"_summary", tr(app, req, "reg_case_not_found")},
                      {"number", tr(app, req, "reg_case_not_found")}};
    return registry_page(app, req, "registry_cases", std::move(data), 404);
  }
  return registry_page(app, req, "registry_cases", std::move(data));
}

// Facts a deadline variant may depend on ("irregular_crossing"), across all procedures.
std::vector<std::string> known_facts(const App& app) {
  std::vector<std::string> out;
  for (const auto& [id, def] : app.procedures)
    for (const auto& d : def.deadlines)
      for (const auto& v : d.variants)
        if (v.when_fact && std::find(out.begin(), out.end(), *v.when_fact) == out.end())
          out.push_back(*v.when_fact);
  return out;
}

Response new_case_form(App& app, Request& req, const registry::Person& p,
                       const std::map<std::string, std::string>& typed, nlohmann::json errors,
                       int status) {
  nlohmann::json procs = nlohmann::json::array();
  for (const auto& [id, def] : app.procedures)
    if (!def.country || *def.country == p.country)
      procs.push_back({{"value", id},
                       {"label", procedure_title(app, req, &def, id)},
                       {"selected", value(typed, "procedure_id") == id}});
  nlohmann::json dependants = nlohmann::json::array();
  if (auto h = registry::view_household_of(*app.db, actor_of(req), p.id, app.now()); h && *h) {
    for (const auto& m : (*h)->members) {
      if (m.person == p.id || m.name.empty()) continue;
      const std::string name = "dependant_" + std::to_string(m.person.value);
      dependants.push_back(
          {{"name", name},
           {"label", m.name},
           {"relationship", label_or(app, req, "reg_rel_" + m.relationship, m.relationship)},
           {"checked", typed.empty() || !value(typed, name).empty()}});
    }
  }
  nlohmann::json facts = nlohmann::json::array();
  for (const std::string& f : known_facts(app))
    facts.push_back({{"name", "fact_" + f},
                     {"label", label_or(app, req, "reg_fact_" + f, f)},
                     {"checked", !value(typed, "fact_" + f).empty()}});
  return registry_page(
      app, req, "registry_case_new",
      {{"title_key", "reg_new_case_title"},
       {"person", {{"id", p.id.value}, {"name", p.names.empty() ? "" : p.names.front().full_name}}},
       {"procedures", procs},
       {"modalities", options(app, req, {"", "regular", "accelerated", "simplified"},
                              "reg_modality_", value(typed, "modality"))},
       {"dependants", dependants},
       {"facts", facts},
       {"assign_me", typed.empty() || !value(typed, "assign_me").empty()},
       {"errors", std::move(errors)}},
      status);
}

Response new_case_page(App& app, Request& req) {
  if (!access::has_permission(actor_of(req).role, Permission::kCaseWrite))
    return error_response(app, req, Error{ErrorCode::kForbidden, "case.write", ""});
  auto id = number(req.query_value("person"));
  if (!id || *id <= 0) return error_response(app, req, Error{ErrorCode::kNotFound, "person", ""});
  auto p = registry::get_person(*app.db, actor_of(req), PersonId{*id}, app.now());
  if (!p) return error_response(app, req, p.error());
  return new_case_form(app, req, *p, {}, nlohmann::json::object(), 200);
}

Response open_case(App& app, Request& req) {
  const auto f = form_of(req);
  auto id = number(value(f, "person"));
  if (!id || *id <= 0) return error_response(app, req, Error{ErrorCode::kNotFound, "person", ""});
  auto p = registry::get_person(*app.db, actor_of(req), PersonId{*id}, app.now());
  if (!p) return error_response(app, req, p.error());
  procedures::CaseOpening o;
  o.procedure_id = value(f, "procedure_id");
  const procedures::Definition* def = definition(app, o.procedure_id);
  o.country = def && def->country ? *def->country : p->country;
  o.modality = value(f, "modality");
  o.principal = p->id;
  for (const auto& [k, v] : f) {
    if (k.rfind("dependant_", 0) == 0 && !trim(v).empty())
      if (auto d = number(k.substr(10))) o.dependants.push_back(PersonId{*d});
    if (k.rfind("fact_", 0) == 0 && !trim(v).empty()) o.facts.push_back(k.substr(5));
  }
  if (!value(f, "assign_me").empty()) o.assigned_to = actor_of(req).user;
  auto c = procedures::open_case(*app.db, app.procedures, actor_of(req), o, app.now());
  if (!c) {
    const HttpError e = http_error(c.error());
    if (e.status == 403) return error_response(app, req, e);
    return new_case_form(app, req, *p, f, form_errors(app, req, e), e.status);
  }
  return Response::redirect("/cases/" + std::to_string(c->value) + "?done=opened");
}

// ---------------------------------------------------------------------------------------
// /cases/{id}

// How a required field is entered: a long text, a date, a choice or a line.
nlohmann::json field_input(const App& app, const Request& req, const procedures::Transition& t,
                           const std::string& field, const std::string& typed,
                           const std::string& error) {
  nlohmann::json f = {
      {"name", field}, {"label", field_label(app, req, field)}, {"value", typed}, {"error", error}};
  if (field == "reasons")
    f["textarea"] = true;
  else if (field.size() > 5 &&
           (field.rfind("_date") == field.size() - 5 || field == "residence_since"))
    f["date"] = true;
  else if (field == "outcome" && !t.outcomes.empty())
    f["choices"] = options(app, req, t.outcomes, "reg_outcome_", typed);
  else if (field == "enquiry_state" || field == "interpreter_language")
    f["choices"] = field == "enquiry_state"
                       ? claim_options(app, req, typed, false)
                       : options(app, req, language_codes(), "reg_lang_", typed);
  else
    f["text"] = true;
  f["select"] = f.contains("choices");
  return f;
}

nlohmann::json history_view(const App& app, const Request& req, const procedures::Definition* def,
                            const procedures::Case& c) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : c.history) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& [k, v] : h.fields) {
      std::string shown = v;
      if (k == "outcome") shown = label_or(app, req, "reg_outcome_" + v, v);
      fields.push_back({{"label", field_label(app, req, k)}, {"value", shown}});
    }
    out.push_back({{"on", format_civil_date(h.on)},
                   {"event", transition_label(app, req, def, h.event)},
                   {"from", h.from_state ? state_label(app, req, def, *h.from_state) : ""},
                   {"to", h.to_state ? state_label(app, req, def, *h.to_state) : ""},
                   {"actor", h.actor_login},
                   {"fields", fields}});
  }
  for (const auto& e : c.extensions)
    out.push_back({{"on", format_civil_date(e.granted_on)},
                   {"event", tr(app, req, "reg_extension") + ": " +
                                 deadline_label(app, req, def, e.deadline)},
                   {"from", ""},
                   {"to", ""},
                   {"actor", ""},
                   {"fields", nlohmann::json::array({{{"label", field_label(app, req, "reasons")},
                                                      {"value", e.reason}}})}});
  return out;
}

nlohmann::json due_view(const App& app, const Request& req, const procedures::CaseView& v,
                        nlohmann::json& extendable) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& view : v.dues) {
    const procedures::DueDate& d = view.due;
    const std::string code(procedures::deadline_status_name(view.status));
    out.push_back({{"deadline", deadline_label(app, req, v.definition, d.deadline)},
                   {"start", format_civil_date(d.start)},
                   {"due", format_civil_date(d.due)},
                   {"late_until", d.late_until ? format_civil_date(*d.late_until) : ""},
                   {"met_on", d.met_on ? format_civil_date(*d.met_on) : ""},
                   {"status", label_or(app, req, "reg_status_" + code, code)},
                   {"status_code", code},
                   {"days_left", view.days_left},
                   {"extensions", d.extensions},
                   {"applicant", d.party == procedures::DeadlineParty::kApplicant}});
    if (view.can_extend)
      extendable.push_back(
          {{"value", d.deadline}, {"label", deadline_label(app, req, v.definition, d.deadline)}});
  }
  return out;
}

Response case_page(App& app, Request& req, nlohmann::json extra = nlohmann::json::object(),
                   int status = 200) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto today = page_office_today(app);
  if (!today) return error_response(app, req, today.error());
  // One domain call: one read, one audit row naming the persons shown.
  auto view = procedures::view_case(*app.db, app.procedures, actor_of(req), CaseId{*id}, *today,
                                    app.now(), app.config.time_zone);
  if (!view) return error_response(app, req, view.error());
  const procedures::Case* c = &view->c;
  const procedures::Definition* def = view->definition;
  const nlohmann::json typed = extra.value("typed", nlohmann::json::object());
  const nlohmann::json errors = extra.value("errors", nlohmann::json::object());
  const std::string failed = extra.value("failed_transition", std::string());

  nlohmann::json transitions = nlohmann::json::array();
  for (const procedures::Transition* t : view->available) {
    nlohmann::json fields = nlohmann::json::array();
    for (const std::string& f : t->required_fields) {
      const bool mine = failed == t->id;
      fields.push_back(field_input(app, req, *t, f, mine ? typed.value(f, std::string()) : "",
                                   mine ? errors.value(f, std::string()) : ""));
    }
    transitions.push_back({{"id", t->id},
                           {"label", transition_label(app, req, def, t->id)},
                           {"to", state_label(app, req, def, t->to)},
                           {"fields", fields}});
  }
  nlohmann::json dependants = nlohmann::json::array();
  for (const auto& d : view->dependants)
    if (!d.name.empty()) dependants.push_back({{"id", d.id.value}, {"name", d.name}});
  // Each adult dependant is assessed individually before the case's decision is drafted.
  nlohmann::json awaiting = nlohmann::json::array();
  for (registry::PersonId a : view->awaiting_assessment)
    for (const auto& d : dependants)
      if (d["id"] == a.value) awaiting.push_back(d);
  nlohmann::json waiting = nlohmann::json::array();
  for (const procedures::Transition* t : view->blocked_by_four_eyes)
    waiting.push_back(transition_label(app, req, def, t->id));
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : def->external_events)
    events.push_back({{"value", e}, {"label", transition_label(app, req, def, e)}});
  nlohmann::json extendable = nlohmann::json::array();
  nlohmann::json dues = due_view(app, req, *view, extendable);
  nlohmann::json doc_types = nlohmann::json::array();
  for (const auto& rule : def->documents)
    if (!rule.outcome)  // the decision itself issues those
      doc_types.push_back(
          {{"value", rule.type}, {"label", label_or(app, req, "reg_doc_" + rule.type, rule.type)}});
  const bool mine = c->assigned_to && *c->assigned_to == actor_of(req).user;
  nlohmann::json data = {
      {"title_key", "reg_case_title"},
      {"c",
       {{"id", c->id.value},
        {"number", c->number},
        {"procedure", procedure_title(app, req, def, c->procedure_id)},
        {"legal_basis", label_or(app, req, "reg_legal_" + def->id, def->legal_basis)},
        {"state", state_label(app, req, def, c->state)},
        {"state_code", c->state},
        {"modality",
         c->modality.empty() ? "" : label_or(app, req, "reg_modality_" + c->modality, c->modality)},
        {"country", country_label(app, req, c->country)},
        {"principal_id", c->principal.value},
        {"principal", view->principal.name},
        {"assigned", c->assigned_to ? (mine ? tr(app, req, "reg_assigned_me")
                                            : "#" + std::to_string(c->assigned_to->value))
                                    : tr(app, req, "reg_assigned_nobody")},
        {"opened_at", c->opened_at}}},
      {"dependants", dependants},
      {"assess_individually", def->assess_adults_individually && !dependants.empty()},
      {"awaiting", awaiting},
      {"assessment_outcomes", options(app, req, {"recognise", "refuse"}, "reg_outcome_", "")},
      {"history", history_view(app, req, def, *c)},
      {"dues", dues},
      {"transitions", transitions},
      {"waiting", waiting},
      {"events", events},
      {"has_events", !events.empty()},
      {"extendable", extendable},
      {"has_extendable", !extendable.empty()},
      {"doc_types", doc_types},
      {"has_doc_types", !doc_types.empty()},
      {"can_write", access::has_permission(actor_of(req).role, Permission::kCaseWrite)},
      {"can_decide", access::has_permission(actor_of(req).role, Permission::kCaseDecide)},
      {"can_issue", access::has_permission(actor_of(req).role, Permission::kDocumentIssue)},
      {"today", format_civil_date(*today)},
      {"errors", errors}};
  data["errors_event"] = extra.value("errors_event", nlohmann::json::object());
  data["errors_extend"] = extra.value("errors_extend", nlohmann::json::object());
  data["errors_assess"] = extra.value("errors_assess", nlohmann::json::object());
  const std::string done = req.query_value("done");
  for (const char* d : {"opened", "moved", "event", "extended", "assessed"})
    if (done == d) data["notice"] = tr(app, req, std::string("reg_notice_") + d);
  if (extra.contains("four_eyes")) data["four_eyes"] = extra["four_eyes"];
  return registry_page(app, req, "registry_case", std::move(data), status);
}

std::string case_url(std::int64_t id, const char* done) {
  return "/cases/" + std::to_string(id) + "?done=" + done;
}

Response take_transition(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  const auto f = form_of(req);
  procedures::TransitionRequest request;
  request.transition = value(f, "transition");
  nlohmann::json typed = nlohmann::json::object();
  for (const auto& [k, v] : f) {
    if (k.rfind("field_", 0) != 0) continue;
    request.fields[k.substr(6)] = trim(v);
    typed[k.substr(6)] = v;
  }
  auto today = page_office_today(app);
  if (!today) return error_response(app, req, today.error());
  // Through documents/: a transition a document rule names renews that document too.
  auto done =
      documents::take_transition_with_documents(*app.db, app.procedures, actor_of(req), CaseId{*id},
                                                request, *today, app.now(), app.config.time_zone);
  if (done) return Response::redirect(case_url(*id, "moved"));
  const Error& e = done.error();
  if (e.code == ErrorCode::kNotFound) return error_response(app, req, e);
  nlohmann::json errors = form_errors(app, req, http_error(e));
  nlohmann::json extra = {{"typed", typed}, {"failed_transition", request.transition}};
  if (e.rule == "four_eyes") {
    // The refusal names the rule, in the reader's language: someone else must decide.
    errors["_summary"] = tr(app, req, "reg_four_eyes_refused");
    extra["four_eyes"] = true;
  } else if (e.rule == "approval_disagrees") {
    errors["_summary"] = tr(app, req, "reg_approval_disagrees");  // not what the draft says
  } else if (e.code == ErrorCode::kConflict) {
    errors["_summary"] = tr(app, req, "reg_transition_conflict");
  }
  extra["errors"] = errors;
  return case_page(app, req, std::move(extra), http_status(e.code));
}

Response record_event(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  const auto f = form_of(req);
  auto on = parse_civil_date(value(f, "on"), "on");
  if (!on || on->precision != DatePrecision::kDay) {
    nlohmann::json errors =
        form_errors(app, req, http_error(Error{ErrorCode::kInvalid, "not a possible date", "on"}));
    return case_page(app, req, {{"errors", errors}, {"errors_event", errors}}, 422);
  }
  auto done = documents::record_case_event_with_documents(*app.db, app.procedures, actor_of(req),
                                                          CaseId{*id}, value(f, "event"), *on,
                                                          std::nullopt, app.now());
  if (!done) {
    if (done.error().code == ErrorCode::kNotFound) return error_response(app, req, done.error());
    nlohmann::json errors = form_errors(app, req, http_error(done.error()));
    return case_page(app, req, {{"errors", errors}, {"errors_event", errors}},
                     http_status(done.error().code));
  }
  return Response::redirect(case_url(*id, "event"));
}

Response extend(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  const auto f = form_of(req);
  auto today = page_office_today(app);
  if (!today) return error_response(app, req, today.error());
  procedures::Extension x;
  x.deadline = value(f, "deadline");
  // A number too large for the bounds stays too large (the domain names it), never wraps.
  const auto period = [&](const char* name) {
    return static_cast<int>(std::min<std::int64_t>(number(value(f, name)).value_or(0), INT_MAX));
  };
  x.by.months = period("months");
  x.by.days = period("days");
  x.reason = value(f, "reason");
  x.granted_on = *today;
  Status done = procedures::extend_deadline(*app.db, app.procedures, actor_of(req), CaseId{*id}, x,
                                            app.now(), app.config.time_zone);
  if (!done) {
    if (done.error().code == ErrorCode::kNotFound) return error_response(app, req, done.error());
    Error e = done.error();
    if (e.field.rfind("extensions", 0) == 0) e.field = "months";  // past the cap
    nlohmann::json errors = form_errors(app, req, http_error(e));
    return case_page(app, req, {{"errors", errors}, {"errors_extend", errors}},
                     http_status(e.code));
  }
  return Response::redirect(case_url(*id, "extended"));
}

Response assess_member(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  const auto f = form_of(req);
  auto today = page_office_today(app);
  if (!today) return error_response(app, req, today.error());
  procedures::MemberAssessment a;
  a.person = PersonId{number(value(f, "person")).value_or(0)};
  a.outcome = value(f, "outcome");
  a.reasons = value(f, "reasons");
  auto done = procedures::record_member_assessment(*app.db, app.procedures, actor_of(req),
                                                   CaseId{*id}, a, *today, app.now());
  if (!done) {
    if (done.error().code == ErrorCode::kNotFound) return error_response(app, req, done.error());
    nlohmann::json errors = form_errors(app, req, http_error(done.error()));
    return case_page(app, req, {{"errors", errors}, {"errors_assess", errors}},
                     http_status(done.error().code));
  }
  return Response::redirect(case_url(*id, "assessed"));
}

// ---------------------------------------------------------------------------------------
// /due

nlohmann::json due_rows(const App& app, const Request& req,
                        const std::vector<procedures::DueItem>& items, const CivilDate& today) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& item : items) {
    const procedures::Definition* def = nullptr;
    for (const auto& [pid, d] : app.procedures)
      if (d.deadline(item.due.deadline)) {
        def = &d;
        break;
      }
    const std::string code(procedures::deadline_status_name(item.status));
    const auto days = days_from_civil(item.due.due) - days_from_civil(today);
    out.push_back({{"case_id", item.case_id.value},
                   {"number", item.case_number},
                   {"deadline", deadline_label(app, req, def, item.due.deadline)},
                   {"due", format_civil_date(item.due.due)},
                   {"days", days},
                   {"status", label_or(app, req, "reg_status_" + code, code)},
                   {"status_code", code}});
  }
  return out;
}

Response due_page(App& app, Request& req) {
  auto today = page_office_today(app);
  if (!today) return error_response(app, req, today.error());
  procedures::DueFilter mine;
  mine.assigned_to = actor_of(req).user;
  auto my = procedures::due_list(*app.db, app.procedures, actor_of(req), mine, *today,
                                 app.config.time_zone);
  if (!my) return error_response(app, req, my.error());
  auto office = procedures::due_list(*app.db, app.procedures, actor_of(req), {}, *today,
                                     app.config.time_zone);
  if (!office) return error_response(app, req, office.error());
  return registry_page(app, req, "registry_due",
                       {{"title_key", "reg_due_title"},
                        {"today", format_civil_date(*today)},
                        {"mine", due_rows(app, req, *my, *today)},
                        {"office", due_rows(app, req, *office, *today)}});
}

}  // namespace

void add_case_pages(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  router.add({"GET", "/cases", Auth::kUser, h(find_case_page), {}});
  router.add({"GET", "/cases/new", Auth::kUser, h(new_case_page), {}});
  router.add({"POST", "/cases", Auth::kUser, h(open_case), {}});
  router.add(
      {"GET", "/cases/{id}", Auth::kUser, [&app](Request& r) { return case_page(app, r); }, {}});
  router.add({"POST", "/cases/{id}/transitions", Auth::kUser, h(take_transition), {}});
  router.add({"POST", "/cases/{id}/events", Auth::kUser, h(record_event), {}});
  router.add({"POST", "/cases/{id}/extensions", Auth::kUser, h(extend), {}});
  router.add({"POST", "/cases/{id}/assessments", Auth::kUser, h(assess_member), {}});
  router.add({"GET", "/due", Auth::kUser, h(due_page), {}});
}

}  // namespace nansen::web
