// SPDX-License-Identifier: Apache-2.0
// 5xx answers: the client gets the error's code and a request id, the operator gets the
// real message in the log under that id. A handler's Internal or Unavailable message may
// carry backend text (SQL errors, constraint names, file paths) that is for the operator
// only, so it never reaches a response body.
#include <cstdio>
#include <random>
#include <regex>

#include <nlohmann/json.hpp>

#include "web/routes.h"

namespace nansen::web {
namespace {

// A field name as handlers use them ("key_file", "members[1].name"); anything else —
// a path, a sentence — is dropped rather than echoed.
bool looks_like_field_name(const std::string& field) {
  static const std::regex kField(
      R"([a-z_][a-z0-9_]*(\[[0-9]+\])?(\.[a-z_][a-z0-9_]*(\[[0-9]+\])?)*)");
  return field.size() <= 64 && std::regex_match(field, kField);
}

ErrorCode code_for_status(int status) {
  return status == 503 ? ErrorCode::kUnavailable : ErrorCode::kInternal;
}

}  // namespace

std::string new_request_id() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(random()));
  return buf;
}

ConcealedError conceal_server_error(const App& app, const Request& req, const Response& original,
                                    const std::string& request_id) {
  ConcealedError out;
  Error e{code_for_status(original.status), "", ""};
  const bool json = req.wants_json() || original.content_type == "application/json";
  if (original.content_type == "application/json") {
    const auto body = nlohmann::json::parse(original.body, nullptr, false);
    if (body.is_object() && body.contains("error") && body["error"].is_object()) {
      const auto& err = body["error"];
      if (err.value("code", "") == "unavailable") e.code = ErrorCode::kUnavailable;
      out.logged = err.value("message", "");
      const std::string field = err.value("field", "");
      if (looks_like_field_name(field)) e.field = field;
    }
  }
  if (out.logged.empty()) out.logged = "(no message in the response)";

  if (json) {
    e.message = (e.code == ErrorCode::kUnavailable
                     ? "the service is temporarily unavailable; try again later"
                     : "internal error; the server log has the details") +
                std::string(" (request id ") + request_id + ")";
    nlohmann::json err = {{"code", std::string(error_code_name(e.code))},
                          {"message", e.message},
                          {"request_id", request_id}};
    if (!e.field.empty()) err["field"] = e.field;
    out.response = Response::json(original.status, {{"error", err}});
  } else {
    nlohmann::json data = {{"title_key", "error_title"},
                           {"status", std::to_string(original.status)},
                           {"message", localized_error(app, req, HttpError{original.status, e})},
                           {"request_id", request_id}};
    out.response = page(app, req, "error", std::move(data), original.status);
    if (out.response.status != original.status || out.response.body == "internal error")
      out.response = Response::text("internal error; request id " + request_id, original.status);
  }
  for (const auto& [name, value] : original.headers)
    if (to_lower_ascii(name) != "content-type") out.response.set_header(name, value);
  return out;
}

}  // namespace nansen::web
