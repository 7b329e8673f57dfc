// SPDX-License-Identifier: Apache-2.0
// Labels, options and lookups shared by the registry, case and document pages.
#include "web/registry_views.h"

#include <charconv>

namespace nansen::web {

nlohmann::json empty_strings_false(nlohmann::json data) {
  if (data.is_string() && data.get_ref<const std::string&>().empty()) return false;
  if (data.is_object() || data.is_array())
    for (auto& v : data) v = empty_strings_false(std::move(v));
  return data;
}

Response registry_page(const App& app, const Request& req, std::string_view name,
                       nlohmann::json data, int status) {
  return page(app, req, name, empty_strings_false(std::move(data)), status);
}

std::string label_or(const App& app, const Request& req, const std::string& key,
                     std::string_view fallback) {
  const auto& en = app.catalogs.strings("en");
  if (en.find(key) == en.end()) return std::string(fallback);
  return tr(app, req, key);
}

// Labels of a procedure's states and transitions are keyed by procedure, because the
// same id reads differently in different laws ("registered": a birth, an application).
std::string state_label(const App& app, const Request& req, const procedures::Definition* def,
                        std::string_view state) {
  if (!def) return std::string(state);
  const procedures::State* s = def->state(state);
  return label_or(app, req, "reg_s_" + def->id + "_" + std::string(state),
                  s && !s->label.empty() ? s->label : state);
}

std::string transition_label(const App& app, const Request& req, const procedures::Definition* def,
                             std::string_view transition) {
  if (!def) return std::string(transition);
  const procedures::Transition* t = def->transition(transition);
  if (!t)  // an external event
    return label_or(app, req, "reg_ev_" + std::string(transition), transition);
  return label_or(app, req, "reg_t_" + def->id + "_" + std::string(transition),
                  t->label.empty() ? transition : std::string_view(t->label));
}

std::string deadline_label(const App& app, const Request& req, const procedures::Definition* def,
                           std::string_view deadline) {
  if (!def) return std::string(deadline);
  const procedures::Deadline* d = def->deadline(deadline);
  return label_or(app, req, "reg_d_" + def->id + "_" + std::string(deadline),
                  d && !d->label.empty() ? std::string_view(d->label) : deadline);
}

std::string procedure_title(const App& app, const Request& req, const procedures::Definition* def,
                            std::string_view id) {
  return label_or(app, req, "reg_proc_" + std::string(id), def ? def->title : std::string(id));
}

std::string country_label(const App& app, const Request& req, std::string_view code) {
  return label_or(app, req, "reg_country_" + std::string(code), code);
}

std::string claim_label(const App& app, const Request& req, std::string_view claim) {
  if (claim == "stateless" || claim == "undetermined")
    return tr(app, req, "reg_claim_" + std::string(claim));
  return country_label(app, req, claim);
}

std::string sex_label(const App& app, const Request& req, char sex) {
  return label_or(app, req, std::string("reg_sex_") + sex, std::string(1, sex));
}

std::string field_label(const App& app, const Request& req, std::string_view field) {
  return label_or(app, req, "reg_field_" + std::string(field), field);
}

std::string date_label(const std::optional<CivilDate>& d) {
  return d ? format_civil_date(*d) : "—";
}

nlohmann::json options(const App& app, const Request& req, const std::vector<std::string>& values,
                       std::string_view key_prefix, std::string_view selected) {
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& v : values)
    out.push_back({{"value", v},
                   {"label", label_or(app, req, std::string(key_prefix) + v, v)},
                   {"selected", v == selected}});
  return out;
}

const std::vector<std::string>& offered_countries() {
  static const std::vector<std::string> c = {"KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG",
                                             "AZE", "ARM", "CHN", "GEO", "IRN", "PAK",
                                             "RUS", "SYR", "UKR", "MNG", "TUR"};
  return c;
}

nlohmann::json claim_options(const App& app, const Request& req, std::string_view selected,
                             bool with_claims) {
  nlohmann::json out = nlohmann::json::array();
  if (with_claims)
    for (const char* c : {"stateless", "undetermined"})
      out.push_back(
          {{"value", c}, {"label", claim_label(app, req, c)}, {"selected", c == selected}});
  for (const std::string& c : offered_countries())
    out.push_back(
        {{"value", c}, {"label", country_label(app, req, c)}, {"selected", c == selected}});
  return out;
}

const std::vector<std::string>& name_kinds() {
  static const std::vector<std::string> v = {"official", "document", "mrz", "alias", "previous"};
  return v;
}
const std::vector<std::string>& sexes() {
  static const std::vector<std::string> v = {"F", "M", "X", "U"};
  return v;
}
const std::vector<std::string>& identity_document_types() {
  static const std::vector<std::string> v = {
      "passport",        "id_card", "birth_certificate", "residence_permit", "permanent_residence",
      "soviet_passport", "other"};
  return v;
}
const std::vector<std::string>& specific_need_codes() {
  static const std::vector<std::string> v = {
      "unaccompanied_child",  "separated_child", "disability",    "serious_medical_condition",
      "older_person_at_risk", "woman_at_risk",   "sgbv_survivor", "torture_survivor"};
  return v;
}
const std::vector<std::string>& language_codes() {
  static const std::vector<std::string> v = {"kk",  "ru", "ky", "tg", "tk", "uz",
                                             "prs", "ps", "fa", "ar", "uk", "en"};
  return v;
}
const std::vector<std::string>& relationships() {
  static const std::vector<std::string> v = {"spouse",  "child",      "parent",
                                             "sibling", "grandchild", "other"};
  return v;
}
const std::vector<std::string>& purposes() {
  static const std::vector<std::string> v = {"rsd", "statelessness", "documentation", "statistics"};
  return v;
}
const std::vector<std::string>& sensitive_kinds() {
  static const std::vector<std::string> v = {"interview_notes", "claim_narrative", "health",
                                             "sgbv"};
  return v;
}
const std::vector<std::string>& document_types() {
  static const std::vector<std::string> v = {"asylum_seeker_certificate", "refugee_certificate",
                                             "stateless_person_certificate", "travel_document_1951",
                                             "travel_document_1954"};
  return v;
}

std::map<std::string, std::string> form_of(const Request& req) {
  auto f = parse_urlencoded(req.body);
  return f ? *f : std::map<std::string, std::string>{};
}

std::string value(const std::map<std::string, std::string>& f, const std::string& key) {
  auto it = f.find(key);
  return it == f.end() ? std::string() : trim(it->second);
}

std::optional<std::int64_t> number(const std::string& s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

Result<CivilDate> page_office_today(const App& app) {
  return civil_date_in_zone(app.now(), app.config.time_zone);
}

nlohmann::json form_error(const App& app, const Request& req, const Error& e) {
  nlohmann::json errors = form_errors(app, req, http_error(e));
  // The domain's own words name the rule broken ("a household has exactly one head");
  // the localized summary says what kind of problem it is, the field shows where.
  return errors;
}

int form_status(const Error& e) {
  return http_status(e.code);
}

// The domain explains a hit in English codes: "name", "document number", "case number",
// "match weight 15.2 (same)". Shown in the reader's language.
std::string reason_label(const App& app, const Request& req, const std::string& reason) {
  static const std::string_view kWeight = "match weight ";
  if (reason.rfind(kWeight, 0) == 0) {
    std::string rest = reason.substr(kWeight.size());  // "15.2 (same)"
    const auto open = rest.find(" (");
    std::string weight = rest.substr(0, open);
    std::string decision;
    if (open != std::string::npos && rest.back() == ')')
      decision = rest.substr(open + 2, rest.size() - open - 3);
    std::string out = tr(app, req, "reg_reason_weight") + " " + weight;
    if (!decision.empty()) out += " — " + label_or(app, req, "reg_decision_" + decision, decision);
    return out;
  }
  std::string key = reason;
  for (char& c : key)
    if (c == ' ') c = '_';
  return label_or(app, req, "reg_reason_" + key, reason);
}

// The fields the matcher found agreeing, in the reader's language: "family name: same
// stem · given name: exact", and how the query was read when it was a foreign spelling.
std::string agreement_label(const App& app, const Request& req, const registry::MatchReason& m) {
  std::string out;
  for (const auto& f : m.fields) {
    if (!out.empty()) out += " · ";
    out += label_or(app, req, "reg_match_field_" + f.field, f.field) + ": " +
           label_or(app, req, "reg_match_level_" + f.level, f.level);
  }
  if (!m.reading.empty()) {
    if (!out.empty()) out += " · ";
    out += label_or(app, req, "reg_match_reading_" + m.reading, m.reading);
  }
  return out;
}

nlohmann::json summary_json(const App& app, const Request& req, const registry::PersonSummary& s) {
  nlohmann::json out = {{"id", s.id.value},
                        {"name", s.name},
                        {"country", country_label(app, req, s.country)},
                        {"birth_date", date_label(s.birth_date)},
                        {"sex", sex_label(app, req, s.sex)},
                        {"reason", reason_label(app, req, s.reason)}};
  if (s.match) out["agreed"] = agreement_label(app, req, *s.match);
  return out;
}

}  // namespace nansen::web
