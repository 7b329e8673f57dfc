// SPDX-License-Identifier: Apache-2.0
// /api/v1/cases and /api/v1/due: opening a case for a principal and dependants, reading
// it, taking transitions (checked against the definition, the role, the order and four
// eyes by procedures/), recording external events and extending deadlines, and the
// officer's and office's lists of due and overdue deadlines.
#include <limits>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "web/registry_api.h"
#include "web/registry_json.h"

namespace nansen::web {
namespace {

using procedures::CaseId;

Response case_response(App& app, const Request& req, CaseId id, int status) {
  auto today = office_today(app);
  if (!today) return json_error(today.error());
  auto c = procedures::get_case(*app.db, actor_of(req), id, app.now());
  if (!c) return json_error(c.error());
  return Response::json(status,
                        case_json(*c, app.procedures, actor_of(req), *today, app.config.time_zone));
}

Response get_case(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  return case_response(app, req, CaseId{*id}, 200);
}

// ---------------------------------------------------------------------------------------
// Opening and finding cases

struct OpeningBody {
  std::string procedure_id;
  std::string country;
  std::optional<std::string> modality;
  std::int64_t principal = 0;
  std::optional<std::int64_t> assigned_to;
};

const BodySchema<OpeningBody>& opening_schema() {
  static const BodySchema<OpeningBody> s =
      BodySchema<OpeningBody>()
          .field(text_field("procedure_id", 64, kRequired), &OpeningBody::procedure_id)
          .field(text_field("country", 3, kRequired), &OpeningBody::country)
          .field(text_field("modality", 64), &OpeningBody::modality)
          .field(int_field("principal", 1, INT64_MAX, kRequired), &OpeningBody::principal)
          .field(int_field("assigned_to", 1, INT64_MAX), &OpeningBody::assigned_to);
  return s;
}

const std::vector<FieldSpec>& opening_lists() {
  static const std::vector<FieldSpec> lists = {
      value_list_field("dependants", 50, int_field("", 1, INT64_MAX)),
      value_list_field("facts", 20, text_field("", 64))};
  return lists;
}

const std::vector<FieldSpec>& opening_specs() {
  static const std::vector<FieldSpec> specs = [] {
    auto s = opening_schema().specs();
    s.insert(s.end(), opening_lists().begin(), opening_lists().end());
    return s;
  }();
  return specs;
}

Response open_case(App& app, Request& req) {
  auto split = split_list_fields(req, opening_lists());
  if (!split) return json_error(split.error());
  auto body = opening_schema().parse("application/json", split->flat);
  if (!body) return json_error(body.error());
  procedures::CaseOpening o;
  o.procedure_id = body->procedure_id;
  o.country = body->country;
  o.modality = body->modality.value_or("");
  o.principal = registry::PersonId{body->principal};
  for (const auto& d : split->lists["dependants"])
    o.dependants.push_back(registry::PersonId{int_value(d, "").value_or(0)});
  for (const auto& f : split->lists["facts"]) o.facts.push_back(text_value(f, ""));
  if (body->assigned_to) o.assigned_to = access::UserId{*body->assigned_to};
  auto id = procedures::open_case(*app.db, app.procedures, actor_of(req), o, app.now());
  if (!id) return json_error(id.error());
  Response r = case_response(app, req, *id, 201);
  r.set_header("Location", "/api/v1/cases/" + std::to_string(id->value));
  return r;
}

struct CaseQuery {
  std::optional<std::int64_t> person;
  std::optional<std::string> number;
};

const BodySchema<CaseQuery>& case_query_schema() {
  static const BodySchema<CaseQuery> s =
      BodySchema<CaseQuery>()
          .field(int_field("person", 1, INT64_MAX), &CaseQuery::person)
          .field(text_field("number", 32), &CaseQuery::number);
  return s;
}

// ?person= lists a person's cases; ?number= finds one case by its number.
Response list_cases(App& app, Request& req) {
  auto q = case_query_schema().parse_query(req);
  if (!q) return json_error(q.error());
  const access::Actor& actor = actor_of(req);
  nlohmann::json out = nlohmann::json::array();
  if (q->number) {
    auto id = procedures::find_case_by_number(*app.db, actor, trim(*q->number));
    if (!id) return json_error(id.error());
    auto c = procedures::get_case(*app.db, actor, *id, app.now());
    if (!c) return json_error(c.error());
    out.push_back(case_summary_json(
        {c->id, c->number, c->procedure_id, c->country, c->state, "", c->opened_at}));
  } else if (q->person) {
    auto list =
        procedures::cases_of_person(*app.db, actor, registry::PersonId{*q->person}, app.now());
    if (!list) return json_error(list.error());
    for (const auto& c : *list) out.push_back(case_summary_json(c));
  } else {
    return json_error(
        Error{ErrorCode::kInvalid, "give ?person=<id> or ?number=<case number>", "person"});
  }
  return Response::json(200, {{"cases", out}});
}

// ---------------------------------------------------------------------------------------
// Transitions, events, extensions

// The body of a transition: its id and the fields any shipped transition may require,
// collected from the catalog at start-up so that the parser refuses anything else.
std::vector<FieldSpec> transition_specs(const procedures::Catalog& catalog) {
  std::set<std::string> names;
  for (const auto& [id, def] : catalog)
    for (const auto& t : def.transitions)
      for (const auto& f : t.required_fields) names.insert(f);
  std::vector<FieldSpec> specs = {text_field("transition", 64, kRequired)};
  for (const auto& n : names)
    if (n != "transition") specs.push_back(text_field(n, 4096));
  return specs;
}

Response take_transition(App& app, Request& req, const std::vector<FieldSpec>& specs) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto values = parse_fields(req.header("content-type"), req.body, specs);
  if (!values) return json_error(values.error());
  auto today = office_today(app);
  if (!today) return json_error(today.error());
  procedures::TransitionRequest r{text_value(*values, "transition"), {}};
  for (const auto& [name, value] : *values)
    if (name != "transition") r.fields[name] = std::get<std::string>(value);
  // With the renewals the procedure ties to this event, in the same transaction.
  auto done =
      documents::take_transition_with_documents(*app.db, app.procedures, actor_of(req), CaseId{*id},
                                                r, *today, app.now(), app.config.time_zone);
  if (!done) return json_error(done.error());
  return case_response(app, req, CaseId{*id}, 200);
}

struct EventBody {
  std::string event;
  std::optional<std::string> on, at;
};

const BodySchema<EventBody>& event_schema() {
  static const BodySchema<EventBody> s =
      BodySchema<EventBody>()
          .field(text_field("event", 64, kRequired), &EventBody::event)
          .field(text_field("on", 10), &EventBody::on)
          .field(text_field("at", 20), &EventBody::at);
  return s;
}

Response record_event(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = event_schema().parse(req);
  if (!body) return json_error(body.error());
  auto today = office_today(app);
  if (!today) return json_error(today.error());
  auto on = optional_date(body->on, "on");
  if (!on) return json_error(on.error());
  std::optional<Instant> at;
  if (body->at) {
    auto parsed = parse_instant(*body->at);
    if (!parsed)
      return json_error(
          Error{ErrorCode::kInvalid, "expected an instant such as 2024-10-04T09:30:00Z", "at"});
    at = *parsed;
  }
  auto done = documents::record_case_event_with_documents(*app.db, app.procedures, actor_of(req),
                                                          CaseId{*id}, body->event,
                                                          on->value_or(*today), at, app.now());
  if (!done) return json_error(done.error());
  return case_response(app, req, CaseId{*id}, 201);
}

struct ExtensionBody {
  std::string deadline;
  std::optional<std::int64_t> months, days;
  std::string reason;
  std::optional<std::string> granted_on;
};

const BodySchema<ExtensionBody>& extension_schema() {
  static const BodySchema<ExtensionBody> s =
      BodySchema<ExtensionBody>()
          .field(text_field("deadline", 64, kRequired), &ExtensionBody::deadline)
          .field(int_field("months", 0, procedures::kMaxExtensionMonths), &ExtensionBody::months)
          .field(int_field("days", 0, procedures::kMaxExtensionDays), &ExtensionBody::days)
          .field(text_field("reason", 4096, kRequired), &ExtensionBody::reason)
          .field(text_field("granted_on", 10), &ExtensionBody::granted_on);
  return s;
}

Response extend_deadline(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = extension_schema().parse(req);
  if (!body) return json_error(body.error());
  auto today = office_today(app);
  if (!today) return json_error(today.error());
  auto granted = optional_date(body->granted_on, "granted_on");
  if (!granted) return json_error(granted.error());
  procedures::Extension e{
      body->deadline,
      {static_cast<int>(body->months.value_or(0)), static_cast<int>(body->days.value_or(0)), 0},
      body->reason,
      granted->value_or(*today)};
  auto done = procedures::extend_deadline(*app.db, app.procedures, actor_of(req), CaseId{*id}, e,
                                          app.now(), app.config.time_zone);
  if (!done) return json_error(done.error());
  return case_response(app, req, CaseId{*id}, 201);
}

struct AssessmentBody {
  std::int64_t person = 0;
  std::string outcome;
  std::string reasons;
};

const BodySchema<AssessmentBody>& assessment_schema() {
  static const BodySchema<AssessmentBody> s =
      BodySchema<AssessmentBody>()
          .field(int_field("person", 1, std::numeric_limits<std::int64_t>::max(), kRequired),
                 &AssessmentBody::person)
          .field(text_field("outcome", 64, kRequired), &AssessmentBody::outcome)
          .field(text_field("reasons", 4096, kRequired), &AssessmentBody::reasons);
  return s;
}

// The individual assessment of an adult family member (procedures with
// assess_adults_individually): each must be recorded before the case's decision.
Response assess_member(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = assessment_schema().parse(req);
  if (!body) return json_error(body.error());
  auto today = office_today(app);
  if (!today) return json_error(today.error());
  procedures::MemberAssessment a;
  a.person = registry::PersonId{body->person};
  a.outcome = body->outcome;
  a.reasons = body->reasons;
  auto done = procedures::record_member_assessment(*app.db, app.procedures, actor_of(req),
                                                   CaseId{*id}, a, *today, app.now());
  if (!done) return json_error(done.error());
  return case_response(app, req, CaseId{*id}, 201);
}

// ---------------------------------------------------------------------------------------
// Due lists

struct DueQuery {
  std::optional<std::string> officer;
  bool applicant = false;
};

const BodySchema<DueQuery>& due_query_schema() {
  static const BodySchema<DueQuery> s =
      BodySchema<DueQuery>()
          .field(choice_field("officer", {"me", "office"}), &DueQuery::officer)
          .field(bool_field("applicant"), &DueQuery::applicant);
  return s;
}

Response due_list(App& app, Request& req) {
  auto q = due_query_schema().parse_query(req);
  if (!q) return json_error(q.error());
  auto today = office_today(app);
  if (!today) return json_error(today.error());
  const access::Actor& actor = actor_of(req);
  procedures::DueFilter filter;
  if (q->officer.value_or("me") == "me") filter.assigned_to = actor.user;
  filter.include_applicant_deadlines = q->applicant;
  auto items =
      procedures::due_list(*app.db, app.procedures, actor, filter, *today, app.config.time_zone);
  if (!items) return json_error(items.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : *items) out.push_back(due_item_json(d));
  return Response::json(200, {{"today", format_civil_date(*today)}, {"items", out}});
}

}  // namespace

void register_registry_case_api(Router& router, App& app) {
  const ApiRoutes routes{router, app, "cases"};
  routes.add("POST", "/api/v1/cases", routes.bind(open_case),
             "Open a case for a principal and dependants under a procedure (case.write)",
             opening_specs(), {}, 201);
  routes.add("GET", "/api/v1/cases", routes.bind(list_cases),
             "A person's cases (?person=) or the case with a number (?number=) (case.read)", {},
             {{"person", "a person id", FieldType::kInteger}, {"number", "a case number"}});
  routes.add("GET", "/api/v1/cases/{id}", routes.bind(get_case),
             "One case with history, due dates and the transitions you may take (case.read)");
  auto specs = std::make_shared<const std::vector<FieldSpec>>(transition_specs(app.procedures));
  routes.add(
      "POST", "/api/v1/cases/{id}/transitions",
      [&app, specs](Request& r) { return take_transition(app, r, *specs); },
      "Take a transition (checked against the procedure, your role, the order and four eyes)",
      *specs);
  routes.add("POST", "/api/v1/cases/{id}/events", routes.bind(record_event),
             "Record an external event of the procedure, e.g. arrival (case.write)",
             event_schema().specs(), {}, 201);
  routes.add("POST", "/api/v1/cases/{id}/extensions", routes.bind(extend_deadline),
             "Extend a deadline with a reason, up to the procedure's cap (case.decide)",
             extension_schema().specs(), {}, 201);
  routes.add("POST", "/api/v1/cases/{id}/assessments", routes.bind(assess_member),
             "Record the individual assessment of an adult family member (case.decide)",
             assessment_schema().specs(), {}, 201);
  routes.add("GET", "/api/v1/due", routes.bind(due_list),
             "Overdue deadlines and those due within 7 days, yours (officer=me) or the office's",
             {},
             {{"officer", "me (default) or office"},
              {"applicant", "true to include the applicant's own deadlines", FieldType::kBoolean}});
}

}  // namespace nansen::web
