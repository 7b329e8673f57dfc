// SPDX-License-Identifier: Apache-2.0
// Membership of the Global Alliance to End Statelessness.
#include "pledges/internal.h"

namespace nansen::pledges {

Result<AllianceMembership> save_alliance_membership(db::Database& db, const access::Actor& actor,
                                                    const AllianceMembership& in, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  if (in.joined_on.precision != DatePrecision::kDay ||
      days_from_civil(in.joined_on) > days_from_civil(detail::today(now)))
    return fail(ErrorCode::kInvalid, "the date of joining must be a full date, not in the future",
                "joined_on");
  if (!is_valid_utf8(in.commitments) || utf8_length(in.commitments) > 10000)
    return fail(ErrorCode::kInvalid,
                "the commitments must be valid text of at most 10000 characters", "commitments");
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto entity = detail::load_entity(**tx, in.entity_code);
  if (!entity) return fail(entity.error());
  if (!*entity) return fail(ErrorCode::kInvalid, "unknown entity", "entity_id");
  NANSEN_TRY(detail::authorize_edit(actor, **entity));
  const std::string at = format_instant(now);
  auto existing =
      (*tx)->query("SELECT id FROM alliance_members WHERE entity_id = ?", {(*entity)->id.value});
  if (!existing) return fail(existing.error());
  if (existing->empty()) {
    auto id = (*tx)->insert(
        "INSERT INTO alliance_members (entity_id, joined_on, commitments, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id",
        {(*entity)->id.value, format_civil_date(in.joined_on), in.commitments, at, at});
    if (!id) return fail(id.error());
  } else {
    auto done = (*tx)->execute(
        "UPDATE alliance_members SET joined_on = ?, commitments = ?, updated_at = ? WHERE "
        "entity_id = ?",
        {format_civil_date(in.joined_on), in.commitments, at, (*entity)->id.value});
    if (!done) return fail(done.error());
  }
  NANSEN_TRY(detail::audit(**tx, actor, "alliance.save", "entity", in.entity_code,
                           (*entity)->country, "{}", now));
  NANSEN_TRY((*tx)->commit());
  return in;
}

Result<std::vector<AllianceMembership>> list_alliance_members(db::Database& db,
                                                              const access::Actor& actor) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  auto rows = db.query(
      "SELECT e.code, a.joined_on, a.commitments FROM alliance_members a "
      "JOIN pledge_entities e ON e.id = a.entity_id ORDER BY a.joined_on, e.code");
  if (!rows) return fail(rows.error());
  std::vector<AllianceMembership> out;
  for (const auto& r : *rows)
    out.push_back(
        {r.text(0), parse_civil_date(r.text(1)).value_or(CivilDate{1970, 1, 1}), r.text(2)});
  return out;
}

}  // namespace nansen::pledges
