// SPDX-License-Identifier: Apache-2.0
// Private to access/: which accounts an actor reaches, and how far what it makes may
// reach. Shared by users, tokens, sessions and the audit list, so that accounts, tokens
// and account events are all scoped by one rule.
#pragma once

#include <string>
#include <string_view>

#include "access/access.h"

namespace nansen::access {

// True if `inner` lies within `outer`: the same country unless `outer` is regional, and
// the same organisation unless `outer` is bound to none.
bool scope_within(const Scope& inner, const Scope& outer);

// Forbidden naming "country" or "organisation" unless `wanted` lies within `limit`.
// `whose` completes the message: "your scope", "the user's scope".
Status check_scope_within(const Scope& wanted, const Scope& limit, std::string_view whose);

// True if the actor's scope covers an account of scope `account` (system actors cover all).
bool covers_account(const Actor& actor, const Scope& account);

// The one answer for an account that does not exist or lies outside the actor's scope.
Error no_such_user();

// The country an account's audit rows carry, so that country-scoped auditors see only
// the events of their country's accounts.
AuditEvent account_event(std::string action, std::int64_t user_id,
                         const std::optional<std::string>& country, std::string detail = "{}");

// A condition for audit_log rows, appended to `sql` with its parameters appended to
// `params` in the same order: rows about accounts (record_type "user") and API tokens
// ("api_token") only where the actor covers the account. Appends nothing for actors who
// cover every account (system, or regional without an organisation).
void append_account_event_condition(const Actor& actor, std::string& sql, db::Params& params);

}  // namespace nansen::access
