// SPDX-License-Identifier: Apache-2.0
// JSON → Definition: shapes and types. Cross-references are checked afterwards in
// definition_validate.cpp, once the whole definition is known.
#include "procedures/definition_parse.h"

namespace nansen::procedures {
namespace {

#define TRY_ASSIGN(target, expr)                      \
  do {                                                \
    auto try_value_ = (expr);                         \
    if (!try_value_) return fail(try_value_.error()); \
    target = std::move(*try_value_);                  \
  } while (0)

Result<access::Permission> parse_permission(const JsonAt& at) {
  using P = access::Permission;
  for (P p : {P::kCaseWrite, P::kCaseDecide, P::kCaseApprove, P::kDocumentIssue, P::kPersonWrite})
    if (at.value.get<std::string>() == access::permission_name(p)) return p;
  return fail(at.error("unknown permission '" + at.value.get<std::string>() +
                       "'; expected case.write, case.decide, case.approve, document.issue or "
                       "person.write"));
}

Result<Duration> parse_duration(const JsonAt& at) {
  if (!at.value.is_object())
    return fail(at.error("expected {\"months\":…, \"days\":…, \"hours\":…}"));
  NANSEN_TRY(reject_unknown_keys(at, {"months", "days", "hours"}));
  Duration d;
  TRY_ASSIGN(d.months, read_int(at, "months", 0, 0, 120));
  TRY_ASSIGN(d.days, read_int(at, "days", 0, 0, 3660));
  TRY_ASSIGN(d.hours, read_int(at, "hours", 0, 0, 720));
  if (d.months == 0 && d.days == 0 && d.hours == 0)
    return fail(at.error("a duration must be longer than zero"));
  if (d.hours != 0 && (d.months != 0 || d.days != 0))
    return fail(at.error("give hours alone, or months and days"));
  return d;
}

Result<std::vector<Requirement>> parse_requirements(const JsonAt& obj, const std::string& key) {
  std::vector<JsonAt> items;
  TRY_ASSIGN(items, read_array(obj, key));
  std::vector<Requirement> out;
  for (const auto& item : items) {
    NANSEN_TRY(reject_unknown_keys(item, {"event", "deadline_elapsed"}));
    Requirement r;
    TRY_ASSIGN(r.event, read_optional_string(item, "event"));
    TRY_ASSIGN(r.deadline_elapsed, read_optional_string(item, "deadline_elapsed"));
    if (r.event.has_value() == r.deadline_elapsed.has_value())
      return fail(item.error("give exactly one of 'event' or 'deadline_elapsed'"));
    out.push_back(std::move(r));
  }
  return out;
}

Result<Transition> parse_transition(const JsonAt& at) {
  NANSEN_TRY(
      reject_unknown_keys(at, {"id", "label", "from", "to", "roles", "permission",
                               "required_fields", "not_by_actor_of", "requires_all", "requires_any",
                               "modality", "within_deadline", "outcomes", "approves_outcome"}));
  Transition t;
  TRY_ASSIGN(t.id, read_string(at, "id", true));
  TRY_ASSIGN(t.label, read_string(at, "label", false));
  TRY_ASSIGN(t.from, read_strings(at, "from"));
  if (t.from.empty()) return fail(at.error("'from' must list at least one state"));
  TRY_ASSIGN(t.to, read_string(at, "to", true));
  std::vector<std::string> roles;
  TRY_ASSIGN(roles, read_strings(at, "roles"));
  if (roles.empty()) return fail(at.error("'roles' must list at least one role"));
  for (std::size_t i = 0; i < roles.size(); ++i) {
    auto role = access::parse_role(roles[i]);
    if (!role) return fail(at.at("roles").at(i).error("unknown role '" + roles[i] + "'"));
    t.roles.push_back(*role);
  }
  if (at.value.contains("permission")) {
    const JsonAt p = at.at("permission");
    if (!p.value.is_string()) return fail(p.error("expected a string"));
    TRY_ASSIGN(t.permission, parse_permission(p));
  }
  TRY_ASSIGN(t.required_fields, read_strings(at, "required_fields"));
  TRY_ASSIGN(t.not_by_actor_of, read_strings(at, "not_by_actor_of"));
  TRY_ASSIGN(t.requires_all, parse_requirements(at, "requires_all"));
  TRY_ASSIGN(t.requires_any, parse_requirements(at, "requires_any"));
  TRY_ASSIGN(t.modality, read_optional_string(at, "modality"));
  TRY_ASSIGN(t.within_deadline, read_optional_string(at, "within_deadline"));
  TRY_ASSIGN(t.outcomes, read_strings(at, "outcomes"));
  TRY_ASSIGN(t.approves_outcome, read_optional_string(at, "approves_outcome"));
  return t;
}

Result<Deadline> parse_deadline(const JsonAt& at) {
  NANSEN_TRY(reject_unknown_keys(
      at, {"id", "label", "from_event", "requires_events", "met_by", "duration", "variants",
           "party", "max_extended_months", "late_window_days", "source"}));
  Deadline d;
  TRY_ASSIGN(d.id, read_string(at, "id", true));
  TRY_ASSIGN(d.label, read_string(at, "label", false));
  TRY_ASSIGN(d.from_event, read_string(at, "from_event", true));
  TRY_ASSIGN(d.requires_events, read_strings(at, "requires_events"));
  TRY_ASSIGN(d.met_by, read_strings(at, "met_by"));
  if (!at.value.contains("duration")) return fail(at.error("missing required key 'duration'"));
  TRY_ASSIGN(d.duration, parse_duration(at.at("duration")));
  std::vector<JsonAt> variants;
  TRY_ASSIGN(variants, read_array(at, "variants"));
  for (const auto& v : variants) {
    NANSEN_TRY(reject_unknown_keys(v, {"when_fact", "when_modality", "duration"}));
    DurationVariant dv;
    TRY_ASSIGN(dv.when_fact, read_optional_string(v, "when_fact"));
    TRY_ASSIGN(dv.when_modality, read_optional_string(v, "when_modality"));
    if (!dv.when_fact && !dv.when_modality)
      return fail(v.error("a variant needs 'when_fact' or 'when_modality'"));
    if (!v.value.contains("duration")) return fail(v.error("missing required key 'duration'"));
    TRY_ASSIGN(dv.duration, parse_duration(v.at("duration")));
    d.variants.push_back(std::move(dv));
  }
  std::string party;
  TRY_ASSIGN(party, read_string(at, "party", false));
  if (party == "applicant")
    d.party = DeadlineParty::kApplicant;
  else if (party.empty() || party == "office")
    d.party = DeadlineParty::kOffice;
  else
    return fail(at.at("party").error("expected 'office' or 'applicant'"));
  TRY_ASSIGN(d.max_extended_months, read_optional_int(at, "max_extended_months", 1, 120));
  TRY_ASSIGN(d.late_window_days, read_int(at, "late_window_days", 0, 0, 366));
  TRY_ASSIGN(d.source, read_string(at, "source", false));
  return d;
}

// "on_transition": "approve" or ["approve", "recognise_on_appeal"].
Result<std::vector<std::string>> parse_on_transition(const JsonAt& at) {
  if (!at.value.contains("on_transition"))
    return fail(at.error("missing required key 'on_transition'"));
  std::vector<std::string> out;
  if (at.value["on_transition"].is_string()) {
    out.push_back(at.value["on_transition"].get<std::string>());
    return out;
  }
  if (!at.value["on_transition"].is_array())
    return fail(at.at("on_transition").error("expected a transition id or a list of them"));
  TRY_ASSIGN(out, read_strings(at, "on_transition"));
  if (out.empty()) return fail(at.at("on_transition").error("list at least one transition"));
  return out;
}

Result<DocumentRule> parse_document(const JsonAt& at) {
  NANSEN_TRY(reject_unknown_keys(at, {"type", "on_transition", "valid_months", "min_age_years",
                                      "renew_on", "outcome", "holders", "member_outcome"}));
  DocumentRule r;
  TRY_ASSIGN(r.type, read_string(at, "type", true));
  TRY_ASSIGN(r.on_transitions, parse_on_transition(at));
  TRY_ASSIGN(r.valid_months, read_int(at, "valid_months", 0, 1, 240));
  if (r.valid_months == 0) return fail(at.error("missing required key 'valid_months'"));
  TRY_ASSIGN(r.min_age_years, read_optional_int(at, "min_age_years", 0, 120));
  TRY_ASSIGN(r.renew_on, read_optional_string(at, "renew_on"));
  TRY_ASSIGN(r.outcome, read_bool(at, "outcome", false));
  std::string holders;
  TRY_ASSIGN(holders, read_string(at, "holders", false));
  if (holders == "principal")
    r.holders = DocumentHolders::kPrincipal;
  else if (holders.empty() || holders == "family")
    r.holders = DocumentHolders::kFamily;
  else
    return fail(at.at("holders").error("expected 'family' or 'principal'"));
  TRY_ASSIGN(r.member_outcome, read_optional_string(at, "member_outcome"));
  if (!r.outcome && (at.value.contains("holders") || r.member_outcome))
    return fail(at.error("'holders' and 'member_outcome' apply to outcome documents only"));
  return r;
}

}  // namespace

Result<Definition> parse_definition(const std::string& file, std::string_view content) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(content);
  } catch (const nlohmann::json::parse_error& e) {
    return fail(ErrorCode::kInvalid, file + ": not valid JSON at byte " + std::to_string(e.byte),
                file);
  } catch (const nlohmann::json::exception&) {
    // out_of_range: a number too large for any JSON number type (found by fuzzing).
    return fail(ErrorCode::kInvalid, file + ": a number in the file is out of range", file);
  }
  const JsonAt root{doc, file, ""};
  if (!doc.is_object()) return fail(root.error("expected a JSON object"));
  NANSEN_TRY(reject_unknown_keys(
      root,
      {"id", "title", "country", "legal_basis", "modalities", "assess_adults_individually",
       "initial_state", "states", "external_events", "transitions", "deadlines", "documents"}));
  Definition d;
  d.source_file = file;
  TRY_ASSIGN(d.id, read_string(root, "id", true));
  TRY_ASSIGN(d.title, read_string(root, "title", true));
  TRY_ASSIGN(d.country, read_optional_string(root, "country"));
  TRY_ASSIGN(d.legal_basis, read_string(root, "legal_basis", true));
  TRY_ASSIGN(d.modalities, read_strings(root, "modalities"));
  TRY_ASSIGN(d.assess_adults_individually, read_bool(root, "assess_adults_individually", false));
  TRY_ASSIGN(d.initial_state, read_string(root, "initial_state", true));
  TRY_ASSIGN(d.external_events, read_strings(root, "external_events"));

  std::vector<JsonAt> items;
  TRY_ASSIGN(items, read_array(root, "states"));
  for (const auto& s : items) {
    NANSEN_TRY(reject_unknown_keys(s, {"id", "label", "terminal"}));
    State st;
    TRY_ASSIGN(st.id, read_string(s, "id", true));
    TRY_ASSIGN(st.label, read_string(s, "label", false));
    TRY_ASSIGN(st.terminal, read_bool(s, "terminal", false));
    d.states.push_back(std::move(st));
  }
  TRY_ASSIGN(items, read_array(root, "transitions"));
  for (const auto& t : items) {
    Transition tr;
    TRY_ASSIGN(tr, parse_transition(t));
    d.transitions.push_back(std::move(tr));
  }
  TRY_ASSIGN(items, read_array(root, "deadlines"));
  for (const auto& t : items) {
    Deadline dl;
    TRY_ASSIGN(dl, parse_deadline(t));
    d.deadlines.push_back(std::move(dl));
  }
  TRY_ASSIGN(items, read_array(root, "documents"));
  for (const auto& t : items) {
    DocumentRule r;
    TRY_ASSIGN(r, parse_document(t));
    d.documents.push_back(std::move(r));
  }
  return d;
}

}  // namespace nansen::procedures
