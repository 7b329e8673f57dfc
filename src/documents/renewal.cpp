// SPDX-License-Identifier: Apache-2.0
// Renewal on case events: a procedure's document rule may say `renew_on` an event (the
// KZ asylum-seeker certificate is renewed when the decision period is extended). The
// renewal happens in the transaction that records the event, so the history, the new
// certificate and their audit rows stand or fall together.
#include <algorithm>

#include "documents/internal.h"

namespace nansen::documents {

Result<registry::Person> load_holder(db::Transaction& tx, registry::PersonId id) {
  auto row = tx.query_one("SELECT country, sex, birth_date FROM persons WHERE id = ?", {id.value});
  if (!row) return fail(row.error());
  registry::Person p;
  p.id = id;
  p.country = row->text(0);
  p.sex = row->text(1).empty() ? 'U' : row->text(1)[0];
  if (auto birth = parse_civil_date(row->text(2))) p.birth_date = *birth;
  auto names = tx.query(
      "SELECT full_name, given, family, patronymic FROM person_names WHERE person_id = ? "
      "ORDER BY id",
      {id.value});
  if (!names) return fail(names.error());
  for (const auto& n : *names)
    p.names.push_back(
        {registry::NameKind::kOfficial, n.text(0), n.text(1), n.text(2), n.text(3), ""});
  return p;
}

namespace {

Status renew_one(db::Transaction& tx, const access::Actor& actor, const IssuedDocument& old,
                 int valid_months, const CivilDate& on, Instant now) {
  IssuedDocument d;
  d.type = old.type;
  d.person = old.person;
  d.case_id = old.case_id;
  d.country = old.country;
  d.issued_on = on;
  d.valid_until = add_months(on, valid_months);
  d.replaces = old.id;
  auto number = next_document_number(tx, d.country, d.type);
  if (!number) return fail(number.error());
  d.number = *number;
  if (is_travel_document(d.type)) {
    auto holder = load_holder(tx, d.person);
    if (!holder) return fail(holder.error());
    auto mrz = document_mrz(*holder, d.type, d.number, d.valid_until);
    if (!mrz) return fail(mrz.error());
    d.mrz = *mrz;
  }
  auto changed =
      tx.execute("UPDATE issued_documents SET status = 'renewed' WHERE id = ? AND status = 'valid'",
                 {old.id.value});
  if (!changed) return fail(changed.error());
  if (*changed != 1) return fail(ErrorCode::kConflict, "the document was changed meanwhile");
  return store_document(tx, actor, d, now);
}

}  // namespace

Status renew_on_event(db::Transaction& tx, const access::Actor& actor,
                      const procedures::Definition& def, const procedures::Case& before,
                      std::string_view event, const CivilDate& on, Instant now) {
  for (const auto& rule : def.documents) {
    if (!rule.renew_on || *rule.renew_on != event) continue;
    auto rows = tx.query(select_documents_sql() +
                             " WHERE case_id = ? AND doc_type = ? AND status = 'valid' "
                             "ORDER BY id",
                         {before.id.value, rule.type});
    if (!rows) return fail(rows.error());
    for (const auto& r : *rows)
      NANSEN_TRY(renew_one(tx, actor, document_from_row(r), rule.valid_months, on, now));
  }
  return {};
}

procedures::EventEffect renewal_effect() {
  return [](db::Transaction& tx, const access::Actor& actor, const procedures::Definition& def,
            const procedures::Case& before, std::string_view event, const CivilDate& on,
            Instant now) { return renew_on_event(tx, actor, def, before, event, on, now); };
}

}  // namespace nansen::documents
