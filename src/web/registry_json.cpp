// SPDX-License-Identifier: Apache-2.0
// Registry, case and document records as the API shows them (see registry_json.h).
#include "web/registry_json.h"

#include <nlohmann/json.hpp>

namespace nansen::web {

nlohmann::json date_json(const std::optional<CivilDate>& d) {
  return d ? nlohmann::json(format_civil_date(*d)) : nlohmann::json(nullptr);
}

nlohmann::json person_json(const registry::Person& p) {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& n : p.names)
    names.push_back({{"kind", registry::name_kind_name(n.kind)},
                     {"full_name", n.full_name},
                     {"given", n.given},
                     {"family", n.family},
                     {"patronymic", n.patronymic},
                     {"script", n.script}});
  nlohmann::json nationalities = nlohmann::json::array();
  for (const auto& c : p.nationalities)
    nationalities.push_back({{"claim", c.claim}, {"basis", c.basis}});
  nlohmann::json docs = nlohmann::json::array();
  for (const auto& d : p.documents)
    docs.push_back({{"type", d.type},
                    {"number", d.number},
                    {"issuer", d.issuer},
                    {"valid_from", date_json(d.valid_from)},
                    {"valid_until", date_json(d.valid_until)}});
  return {{"id", p.id.value},
          {"country", p.country},
          {"organisation", p.organisation},
          {"names", names},
          {"sex", std::string(1, p.sex)},
          {"birth_date", date_json(p.birth_date)},
          {"birth_place", p.birth_place},
          {"nationalities", nationalities},
          {"identity_documents", docs},
          {"specific_needs", p.specific_needs},
          {"languages", p.languages},
          {"interpreter_needed", p.interpreter_needed},
          {"contact", p.contact},
          {"merged_into", p.merged_into ? nlohmann::json(p.merged_into->value) : nullptr},
          {"created_at", p.created_at}};
}

nlohmann::json person_summary_json(const registry::PersonSummary& s) {
  nlohmann::json out = {{"id", s.id.value},
                        {"country", s.country},
                        {"name", s.name},
                        {"birth_date", date_json(s.birth_date)},
                        {"sex", std::string(1, s.sex)},
                        {"reason", s.reason}};
  if (s.match) {
    // The matcher's reason: which fields agreed and how, e.g. {"family": "stem"}.
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& f : s.match->fields) fields[f.field] = f.level;
    out["match"] = {{"weight", s.match->weight},
                    {"decision", s.match->decision},
                    {"fields", fields},
                    {"reading", s.match->reading.empty() ? nlohmann::json(nullptr)
                                                         : nlohmann::json(s.match->reading)}};
  }
  return out;
}

nlohmann::json person_summaries_json(const std::vector<registry::PersonSummary>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : list) out.push_back(person_summary_json(s));
  return out;
}

nlohmann::json household_json(registry::HouseholdId id,
                              const std::vector<registry::HouseholdMember>& members) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& m : members)
    list.push_back({{"person", m.person.value}, {"relationship", m.relationship}});
  return {{"id", id.value}, {"members", list}};
}

nlohmann::json consent_json(const registry::Consent& c) {
  return {{"purpose", registry::purpose_name(c.purpose)},
          {"given", c.given},
          {"legal_basis", c.legal_basis},
          {"recorded_at", c.recorded_at}};
}

nlohmann::json sensitive_entry_json(const registry::SensitiveEntry& e) {
  return {{"id", e.id},
          {"kind", registry::sensitive_kind_name(e.kind)},
          {"case_id", e.case_id ? nlohmann::json(*e.case_id) : nullptr},
          {"text", e.text.reveal()},
          {"created_at", e.created_at}};
}

namespace {

nlohmann::json history_json(const std::vector<procedures::HistoryEntry>& history) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : history)
    out.push_back({{"event", h.event},
                   {"from", h.from_state ? nlohmann::json(*h.from_state) : nullptr},
                   {"to", h.to_state ? nlohmann::json(*h.to_state) : nullptr},
                   {"on", format_civil_date(h.on)},
                   {"at", h.at ? nlohmann::json(format_instant(*h.at)) : nullptr},
                   {"by", h.actor_login},
                   {"fields", h.fields}});
  return out;
}

nlohmann::json due_date_json(const procedures::DueDate& d, procedures::DeadlineStatus status) {
  return {{"deadline", d.deadline},
          {"start", format_civil_date(d.start)},
          {"due", format_civil_date(d.due)},
          {"due_at", d.due_at ? nlohmann::json(format_instant(*d.due_at)) : nullptr},
          {"late_until", date_json(d.late_until)},
          {"met_on", date_json(d.met_on)},
          {"extensions", d.extensions},
          {"party", d.party == procedures::DeadlineParty::kOffice ? "office" : "applicant"},
          {"status", procedures::deadline_status_name(status)}};
}

}  // namespace

nlohmann::json case_json(const procedures::Case& c, const procedures::Catalog& catalog,
                         const access::Actor& actor, const CivilDate& today,
                         std::string_view time_zone) {
  nlohmann::json extensions = nlohmann::json::array();
  for (const auto& e : c.extensions)
    extensions.push_back({{"deadline", e.deadline},
                          {"months", e.by.months},
                          {"days", e.by.days},
                          {"reason", e.reason},
                          {"granted_on", format_civil_date(e.granted_on)}});
  nlohmann::json due = nlohmann::json::array();
  nlohmann::json available = nlohmann::json::array();
  if (auto def = catalog.find(c.procedure_id); def != catalog.end()) {
    const auto timeline = procedures::timeline_of(c);
    if (auto dues = procedures::compute_due_dates(def->second, timeline, time_zone))
      for (const auto& d : *dues) due.push_back(due_date_json(d, deadline_status(d, today)));
    for (const auto* t :
         procedures::available_transitions(def->second, c.state, timeline, actor, today, time_zone))
      available.push_back(
          {{"id", t->id}, {"label", t->label}, {"required_fields", t->required_fields}});
  }
  nlohmann::json dependants = nlohmann::json::array();
  for (const auto& d : c.dependants) dependants.push_back(d.value);
  return {{"id", c.id.value},
          {"number", c.number},
          {"procedure", c.procedure_id},
          {"country", c.country},
          {"modality", c.modality},
          {"state", c.state},
          {"principal", c.principal.value},
          {"dependants", dependants},
          {"assigned_to", c.assigned_to ? nlohmann::json(c.assigned_to->value) : nullptr},
          {"facts", c.facts},
          {"opened_at", c.opened_at},
          {"history", history_json(c.history)},
          {"extensions", extensions},
          {"due", due},
          {"available_transitions", available}};
}

nlohmann::json case_summary_json(const procedures::CaseSummary& c) {
  return {{"id", c.id.value},        {"number", c.number}, {"procedure", c.procedure_id},
          {"country", c.country},    {"state", c.state},   {"role", c.role},
          {"opened_at", c.opened_at}};
}

nlohmann::json due_item_json(const procedures::DueItem& d) {
  return {{"case_id", d.case_id.value},
          {"case_number", d.case_number},
          {"assigned_to", d.assigned_to ? nlohmann::json(d.assigned_to->value) : nullptr},
          {"due", due_date_json(d.due, d.status)}};
}

nlohmann::json document_json(const documents::IssuedDocument& d) {
  nlohmann::json mrz = nullptr;
  if (d.mrz) mrz = {{"line1", d.mrz->line1}, {"line2", d.mrz->line2}};
  return {{"id", d.id.value},
          {"number", d.number},
          {"type", documents::document_type_name(d.type)},
          {"person", d.person.value},
          {"case_id", d.case_id ? nlohmann::json(d.case_id->value) : nullptr},
          {"country", d.country},
          {"issued_on", format_civil_date(d.issued_on)},
          {"valid_until", format_civil_date(d.valid_until)},
          {"status", documents::document_status_name(d.status)},
          {"replaces", d.replaces ? nlohmann::json(d.replaces->value) : nullptr},
          {"revoke_reason", d.revoke_reason ? nlohmann::json(*d.revoke_reason) : nullptr},
          {"travel_document", documents::is_travel_document(d.type)},
          {"mrz", mrz}};
}

nlohmann::json eligibility_preview_json(const procedures::EligibilityPreview& p) {
  return {{"persons", p.persons},
          {"female", p.female},
          {"male", p.male},
          {"children", p.children},
          {"fingerprint", p.fingerprint}};
}

nlohmann::json job_json(const JobStatus& s) {
  nlohmann::json error = nullptr;
  if (s.error)
    error = {{"code", error_code_name(s.error->code)},
             {"message", s.error->message},
             {"field", s.error->field}};
  return {{"id", s.id},
          {"kind", s.kind},
          {"state", job_state_name(s.state)},
          {"done", s.done},
          {"total", s.total},
          {"result", s.state == JobStatus::State::kDone ? nlohmann::json(s.result) : nullptr},
          {"error", error}};
}

}  // namespace nansen::web
