// SPDX-License-Identifier: Apache-2.0
// /api/v1/persons/{id}/documents, /api/v1/documents and /api/v1/mrz/check: issuing,
// renewing and revoking certificates and travel documents (with their ICAO 9303 MRZ),
// a person's document history, and the MRZ check-digit checker.
#include <nlohmann/json.hpp>

#include "web/registry_api.h"
#include "web/registry_json.h"

namespace nansen::web {
namespace {

using documents::DocumentId;

std::vector<std::string> document_type_names() {
  return {"asylum_seeker_certificate", "refugee_certificate", "stateless_person_certificate",
          "travel_document_1951", "travel_document_1954"};
}

struct IssueBody {
  std::string type;
  std::optional<std::int64_t> case_id;
  std::optional<std::string> issued_on;
  std::optional<std::int64_t> valid_months;
};

const BodySchema<IssueBody>& issue_schema() {
  static const BodySchema<IssueBody> s =
      BodySchema<IssueBody>()
          .field(choice_field("type", document_type_names(), kRequired), &IssueBody::type)
          .field(int_field("case_id", 1, INT64_MAX), &IssueBody::case_id)
          .field(text_field("issued_on", 10), &IssueBody::issued_on)
          .field(int_field("valid_months", 1, 120), &IssueBody::valid_months);
  return s;
}

Response document_created(const documents::IssuedDocument& d) {
  Response r = Response::json(201, document_json(d));
  r.set_header("Location", "/api/v1/documents/" + std::to_string(d.id.value));
  return r;
}

Response issue_document(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = issue_schema().parse(req);
  if (!body) return json_error(body.error());
  auto type = documents::parse_document_type(body->type);
  if (!type) return json_error(type.error());
  auto today = office_today(app);
  if (!today) return json_error(today.error());
  auto issued_on = optional_date(body->issued_on, "issued_on");
  if (!issued_on) return json_error(issued_on.error());
  documents::IssueRequest r;
  r.type = *type;
  r.person = registry::PersonId{*id};
  if (body->case_id) r.case_id = procedures::CaseId{*body->case_id};
  r.issued_on = issued_on->value_or(*today);
  r.valid_months = static_cast<int>(body->valid_months.value_or(0));
  auto d = documents::issue_document(*app.db, app.procedures, actor_of(req), r, app.now());
  if (!d) return json_error(d.error());
  return document_created(*d);
}

struct RenewBody {
  std::optional<std::string> issued_on;
};

const BodySchema<RenewBody>& renew_schema() {
  static const BodySchema<RenewBody> s =
      BodySchema<RenewBody>().field(text_field("issued_on", 10), &RenewBody::issued_on);
  return s;
}

Response renew_document(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = renew_schema().parse(req);
  if (!body) return json_error(body.error());
  auto today = office_today(app);
  if (!today) return json_error(today.error());
  auto issued_on = optional_date(body->issued_on, "issued_on");
  if (!issued_on) return json_error(issued_on.error());
  auto d = documents::renew_document(*app.db, app.procedures, actor_of(req), DocumentId{*id},
                                     issued_on->value_or(*today), app.now());
  if (!d) return json_error(d.error());
  return document_created(*d);
}

struct RevokeBody {
  std::string reason;
  std::optional<std::string> revoked_on;
};

const BodySchema<RevokeBody>& revoke_schema() {
  static const BodySchema<RevokeBody> s =
      BodySchema<RevokeBody>()
          .field(text_field("reason", 4096, kRequired), &RevokeBody::reason)
          .field(text_field("revoked_on", 10), &RevokeBody::revoked_on);
  return s;
}

Response get_document(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto d = documents::get_document(*app.db, actor_of(req), DocumentId{*id}, app.now());
  if (!d) return json_error(d.error());
  return Response::json(200, document_json(*d));
}

Response revoke_document(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = revoke_schema().parse(req);
  if (!body) return json_error(body.error());
  auto today = office_today(app);
  if (!today) return json_error(today.error());
  auto revoked_on = optional_date(body->revoked_on, "revoked_on");
  if (!revoked_on) return json_error(revoked_on.error());
  auto done = documents::revoke_document(*app.db, actor_of(req), DocumentId{*id}, body->reason,
                                         revoked_on->value_or(*today), app.now());
  if (!done) return json_error(done.error());
  return get_document(app, req);
}

Response person_documents(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto list =
      documents::person_documents(*app.db, actor_of(req), registry::PersonId{*id}, app.now());
  if (!list) return json_error(list.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : *list) out.push_back(document_json(d));
  return Response::json(200, {{"documents", out}});
}

// ?number= finds a document by its number (a search, not a listing).
Response find_document(App& app, Request& req) {
  const std::string number = req.query_value("number");
  if (trim(number).empty())
    return json_error(Error{ErrorCode::kInvalid, "give ?number=<document number>", "number"});
  const access::Actor& actor = actor_of(req);
  auto id = documents::find_document_by_number(*app.db, actor, number);
  if (!id) return json_error(id.error());
  auto d = documents::get_document(*app.db, actor, *id, app.now());
  if (!d) return json_error(d.error());
  return Response::json(200, {{"documents", nlohmann::json::array({document_json(*d)})}});
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

}  // namespace

void register_registry_document_api(Router& router, App& app) {
  const ApiRoutes routes{router, app, "documents"};
  routes.add("POST", "/api/v1/persons/{id}/documents", issue_document,
             "Issue an ordinary document (the asylum-seeker certificate); with case_id its "
             "validity and conditions come from the procedure (document.issue). The documents a "
             "procedure ends in (refugee and stateless-person certificates, travel documents) "
             "come only from its deciding transition: 409 with field type",
             issue_schema().specs(), {}, 201);
  routes.add("GET", "/api/v1/persons/{id}/documents", person_documents,
             "A person's documents, oldest first: the history of issues, renewals and revocations "
             "(person.read)");
  routes.add("GET", "/api/v1/documents", find_document, "The document with a number (person.read)",
             {}, {{"number", "a document number, e.g. TS0000001"}});
  routes.add("GET", "/api/v1/documents/{id}", get_document,
             "One document, with its MRZ lines for travel documents (person.read)");
  routes.add("POST", "/api/v1/documents/{id}/renew", renew_document,
             "Renew a valid document: a successor with a new number (document.issue)",
             renew_schema().specs(), {}, 201);
  routes.add("POST", "/api/v1/documents/{id}/revoke", revoke_document,
             "Revoke a valid document with a reason (document.issue)", revoke_schema().specs());
  routes.add("POST", "/api/v1/mrz/check", check_mrz, "Check the check digits of a TD3 MRZ",
             mrz_schema().specs());
}

}  // namespace nansen::web
