// SPDX-License-Identifier: Apache-2.0
#include "web/pledges_form_views.h"

#include <algorithm>
#include <cctype>

namespace nansen::web {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.rfind(prefix, 0) == 0;
}

bool has_key(const App& app, const Request& req, const std::string& key) {
  return app.catalogs.strings(req.language).count(key) > 0;
}

}  // namespace

std::string SubmittedForm::one(std::string_view name) const {
  std::string out;
  const auto [first, last] = values.equal_range(std::string(name));
  for (auto it = first; it != last; ++it) out = it->second;
  return out;
}

std::set<std::string> SubmittedForm::all(std::string_view name) const {
  std::set<std::string> out;
  const auto [first, last] = values.equal_range(std::string(name));
  for (auto it = first; it != last; ++it)
    if (!trim(it->second).empty()) out.insert(trim(it->second));
  return out;
}

HttpResult<SubmittedForm> read_form(const Request& req) {
  if (media_type(req.header("content-type")) != "application/x-www-form-urlencoded")
    return tl::unexpected(HttpError{
        415, Error{ErrorCode::kInvalid, "send the form as application/x-www-form-urlencoded",
                   "content-type"}});
  SubmittedForm form;
  for (const std::string& pair : split(req.body, '&')) {
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    auto name = percent_decode(std::string_view(pair).substr(0, eq), true);
    auto value =
        percent_decode(eq == std::string::npos ? "" : std::string_view(pair).substr(eq + 1), true);
    if (!name || !value || !is_valid_utf8(*name) || !is_valid_utf8(*value))
      return tl::unexpected(
          HttpError{400, Error{ErrorCode::kInvalid, "the form is not valid UTF-8", "body"}});
    form.values.emplace(std::move(*name), std::move(*value));
  }
  return form;
}

std::string problem_text(const App& app, const Request& req, const std::string& field,
                         const std::string& message) {
  const auto t = [&](const std::string& key) { return tr(app, req, key); };
  if (starts_with(message, "required") || starts_with(message, "is required"))
    return t("error_required");
  if (starts_with(message, "longer than") || starts_with(message, "is longer than"))
    return t("error_too_long");
  if (has_key(app, req, "pf_error_" + field)) return t("pf_error_" + field);
  return t("error_invalid");
}

nlohmann::json problems_json(const App& app, const Request& req,
                             const std::vector<pledges::InputProblem>& problems) {
  nlohmann::json errors = nlohmann::json::object();
  for (const auto& p : problems) {
    const std::string key = p.field.empty() ? "_form" : p.field;
    if (!errors.contains(key)) errors[key] = problem_text(app, req, p.field, p.message);
  }
  if (!problems.empty())
    errors["_summary"] = problems.size() == 1
                             ? tr(app, req, "pf_one_problem")
                             : format_message(tr(app, req, "pf_many_problems"),
                                              {{"count", std::to_string(problems.size())}});
  return errors;
}

nlohmann::json refusal_json(const App& app, const Request& req, const HttpError& e) {
  std::string message;
  if (e.error.code == ErrorCode::kForbidden && e.error.field == "submitting_entity") {
    const std::string& org = req.actor ? req.actor->scope.organisation : std::string();
    message = format_message(tr(app, req, "pf_error_own_entity"),
                             {{"entity", org.empty() ? std::string("—") : org}});
  } else if (e.error.code == ErrorCode::kConflict) {
    message = tr(app, req, "pf_error_conflict_" + (e.error.field.empty() ? "form" : e.error.field));
    if (!has_key(app, req, "pf_error_conflict_" + e.error.field))
      message = localized_error(app, req, e);
  } else if (e.error.code == ErrorCode::kInvalid && !e.error.field.empty()) {
    message = problem_text(app, req, e.error.field, e.error.message);
  } else {
    message = localized_error(app, req, e);
  }
  nlohmann::json errors = {{"_summary", message}};
  if (!e.error.field.empty()) errors[e.error.field] = message;
  return errors;
}

nlohmann::json choices_json(std::string_view name, const std::vector<Choice>& choices,
                            const std::set<std::string>& selected) {
  nlohmann::json out = nlohmann::json::array();
  int n = 0;
  for (const auto& c : choices)
    out.push_back({{"value", c.value},
                   {"label", c.label},
                   {"selected", selected.count(c.value) > 0},
                   {"id", std::string(name) + "-" + std::to_string(++n)}});
  return out;
}

std::vector<Choice> catalog_choices(const App& app, const Request& req, std::string_view prefix,
                                    const std::vector<std::string>& values) {
  std::vector<Choice> out;
  for (const auto& v : values) {
    std::string key(prefix);
    for (char c : v) key += c == ' ' ? '_' : static_cast<char>(std::tolower(c));
    out.push_back({v, tr(app, req, key)});
  }
  return out;
}

std::vector<Choice> entity_choices(const std::vector<pledges::Entity>& entities,
                                   std::string_view language) {
  std::vector<Choice> out;
  for (const auto& e : entities) out.push_back({e.code, e.name(language) + " (" + e.code + ")"});
  return out;
}

const std::vector<std::string>& central_asian_countries() {
  static const std::vector<std::string> codes = {"KAZ", "KGZ", "TJK", "TKM", "UZB"};
  return codes;
}

std::vector<std::string> typed_codes(std::string_view text) {
  std::vector<std::string> out;
  std::string normalised(text);
  std::replace(normalised.begin(), normalised.end(), ',', ';');
  std::replace(normalised.begin(), normalised.end(), ' ', ';');
  for (const auto& part : split(normalised, ';')) {
    std::string code = trim(part);
    for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!code.empty() && std::find(out.begin(), out.end(), code) == out.end()) out.push_back(code);
  }
  return out;
}

bool may_write_pledges(const access::Actor& actor) {
  return access::has_permission(actor.role, access::Permission::kPledgeWrite) ||
         access::has_permission(actor.role, access::Permission::kPledgeReview);
}

bool may_review(const access::Actor& actor) {
  return access::has_permission(actor.role, access::Permission::kPledgeReview);
}

Response refused_page(const App& app, const Request& req, const std::string& message,
                      const std::string& back_href) {
  return page(app, req, "pledges_form_refused",
              {{"title_key", "pf_refused_title"}, {"message", message}, {"back", back_href}}, 403);
}

}  // namespace nansen::web
