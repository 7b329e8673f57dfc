// SPDX-License-Identifier: Apache-2.0
// /api/v1/eligibility and /api/v1/jobs: bulk eligibility decisions in three steps — a rule
// previewed with counts and a fingerprint of the matched set, a confirmation presenting
// that fingerprint, and the decisions written by a background job whose progress the
// caller polls. Only the user who started a job sees it.
#include <nlohmann/json.hpp>

#include "web/registry_api.h"
#include "web/registry_json.h"

namespace nansen::web {
namespace {

Response preview(App& app, Request& req) {
  auto body = parse_eligibility_request(req, false);
  if (!body) return json_error(body.error());
  auto today = office_today(app);
  if (!today) return json_error(today.error());
  auto p = procedures::preview_eligibility(*app.db, actor_of(req), body->rule, *today);
  if (!p) return json_error(p.error());
  return Response::json(200, eligibility_preview_json(*p));
}

// Checks rule, permission, scope, fingerprint and that this decision was not applied to
// this set already before anything starts (422 / 403 / 409 now rather than a failed job
// later), then runs the decisions as a job: 202 with its id.
Response apply(App& app, Request& req) {
  auto body = parse_eligibility_request(req, true);
  if (!body) return json_error(body.error());
  auto today = office_today(app);
  if (!today) return json_error(today.error());
  const access::Actor actor = actor_of(req);
  auto current = procedures::check_eligibility_apply(*app.db, actor, body->rule, body->decision,
                                                     body->fingerprint, *today);
  if (!current) return json_error(current.error());
  auto db = app.db;
  const Instant now = app.now();
  auto job = app.jobs.start(
      actor.user, "eligibility",
      [db, actor, request = *body, today = *today, now](
          const std::function<void(std::int64_t, std::int64_t)>& progress) -> Result<std::string> {
        auto n = procedures::apply_eligibility(*db, actor, request.rule, request.decision,
                                               request.fingerprint, today, now, progress);
        if (!n) return fail(n.error());
        return std::to_string(*n);
      });
  if (!job) return json_error(job.error());  // 429: the caller's jobs are all running
  Response r = Response::json(202, {{"job", *job},
                                    {"persons", current->persons},
                                    {"status", "/api/v1/jobs/" + std::to_string(*job)}});
  r.set_header("Location", "/api/v1/jobs/" + std::to_string(*job));
  return r;
}

Response job_status(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto s = app.jobs.status(actor_of(req).user, *id);
  if (!s) return json_error(Error{ErrorCode::kNotFound, "no such job", "job"});
  return Response::json(200, job_json(*s));
}

}  // namespace

void register_registry_eligibility_api(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  router.add({"POST",
              "/api/v1/eligibility/preview",
              Auth::kUser,
              h(preview),
              {"Preview a bulk eligibility rule: counts and the fingerprint to confirm with "
               "(case.decide; your country)",
               "eligibility",
               eligibility_rule_specs(),
               {},
               kObjectSchema,
               200}});
  router.add({"POST",
              "/api/v1/eligibility/apply",
              Auth::kUser,
              h(apply),
              {"Confirm a previewed rule: one audited decision per person, run as a job "
               "(case.decide); 409 if the registry changed since the preview",
               "eligibility",
               eligibility_apply_specs(),
               {},
               kObjectSchema,
               202}});
  router.add({"GET",
              "/api/v1/jobs/{id}",
              Auth::kUser,
              h(job_status),
              {"A background job you started: state, progress, result or error",
               "eligibility",
               {},
               {},
               kObjectSchema,
               200}});
}

}  // namespace nansen::web
