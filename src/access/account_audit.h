// SPDX-License-Identifier: Apache-2.0
// Private to access/: the audit rows of account events (user.*, session.*, token.*).
#pragma once

#include "access/access.h"

namespace nansen::access {

// record_audit() for an event about the account `account`, with the row's country set to
// that account's country (read inside `tx`, so a just-created account counts): a
// country-scoped auditor then sees its own country's account events and no other's.
Status record_account_audit(db::Transaction& tx, const Actor& actor, UserId account,
                            AuditEvent event, Instant now);

}  // namespace nansen::access
