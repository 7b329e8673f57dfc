// SPDX-License-Identifier: Apache-2.0
// Validation without writing, for forms: the same rules the writes apply, but every
// problem at once, so a form can show each one beside its field.
#include "pledges/internal.h"

namespace nansen::pledges {
namespace {

std::vector<InputProblem> public_problems(const std::vector<detail::FieldProblem>& problems) {
  std::vector<InputProblem> out;
  out.reserve(problems.size());
  for (const auto& p : problems) out.push_back({p.field, p.message});
  return out;
}

}  // namespace

Result<std::vector<InputProblem>> check_pledge(db::Database& db, const access::Actor& actor,
                                               const PledgeInput& in) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto entities = detail::load_entities(**tx);
  if (!entities) return fail(entities.error());
  return public_problems(detail::validate_pledge(in, detail::entities_by_code(*entities)));
}

std::vector<InputProblem> check_update(const UpdateInput& in, Instant now) {
  return public_problems(detail::validate_update(in, now));
}

Result<std::vector<InputProblem>> check_consultation(db::Database& db, const access::Actor& actor,
                                                     const ConsultationInput& in) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeReview));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto problems = detail::validate_consultation(**tx, in);
  if (!problems) return fail(problems.error());
  return public_problems(*problems);
}

}  // namespace nansen::pledges
