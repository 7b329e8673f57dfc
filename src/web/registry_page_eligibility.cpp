// SPDX-License-Identifier: Apache-2.0
// /eligibility: bulk decisions over the registry in three steps — the rule form, a preview
// with counts, and the confirmation that starts a background job (app.jobs) whose page
// shows a progress bar refreshing itself (htmx polling of a small fragment, with a plain
// link for browsers without JavaScript) until every decision is recorded.
#include <nlohmann/json.hpp>

#include "web/registry_views.h"

namespace nansen::web {
namespace {

using access::Permission;

struct RuleForm {
  procedures::EligibilityRule rule;
  procedures::BulkDecision decision;
};

Result<RuleForm> read_rule(const Request& req, const std::map<std::string, std::string>& f) {
  RuleForm out;
  const access::Actor& actor = actor_of(req);
  out.rule.country = actor.scope.country ? *actor.scope.country : value(f, "country");
  for (const char* c : {"stateless", "undetermined"})
    if (!value(f, std::string("claim_") + c).empty()) out.rule.nationality_claims.push_back(c);
  if (const std::string c = value(f, "claim_country"); !c.empty())
    out.rule.nationality_claims.push_back(c);
  if (const std::string t = value(f, "document_type"); !t.empty()) out.rule.document_type = t;
  auto date = [&](const char* key) -> Result<std::optional<CivilDate>> {
    const std::string s = value(f, key);
    if (s.empty()) return std::optional<CivilDate>{};
    auto d = parse_civil_date(s, key);
    if (!d || d->precision != DatePrecision::kDay)
      return fail(ErrorCode::kInvalid, "not a possible date", key);
    return std::optional<CivilDate>{*d};
  };
  auto from = date("document_valid_from_before");
  if (!from) return fail(from.error());
  out.rule.document_valid_from_before = *from;
  auto born = date("born_before");
  if (!born) return fail(born.error());
  out.rule.born_before = *born;
  out.decision.decision = value(f, "decision");  // checked by the domain, as from the API
  out.decision.legal_basis = value(f, "legal_basis");
  return out;
}

nlohmann::json rule_form_json(const App& app, const Request& req,
                              const std::map<std::string, std::string>& f) {
  nlohmann::json form = {
      {"claim_stateless", !value(f, "claim_stateless").empty()},
      {"claim_undetermined", !value(f, "claim_undetermined").empty()},
      {"country_claims", claim_options(app, req, value(f, "claim_country"), false)},
      {"document_types",
       options(app, req, identity_document_types(), "reg_id_type_", value(f, "document_type"))},
      {"document_valid_from_before", value(f, "document_valid_from_before")},
      {"born_before", value(f, "born_before")},
      {"decisions",
       options(app, req, procedures::bulk_decisions(), "reg_decision_code_", value(f, "decision"))},
      {"legal_basis", value(f, "legal_basis")}};
  if (!actor_of(req).scope.country)
    form["countries"] = claim_options(app, req, value(f, "country"), false);
  else
    form["fixed_country"] = country_label(app, req, *actor_of(req).scope.country);
  return form;
}

Response rule_page(App& app, Request& req, const std::map<std::string, std::string>& f,
                   nlohmann::json errors, int status) {
  return registry_page(app, req, "registry_eligibility",
                       {{"title_key", "reg_eligibility_title"},
                        {"form", rule_form_json(app, req, f)},
                        {"errors", std::move(errors)}},
                       status);
}

bool allowed(const Request& req) {
  return access::has_permission(actor_of(req).role, Permission::kCaseDecide);
}

Response forbidden(App& app, Request& req) {
  return error_response(app, req, Error{ErrorCode::kForbidden, "case.decide", ""});
}

// The catalog key of a Conflict from bulk eligibility: the registry changed since the
// preview, or this decision was already applied to exactly these persons.
std::string conflict_key(const Error& e) {
  return e.message.rfind("already applied", 0) == 0 ? "reg_eligibility_already_applied"
                                                    : "reg_eligibility_changed";
}

Response form_page(App& app, Request& req) {
  if (!allowed(req)) return forbidden(app, req);
  return rule_page(app, req, {}, nlohmann::json::object(), 200);
}

Response preview(App& app, Request& req) {
  if (!allowed(req)) return forbidden(app, req);
  const auto f = form_of(req);
  auto rule = read_rule(req, f);
  auto fail_with = [&](const Error& e) {
    const HttpError h = http_error(e);
    if (h.status == 403) return error_response(app, req, h);
    return rule_page(app, req, f, form_errors(app, req, h), h.status);
  };
  if (!rule) return fail_with(rule.error());
  // The decision is confirmed on the next page: refuse a wrong one before the counts.
  if (auto ok = procedures::check_bulk_decision(rule->decision); !ok) return fail_with(ok.error());
  auto today = page_office_today(app);
  if (!today) return error_response(app, req, today.error());
  auto counts = procedures::preview_eligibility(*app.db, actor_of(req), rule->rule, *today);
  if (!counts) return fail_with(counts.error());
  // The confirmation carries the rule back unchanged, with the preview's fingerprint.
  nlohmann::json hidden = nlohmann::json::array();
  for (const auto& [k, v] : f)
    if (k != "csrf" && k != "submit") hidden.push_back({{"name", k}, {"value", v}});
  hidden.push_back({{"name", "fingerprint"}, {"value", counts->fingerprint}});
  return registry_page(
      app, req, "registry_eligibility_preview",
      {{"title_key", "reg_eligibility_preview_title"},
       {"counts",
        {{"persons", counts->persons},
         {"female", counts->female},
         {"male", counts->male},
         {"children", counts->children}}},
       {"decision", label_or(app, req, "reg_decision_code_" + rule->decision.decision,
                             rule->decision.decision)},
       {"legal_basis", rule->decision.legal_basis},
       {"empty", counts->persons == 0},
       {"hidden", hidden}});
}

Response apply(App& app, Request& req) {
  if (!allowed(req)) return forbidden(app, req);
  const auto f = form_of(req);
  auto rule = read_rule(req, f);
  if (!rule) return rule_page(app, req, f, form_error(app, req, rule.error()), 422);
  const std::string fingerprint = value(f, "fingerprint");
  if (fingerprint.empty())
    return rule_page(
        app, req, f,
        form_errors(app, req, http_error(Error{ErrorCode::kInvalid, "is required", ""})), 422);
  auto today = page_office_today(app);
  if (!today) return error_response(app, req, today.error());
  const access::Actor actor = actor_of(req);
  // A stale fingerprint or a decision already applied to this set is answered now, on
  // the rule page, rather than by a failed job.
  if (auto ready = procedures::check_eligibility_apply(*app.db, actor, rule->rule, rule->decision,
                                                       fingerprint, *today);
      !ready) {
    const HttpError h = http_error(ready.error());
    if (h.status == 403) return forbidden(app, req);
    nlohmann::json errors = form_error(app, req, ready.error());
    if (h.status == 409) errors["_summary"] = tr(app, req, conflict_key(ready.error()));
    return rule_page(app, req, f, std::move(errors), h.status);
  }
  std::shared_ptr<db::Database> db = app.db;
  const Instant now = app.now();
  const CivilDate day = *today;
  const RuleForm r = *rule;
  auto job = app.jobs.start(
      actor.user, "eligibility",
      [db, actor, r, fingerprint, day, now](const auto& progress) -> Result<std::string> {
        auto n = procedures::apply_eligibility(*db, actor, r.rule, r.decision, fingerprint, day,
                                               now, progress);
        if (!n) return fail(n.error());
        return std::to_string(*n);
      });
  if (!job) return error_response(app, req, job.error());  // 429 in the user's language
  return Response::redirect("/eligibility/jobs/" + std::to_string(*job));
}

// The progress fragment: polls itself every second while the job runs.
nlohmann::json job_json(const App& app, const Request& req, const JobStatus& s) {
  const int percent = s.total > 0 ? static_cast<int>(s.done * 100 / s.total)
                                  : (s.state == JobStatus::State::kDone ? 100 : 0);
  nlohmann::json j = {{"id", s.id},
                      {"running", s.state == JobStatus::State::kRunning},
                      {"done_state", s.state == JobStatus::State::kDone},
                      {"failed", s.state == JobStatus::State::kFailed},
                      {"done", s.done},
                      {"total", s.total},
                      {"percent", percent},
                      {"result", s.result}};
  if (s.error) j["error"] = localized_error(app, req, http_error(*s.error));
  if (s.error && s.error->code == ErrorCode::kConflict)
    j["error"] = tr(app, req, conflict_key(*s.error));
  return j;
}

std::optional<JobStatus> job_of(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return std::nullopt;
  return app.jobs.status(actor_of(req).user, *id);
}

Response job_page(App& app, Request& req) {
  auto s = job_of(app, req);
  if (!s) return error_response(app, req, Error{ErrorCode::kNotFound, "no such job", "id"});
  return registry_page(
      app, req, "registry_eligibility_job",
      {{"title_key", "reg_eligibility_job_title"}, {"job", job_json(app, req, *s)}});
}

Response job_fragment(App& app, Request& req) {
  auto s = job_of(app, req);
  if (!s) return error_response(app, req, Error{ErrorCode::kNotFound, "no such job", "id"});
  nlohmann::json data = {{"t", app.catalogs.strings(req.language)},
                         {"job", job_json(app, req, *s)}};
  auto html = app.renderer.render("_registry_job", data);
  if (!html) return error_response(app, req, html.error());
  return Response::html(std::move(*html));
}

}  // namespace

void add_eligibility_pages(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  router.add({"GET", "/eligibility", Auth::kUser, h(form_page), {}});
  router.add({"POST", "/eligibility/preview", Auth::kUser, h(preview), {}});
  router.add({"POST", "/eligibility/apply", Auth::kUser, h(apply), {}});
  router.add({"GET", "/eligibility/jobs/{id}", Auth::kUser, h(job_page), {}});
  router.add({"GET", "/eligibility/jobs/{id}/progress", Auth::kUser, h(job_fragment), {}});
}

}  // namespace nansen::web
