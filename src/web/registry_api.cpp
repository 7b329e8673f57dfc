// /api/v1/persons, /api/v1/cases and /api/v1/mrz: the JSON API of registry/,
// procedures/ and documents/. Each handler parses, makes one domain call with the
// caller's Actor (the domain checks permission and scope and audits), and renders.
#include <nlohmann/json.hpp>

#include "documents/documents.h"
#include "procedures/procedures.h"
#include "registry/registry.h"
#include "web/body.h"
#include "web/routes.h"

namespace nansen::web {
namespace {

Result<CivilDate> office_today(const App& app) {
  return civil_date_in_zone(app.now(), app.config.time_zone);
}

nlohmann::json date_json(const std::optional<CivilDate>& d) {
  return d ? nlohmann::json(format_civil_date(*d)) : nlohmann::json(nullptr);
}

nlohmann::json person_json(const registry::Person& p) {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& n : p.names)
    names.push_back({{"kind", registry::name_kind_name(n.kind)},
                     {"full_name", n.full_name},
                     {"given", n.given},
                     {"family", n.family},
                     {"patronymic", n.patronymic},
                     {"script", n.script}});
  nlohmann::json nationalities = nlohmann::json::array();
  for (const auto& c : p.nationalities)
    nationalities.push_back({{"claim", c.claim}, {"basis", c.basis}});
  nlohmann::json docs = nlohmann::json::array();
  for (const auto& d : p.documents)
    docs.push_back({{"type", d.type},
                    {"number", d.number},
                    {"issuer", d.issuer},
                    {"valid_from", date_json(d.valid_from)},
                    {"valid_until", date_json(d.valid_until)}});
  return {{"id", p.id.value},
          {"country", p.country},
          {"names", names},
          {"sex", std::string(1, p.sex)},
          {"birth_date", date_json(p.birth_date)},
          {"birth_place", p.birth_place},
          {"nationalities", nationalities},
          {"identity_documents", docs},
          {"specific_needs", p.specific_needs},
          {"languages", p.languages},
          {"interpreter_needed", p.interpreter_needed},
          {"merged_into", p.merged_into ? nlohmann::json(p.merged_into->value) : nullptr}};
}

Response search_persons(App& app, Request& req) {
  auto hits = registry::search_persons(*app.db, actor_of(req), req.query_value("q"), app.now());
  if (!hits) return json_error(hits.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : *hits)
    out.push_back({{"id", h.id.value},
                   {"country", h.country},
                   {"name", h.name},
                   {"birth_date", date_json(h.birth_date)},
                   {"sex", std::string(1, h.sex)},
                   {"reason", h.reason}});
  return Response::json(200, {{"persons", out}});
}

Response get_person(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto p = registry::get_person(*app.db, actor_of(req), registry::PersonId{*id}, app.now());
  if (!p) return json_error(p.error());
  return Response::json(200, person_json(*p));
}

nlohmann::json case_json(const procedures::Case& c, const procedures::Definition* def,
                         const access::Actor& actor, const CivilDate& today,
                         const std::string& zone) {
  nlohmann::json history = nlohmann::json::array();
  for (const auto& h : c.history)
    history.push_back({{"event", h.event},
                       {"from", h.from_state ? nlohmann::json(*h.from_state) : nullptr},
                       {"to", h.to_state ? nlohmann::json(*h.to_state) : nullptr},
                       {"on", format_civil_date(h.on)},
                       {"by", h.actor_login},
                       {"fields", h.fields}});
  nlohmann::json extensions = nlohmann::json::array();
  for (const auto& e : c.extensions)
    extensions.push_back({{"deadline", e.deadline},
                          {"months", e.by.months},
                          {"days", e.by.days},
                          {"reason", e.reason},
                          {"granted_on", format_civil_date(e.granted_on)}});
  nlohmann::json due = nlohmann::json::array();
  nlohmann::json available = nlohmann::json::array();
  if (def) {
    const auto timeline = procedures::timeline_of(c);
    if (auto dues = procedures::compute_due_dates(*def, timeline, zone))
      for (const auto& d : *dues)
        due.push_back(
            {{"deadline", d.deadline},
             {"due", format_civil_date(d.due)},
             {"late_until", date_json(d.late_until)},
             {"met_on", date_json(d.met_on)},
             {"status", procedures::deadline_status_name(procedures::deadline_status(d, today))}});
    for (const auto* t :
         procedures::available_transitions(*def, c.state, timeline, actor, today, zone))
      available.push_back(
          {{"id", t->id}, {"label", t->label}, {"required_fields", t->required_fields}});
  }
  nlohmann::json dependants = nlohmann::json::array();
  for (const auto& d : c.dependants) dependants.push_back(d.value);
  return {{"id", c.id.value},
          {"number", c.number},
          {"procedure", c.procedure_id},
          {"country", c.country},
          {"modality", c.modality},
          {"state", c.state},
          {"principal", c.principal.value},
          {"dependants", dependants},
          {"history", history},
          {"extensions", extensions},
          {"due", due},
          {"available_transitions", available}};
}

Response get_case(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto today = office_today(app);
  if (!today) return json_error(today.error());
  auto c = procedures::get_case(*app.db, actor_of(req), procedures::CaseId{*id}, app.now());
  if (!c) return json_error(c.error());
  auto def = app.procedures.find(c->procedure_id);
  return Response::json(200, case_json(*c, def == app.procedures.end() ? nullptr : &def->second,
                                       actor_of(req), *today, app.config.time_zone));
}

// The fields a transition of the shipped definitions may require; declared so the body
// parser can reject anything else.
struct TransitionBody {
  std::string transition;
  std::optional<std::string> reasons, outcome, arrival_date, enquiry_state, interpreter_language,
      residence_since, birth_place;
};

const BodySchema<TransitionBody>& transition_schema() {
  static const BodySchema<TransitionBody> s =
      BodySchema<TransitionBody>()
          .field(text_field("transition", 64, kRequired), &TransitionBody::transition)
          .field(text_field("reasons", 4096), &TransitionBody::reasons)
          .field(text_field("outcome", 64), &TransitionBody::outcome)
          .field(text_field("arrival_date", 10), &TransitionBody::arrival_date)
          .field(text_field("enquiry_state", 3), &TransitionBody::enquiry_state)
          .field(text_field("interpreter_language", 16), &TransitionBody::interpreter_language)
          .field(text_field("residence_since", 10), &TransitionBody::residence_since)
          .field(text_field("birth_place", 500), &TransitionBody::birth_place);
  return s;
}

Response take_transition(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = transition_schema().parse(req);
  if (!body) return json_error(body.error());
  auto today = office_today(app);
  if (!today) return json_error(today.error());
  procedures::TransitionRequest r{body->transition, {}};
  const std::pair<const char*, const std::optional<std::string>*> fields[] = {
      {"reasons", &body->reasons},
      {"outcome", &body->outcome},
      {"arrival_date", &body->arrival_date},
      {"enquiry_state", &body->enquiry_state},
      {"interpreter_language", &body->interpreter_language},
      {"residence_since", &body->residence_since},
      {"birth_place", &body->birth_place}};
  for (const auto& [name, value] : fields)
    if (*value) r.fields[name] = **value;
  auto done =
      procedures::take_transition(*app.db, app.procedures, actor_of(req), procedures::CaseId{*id}, r,
                                  *today, app.now(), app.config.time_zone);
  if (!done) return json_error(done.error());
  return get_case(app, req);
}

struct MrzBody {
  std::string line1, line2;
};

const BodySchema<MrzBody>& mrz_schema() {
  static const BodySchema<MrzBody> s =
      BodySchema<MrzBody>()
          .field(text_field("line1", 44, kRequired), &MrzBody::line1)
          .field(text_field("line2", 44, kRequired), &MrzBody::line2);
  return s;
}

Response check_mrz(App&, Request& req) {
  auto body = mrz_schema().parse(req);
  if (!body) return json_error(body.error());
  auto r = documents::read_td3(body->line1, body->line2);
  if (!r) return json_error(r.error());
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& f : r->failures)
    failures.push_back({{"check", documents::mrz_check_name(f.check)},
                        {"expected", std::string(1, f.expected)},
                        {"found", std::string(1, f.found)}});
  return Response::json(200, {{"valid", r->valid()},
                              {"surname", r->surname},
                              {"given_names", r->given_names},
                              {"document_number", r->document_number},
                              {"nationality", r->nationality},
                              {"failures", failures}});
}

constexpr const char* kObject = R"({"type":"object"})";

}  // namespace

void register_registry_api_routes(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  router.add({"GET",
              "/api/v1/persons",
              Auth::kUser,
              h(search_persons),
              {"Search persons by any spelling or document number (person.read; your scope)",
               "registry",
               {},
               {{"q", "a name in any script, or a document number"}},
               kObject,
               200}});
  router.add({"GET",
              "/api/v1/persons/{id}",
              Auth::kUser,
              h(get_person),
              {"One person (person.read; audited)", "registry", {}, {}, kObject, 200}});
  router.add({"GET",
              "/api/v1/cases/{id}",
              Auth::kUser,
              h(get_case),
              {"One case with history, due dates and the transitions you may take (case.read)",
               "cases",
               {},
               {},
               kObject,
               200}});
  router.add({"POST",
              "/api/v1/cases/{id}/transitions",
              Auth::kUser,
              h(take_transition),
              {"Take a transition (checked against the procedure, your role, four eyes)",
               "cases",
               transition_schema().specs(),
               {},
               kObject,
               200}});
  router.add({"POST",
              "/api/v1/mrz/check",
              Auth::kUser,
              h(check_mrz),
              {"Check the check digits of a TD3 MRZ",
               "documents",
               mrz_schema().specs(),
               {},
               kObject,
               200}});
}

}  // namespace nansen::web
