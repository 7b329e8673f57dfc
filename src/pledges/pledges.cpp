// SPDX-License-Identifier: Apache-2.0
// Creating, editing and reading single pledges.
#include "pledges/internal.h"

namespace nansen::pledges {
namespace {

using detail::FieldProblem;

std::string audit_detail(const std::string& external_id,
                         const std::vector<std::string>& fields = {}) {
  std::string out = "{\"external_id\":\"" + external_id + "\"";
  if (!fields.empty()) {
    out += ",\"fields\":[";
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? ",\"" : "\"") + fields[i] + "\"";
    out += "]";
  }
  return out + "}";
}

// Validates `in` against the entities in `tx` and resolves its external id.
Result<std::pair<PledgeInput, Entity>> prepare(db::Transaction& tx, PledgeInput in) {
  auto entities = detail::load_entities(tx);
  if (!entities) return fail(entities.error());
  const auto by_code = detail::entities_by_code(*entities);
  auto problems = detail::validate_pledge(in, by_code);
  if (!problems.empty()) return fail(detail::first_invalid(problems));
  if (in.external_id.empty())
    in.external_id = derive_external_id(in.entity_code, in.forum, in.title);
  return std::make_pair(std::move(in), by_code.at(in.entity_code));
}

}  // namespace

Result<Pledge> create_pledge(db::Database& db, const access::Actor& actor, const PledgeInput& input,
                             Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto prepared = prepare(**tx, input);
  if (!prepared) return fail(prepared.error());
  const auto& [in, entity] = *prepared;
  NANSEN_TRY(detail::authorize_edit(actor, entity));
  auto id = detail::insert_pledge(**tx, in, entity, now);
  if (!id) return fail(id.error());
  NANSEN_TRY(detail::audit(**tx, actor, "pledge.create", "pledge", std::to_string(id->value),
                           entity.country, audit_detail(in.external_id), now));
  auto created = detail::load_pledge(**tx, *id, now);
  if (!created) return created;
  NANSEN_TRY((*tx)->commit());
  return created;
}

Result<Pledge> update_pledge(db::Database& db, const access::Actor& actor, PledgeId id,
                             const PledgeInput& input, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto stored = detail::load_pledge(**tx, id, now);
  if (!stored) return stored;
  NANSEN_TRY(detail::authorize_edit(actor, stored->entity));
  PledgeInput with_id = input;
  with_id.external_id = stored->external_id;  // the external id never changes
  auto prepared = prepare(**tx, with_id);
  if (!prepared) return fail(prepared.error());
  const auto& [in, entity] = *prepared;
  if (entity.code != stored->entity_code) NANSEN_TRY(detail::authorize_edit(actor, entity));
  const auto changed = detail::changed_columns(*stored, in);
  if (changed.empty()) return stored;
  NANSEN_TRY(detail::write_pledge(**tx, id, in, entity, now));
  NANSEN_TRY(detail::audit(**tx, actor, "pledge.update", "pledge", std::to_string(id.value),
                           entity.country, audit_detail(in.external_id, changed), now));
  auto updated = detail::load_pledge(**tx, id, now);
  if (!updated) return updated;
  NANSEN_TRY((*tx)->commit());
  return updated;
}

Result<Pledge> get_pledge(db::Database& db, const access::Actor& actor, PledgeId id, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  return detail::load_pledge(**tx, id, now);
}

Result<Pledge> find_pledge(db::Database& db, const access::Actor& actor,
                           std::string_view external_id, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto row =
      (*tx)->query("SELECT id FROM pledges WHERE external_id = ?", {std::string(external_id)});
  if (!row) return fail(row.error());
  if (row->empty()) return fail(ErrorCode::kNotFound, "no pledge with that id", "pledge_id");
  return detail::load_pledge(**tx, PledgeId{row->front().integer(0)}, now);
}

}  // namespace nansen::pledges
