// SPDX-License-Identifier: Apache-2.0
// Private to procedures/: shared pieces of the case store.
#pragma once

#include <string>

#include "procedures/procedures.h"

namespace nansen::procedures {

struct CaseRow {
  std::string procedure_id;
  std::string country;
  std::string state;
  std::string modality;
};

// NotFound when absent or outside the actor's country scope.
Result<CaseRow> case_row_in_scope(db::Transaction& tx, const access::Actor& actor, CaseId id);
Result<Case> load_case(db::Transaction& tx, CaseId id);
const Definition* find_definition(const Catalog& catalog, std::string_view id);
Status audit_case(db::Transaction& tx, const access::Actor& actor, const std::string& action,
                  std::int64_t case_id, const std::string& country, Instant now,
                  const std::string& detail = "{}");

// The dependants of `c` who may be adults on `today` and have no "member_assessment"
// in its history yet (empty unless the definition assesses adults individually).
Result<std::vector<registry::PersonId>> unassessed_adults(db::Transaction& tx,
                                                          const Definition& def, const Case& c,
                                                          const CivilDate& today);

}  // namespace nansen::procedures
