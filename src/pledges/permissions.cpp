// SPDX-License-Identifier: Apache-2.0
// Who may edit a pledge, and the audit rows every write leaves.
#include "pledges/internal.h"

namespace nansen::pledges {

namespace detail {

Status authorize_country_write(const access::Actor& actor,
                               const std::optional<std::string>& country, std::string_view what,
                               std::string_view field) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeReview));
  if (actor.system || access::covers_country(actor, country)) return {};
  return fail(ErrorCode::kForbidden,
              "you may only write " + std::string(what) + " of your country (" +
                  *actor.scope.country + "); " +
                  (country ? "this one concerns " + *country
                           : std::string("this one is regional (no country)")),
              std::string(field));
}

Status authorize_edit(const access::Actor& actor, const Entity& entity) {
  if (actor.system || access::has_permission(actor.role, access::Permission::kPledgeReview))
    return authorize_country_write(actor, entity.country, "pledges", "submitting_entity");
  // Focal points: the entity's code is the organisation code of its focal points.
  auto allowed =
      access::authorize(actor, access::Permission::kPledgeWrite, {entity.country, entity.code});
  if (!allowed && access::has_permission(actor.role, access::Permission::kPledgeWrite))
    return fail(
        ErrorCode::kForbidden,
        "you may only edit the pledges of your own entity (" +
            (actor.scope.organisation.empty() ? std::string("none") : actor.scope.organisation) +
            "); this one belongs to " + entity.code,
        "submitting_entity");
  return allowed;
}

Status audit(db::Transaction& tx, const access::Actor& actor, std::string_view action,
             std::string_view record_type, std::string_view record_id,
             const std::optional<std::string>& country, const std::string& detail_json,
             Instant now) {
  access::AuditEvent event;
  event.action = action;
  event.record_type = record_type;
  event.record_id = record_id;
  event.country = country;
  event.detail = detail_json;
  return access::record_audit(tx, actor, event, now);
}

}  // namespace detail

bool can_edit(const access::Actor& actor, const Pledge& pledge) {
  return detail::authorize_edit(actor, pledge.entity).has_value();
}

}  // namespace nansen::pledges
