// SPDX-License-Identifier: Apache-2.0
// Individual assessment of adult family members: under the KZ Law "On Refugees" each
// adult of a family is assessed on their own claim, even when the family is kept in one
// case. Each assessment is a history row of the case; the case's decision cannot be
// drafted while an adult dependant has none.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "procedures/case_internal.h"

namespace nansen::procedures {
namespace {

constexpr std::size_t kMaxTextBytes = 4096;

CivilDate earliest_possible(const CivilDate& d) {
  if (d.precision == DatePrecision::kYear) return CivilDate{d.year, 1, 1};
  if (d.precision == DatePrecision::kMonth) return CivilDate{d.year, d.month, 1};
  return CivilDate{d.year, d.month, d.day};
}

bool assessed(const Case& c, registry::PersonId person) {
  const std::string id = std::to_string(person.value);
  return std::any_of(c.history.begin(), c.history.end(), [&](const HistoryEntry& h) {
    auto it = h.fields.find("person");
    return h.event == kMemberAssessmentEvent && it != h.fields.end() && it->second == id;
  });
}

Status check_text(const std::string& value, const char* field) {
  if (trim(value).empty()) return fail(ErrorCode::kInvalid, "required", field);
  if (value.size() > kMaxTextBytes || !is_valid_utf8(value))
    return fail(ErrorCode::kInvalid, "valid UTF-8 of at most 4 KiB", field);
  return {};
}

Result<std::optional<CivilDate>> birth_date_of(db::Transaction& tx, registry::PersonId person) {
  auto row = tx.query_one("SELECT birth_date FROM persons WHERE id = ?", {person.value});
  if (!row) return fail(row.error());
  auto text = row->optional_text(0);
  if (!text || text->empty()) return std::optional<CivilDate>{};
  auto d = parse_civil_date(*text);
  if (!d) return std::optional<CivilDate>{};
  return std::optional<CivilDate>{*d};
}

}  // namespace

bool possibly_adult(const std::optional<CivilDate>& birth, const CivilDate& today) {
  if (!birth) return true;
  return days_from_civil(add_months(earliest_possible(*birth), 18 * 12)) <= days_from_civil(today);
}

Result<std::vector<registry::PersonId>> unassessed_adults(db::Transaction& tx,
                                                          const Definition& def, const Case& c,
                                                          const CivilDate& today) {
  std::vector<registry::PersonId> out;
  if (!def.assess_adults_individually) return out;
  for (const auto& person : c.dependants) {
    if (assessed(c, person)) continue;
    auto birth = birth_date_of(tx, person);
    if (!birth) return fail(birth.error());
    if (possibly_adult(*birth, today)) out.push_back(person);
  }
  return out;
}

Status record_member_assessment(db::Database& db, const Catalog& catalog,
                                const access::Actor& actor, CaseId id,
                                const MemberAssessment& assessment, const CivilDate& today,
                                Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseDecide));
  NANSEN_TRY(check_text(assessment.outcome, "outcome"));
  if (assessment.outcome.size() > 64)
    return fail(ErrorCode::kInvalid, "an outcome is a short code", "outcome");
  NANSEN_TRY(check_text(assessment.reasons, "reasons"));
  if (today.precision != DatePrecision::kDay)
    return fail(ErrorCode::kInvalid, "a full date is required", "today");
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto row = case_row_in_scope(**tx, actor, id);
  if (!row) return fail(row.error());
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseDecide,
                               access::RecordScope{row->country, ""}));
  const Definition* def = find_definition(catalog, row->procedure_id);
  if (!def)
    return fail(ErrorCode::kInternal, "the case's procedure is no longer defined", "procedure_id");
  if (!def->assess_adults_individually)
    return fail(ErrorCode::kInvalid,
                "the procedure '" + def->id + "' does not assess family members individually",
                "case");
  const State* state = def->state(row->state);
  if (state && state->terminal)
    return fail(ErrorCode::kConflict, "the case is closed (" + row->state + ")", "case");
  auto c = load_case(**tx, id);
  if (!c) return fail(c.error());
  const bool dependant = std::find(c->dependants.begin(), c->dependants.end(), assessment.person) !=
                         c->dependants.end();
  if (!dependant) return fail(ErrorCode::kInvalid, "not a dependant of this case", "person");
  auto birth = birth_date_of(**tx, assessment.person);
  if (!birth) return fail(birth.error());
  if (!possibly_adult(*birth, today))
    return fail(ErrorCode::kInvalid, "a child is assessed with the principal's claim", "person");
  nlohmann::json fields = {{"person", std::to_string(assessment.person.value)},
                           {"outcome", trim(assessment.outcome)},
                           {"reasons", trim(assessment.reasons)}};
  NANSEN_TRY((*tx)->execute(
      "INSERT INTO case_events (case_id, event, on_date, actor_id, actor_login, fields, "
      "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {id.value, std::string(kMemberAssessmentEvent), format_civil_date(today), actor.user.value,
       actor.login, fields.dump(), format_instant(now)}));
  NANSEN_TRY(audit_case(**tx, actor, "case.member_assessment", id.value, row->country, now,
                        "{\"person\":" + std::to_string(assessment.person.value) + "}"));
  return (*tx)->commit();
}

Result<std::vector<registry::PersonId>> adults_awaiting_assessment(db::Database& db,
                                                                   const Catalog& catalog,
                                                                   const access::Actor& actor,
                                                                   CaseId id,
                                                                   const CivilDate& today) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto row = case_row_in_scope(**tx, actor, id);
  if (!row) return fail(row.error());
  const Definition* def = find_definition(catalog, row->procedure_id);
  if (!def) return std::vector<registry::PersonId>{};
  auto c = load_case(**tx, id);
  if (!c) return fail(c.error());
  return unassessed_adults(**tx, *def, *c, today);
}

}  // namespace nansen::procedures
