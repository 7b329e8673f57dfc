// SPDX-License-Identifier: Apache-2.0
// The documents a procedure ends in: a refugee or stateless-person certificate, a 1951 or
// 1954 travel document. They are issued by the transition that decides (the definition's
// outcome rules name it), in that transition's transaction, so the decision's four eyes
// and the rule's minimum age stand behind every one; documents::issue_document() refuses
// them. The same effect renews the documents whose rule says `renew_on` the event.
#include <algorithm>

#include "documents/internal.h"

namespace nansen::documents {
namespace {

// The latest individual assessment of `person` in the case's history, if any.
std::optional<std::string> assessed_outcome(const procedures::Case& c, registry::PersonId person) {
  const std::string id = std::to_string(person.value);
  for (auto h = c.history.rbegin(); h != c.history.rend(); ++h) {
    if (h->event != procedures::kMemberAssessmentEvent) continue;
    auto p = h->fields.find("person");
    auto o = h->fields.find("outcome");
    if (p != h->fields.end() && p->second == id && o != h->fields.end()) return o->second;
  }
  return std::nullopt;
}

// The members of the case the rule gives a document to, before the age rule.
std::vector<registry::PersonId> holders_of(const procedures::DocumentRule& rule,
                                           const procedures::Case& c) {
  std::vector<registry::PersonId> out = {c.principal};
  if (rule.holders == procedures::DocumentHolders::kPrincipal) return out;
  for (const auto& d : c.dependants) {
    // An adult assessed on their own claim with another outcome is not covered by the
    // decision on the principal's claim.
    auto own = assessed_outcome(c, d);
    if (rule.member_outcome && own && *own != *rule.member_outcome) continue;
    out.push_back(d);
  }
  return out;
}

Result<bool> holds_valid(db::Transaction& tx, const procedures::Case& c, registry::PersonId person,
                         const std::string& type) {
  auto rows = tx.query(
      "SELECT id FROM issued_documents WHERE case_id = ? AND person_id = ? AND doc_type = ? AND "
      "status = 'valid'",
      {c.id.value, person.value, type});
  if (!rows) return fail(rows.error());
  return !rows->empty();
}

// Issues one outcome rule's document to each holder who qualifies. A holder under the
// minimum age (or of unknown age where there is one) gets none: a child is covered by the
// parent's. A travel document needs a name with its family part and a birth date for
// the MRZ; a record without them gets no travel document (as at the counter), while the
// decision and the certificates still stand.
Status issue_outcome(db::Transaction& tx, const access::Actor& actor,
                     const procedures::DocumentRule& rule, const procedures::Case& c,
                     const CivilDate& on, Instant now) {
  auto type = parse_document_type(rule.type);
  if (!type) return fail(ErrorCode::kInternal, "unknown document type '" + rule.type + "'");
  for (const auto& person : holders_of(rule, c)) {
    auto holder = load_holder(tx, person);
    if (!holder) return fail(holder.error());
    if (rule.min_age_years && !old_enough(holder->birth_date, *rule.min_age_years, on)) continue;
    auto held = holds_valid(tx, c, person, rule.type);
    if (!held) return fail(held.error());
    if (*held) continue;  // a case recognised again on appeal keeps its document
    IssuedDocument d;
    d.type = *type;
    d.person = person;
    d.case_id = c.id;
    d.country = holder->country;
    d.issued_on = on;
    d.valid_until = add_months(on, rule.valid_months);
    auto number = next_document_number(tx, d.country, d.type);
    if (!number) return fail(number.error());
    d.number = *number;
    if (is_travel_document(d.type)) {
      auto mrz = document_mrz(*holder, d.type, d.number, d.valid_until);
      if (!mrz && mrz.error().code == ErrorCode::kInvalid) continue;
      if (!mrz) return fail(mrz.error());
      d.mrz = *mrz;
    }
    NANSEN_TRY(store_document(tx, actor, d, now));
  }
  return {};
}

}  // namespace

procedures::EventEffect case_documents_effect() {
  return [](db::Transaction& tx, const access::Actor& actor, const procedures::Definition& def,
            const procedures::Case& before, std::string_view event, const CivilDate& on,
            Instant now) -> Status {
    for (const auto& rule : def.documents)
      if (rule.outcome && procedures::Definition::issues_on(rule, event))
        NANSEN_TRY(issue_outcome(tx, actor, rule, before, on, now));
    return renew_on_event(tx, actor, def, before, event, on, now);
  };
}

Status take_transition_with_documents(db::Database& db, const procedures::Catalog& catalog,
                                      const access::Actor& actor, procedures::CaseId id,
                                      const procedures::TransitionRequest& request,
                                      const CivilDate& today, Instant now,
                                      std::string_view time_zone) {
  return procedures::take_transition(db, catalog, actor, id, request, today, now, time_zone,
                                     case_documents_effect());
}

Status record_case_event_with_documents(db::Database& db, const procedures::Catalog& catalog,
                                        const access::Actor& actor, procedures::CaseId id,
                                        std::string_view event, const CivilDate& on,
                                        std::optional<Instant> at, Instant now) {
  return procedures::record_case_event(db, catalog, actor, id, event, on, at, now,
                                       case_documents_effect());
}

}  // namespace nansen::documents
