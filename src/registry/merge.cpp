// SPDX-License-Identifier: Apache-2.0
// Merging duplicates is a pointer, not a deletion: the duplicate keeps its names,
// documents, cases, households, consents and sensitive entries and points at the
// survivor. Whatever else a merge changes — persons already merged into the duplicate
// follow it to the survivor — is recorded (person_merges, person_merge_followers), so
// that unmerge restores exactly the rows as they were, and every row either one changes
// gets its own audit entry.
#include "registry/internal.h"

namespace nansen::registry {
namespace {

struct Follower {
  std::int64_t id = 0;
  std::string country;
  std::string updated_at;
};

// Persons whose merged_into is `target`, each in the actor's scope: a merge must not
// change a record the actor could not change on its own (Forbidden otherwise).
Result<std::vector<Follower>> followers_of(db::Transaction& tx, const access::Actor& actor,
                                           std::int64_t target) {
  auto rows = tx.query(
      "SELECT id, country, updated_at FROM persons WHERE merged_into = ? ORDER BY id", {target});
  if (!rows) return fail(rows.error());
  std::vector<Follower> out;
  for (const auto& r : *rows) {
    if (!access::covers_country(actor, r.text(1)))
      return fail(ErrorCode::kForbidden,
                  "records merged into this person lie outside your scope; an officer whose "
                  "scope covers them must merge or unmerge it",
                  "person");
    out.push_back({r.integer(0), r.text(1), r.text(2)});
  }
  return out;
}

std::string detail(const char* key, std::int64_t value, std::int64_t via = 0) {
  std::string d = "{\"" + std::string(key) + "\":" + std::to_string(value);
  if (via) d += ",\"via\":" + std::to_string(via);
  return d + "}";
}

}  // namespace

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
  auto before = (*tx)->query_one("SELECT merged_into, updated_at FROM persons WHERE id = ?",
                                 {duplicate.value});
  if (!before) return fail(before.error());
  if (!before->is_null(0))
    return fail(ErrorCode::kConflict, "the person is already merged", "person");
  auto followers = followers_of(**tx, actor, duplicate.value);
  if (!followers) return fail(followers.error());
  const std::string at = format_instant(now);
  auto changed = (*tx)->execute(
      "UPDATE persons SET merged_into = ?, updated_at = ? WHERE id = ? AND merged_into IS NULL",
      {survivor.value, at, duplicate.value});
  if (!changed) return fail(changed.error());
  if (*changed == 0) return fail(ErrorCode::kConflict, "the person is already merged", "person");
  auto merge = (*tx)->insert(
      "INSERT INTO person_merges (duplicate_id, survivor_id, previous_updated_at, merged_at, "
      "merged_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
      {duplicate.value, survivor.value, before->text(1), at, actor.user.value});
  if (!merge) return fail(merge.error());
  NANSEN_TRY(audit(**tx, actor, "person.merge", "person", duplicate.value, *dup_country, now,
                   detail("survivor", survivor.value)));
  // Anyone merged into the duplicate follows it to the survivor, remembered for unmerge.
  for (const Follower& f : *followers) {
    NANSEN_TRY((*tx)->execute(
        "INSERT INTO person_merge_followers (merge_id, person_id, previous_merged_into, "
        "previous_updated_at) VALUES (?, ?, ?, ?)",
        {*merge, f.id, duplicate.value, f.updated_at}));
    NANSEN_TRY((*tx)->execute("UPDATE persons SET merged_into = ?, updated_at = ? WHERE id = ?",
                              {survivor.value, at, f.id}));
    NANSEN_TRY(audit(**tx, actor, "person.merge", "person", f.id, f.country, now,
                     detail("survivor", survivor.value, duplicate.value)));
  }
  return (*tx)->commit();
}

Status unmerge_person(db::Database& db, const access::Actor& actor, PersonId duplicate,
                      Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonWrite));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto country = person_country_in_scope(**tx, actor, duplicate);
  if (!country) return fail(country.error());
  auto current =
      (*tx)->query_one("SELECT merged_into FROM persons WHERE id = ?", {duplicate.value});
  if (!current) return fail(current.error());
  if (current->is_null(0)) return fail(ErrorCode::kConflict, "the person is not merged", "person");
  auto merges = (*tx)->query(
      "SELECT id, survivor_id, previous_updated_at FROM person_merges WHERE duplicate_id = ? AND "
      "unmerged_at IS NULL ORDER BY id DESC",
      {duplicate.value});
  if (!merges) return fail(merges.error());
  const std::string at = format_instant(now);
  // A merge made before merges were recorded leaves no trace to restore beyond the
  // pointer itself.
  const bool recorded = !merges->empty();
  const std::int64_t merge = recorded ? merges->front().integer(0) : 0;
  const std::int64_t survivor = recorded ? merges->front().integer(1) : current->integer(0);
  NANSEN_TRY((*tx)->execute("UPDATE persons SET merged_into = NULL, updated_at = ? WHERE id = ?",
                            {recorded ? merges->front().text(2) : at, duplicate.value}));
  NANSEN_TRY(audit(**tx, actor, "person.unmerge", "person", duplicate.value, *country, now,
                   detail("survivor", survivor)));
  if (recorded) {
    // Followers go back to the duplicate, unless something moved them since (a later
    // merge or unmerge of their own): those stay as they are.
    auto followers = (*tx)->query(
        "SELECT f.person_id, f.previous_updated_at, p.country FROM person_merge_followers f "
        "JOIN persons p ON p.id = f.person_id WHERE f.merge_id = ? AND p.merged_into = ? "
        "ORDER BY f.person_id",
        {merge, survivor});
    if (!followers) return fail(followers.error());
    for (const auto& f : *followers)
      if (!access::covers_country(actor, f.text(2)))
        return fail(ErrorCode::kForbidden,
                    "records merged into this person lie outside your scope; an officer whose "
                    "scope covers them must unmerge it",
                    "person");
    for (const auto& f : *followers) {
      NANSEN_TRY((*tx)->execute("UPDATE persons SET merged_into = ?, updated_at = ? WHERE id = ?",
                                {duplicate.value, f.text(1), f.integer(0)}));
      NANSEN_TRY(audit(**tx, actor, "person.unmerge", "person", f.integer(0), f.text(2), now,
                       detail("merged_into", duplicate.value)));
    }
    NANSEN_TRY(
        (*tx)->execute("UPDATE person_merges SET unmerged_at = ?, unmerged_by = ? WHERE id = ?",
                       {at, actor.user.value, merge}));
  }
  return (*tx)->commit();
}

}  // namespace nansen::registry
