// SPDX-License-Identifier: Apache-2.0
// The pledge pages: the filtered list with counts by stage, a pledge with its timeline
// and the focal point's update form, consultations and their printable report with SVG
// charts, and each country's official statistics.
#include "web/pledges_form_views.h"
#include "web/pledges_views.h"
#include "web/routes.h"

namespace nansen::web {
namespace {

using pledges::PledgeId;
using pledges::Stage;

std::string stage_label(const App& app, const Request& req, Stage s) {
  return tr(app, req, "pledges_stage_" + std::string(pledges::code(s)));
}

nlohmann::json stage_options(const App& app, const Request& req, const std::string& selected,
                             bool any) {
  nlohmann::json out = nlohmann::json::array();
  if (any)
    out.push_back(
        {{"value", ""}, {"label", tr(app, req, "pledges_any")}, {"selected", selected.empty()}});
  for (Stage s : pledges::kAllStages) {
    const std::string c(pledges::code(s));
    out.push_back({{"value", c}, {"label", stage_label(app, req, s)}, {"selected", c == selected}});
  }
  return out;
}

nlohmann::json pledge_view(const App& app, const Request& req, const pledges::Pledge& p) {
  nlohmann::json v = pledge_json(p);
  v["stage_label"] = stage_label(app, req, p.stage);
  v["entity_name"] = p.entity.name(req.language);
  v["country_label"] = p.country().value_or(tr(app, req, "scope_regional"));
  return v;
}

nlohmann::json update_view(const App& app, const Request& req, const pledges::ProgressUpdate& u) {
  nlohmann::json v = update_json(u);
  v["stage_label"] = stage_label(app, req, u.stage);
  v["previous_stage_label"] = stage_label(app, req, u.previous_stage);
  return v;
}

// The chart's series and titles in the request's language, then drawn.
std::string draw(const App& app, const Request& req, reports::StackedBarChart chart,
                 const std::string& title) {
  for (std::size_t i = 0; i < chart.series.size() && i < pledges::kAllStages.size(); ++i)
    chart.series[i].name = stage_label(app, req, pledges::kAllStages[i]);
  chart.title = title;
  chart.value_label = tr(app, req, "pledges_chart_pledges");
  return reports::render_stacked_bar_chart(chart);
}

Response pledges_page(App& app, Request& req) {
  auto filter = pledges::parse_filter(req.query);
  if (!filter) return error_response(app, req, filter.error());
  auto list = pledges::search_pledges(*app.db, actor_of(req), *filter, app.now());
  if (!list) return error_response(app, req, list.error());
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& p : list->pledges) rows.push_back(pledge_view(app, req, p));
  nlohmann::json counts = nlohmann::json::array();
  for (Stage s : pledges::kAllStages)
    counts.push_back({{"stage", std::string(pledges::code(s))},
                      {"label", stage_label(app, req, s)},
                      {"count", list->counts_by_stage[s]}});
  std::string query;
  for (const auto& [k, v] : req.query)
    if (k != "lang" && !v.empty())
      query += (query.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
  return page(
      app, req, "pledges_list",
      {{"title_key", "pledges_title"},
       {"pledges", rows},
       {"count", rows.size()},
       {"counts", counts},
       {"stale_count", list->stale_count},
       {"filter",
        {{"country", req.query_value("country")},
         {"q", req.query_value("q")},
         {"year", req.query_value("year")},
         {"stale", req.query_value("stale") == "1"}}},
       {"stages", stage_options(app, req, req.query_value("stage"), true)},
       {"export_query", query},
       {"can_write", may_write_pledges(actor_of(req))},
       {"can_export", access::has_permission(actor_of(req).role, access::Permission::kExport)}});
}

// The notice a redirect after a successful form asks for (?done=…), if any.
nlohmann::json done_notice(const App& app, const Request& req) {
  const std::string done = req.query_value("done");
  static const std::map<std::string, std::string> keys = {
      {"update", "pledges_notice_update"},
      {"created", "pf_notice_created"},
      {"saved", "pf_notice_saved"},
      {"follow_up", "pf_notice_follow_up"},
      {"follow_up_done", "pf_notice_follow_up_done"},
      {"follow_up_reopened", "pf_notice_follow_up_reopened"},
      {"opened", "pf_notice_opened"}};
  const auto it = keys.find(done);
  return it == keys.end() ? nlohmann::json(nullptr) : nlohmann::json(tr(app, req, it->second));
}

std::string today_text(const App& app) {
  return format_civil_date(civil_from_days(app.now().time_since_epoch().count() / 86400));
}

// The update form's values: as typed after a refused post, else today's defaults.
nlohmann::json update_form_values(const App& app, const Request& req, const pledges::Pledge& p,
                                  const SubmittedForm* typed) {
  if (typed)
    return {{"reported_on", typed->one("reported_on")},
            {"stage", typed->one("stage")},
            {"done", typed->one("done")},
            {"challenges", typed->one("challenges")},
            {"next_steps", typed->one("next_steps")},
            {"evidence_links", typed->one("evidence_links")},
            {"author", typed->one("author")},
            {"language", typed->one("language")}};
  return {{"reported_on", today_text(app)},
          {"stage", std::string(pledges::code(p.stage))},
          {"done", ""},
          {"challenges", ""},
          {"next_steps", ""},
          {"evidence_links", ""},
          {"author", ""},
          {"language", req.language}};
}

Response pledge_page(App& app, Request& req, const SubmittedForm* typed = nullptr,
                     nlohmann::json errors = nlohmann::json::object(), int status = 200) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto p = pledges::get_pledge(*app.db, actor_of(req), PledgeId{*id}, app.now());
  if (!p) return error_response(app, req, p.error());
  auto updates = pledges::list_updates(*app.db, actor_of(req), p->id);
  if (!updates) return error_response(app, req, updates.error());
  nlohmann::json timeline = nlohmann::json::array();
  for (auto it = updates->rbegin(); it != updates->rend(); ++it)
    timeline.push_back(update_view(app, req, *it));
  const nlohmann::json form = update_form_values(app, req, *p, typed);
  nlohmann::json data = {
      {"title_key", "pledges_pledge_title"},
      {"p", pledge_view(app, req, *p)},
      {"timeline", timeline},
      {"can_edit", pledges::can_edit(actor_of(req), *p)},
      {"stages", stage_options(app, req, form["stage"].get<std::string>(), false)},
      {"form", form},
      {"errors", std::move(errors)}};
  nlohmann::json languages = nlohmann::json::array();
  for (const std::string& code : access::supported_languages())
    languages.push_back({{"value", code},
                         {"label", app.catalogs.text(code, "language_name")},
                         {"selected", code == form["language"].get<std::string>()}});
  data["update_languages"] = languages;
  data["notice"] = done_notice(app, req);
  return page(app, req, "pledges_pledge", std::move(data), status);
}

// Reads the update form; every field that cannot be read is a problem beside it.
pledges::UpdateInput update_input(const SubmittedForm& f, const access::Actor& actor,
                                  std::vector<pledges::InputProblem>& problems) {
  pledges::UpdateInput in;
  const std::string on = trim(f.one("reported_on"));
  auto date = parse_civil_date(on, "reported_on");
  if (on.empty())
    problems.push_back({"reported_on", "required"});
  else if (!date || date->precision != DatePrecision::kDay)
    problems.push_back({"reported_on", "a full date is needed (YYYY-MM-DD)"});
  else
    in.reported_on = *date;
  if (auto stage = pledges::parse_stage(f.one("stage")))
    in.stage = *stage;
  else
    problems.push_back({"stage", stage.error().message});
  in.done = f.one("done");
  in.challenges = f.one("challenges");
  in.next_steps = f.one("next_steps");
  for (const auto& line : split(f.one("evidence_links"), '\n'))
    for (const auto& link : split(line, ';'))
      if (auto l = trim(link); !l.empty()) in.evidence_links.push_back(l);
  in.author = trim(f.one("author")).empty() ? actor.login : trim(f.one("author"));
  const std::string language = f.one("language");
  in.language = language.empty() ? actor.language : language;
  return in;
}

Response post_update(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto typed = read_form(req);
  if (!typed) return error_response(app, req, typed.error());
  std::vector<pledges::InputProblem> problems;
  const pledges::UpdateInput in = update_input(*typed, actor_of(req), problems);
  if (problems.empty() || problems.front().field != "reported_on")
    for (auto& p : pledges::check_update(in, app.now())) problems.push_back(std::move(p));
  if (!problems.empty())
    return pledge_page(app, req, &*typed, problems_json(app, req, problems), 422);
  auto u = pledges::add_progress_update(*app.db, actor_of(req), PledgeId{*id}, in, app.now());
  if (!u) {
    const HttpError e = http_error(u.error());
    if (e.status == 403 || e.status == 404) return error_response(app, req, e);
    return pledge_page(app, req, &*typed, refusal_json(app, req, e), e.status);
  }
  return Response::redirect("/pledges/" + std::to_string(*id) + "?done=update");
}

Response consultations_page(App& app, Request& req) {
  auto list = pledges::list_consultations(*app.db, actor_of(req));
  if (!list) return error_response(app, req, list.error());
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& c : *list) rows.push_back(consultation_json(c));
  return page(app, req, "pledges_consultations",
              {{"title_key", "pledges_consultations_title"},
               {"consultations", rows},
               {"can_review", may_review(actor_of(req))}});
}

Response report_page(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto r =
      pledges::consultation_report(*app.db, actor_of(req), pledges::ConsultationId{*id}, app.now());
  if (!r) return error_response(app, req, r.error());
  nlohmann::json data = report_json(*r);
  for (auto& country : data["countries"])
    for (auto& line : country["pledges"]) {
      line["stage_now_label"] =
          stage_label(app, req, *pledges::parse_stage(line["stage_now"].get<std::string>()));
      line["stage_before_label"] =
          line["stage_before"].is_null()
              ? tr(app, req, "pledges_not_yet_made")
              : stage_label(app, req,
                            *pledges::parse_stage(line["stage_before"].get<std::string>()));
      const int m = line["movement"].get<int>();
      line["moved_forward"] = m > 0;
      line["moved_back"] = m < 0;
    }
  for (auto& u : data["updates_since"])
    u["stage_label"] = stage_label(app, req, *pledges::parse_stage(u["stage"].get<std::string>()));
  data["title_key"] = "pledges_report_title";
  data["stage_chart"] = draw(app, req, r->stage_chart, tr(app, req, "pledges_chart_stage"));
  data["movement_chart"] =
      draw(app, req, r->movement_chart, tr(app, req, "pledges_chart_movement"));
  data["id"] = *id;
  data["can_review"] = may_review(actor_of(req));
  data["notice"] = done_notice(app, req);
  for (auto& f : data["consultation"]["follow_ups"])
    if (f["due_on"].is_null()) f["due_on"] = "";
  return page(app, req, "pledges_report", std::move(data));
}

Response open_page(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return error_response(app, req, id.error());
  auto c =
      pledges::open_consultation(*app.db, actor_of(req), pledges::ConsultationId{*id}, app.now());
  if (!c) return error_response(app, req, c.error());
  return Response::redirect("/consultations/" + std::to_string(*id) + "?done=opened");
}

Response country_page(App& app, Request& req) {
  auto s = pledges::official_statistics(req.params["country"]);
  if (!s) return error_response(app, req, s.error());
  nlohmann::json charts = nlohmann::json::array();
  for (const char* series : {"stateless", "refugees", "asylum_seekers", "naturalisations"}) {
    const std::string title =
        tr(app, req, std::string("pledges_series_") + series) + " — " + s->country;
    auto chart = pledges::statistics_chart(*s, series, title);
    chart.series[0].name = tr(app, req, std::string("pledges_series_") + series);
    chart.value_label = tr(app, req, "pledges_chart_people");
    charts.push_back({{"svg", reports::render_year_series_chart(chart)}});
  }
  nlohmann::json data = statistics_json(*s);
  data["title_key"] = "pledges_country_title";
  data["charts"] = charts;
  return page(app, req, "pledges_country", std::move(data));
}

}  // namespace

void register_pledges_page_routes(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  router.add({"GET", "/pledges", Auth::kUser, h(pledges_page), {}});
  router.add({"GET",
              "/pledges/{id}",
              Auth::kUser,
              [&app](Request& r) { return pledge_page(app, r); },
              {}});
  router.add({"POST", "/pledges/{id}/updates", Auth::kUser, h(post_update), {}});
  router.add({"GET", "/consultations", Auth::kUser, h(consultations_page), {}});
  router.add({"GET", "/consultations/{id}", Auth::kUser, h(report_page), {}});
  router.add({"POST", "/consultations/{id}/open", Auth::kUser, h(open_page), {}});
  router.add({"GET", "/countries/{country}", Auth::kUser, h(country_page), {}});
}

}  // namespace nansen::web
