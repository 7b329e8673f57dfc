// SPDX-License-Identifier: Apache-2.0
// /persons/{id}: one person's record — names, details, household, consent, cases,
// documents, sensitive entries — and its forms: consent, a sensitive note, merge and
// unmerge. Another country's person is a 404 page, as the domain answers NotFound.
#include "web/registry_views.h"

namespace nansen::web {
namespace {

using access::Permission;
using registry::PersonId;

bool can(const Request& req, Permission p) {
  return access::has_permission(actor_of(req).role, p);
}

nlohmann::json labels(const App& app, const Request& req, const std::vector<std::string>& codes,
                      const char* prefix) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : codes) out.push_back(label_or(app, req, prefix + c, c));
  return out;
}

nlohmann::json person_view(const App& app, const Request& req, const registry::Person& p) {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& n : p.names)
    names.push_back(
        {{"kind",
          label_or(app, req, "reg_name_kind_" + std::string(registry::name_kind_name(n.kind)),
                   registry::name_kind_name(n.kind))},
         {"full_name", n.full_name},
         {"family", n.family},
         {"given", n.given},
         {"patronymic", n.patronymic},
         {"script", label_or(app, req, "reg_script_" + n.script, n.script)}});
  nlohmann::json claims = nlohmann::json::array();
  for (const auto& c : p.nationalities)
    claims.push_back({{"claim", claim_label(app, req, c.claim)}, {"basis", c.basis}});
  nlohmann::json docs = nlohmann::json::array();
  for (const auto& d : p.documents)
    docs.push_back({{"type", label_or(app, req, "reg_id_type_" + d.type, d.type)},
                    {"number", d.number},
                    {"issuer", d.issuer},
                    {"valid_from", date_label(d.valid_from)},
                    {"valid_until", date_label(d.valid_until)}});
  return {{"id", p.id.value},
          {"name", p.names.empty() ? "" : p.names.front().full_name},
          {"names", names},
          {"country", country_label(app, req, p.country)},
          {"sex", sex_label(app, req, p.sex)},
          {"birth_date", date_label(p.birth_date)},
          {"birth_approximate", p.birth_date && p.birth_date->approximate},
          {"birth_place", p.birth_place},
          {"claims", claims},
          {"documents", docs},
          {"needs", labels(app, req, p.specific_needs, "reg_need_")},
          {"languages", labels(app, req, p.languages, "reg_lang_")},
          {"interpreter", tr(app, req, p.interpreter_needed ? "reg_yes" : "reg_no")},
          {"contact", p.contact},
          {"merged_into", p.merged_into ? nlohmann::json(p.merged_into->value) : nullptr},
          {"created_at", p.created_at}};
}

nlohmann::json household_view(App& app, const Request& req, const registry::Person& p) {
  nlohmann::json out = nlohmann::json::array();
  auto household = registry::view_household_of(*app.db, actor_of(req), p.id, app.now());
  if (!household || !*household) return out;
  for (const auto& m : (*household)->members)
    out.push_back(
        {{"id", m.person.value},
         {"name", m.name},
         {"birth_date", date_label(m.birth_date)},
         {"relationship", label_or(app, req, "reg_rel_" + m.relationship, m.relationship)},
         {"self", m.person == p.id}});
  return out;
}

nlohmann::json cases_view(App& app, const Request& req, const registry::Person& p,
                          nlohmann::json& case_options) {
  nlohmann::json out = nlohmann::json::array();
  if (!access::has_permission(actor_of(req).role, Permission::kCaseRead)) return out;
  auto cases = procedures::cases_of_person(*app.db, actor_of(req), p.id, app.now());
  if (!cases) return out;
  for (auto it = cases->rbegin(); it != cases->rend(); ++it) {  // newest first
    const procedures::CaseSummary& c = *it;
    const procedures::Definition* def = nullptr;
    if (auto d = app.procedures.find(c.procedure_id); d != app.procedures.end()) def = &d->second;
    out.push_back({{"id", c.id.value},
                   {"number", c.number},
                   {"procedure", procedure_title(app, req, def, c.procedure_id)},
                   {"state", state_label(app, req, def, c.state)},
                   {"principal", c.role == "principal"}});
    case_options.push_back({{"value", c.id.value}, {"label", c.number}});
  }
  return out;
}

nlohmann::json documents_view(App& app, const Request& req, const registry::Person& p) {
  nlohmann::json out = nlohmann::json::array();
  auto docs = documents::person_documents(*app.db, actor_of(req), p.id, app.now());
  if (!docs) return out;
  for (const auto& d : *docs) {
    const std::string type(documents::document_type_name(d.type));
    const std::string status(documents::document_status_name(d.status));
    out.push_back({{"id", d.id.value},
                   {"number", d.number},
                   {"type", label_or(app, req, "reg_doc_" + type, type)},
                   {"status", label_or(app, req, "reg_doc_status_" + status, status)},
                   {"status_code", status},
                   {"issued_on", format_civil_date(d.issued_on)},
                   {"valid_until", format_civil_date(d.valid_until)}});
  }
  return out;
}

nlohmann::json consents_view(App& app, const Request& req, const registry::Person& p) {
  nlohmann::json out = nlohmann::json::array();
  auto list = registry::consents(*app.db, actor_of(req), p.id, app.now());
  if (!list) return out;
  for (const auto& c : *list) {
    const std::string purpose(registry::purpose_name(c.purpose));
    out.push_back({{"purpose", label_or(app, req, "reg_purpose_" + purpose, purpose)},
                   {"given", tr(app, req, c.given ? "reg_consent_given" : "reg_consent_refused")},
                   {"legal_basis", label_or(app, req, "reg_basis_" + c.legal_basis, c.legal_basis)},
                   {"recorded_at", c.recorded_at}});
  }
  return out;
}

// The sensitive part: only for roles that may read it; without the key file, a notice
// saying so instead of the entries (the rest of the page works). The path stays in the
// server log: a page is no place to tell users where the key lives.
void add_sensitive(App& app, const Request& req, const registry::Person& p, nlohmann::json& data) {
  if (!can(req, Permission::kSensitiveRead)) return;
  nlohmann::json s = {{"kinds", options(app, req, sensitive_kinds(), "reg_sensitive_", "")},
                      {"can_add", can(req, Permission::kCaseWrite)}};
  if (!app.keyring) {
    s["unavailable"] = tr(app, req, "reg_sensitive_no_key");
  } else {
    auto entries =
        registry::read_sensitive_entries(*app.db, actor_of(req), *app.keyring, p.id, app.now());
    nlohmann::json rows = nlohmann::json::array();
    if (entries) {
      for (const auto& e : *entries) {
        const std::string kind(registry::sensitive_kind_name(e.kind));
        rows.push_back({{"kind", label_or(app, req, "reg_sensitive_" + kind, kind)},
                        {"text", e.text.reveal()},
                        {"created_at", e.created_at}});
      }
    } else {
      s["unavailable"] = localized_error(app, req, http_error(entries.error()));
    }
    s["entries"] = rows;
  }
  data["sensitive"] = s;
}

Response person_page(App& app, Request& req, nlohmann::json extra = nlohmann::json::object(),
                     int status = 200) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto p = registry::get_person(*app.db, actor_of(req), PersonId{*id}, app.now());
  if (!p) return error_response(app, req, p.error());
  nlohmann::json case_options = nlohmann::json::array();
  nlohmann::json data = {
      {"title_key", "reg_person_title"},
      {"p", person_view(app, req, *p)},
      {"household", household_view(app, req, *p)},
      {"consents", consents_view(app, req, *p)},
      {"cases", cases_view(app, req, *p, case_options)},
      {"documents", documents_view(app, req, *p)},
      {"purposes", options(app, req, purposes(), "reg_purpose_", "")},
      {"bases",
       options(app, req, {"consent", "legal_obligation", "vital_interest", "public_interest"},
               "reg_basis_", "")},
      {"doc_types", options(app, req, document_types(), "reg_doc_", "")},
      {"member_relationships", options(app, req, relationships(), "reg_rel_", "")},
      {"can_write", can(req, Permission::kPersonWrite)},
      {"can_open_case", can(req, Permission::kCaseWrite)},
      {"can_issue", can(req, Permission::kDocumentIssue)},
      {"errors", nlohmann::json::object()}};
  data["case_options"] = case_options;
  data["has_household"] = !data["household"].empty();
  add_sensitive(app, req, *p, data);
  const std::string done = req.query_value("done");
  for (const char* d : {"registered", "consent", "note", "merged", "unmerged", "member_added"})
    if (done == d) data["notice"] = tr(app, req, std::string("reg_notice_") + d);
  for (auto& [k, v] : extra.items()) data[k] = v;
  return registry_page(app, req, "registry_person", std::move(data), status);
}

// The page again with `form`'s error beside its field; `message_key` says more than the
// generic message of the error's kind when the domain's reason is known.
Response again(App& app, Request& req, const Error& e, const char* form,
               const char* message_key = nullptr) {
  const HttpError h = http_error(e);
  if (h.status == 404 || h.status == 403 || h.status == 503) return error_response(app, req, h);
  nlohmann::json errors = form_errors(app, req, h);
  if (message_key) {
    errors["_summary"] = tr(app, req, message_key);
    if (!e.field.empty()) errors[e.field] = tr(app, req, message_key);
  }
  errors["_form"] = form;
  return person_page(app, req, {{"errors", errors}, {std::string("errors_") + form, errors}},
                     h.status);
}

std::string back(std::int64_t id, const char* done) {
  return "/persons/" + std::to_string(id) + "?done=" + done;
}

Response post_consent(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  const auto f = form_of(req);
  auto purpose = registry::parse_purpose(value(f, "purpose"));
  if (!purpose) return again(app, req, purpose.error(), "consent");
  registry::Consent c;
  c.purpose = *purpose;
  const std::string given = value(f, "given");
  if (given != "yes" && given != "no")
    return again(app, req, Error{ErrorCode::kInvalid, "is required", "given"}, "consent");
  c.given = given == "yes";
  c.legal_basis = value(f, "legal_basis");
  if (c.legal_basis.empty())
    return again(app, req, Error{ErrorCode::kInvalid, "is required", "legal_basis"}, "consent");
  auto done = registry::record_consent(*app.db, actor_of(req), PersonId{*id}, c, app.now());
  if (!done) return again(app, req, done.error(), "consent");
  return Response::redirect(back(*id, "consent"));
}

Response post_note(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  if (!app.keyring)
    return error_response(
        app, req,
        Error{ErrorCode::kUnavailable, "the key file " + app.config.key_file + " is missing", ""});
  const auto f = form_of(req);
  auto kind = registry::parse_sensitive_kind(value(f, "kind"));
  if (!kind) return again(app, req, kind.error(), "note");
  std::optional<std::int64_t> case_id;
  if (const std::string c = value(f, "case_id"); !c.empty()) {
    try {
      case_id = std::stoll(c);
    } catch (const std::exception&) {
      return again(app, req, Error{ErrorCode::kInvalid, "not a case", "case_id"}, "note");
    }
  }
  auto it = f.find("text");
  const std::string text = it == f.end() ? "" : it->second;
  auto done = registry::add_sensitive_entry(*app.db, actor_of(req), *app.keyring, PersonId{*id},
                                            *kind, case_id, text, app.now());
  if (!done) {
    Error e = done.error();
    if (e.field.empty()) e.field = "text";
    return again(app, req, e, "note");
  }
  return Response::redirect(back(*id, "note"));
}

Response post_merge(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  const auto f = form_of(req);
  if (value(f, "confirm") != "yes")
    return again(app, req, Error{ErrorCode::kInvalid, "is required", "confirm"}, "merge");
  std::int64_t survivor = 0;
  try {
    survivor = std::stoll(value(f, "survivor"));
  } catch (const std::exception&) {
    return again(app, req, Error{ErrorCode::kInvalid, "is required", "survivor"}, "merge");
  }
  auto dup = registry::get_person(*app.db, actor_of(req), PersonId{*id}, app.now());
  if (!dup) return error_response(app, req, dup.error());
  auto done = registry::merge_persons(*app.persons, *app.db, actor_of(req), PersonId{*id},
                                      PersonId{survivor}, app.now());
  if (!done) {
    Error e = done.error();
    if (e.code == ErrorCode::kNotFound || e.field.empty()) e.field = "survivor";
    if (e.code == ErrorCode::kNotFound) e.code = ErrorCode::kInvalid;  // a typo, not a 404 page
    return again(app, req, e, "merge");
  }
  return Response::redirect(back(survivor, "merged"));
}

// Adds a registered person (by number) to the household of the person shown. A person
// absent, out of scope or of another country is a mistyped number on this form (422),
// while a household out of scope is a 404 page, as the domain answers.
Response post_household_member(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto household = registry::household_id_of(*app.db, actor_of(req), PersonId{*id});
  if (!household) return error_response(app, req, household.error());
  if (!*household)
    return error_response(app, req, Error{ErrorCode::kNotFound, "no such household", "household"});
  const auto f = form_of(req);
  const auto member = number(value(f, "member"));
  if (!member)
    return again(app, req, Error{ErrorCode::kInvalid, "is required", "member"}, "household");
  auto done = registry::add_household_member(*app.db, actor_of(req), **household, PersonId{*member},
                                             value(f, "relationship"), app.now());
  if (!done) {
    Error e = done.error();
    const char* key = nullptr;
    if (e.field == "person") {
      e.field = "member";
      key = e.code == ErrorCode::kConflict ? "reg_error_already_member" : "reg_error_no_person";
      if (e.code == ErrorCode::kNotFound) e.code = ErrorCode::kInvalid;  // a typo, not a 404 page
    } else if (e.field == "relationship" && e.code == ErrorCode::kConflict) {
      key = "reg_error_second_head";
    }
    return again(app, req, e, "household", key);
  }
  return Response::redirect(back(*id, "member_added"));
}

Response post_unmerge(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  const auto f = form_of(req);
  if (value(f, "confirm") != "yes")
    return again(app, req, Error{ErrorCode::kInvalid, "is required", "confirm"}, "unmerge");
  auto done =
      registry::unmerge_person(*app.persons, *app.db, actor_of(req), PersonId{*id}, app.now());
  if (!done) return again(app, req, done.error(), "unmerge");
  return Response::redirect(back(*id, "unmerged"));
}

}  // namespace

void add_person_record_pages(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  router.add({"GET",
              "/persons/{id}",
              Auth::kUser,
              [&app](Request& r) { return person_page(app, r); },
              {}});
  router.add({"POST", "/persons/{id}/consents", Auth::kUser, h(post_consent), {}});
  router.add({"POST", "/persons/{id}/notes", Auth::kUser, h(post_note), {}});
  router.add({"POST", "/persons/{id}/merge", Auth::kUser, h(post_merge), {}});
  router.add({"POST", "/persons/{id}/unmerge", Auth::kUser, h(post_unmerge), {}});
  router.add({"POST", "/persons/{id}/household", Auth::kUser, h(post_household_member), {}});
}

}  // namespace nansen::web
