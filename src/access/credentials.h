// SPDX-License-Identifier: Apache-2.0
// Private to access/: checking a password against an account, with the failure counter
// that locks it. Shared by login and by the change of one's own password, so a stolen
// session cannot guess the password faster than the login page can.
#pragma once

#include <string_view>

#include "access/access.h"

namespace nansen::access {

// Counts one failed attempt on `account` inside `tx`, in one statement (parallel
// failures all count), and locks the account when the count reaches
// `policy.lockout_failures`; audited as session.login_failed or session.lockout with
// `via` ("login", "password_change") in the detail.
Status count_failure(db::Transaction& tx, const Actor& account, const SecurityPolicy& policy,
                     Instant now, std::string_view via);

// Verifies `actor`'s own current password (one Argon2id verification). Forbidden naming
// "current_password" if it is wrong (counted as a failure) or the account is locked.
Status check_current_password(db::Database& db, const Actor& actor, std::string_view password,
                              const SecurityPolicy& policy, Instant now);

}  // namespace nansen::access
