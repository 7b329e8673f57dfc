// SPDX-License-Identifier: Apache-2.0
// Documents: issue (from the person or the case page), renew, revoke, and
// /documents/{id}: the printable A4 certificate or travel document with its MRZ.
#include <charconv>

#include "web/registry_views.h"

namespace nansen::web {
namespace {

using documents::DocumentId;
using registry::PersonId;

// The document types an officer issues by hand: not those a procedure's decision issues.
std::vector<std::string> issuable_types(const App& app) {
  std::vector<std::string> out;
  for (const auto& t : document_types())
    if (!procedures::issued_only_by_procedure(app.procedures, t)) out.push_back(t);
  return out;
}

// The issue form on its own page: shown again with the officer's values and errors.
Response issue_form(App& app, Request& req, const std::map<std::string, std::string>& typed,
                    nlohmann::json errors, int status) {
  auto person = number(value(typed, "person"));
  if (!person) return error_response(app, req, Error{ErrorCode::kNotFound, "person", ""});
  auto p = registry::get_person(*app.db, actor_of(req), PersonId{*person}, app.now());
  if (!p) return error_response(app, req, p.error());
  nlohmann::json cases = nlohmann::json::array();
  auto list = procedures::cases_of_person(*app.db, actor_of(req), p->id, app.now());
  if (list)
    for (const procedures::CaseSummary& c : *list)
      cases.push_back({{"value", c.id.value},
                       {"label", c.number},
                       {"selected", value(typed, "case_id") == std::to_string(c.id.value)}});
  return registry_page(
      app, req, "registry_document_new",
      {{"title_key", "reg_issue_title"},
       {"person",
        {{"id", p->id.value}, {"name", p->names.empty() ? "" : p->names.front().full_name}}},
       {"doc_types", options(app, req, issuable_types(app), "reg_doc_", value(typed, "type"))},
       {"cases", cases},
       {"valid_months", value(typed, "valid_months")},
       {"errors", std::move(errors)}},
      status);
}

Response new_document_page(App& app, Request& req) {
  if (!access::has_permission(actor_of(req).role, access::Permission::kDocumentIssue))
    return error_response(app, req, Error{ErrorCode::kForbidden, "document.issue", ""});
  return issue_form(app, req,
                    {{"person", req.query_value("person")}, {"case_id", req.query_value("case")}},
                    nlohmann::json::object(), 200);
}

Response issue(App& app, Request& req) {
  const auto f = form_of(req);
  auto fail_with = [&](Error e) {
    const HttpError h = http_error(e);
    if (h.status == 403 || h.status == 404) return error_response(app, req, h);
    nlohmann::json errors = form_errors(app, req, h);
    // A document a procedure ends in: say where it comes from instead of "conflict".
    if (e.code == ErrorCode::kConflict && e.field == "type")
      errors["_summary"] = errors["type"] = tr(app, req, "reg_error_issued_by_procedure");
    return issue_form(app, req, f, std::move(errors), h.status);
  };
  auto person = number(value(f, "person"));
  if (!person) return error_response(app, req, Error{ErrorCode::kNotFound, "person", ""});
  auto type = documents::parse_document_type(value(f, "type"));
  if (!type) return fail_with(Error{ErrorCode::kInvalid, "must be one of", "type"});
  auto today = page_office_today(app);
  if (!today) return error_response(app, req, today.error());
  documents::IssueRequest r;
  r.type = *type;
  r.person = PersonId{*person};
  r.issued_on = *today;
  if (const std::string c = value(f, "case_id"); !c.empty()) {
    auto id = number(c);
    if (!id) return fail_with(Error{ErrorCode::kInvalid, "not a case", "case_id"});
    r.case_id = procedures::CaseId{*id};
  } else {
    auto months = number(value(f, "valid_months"));
    if (!months || *months > 120)
      return fail_with(Error{ErrorCode::kInvalid, "is required", "valid_months"});
    r.valid_months = static_cast<int>(*months);
  }
  auto doc = documents::issue_document(*app.db, app.procedures, actor_of(req), r, app.now());
  if (!doc) {
    Error e = doc.error();
    // A case of another country is NotFound for the case field: the form says so.
    if (e.code == ErrorCode::kNotFound && e.field == "case_id") e.code = ErrorCode::kInvalid;
    return fail_with(e);
  }
  return Response::redirect("/documents/" + std::to_string(doc->id.value) + "?done=issued");
}

// The document and its holder, through the domain's scope-checked reads.
struct Held {
  documents::IssuedDocument doc;
  registry::Person holder;
  std::vector<documents::IssuedDocument> all;  // the holder's documents, oldest first
};

Result<Held> find_document(App& app, const Request& req, DocumentId id) {
  auto doc = documents::get_document(*app.db, actor_of(req), id, app.now());
  if (!doc) return fail(doc.error());
  auto person = registry::get_person(*app.db, actor_of(req), doc->person, app.now());
  if (!person) return fail(person.error());
  auto docs = documents::person_documents(*app.db, actor_of(req), doc->person, app.now());
  if (!docs) return fail(docs.error());
  return Held{*doc, *person, *docs};
}

std::string part_of(const registry::Person& p, std::string registry::PersonName::*part) {
  for (const auto& n : p.names)
    if (!(n.*part).empty()) return n.*part;
  return "";
}

Response document_page(App& app, Request& req, nlohmann::json extra = nlohmann::json::object(),
                       int status = 200) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto held = find_document(app, req, DocumentId{*id});
  if (!held) return error_response(app, req, held.error());
  const documents::IssuedDocument& d = held->doc;
  const registry::Person& p = held->holder;
  const std::string type(documents::document_type_name(d.type));
  const std::string status_code(documents::document_status_name(d.status));
  nlohmann::json claims = nlohmann::json::array();
  for (const auto& c : p.nationalities) claims.push_back(claim_label(app, req, c.claim));
  nlohmann::json history = nlohmann::json::array();
  for (const auto& other : held->all)
    if (other.type == d.type) {
      const std::string s(documents::document_status_name(other.status));
      history.push_back({{"id", other.id.value},
                         {"number", other.number},
                         {"issued_on", format_civil_date(other.issued_on)},
                         {"valid_until", format_civil_date(other.valid_until)},
                         {"status", label_or(app, req, "reg_doc_status_" + s, s)},
                         {"reason", other.revoke_reason.value_or("")},
                         {"current", other.id == d.id}});
    }
  nlohmann::json data = {
      {"title_key", "reg_doc_" + type},
      {"d",
       {{"id", d.id.value},
        {"number", d.number},
        {"type", label_or(app, req, "reg_doc_" + type, type)},
        {"country", country_label(app, req, d.country)},
        {"issued_on", format_civil_date(d.issued_on)},
        {"valid_until", format_civil_date(d.valid_until)},
        {"status", label_or(app, req, "reg_doc_status_" + status_code, status_code)},
        {"valid", d.status == documents::DocumentStatus::kValid},
        {"revoked", d.status == documents::DocumentStatus::kRevoked},
        {"revoke_reason", d.revoke_reason.value_or("")},
        {"case_id", d.case_id ? nlohmann::json(d.case_id->value) : nullptr}}},
      {"holder",
       {{"id", p.id.value},
        {"name", p.names.empty() ? "" : p.names.front().full_name},
        {"family", part_of(p, &registry::PersonName::family)},
        {"given", part_of(p, &registry::PersonName::given)},
        {"birth_date", date_label(p.birth_date)},
        {"birth_place", p.birth_place},
        {"sex", sex_label(app, req, p.sex)},
        {"claims", claims}}},
      {"history", history},
      {"can_issue", access::has_permission(actor_of(req).role, access::Permission::kDocumentIssue)},
      {"errors", nlohmann::json::object()}};
  if (d.mrz) data["mrz"] = {{"line1", d.mrz->line1}, {"line2", d.mrz->line2}};
  const std::string done = req.query_value("done");
  for (const char* n : {"issued", "renewed", "revoked"})
    if (done == n) data["notice"] = tr(app, req, std::string("reg_notice_doc_") + n);
  for (auto& [k, v] : extra.items()) data[k] = v;
  return registry_page(app, req, "registry_document", std::move(data), status);
}

Response renew(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto today = page_office_today(app);
  if (!today) return error_response(app, req, today.error());
  auto doc = documents::renew_document(*app.db, app.procedures, actor_of(req), DocumentId{*id},
                                       *today, app.now());
  if (!doc) {
    const HttpError h = http_error(doc.error());
    if (h.status == 403 || h.status == 404) return error_response(app, req, h);
    return document_page(app, req, {{"errors", form_errors(app, req, h)}}, h.status);
  }
  return Response::redirect("/documents/" + std::to_string(doc->id.value) + "?done=renewed");
}

Response revoke(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto today = page_office_today(app);
  if (!today) return error_response(app, req, today.error());
  const auto f = form_of(req);
  const std::string reason = value(f, "reason");
  Status done = reason.empty() ? fail(ErrorCode::kInvalid, "is required", "reason")
                               : documents::revoke_document(*app.db, actor_of(req), DocumentId{*id},
                                                            reason, *today, app.now());
  if (!done) {
    const HttpError h = http_error(done.error());
    if (h.status == 403 || h.status == 404) return error_response(app, req, h);
    nlohmann::json errors = form_errors(app, req, h);
    if (errors.contains("_summary") && !done.error().field.empty())
      errors["reason"] = errors["_summary"];
    return document_page(app, req, {{"errors", errors}, {"typed_reason", reason}}, h.status);
  }
  return Response::redirect("/documents/" + std::to_string(*id) + "?done=revoked");
}

}  // namespace

void add_document_pages(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  router.add({"GET", "/documents/new", Auth::kUser, h(new_document_page), {}});
  router.add({"POST", "/documents", Auth::kUser, h(issue), {}});
  router.add({"GET",
              "/documents/{id}",
              Auth::kUser,
              [&app](Request& r) { return document_page(app, r); },
              {}});
  router.add({"POST", "/documents/{id}/renew", Auth::kUser, h(renew), {}});
  router.add({"POST", "/documents/{id}/revoke", Auth::kUser, h(revoke), {}});
}

}  // namespace nansen::web
