// SPDX-License-Identifier: Apache-2.0
#include "access/account_scope.h"

namespace nansen::access {

bool scope_within(const Scope& inner, const Scope& outer) {
  if (outer.country && inner.country != outer.country) return false;
  if (!outer.organisation.empty() && inner.organisation != outer.organisation) return false;
  return true;
}

Status check_scope_within(const Scope& wanted, const Scope& limit, std::string_view whose) {
  if (limit.country && wanted.country != limit.country)
    return fail(ErrorCode::kForbidden,
                "the country must be " + *limit.country + ", as in " + std::string(whose),
                "country");
  if (!limit.organisation.empty() && wanted.organisation != limit.organisation)
    return fail(ErrorCode::kForbidden,
                "the organisation must be " + limit.organisation + ", as in " + std::string(whose),
                "organisation");
  return {};
}

bool covers_account(const Actor& actor, const Scope& account) {
  return actor.system || scope_within(account, actor.scope);
}

Error no_such_user() {
  return Error{ErrorCode::kNotFound, "no such user", "id"};
}

AuditEvent account_event(std::string action, std::int64_t user_id,
                         const std::optional<std::string>& country, std::string detail) {
  return AuditEvent{std::move(action), "user", std::to_string(user_id), country, std::move(detail)};
}

void append_account_event_condition(const Actor& actor, std::string& sql, db::Params& params) {
  if (actor.system || (!actor.scope.country && actor.scope.organisation.empty())) return;
  // The accounts the actor covers, as `users u` conditions; used twice below.
  std::string covered = "1=1";
  db::Params covered_params;
  if (actor.scope.country) {
    covered += " AND u.country = ?";
    covered_params.emplace_back(*actor.scope.country);
  }
  if (!actor.scope.organisation.empty()) {
    covered += " AND u.organisation = ?";
    covered_params.emplace_back(actor.scope.organisation);
  }
  sql +=
      " AND (record_type NOT IN ('user', 'api_token')"
      " OR (record_type = 'user' AND record_id IN"
      " (SELECT CAST(u.id AS TEXT) FROM users u WHERE " +
      covered +
      "))"
      " OR (record_type = 'api_token' AND record_id IN"
      " (SELECT CAST(t.id AS TEXT) FROM api_tokens t JOIN users u ON u.id = t.user_id"
      " WHERE " +
      covered + ")))";
  for (int i = 0; i < 2; ++i)
    params.insert(params.end(), covered_params.begin(), covered_params.end());
}

}  // namespace nansen::access
