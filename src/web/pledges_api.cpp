// SPDX-License-Identifier: Apache-2.0
// /api/v1/pledges, entities, consultations, reports, imports, exports, alliance and
// official statistics: the same domain calls as the pages and the CLI.
#include "web/pledges_views.h"
#include "web/routes.h"

namespace nansen::web {
namespace {

using pledges::ConsultationId;
using pledges::PledgeId;

Result<pledges::PledgeFilter> filter_of(const Request& req) {
  return pledges::parse_filter(req.query);
}

Response list_pledges(App& app, Request& req) {
  auto filter = filter_of(req);
  if (!filter) return json_error(filter.error());
  auto list = pledges::search_pledges(*app.db, actor_of(req), *filter, app.now());
  if (!list) return json_error(list.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& p : list->pledges) items.push_back(pledge_json(p));
  return Response::json(200, {{"pledges", items},
                              {"counts_by_stage", counts_json(list->counts_by_stage)},
                              {"stale_count", list->stale_count}});
}

Response create_pledge(App& app, Request& req) {
  auto body = pledge_schema().parse(req);
  if (!body) return json_error(body.error());
  auto in = to_pledge_input(*body);
  if (!in) return json_error(in.error());
  auto p = pledges::create_pledge(*app.db, actor_of(req), *in, app.now());
  if (!p) return json_error(p.error());
  Response r = Response::json(201, pledge_json(*p));
  r.set_header("Location", "/api/v1/pledges/" + std::to_string(p->id.value));
  return r;
}

Response get_pledge(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto p = pledges::get_pledge(*app.db, actor_of(req), PledgeId{*id}, app.now());
  if (!p) return json_error(p.error());
  auto updates = pledges::list_updates(*app.db, actor_of(req), PledgeId{*id});
  if (!updates) return json_error(updates.error());
  nlohmann::json out = pledge_json(*p);
  out["updates"] = nlohmann::json::array();
  for (const auto& u : *updates) out["updates"].push_back(update_json(u));
  out["can_edit"] = pledges::can_edit(actor_of(req), *p);
  return Response::json(200, out);
}

Response update_pledge(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = pledge_schema().parse(req);
  if (!body) return json_error(body.error());
  auto in = to_pledge_input(*body);
  if (!in) return json_error(in.error());
  auto p = pledges::update_pledge(*app.db, actor_of(req), PledgeId{*id}, *in, app.now());
  if (!p) return json_error(p.error());
  return Response::json(200, pledge_json(*p));
}

Response list_updates(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto updates = pledges::list_updates(*app.db, actor_of(req), PledgeId{*id});
  if (!updates) return json_error(updates.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& u : *updates) items.push_back(update_json(u));
  return Response::json(200, {{"updates", items}});
}

Response add_update(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = update_schema().parse(req);
  if (!body) return json_error(body.error());
  auto in = to_update_input(*body, actor_of(req));
  if (!in) return json_error(in.error());
  auto u = pledges::add_progress_update(*app.db, actor_of(req), PledgeId{*id}, *in, app.now());
  if (!u) return json_error(u.error());
  return Response::json(201, update_json(*u));
}

Response file_response(const std::string& bytes, bool xlsx, const std::string& name) {
  Response r;
  r.status = 200;
  r.content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        : "text/csv; charset=utf-8";
  r.body = bytes;
  r.set_header("Content-Disposition",
               "attachment; filename=\"" + name + (xlsx ? ".xlsx\"" : ".csv\""));
  return r;
}

Response export_pledges(App& app, Request& req) {
  const std::string format = req.query_value("format").empty() ? "csv" : req.query_value("format");
  if (format != "csv" && format != "xlsx")
    return json_error(Error{ErrorCode::kInvalid, "the format is csv or xlsx", "format"});
  auto filter = filter_of(req);
  if (!filter) return json_error(filter.error());
  const bool xlsx = format == "xlsx";
  auto bytes = pledges::export_pledges(
      *app.db, actor_of(req), *filter,
      xlsx ? pledges::FileFormat::kXlsx : pledges::FileFormat::kCsv, app.now());
  if (!bytes) return json_error(bytes.error());
  return file_response(*bytes, xlsx, "pledges");
}

// The body is the file itself (text/csv or the XLSX media type); ?dry_run=1 lists only.
Response import_file(App& app, Request& req) {
  const std::string kind = req.params["kind"];
  const auto fn = kind == "pledges"         ? pledges::import_pledges
                  : kind == "entities"      ? pledges::import_entities
                  : kind == "consultations" ? pledges::import_consultations
                                            : nullptr;
  if (!fn)
    return json_error(
        Error{ErrorCode::kNotFound, "import pledges, entities or consultations", "kind"});
  const std::string dry = req.query_value("dry_run");
  const bool dry_run = dry == "1" || dry == "true";
  const std::string ct = media_type(req.header("content-type"));
  const auto format =
      ct.find("spreadsheetml") != std::string::npos || reports::looks_like_zip(req.body)
          ? pledges::FileFormat::kXlsx
          : pledges::FileFormat::kCsv;
  auto report = fn(*app.db, actor_of(req), req.body, format, dry_run, app.now(), {});
  if (!report) return json_error(report.error());
  nlohmann::json out = import_report_json(*report);
  if (report->problems.empty()) return Response::json(200, out);
  const auto& first = report->problems.front();
  out["error"] = {
      {"code", "invalid"},
      {"message", std::to_string(report->problems.size()) + " problem(s); nothing was written"},
      {"field", "row " + std::to_string(first.row) +
                    (first.column.empty() ? "" : ", column " + first.column)}};
  return Response::json(422, out);
}

Response list_entities(App& app, Request& req) {
  auto entities = pledges::list_entities(*app.db, actor_of(req));
  if (!entities) return json_error(entities.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : *entities) items.push_back(entity_json(e));
  return Response::json(200, {{"entities", items}});
}

Response list_consultations(App& app, Request& req) {
  auto list = pledges::list_consultations(*app.db, actor_of(req));
  if (!list) return json_error(list.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& c : *list) items.push_back(consultation_json(c));
  return Response::json(200, {{"consultations", items}});
}

Response create_consultation(App& app, Request& req) {
  auto body = consultation_schema().parse(req);
  if (!body) return json_error(body.error());
  auto in = to_consultation_input(*body, *app.db, actor_of(req), app.now());
  if (!in) return json_error(in.error());
  auto c = pledges::create_consultation(*app.db, actor_of(req), *in, app.now());
  if (!c) return json_error(c.error());
  return Response::json(201, consultation_json(*c));
}

Response get_consultation(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto c = pledges::get_consultation(*app.db, actor_of(req), ConsultationId{*id});
  if (!c) return json_error(c.error());
  return Response::json(200, consultation_json(*c));
}

Response open_consultation(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto c = pledges::open_consultation(*app.db, actor_of(req), ConsultationId{*id}, app.now());
  if (!c) return json_error(c.error());
  return Response::json(200, consultation_json(*c));
}

Response add_follow_up(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = follow_up_schema().parse(req);
  if (!body) return json_error(body.error());
  pledges::FollowUpInput in;
  in.action = body->action;
  in.owner = body->owner;
  if (!trim(body->due_on).empty()) {
    auto d = parse_civil_date(trim(body->due_on), "due_on");
    if (!d) return json_error(d.error());
    in.due_on = *d;
  }
  if (body->pledge_id) in.pledge = PledgeId{*body->pledge_id};
  auto f = pledges::add_follow_up(*app.db, actor_of(req), ConsultationId{*id}, in, app.now());
  if (!f) return json_error(f.error());
  return Response::json(201, follow_up_json(*f));
}

Response follow_up_done(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto f = pledges::set_follow_up_done(*app.db, actor_of(req), pledges::FollowUpId{*id}, true,
                                       app.now());
  if (!f) return json_error(f.error());
  return Response::json(200, follow_up_json(*f));
}

Response consultation_report(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto r = pledges::consultation_report(*app.db, actor_of(req), ConsultationId{*id}, app.now());
  if (!r) return json_error(r.error());
  const std::string format = req.query_value("format");
  if (format == "csv")
    return file_response(reports::to_csv(pledges::report_table(*r)), false, "consultation-report");
  if (format == "xlsx") {
    auto bytes = reports::to_xlsx(pledges::report_table(*r), "Report");
    if (!bytes) return json_error(bytes.error());
    return file_response(*bytes, true, "consultation-report");
  }
  if (!format.empty() && format != "json")
    return json_error(Error{ErrorCode::kInvalid, "the format is json, csv or xlsx", "format"});
  return Response::json(200, report_json(*r));
}

Response list_alliance(App& app, Request& req) {
  auto list = pledges::list_alliance_members(*app.db, actor_of(req));
  if (!list) return json_error(list.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& m : *list)
    items.push_back({{"entity_id", m.entity_code},
                     {"joined_on", format_civil_date(m.joined_on)},
                     {"commitments", m.commitments}});
  return Response::json(200, {{"members", items}});
}

Response save_alliance(App& app, Request& req) {
  auto body = alliance_schema().parse(req);
  if (!body) return json_error(body.error());
  auto joined = parse_civil_date(trim(body->joined_on), "joined_on");
  if (!joined) return json_error(joined.error());
  auto m = pledges::save_alliance_membership(
      *app.db, actor_of(req), {trim(body->entity_id), *joined, body->commitments}, app.now());
  if (!m) return json_error(m.error());
  return Response::json(200, {{"entity_id", m->entity_code},
                              {"joined_on", format_civil_date(m->joined_on)},
                              {"commitments", m->commitments}});
}

Response statistics(App&, Request& req) {
  auto s = pledges::official_statistics(req.params["country"]);
  if (!s) return json_error(s.error());
  return Response::json(200, statistics_json(*s));
}

std::vector<QueryParamDoc> filter_docs() {
  return {{"country", "ISO alpha-3: the pledge's country or a target country"},
          {"kind", "entity kind"},
          {"entity", "entity id"},
          {"forum", "GRF 2019, HLS 2019, HLOM 2021, GRF 2023, national, regional"},
          {"area", "GCR area"},
          {"objective", "GCR objective 1-4", FieldType::kInteger},
          {"stage", "not_reported, planning, in_progress, fulfilled"},
          {"stale", "1: only stale pledges; 0: only fresh ones"},
          {"year", "target year", FieldType::kInteger},
          {"q", "free text in any language (case-insensitive)"}};
}

}  // namespace

void register_pledges_api_routes(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  const std::string obj = R"({"type":"object"})";
  router.add({"GET",
              "/api/v1/pledges",
              Auth::kUser,
              h(list_pledges),
              {"Search pledges; counts by stage follow every filter but the stage",
               "pledges",
               {},
               filter_docs(),
               kPledgeListSchema,
               200}});
  router.add({"POST",
              "/api/v1/pledges",
              Auth::kUser,
              h(create_pledge),
              {"Create a pledge (focal points: their own entity; reviewers: any)",
               "pledges",
               pledge_schema().specs(),
               {},
               kPledgeSchema,
               201}});
  auto export_docs = filter_docs();
  export_docs.push_back({"format", "csv (default) or xlsx"});
  router.add({"GET",
              "/api/v1/pledges/export",
              Auth::kUser,
              h(export_pledges),
              {"Export the filtered pledges, one row per pledge (docs/import-format.md)",
               "pledges",
               {},
               export_docs,
               "",
               200}});
  router.add({"GET",
              "/api/v1/pledges/{id}",
              Auth::kUser,
              h(get_pledge),
              {"One pledge with its timeline of updates", "pledges", {}, {}, kPledgeSchema, 200}});
  router.add({"PUT",
              "/api/v1/pledges/{id}",
              Auth::kUser,
              h(update_pledge),
              {"Replace a pledge's fields (not its pledge_id)",
               "pledges",
               pledge_schema().specs(),
               {},
               kPledgeSchema,
               200}});
  router.add({"GET",
              "/api/v1/pledges/{id}/updates",
              Auth::kUser,
              h(list_updates),
              {"A pledge's progress updates, oldest first", "pledges", {}, {}, obj, 200}});
  router.add({"POST",
              "/api/v1/pledges/{id}/updates",
              Auth::kUser,
              h(add_update),
              {"Post a progress update; the pledge's stage is that of its latest update",
               "pledges",
               update_schema().specs(),
               {},
               kUpdateSchema,
               201}});
  Route import_route{
      "POST",
      "/api/v1/import/{kind}",
      Auth::kUser,
      h(import_file),
      {"Import pledges, entities or consultations: the body is the CSV or XLSX file. "
       "422 lists every problem by row and column, and nothing is written",
       "pledges",
       {},
       {{"dry_run", "1: list what would be created, changed or rejected; write nothing"}},
       kImportReportSchema,
       200}};
  import_route.upload = true;
  router.add(std::move(import_route));
  router.add({"GET",
              "/api/v1/entities",
              Auth::kUser,
              h(list_entities),
              {"Entities that make pledges", "pledges", {}, {}, obj, 200}});
  router.add({"GET",
              "/api/v1/consultations",
              Auth::kUser,
              h(list_consultations),
              {"Consultations, newest first", "consultations", {}, {}, obj, 200}});
  router.add({"POST",
              "/api/v1/consultations",
              Auth::kUser,
              h(create_consultation),
              {"Create a consultation (pledge.review); pledges default to those of its countries",
               "consultations",
               consultation_schema().specs(),
               {},
               kConsultationSchema,
               201}});
  router.add({"GET",
              "/api/v1/consultations/{id}",
              Auth::kUser,
              h(get_consultation),
              {"One consultation", "consultations", {}, {}, kConsultationSchema, 200}});
  router.add({"POST",
              "/api/v1/consultations/{id}/open",
              Auth::kUser,
              h(open_consultation),
              {"Open a consultation: snapshot each pledge's stage (once)",
               "consultations",
               {},
               {},
               kConsultationSchema,
               200}});
  router.add({"POST",
              "/api/v1/consultations/{id}/follow-ups",
              Auth::kUser,
              h(add_follow_up),
              {"Add a follow-up action with owner and due date",
               "consultations",
               follow_up_schema().specs(),
               {},
               obj,
               201}});
  router.add({"POST",
              "/api/v1/follow-ups/{id}/done",
              Auth::kUser,
              h(follow_up_done),
              {"Mark a follow-up action done", "consultations", {}, {}, obj, 200}});
  router.add({"GET",
              "/api/v1/consultations/{id}/report",
              Auth::kUser,
              h(consultation_report),
              {"The consultation report: per country, stage at the previous consultation and now",
               "consultations",
               {},
               {{"format", "json (default), csv or xlsx"}},
               kReportSchema,
               200}});
  router.add(
      {"GET",
       "/api/v1/alliance",
       Auth::kUser,
       h(list_alliance),
       {"Members of the Global Alliance to End Statelessness", "pledges", {}, {}, obj, 200}});
  router.add({"POST",
              "/api/v1/alliance",
              Auth::kUser,
              h(save_alliance),
              {"Record an entity's membership of the Global Alliance",
               "pledges",
               alliance_schema().specs(),
               {},
               obj,
               200}});
  router.add({"GET",
              "/api/v1/statistics/{country}",
              Auth::kUser,
              h(statistics),
              {"UNHCR official statistics for KAZ, KGZ, TJK, TKM or UZB, with caveats",
               "statistics",
               {},
               {},
               kStatisticsSchema,
               200}});
}

}  // namespace nansen::web
