// SPDX-License-Identifier: Apache-2.0
// The registry's use cases as the server runs them, over the database AND the match index:
// registration behind the duplicate gate, and merge and unmerge. Each brings the index up
// to date once its transaction has committed, so no caller has to remember to.
#include <algorithm>

#include "registry/internal.h"

namespace nansen::registry {
namespace {

// After a commit: the person's entries in the index follow the database. A failure leaves
// the saved change standing (the index is rebuilt from the database at the next start);
// it is logged by id only.
void follow(db::Database& db, match::Index& index, PersonId id) {
  if (auto st = refresh_index(db, index, id); !st)
    log_warn("person " + std::to_string(id.value) +
             " is not up to date in the match index: " + st.error().message);
}

Status check_linked_in_scope(db::Database& db, const access::Actor& actor, PersonId id) {
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto country = person_country_in_scope(**tx, actor, id);
  if (!country) {
    Error e = country.error();
    e.field = "principal";  // as register_family names a linked principal
    return fail(e);
  }
  return (*tx)->commit();
}

}  // namespace

bool Registration::stopped() const {
  return !problems.empty() || std::any_of(candidates.begin(), candidates.end(),
                                          [](const auto& c) { return !c.empty(); });
}

Result<Registration> register_checked(match::Index& index, db::Database& db,
                                      const access::Actor& actor, const FamilyPerson& principal,
                                      const std::vector<FamilyMember>& members, bool confirm_new,
                                      Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonWrite));
  Registration out;
  // Every problem of every new person at once, so the officer corrects the form once.
  if (!principal.existing) out.problems = check_person(principal.input);
  for (std::size_t i = 0; i < members.size(); ++i)
    if (!members[i].person.existing)
      for (Error& e : check_person(members[i].person.input))
        out.problems.push_back(under(list_entry("members", i), std::move(e)));
  if (!out.problems.empty()) return out;
  // The gate: every person to be created, against the persons in the actor's scope.
  out.candidates.resize(members.size() + 1);
  if (!confirm_new) {
    const auto gate = [&](const FamilyPerson& p, std::size_t slot,
                          const std::string& prefix) -> Status {
      if (p.existing) return {};
      auto found = likely_duplicates(index, db, actor, p.input, now);
      if (!found) return fail(prefix.empty() ? found.error() : under(prefix, found.error()));
      out.candidates[slot] = std::move(*found);
      return {};
    };
    NANSEN_TRY(gate(principal, 0, ""));
    for (std::size_t i = 0; i < members.size(); ++i)
      NANSEN_TRY(gate(members[i].person, i + 1, list_entry("members", i)));
    if (out.stopped()) return out;  // nothing written: the officer links or confirms
  }
  out.candidates.clear();

  if (members.empty()) {
    if (principal.existing) {
      NANSEN_TRY(check_linked_in_scope(db, actor, *principal.existing));
      out.principal = *principal.existing;
      return out;
    }
    auto id = register_person(db, actor, principal.input, now);
    if (!id) return fail(id.error());
    follow(db, index, *id);
    out.principal = *id;
    return out;
  }
  auto family = register_family(db, actor, principal, members, now);
  if (!family) return fail(family.error());
  if (!principal.existing) follow(db, index, family->principal);
  for (std::size_t i = 0; i < members.size(); ++i)
    if (!members[i].person.existing) follow(db, index, family->members[i]);
  out.principal = family->principal;
  out.members = family->members;
  out.household = family->household;
  return out;
}

Status merge_persons(match::Index& index, db::Database& db, const access::Actor& actor,
                     PersonId duplicate, PersonId survivor, Instant now) {
  NANSEN_TRY(merge_persons(db, actor, duplicate, survivor, now));
  follow(db, index, duplicate);
  return {};
}

Status unmerge_person(match::Index& index, db::Database& db, const access::Actor& actor,
                      PersonId duplicate, Instant now) {
  NANSEN_TRY(unmerge_person(db, actor, duplicate, now));
  follow(db, index, duplicate);
  return {};
}

}  // namespace nansen::registry
