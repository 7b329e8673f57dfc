// SPDX-License-Identifier: Apache-2.0
// The audit log: a filterable, paged page for auditors and GET /api/v1/audit.
#include <nlohmann/json.hpp>

#include "web/body.h"
#include "web/routes.h"
#include "web/views.h"

namespace nansen::web {
namespace {

constexpr int kPageSize = 50;

struct AuditQuery {
  std::optional<std::string> user;
  std::optional<std::string> action;
  std::optional<std::string> record_type;
  std::optional<std::string> record_id;
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::optional<std::int64_t> page;
  std::optional<std::int64_t> limit;
  std::optional<std::int64_t> offset;
};

const BodySchema<AuditQuery>& audit_query_schema() {
  static const BodySchema<AuditQuery> schema =
      BodySchema<AuditQuery>()
          .field(text_field("user", 64), &AuditQuery::user)
          .field(text_field("action", 64), &AuditQuery::action)
          .field(text_field("record_type", 64), &AuditQuery::record_type)
          .field(text_field("record_id", 64), &AuditQuery::record_id)
          .field(text_field("from", 10), &AuditQuery::from)
          .field(text_field("to", 10), &AuditQuery::to)
          .field(int_field("page", 1, 1'000'000), &AuditQuery::page)
          .field(int_field("limit", 1, 1000), &AuditQuery::limit)
          .field(int_field("offset", 0, 1'000'000'000), &AuditQuery::offset);
  return schema;
}

// YYYY-MM-DD only: the filter is a whole day in UTC.
std::optional<HttpError> check_day(const std::optional<std::string>& value, const char* field) {
  if (!value) return std::nullopt;
  auto d = parse_civil_date(*value, field);
  if (!d || d->precision != DatePrecision::kDay || d->approximate)
    return HttpError{422, Error{ErrorCode::kInvalid, "must be a date YYYY-MM-DD", field}};
  return std::nullopt;
}

HttpResult<access::AuditFilter> audit_filter(const Request& req, bool paged_by_page) {
  auto q = audit_query_schema().parse_query(req);
  if (!q) return tl::unexpected(q.error());
  if (auto e = check_day(q->from, "from")) return tl::unexpected(*e);
  if (auto e = check_day(q->to, "to")) return tl::unexpected(*e);
  access::AuditFilter f;
  f.actor_login = q->user;
  f.action = q->action;
  f.record_type = q->record_type;
  f.record_id = q->record_id;
  f.from = q->from;
  f.to = q->to;
  if (paged_by_page) {
    f.limit = kPageSize + 1;  // one more, to know whether a next page exists
    f.offset = static_cast<int>((q->page.value_or(1) - 1) * kPageSize);
  } else {
    f.limit = static_cast<int>(q->limit.value_or(100));
    f.offset = static_cast<int>(q->offset.value_or(0));
  }
  return f;
}

std::string page_link(const Request& req, std::int64_t page) {
  std::string q;
  for (const auto& [k, v] : req.query) {
    if (k == "page" || k == "lang" || v.empty()) continue;
    q += (q.empty() ? "?" : "&") + url_encode(k) + "=" + url_encode(v);
  }
  return "/audit" + q + (q.empty() ? "?" : "&") + "page=" + std::to_string(page);
}

Response audit_page(App& app, Request& req) {
  nlohmann::json filters = nlohmann::json::object();
  for (const char* k : {"user", "action", "record_type", "record_id", "from", "to"})
    filters[k] = req.query_value(k);
  auto filter = audit_filter(req, true);
  if (!filter)
    return page(app, req, "audit",
                {{"title_key", "audit_title"},
                 {"filters", filters},
                 {"rows", nlohmann::json::array()},
                 {"errors", form_errors(app, req, filter.error())}},
                filter.error().status);
  auto rows = access::list_audit(*app.db, actor_of(req), *filter);
  if (!rows) return error_response(app, req, rows.error());
  const bool has_next = rows->size() > static_cast<std::size_t>(kPageSize);
  if (has_next) rows->pop_back();
  nlohmann::json out = nlohmann::json::array();
  for (const access::AuditRow& r : *rows) {
    nlohmann::json v = audit_row_json(r);
    v["country_label"] = r.country.value_or("");
    v["hash_short"] = r.hash.substr(0, 12);
    out.push_back(v);
  }
  const std::int64_t current = filter->offset / kPageSize + 1;
  nlohmann::json data = {{"title_key", "audit_title"},
                         {"filters", filters},
                         {"rows", out},
                         {"empty", out.empty()},
                         {"page", std::to_string(current)},
                         {"errors", nlohmann::json::object()}};
  if (current > 1) data["prev_href"] = page_link(req, current - 1);
  if (has_next) data["next_href"] = page_link(req, current + 1);
  return page(app, req, "audit", std::move(data));
}

Response audit_api(App& app, Request& req) {
  auto filter = audit_filter(req, false);
  if (!filter) return json_error(filter.error());
  auto rows = access::list_audit(*app.db, actor_of(req), *filter);
  if (!rows) return json_error(rows.error());
  nlohmann::json out = nlohmann::json::array();
  for (const access::AuditRow& r : *rows) out.push_back(audit_row_json(r));
  return Response::json(200, {{"rows", out}, {"limit", filter->limit}, {"offset", filter->offset}});
}

}  // namespace

void register_audit_routes(Router& router, App& app) {
  router.add({"GET", "/audit", Auth::kUser, [&app](Request& r) { return audit_page(app, r); }, {}});
  RouteDoc doc{"Audit log rows, newest first (audit.read)",
               "audit",
               {},
               {{"user", "actor login"},
                {"action", "exact action, or a prefix ending in '.' such as user."},
                {"record_type", "user, person, pledge ..."},
                {"record_id", "the record's id"},
                {"from", "YYYY-MM-DD, inclusive (UTC)"},
                {"to", "YYYY-MM-DD, inclusive (UTC)"},
                {"limit", "1..1000, default 100", FieldType::kInteger},
                {"offset", "rows to skip", FieldType::kInteger}},
               std::string(R"({"type":"object","properties":{"rows":{"type":"array","items":)") +
                   kAuditRowSchema +
                   R"(},"limit":{"type":"integer"},"offset":{"type":"integer"}}})",
               200};
  router.add(
      {"GET", "/api/v1/audit", Auth::kUser, [&app](Request& r) { return audit_api(app, r); }, doc});
}

}  // namespace nansen::web
