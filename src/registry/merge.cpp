// SPDX-License-Identifier: Apache-2.0
// Merging duplicates is a pointer, not a deletion: the duplicate keeps its rows and points
// at the survivor, so an unmerge restores it exactly.
#include "registry/internal.h"

namespace nansen::registry {

Status merge_persons(db::Database& db, const access::Actor& actor, PersonId duplicate,
                     PersonId survivor, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonWrite));
  if (duplicate == survivor)
    return fail(ErrorCode::kInvalid, "a person cannot be merged into itself", "survivor");
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto dup_country = person_country_in_scope(**tx, actor, duplicate);
  if (!dup_country) return fail(dup_country.error());
  auto surv_country = person_country_in_scope(**tx, actor, survivor);
  if (!surv_country) return fail(Error{ErrorCode::kNotFound, "no such person", "survivor"});
  auto target = (*tx)->query_one("SELECT merged_into FROM persons WHERE id = ?", {survivor.value});
  if (!target) return fail(target.error());
  if (!target->is_null(0))
    return fail(ErrorCode::kConflict, "the survivor is itself merged into another person",
                "survivor");
  auto changed = (*tx)->execute(
      "UPDATE persons SET merged_into = ?, updated_at = ? WHERE id = ? AND merged_into IS NULL",
      {survivor.value, format_instant(now), duplicate.value});
  if (!changed) return fail(changed.error());
  if (*changed == 0) return fail(ErrorCode::kConflict, "the person is already merged", "person");
  // Anyone merged into the duplicate follows it to the survivor.
  NANSEN_TRY((*tx)->execute("UPDATE persons SET merged_into = ? WHERE merged_into = ?",
                            {survivor.value, duplicate.value}));
  NANSEN_TRY(audit(**tx, actor, "person.merge", "person", duplicate.value, *dup_country, now,
                   "{\"survivor\":" + std::to_string(survivor.value) + "}"));
  return (*tx)->commit();
}

Status unmerge_person(db::Database& db, const access::Actor& actor, PersonId duplicate,
                      Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonWrite));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto country = person_country_in_scope(**tx, actor, duplicate);
  if (!country) return fail(country.error());
  auto changed = (*tx)->execute(
      "UPDATE persons SET merged_into = NULL, updated_at = ? WHERE id = ? AND merged_into IS "
      "NOT NULL",
      {format_instant(now), duplicate.value});
  if (!changed) return fail(changed.error());
  if (*changed == 0) return fail(ErrorCode::kConflict, "the person is not merged", "person");
  NANSEN_TRY(audit(**tx, actor, "person.unmerge", "person", duplicate.value, *country, now));
  return (*tx)->commit();
}

}  // namespace nansen::registry
