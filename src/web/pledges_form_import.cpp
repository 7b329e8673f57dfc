// SPDX-License-Identifier: Apache-2.0
// The import upload: choose a CSV or XLSX file of entities, pledges or consultations, see
// a dry-run preview (what would be created, changed, left unchanged or rejected, with the
// row, column and reason of every problem), then confirm to run the real import in one
// transaction. The file is kept on the server between the two steps
// (pledges_form_staging.h), so it is chosen once:
//
//   GET  /pledges/import                 the upload form (and the notice after an import)
//   POST /pledges/import                 stages the file → 303 to its preview
//   GET  /pledges/import/{token}         the dry run of the staged file
//   POST /pledges/import/{token}/confirm the real run → 303 to the form with the counts
#include "web/multipart.h"
#include "web/pledges_form_staging.h"
#include "web/pledges_form_views.h"
#include "web/pledges_views.h"

namespace nansen::web {
namespace {

const std::vector<std::string>& import_kinds() {
  static const std::vector<std::string> kinds = {"pledges", "entities", "consultations"};
  return kinds;
}

// Focal points import their own entity's pledges; reviewers import everything.
std::vector<std::string> kinds_for(const access::Actor& actor) {
  if (may_review(actor)) return import_kinds();
  if (may_write_pledges(actor)) return {"pledges"};
  return {};
}

using ImportFn = Result<pledges::ImportReport> (*)(db::Database&, const access::Actor&,
                                                   std::string_view, pledges::FileFormat, bool,
                                                   Instant, const pledges::ImportLimits&);
ImportFn import_function(std::string_view kind) {
  if (kind == "pledges") return pledges::import_pledges;
  if (kind == "entities") return pledges::import_entities;
  if (kind == "consultations") return pledges::import_consultations;
  return nullptr;
}

Response upload_page(App& app, Request& req, const std::string& kind, nlohmann::json errors,
                     int status) {
  const auto kinds = kinds_for(actor_of(req));
  if (kinds.empty()) return refused_page(app, req, tr(app, req, "pf_refused_role"), "/pledges");
  nlohmann::json data = {
      {"title_key", "pf_import_title"},
      {"kinds", choices_json("kind", catalog_choices(app, req, "pf_import_kind_", kinds),
                             {kind.empty() ? kinds.front() : kind})},
      {"errors", std::move(errors)}};
  if (req.query_value("done") == "1") {
    auto count = [&](const char* name) {
      const std::string v = req.query_value(name);
      return v.size() <= 7 && v.find_first_not_of("0123456789") == std::string::npos && !v.empty()
                 ? v
                 : std::string("0");
    };
    data["notice"] =
        format_message(tr(app, req, "pf_import_done"), {{"created", count("created")},
                                                        {"changed", count("changed")},
                                                        {"unchanged", count("unchanged")}});
  }
  return page(app, req, "pledges_form_import", std::move(data), status);
}

Response upload_form(App& app, Request& req) {
  return upload_page(app, req, req.query_value("kind"), nlohmann::json::object(), 200);
}

nlohmann::json field_error(const App& app, const Request& req, const std::string& field,
                           const std::string& key) {
  return {{"_summary", tr(app, req, key)}, {field, tr(app, req, key)}};
}

Response upload(App& app, Request& req) {
  auto parts = parse_multipart(req.header("content-type"), req.body);
  if (!parts) return error_response(app, req, parts.error());
  const auto kinds = kinds_for(actor_of(req));
  if (kinds.empty()) return refused_page(app, req, tr(app, req, "pf_refused_role"), "/pledges");
  auto fields =
      check_form_values(text_fields(*parts), {choice_field("kind", kinds, kRequired)}, false);
  const std::string typed_kind = text_fields(*parts)["kind"];
  if (!fields)
    return upload_page(app, req, "", field_error(app, req, "kind", "pf_import_choose_kind"), 422);
  const FormPart* file = find_part(*parts, "file");
  if (!file || !file->filename || file->data.empty())
    return upload_page(app, req, typed_kind, field_error(app, req, "file", "pf_import_choose_file"),
                       422);
  auto token = stage_upload(
      staging_directory(app.config),
      {actor_of(req).user, typed_kind, file->filename->substr(0, 200), file->data, app.now()},
      app.now());
  if (!token) return error_response(app, req, token.error());
  return Response::redirect("/pledges/import/" + *token);
}

std::string changed_text(const App& app, const Request& req, const std::vector<std::string>& cols) {
  std::string out;
  for (const auto& c : cols) {
    const std::string key = "pf_column_" + c;
    const bool known = app.catalogs.strings(req.language).count(key) > 0;
    out += (out.empty() ? "" : ", ") + (known ? tr(app, req, key) : c);
  }
  return out;
}

Response preview_page(App& app, Request& req, const std::string& token, const StagedUpload& up,
                      const pledges::ImportReport& report, int status) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& l : report.lines)
    lines.push_back(
        {{"row", l.row},
         {"key", l.key},
         {"action", std::string(pledges::code(l.action))},
         {"action_label", tr(app, req, "pf_import_action_" + std::string(pledges::code(l.action)))},
         {"changed", changed_text(app, req, l.changed)}});
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : report.problems) {
    const std::string key = "pf_column_" + p.column;
    const bool known = app.catalogs.strings(req.language).count(key) > 0;
    problems.push_back(
        {{"row", p.row == 0 ? tr(app, req, "pf_import_whole_file") : std::to_string(p.row)},
         {"column", p.column.empty()
                        ? tr(app, req, "pf_import_whole_row")
                        : (known ? tr(app, req, key) + " (" + p.column + ")" : p.column)},
         {"reason", p.column.empty() ? std::string() : problem_text(app, req, p.column, p.message)},
         {"detail", p.message}});
  }
  const int creates = report.count(pledges::ImportAction::kCreate);
  const int changes = report.count(pledges::ImportAction::kChange);
  const int unchanged = report.count(pledges::ImportAction::kUnchanged);
  nlohmann::json data = {{"title_key", "pf_import_preview_title"},
                         {"token", token},
                         {"file_name", up.file_name},
                         {"kind_label", tr(app, req, "pf_import_kind_" + up.kind)},
                         {"lines", lines},
                         {"problems", problems},
                         {"has_problems", !report.problems.empty()},
                         {"problem_count", report.problems.size()},
                         {"summary", format_message(tr(app, req, "pf_import_summary"),
                                                    {{"created", std::to_string(creates)},
                                                     {"changed", std::to_string(changes)},
                                                     {"unchanged", std::to_string(unchanged)}})},
                         {"can_confirm", report.problems.empty() && creates + changes > 0},
                         {"nothing_to_do", report.problems.empty() && creates + changes == 0}};
  if (!report.problems.empty())
    data["errors"] = {
        {"_summary", format_message(tr(app, req, "pf_import_rejected"),
                                    {{"count", std::to_string(report.problems.size())}})}};
  return page(app, req, "pledges_form_import_preview", std::move(data), status);
}

Result<pledges::ImportReport> run(App& app, Request& req, const StagedUpload& up, bool dry_run) {
  const ImportFn fn = import_function(up.kind);
  if (!fn) return fail(ErrorCode::kNotFound, "unknown import kind", "kind");
  return fn(*app.db, actor_of(req), up.bytes, pledges::detect_format(up.file_name, up.bytes),
            dry_run, app.now(), {});
}

Response preview(App& app, Request& req) {
  const std::string token = req.params["token"];
  auto up = load_staged_upload(staging_directory(app.config), token, actor_of(req).user, app.now());
  if (!up)
    return upload_page(app, req, "", field_error(app, req, "file", "pf_import_expired"), 404);
  auto report = run(app, req, *up, true);
  if (!report) return error_response(app, req, report.error());
  return preview_page(app, req, token, *up, *report, report->problems.empty() ? 200 : 422);
}

Response confirm(App& app, Request& req) {
  const std::string token = req.params["token"];
  const auto dir = staging_directory(app.config);
  auto up = load_staged_upload(dir, token, actor_of(req).user, app.now());
  if (!up)
    return upload_page(app, req, "", field_error(app, req, "file", "pf_import_expired"), 404);
  auto report = run(app, req, *up, false);
  if (!report) return error_response(app, req, report.error());
  // The data changed since the preview: show what is wrong now; the file stays staged.
  if (!report->problems.empty()) return preview_page(app, req, token, *up, *report, 422);
  discard_staged_upload(dir, token);
  return Response::redirect(
      "/pledges/import?done=1&kind=" + up->kind +
      "&created=" + std::to_string(report->count(pledges::ImportAction::kCreate)) +
      "&changed=" + std::to_string(report->count(pledges::ImportAction::kChange)) +
      "&unchanged=" + std::to_string(report->count(pledges::ImportAction::kUnchanged)));
}

}  // namespace

void register_pledge_import_routes(Router& router, App& app) {
  const auto h = [&app](Response (*f)(App&, Request&)) {
    return [&app, f](Request& r) { return f(app, r); };
  };
  router.add({"GET", "/pledges/import", Auth::kUser, h(upload_form), {}});
  Route post{"POST", "/pledges/import", Auth::kUser, h(upload), {}};
  post.upload = true;
  router.add(std::move(post));
  router.add({"GET", "/pledges/import/{token}", Auth::kUser, h(preview), {}});
  router.add({"POST", "/pledges/import/{token}/confirm", Auth::kUser, h(confirm), {}});
}

}  // namespace nansen::web
