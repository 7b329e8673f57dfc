// SPDX-License-Identifier: Apache-2.0
// Registering a family at once: the principal, the members and their household in one
// transaction, so that a refusal halfway (a bad member, a member out of scope) leaves no
// person, no household and no audit record behind. The checks and the writes are those of
// register_person and create_household (internal.h), not copies of them.
#include "registry/internal.h"

namespace nansen::registry {
namespace {

// The principal's country: the household's, and the one every new member must share.
Result<std::string> family_country(db::Transaction& tx, const access::Actor& actor,
                                   const FamilyPerson& principal) {
  if (!principal.existing) {
    NANSEN_TRY(check_new_person(actor, principal.input));
    return principal.input.country;
  }
  auto country = person_country_in_scope(tx, actor, *principal.existing);
  if (!country) {
    Error e = country.error();
    e.field = "principal";
    return fail(e);
  }
  return *country;
}

Status check_member(const access::Actor& actor, const FamilyMember& m, const std::string& country) {
  // The principal is the head; a second one would only be refused later, less clearly.
  if (m.relationship == "head")
    return fail(ErrorCode::kInvalid, "the principal is the head of the household", "relationship");
  if (m.person.existing) return {};  // checked with the household (insert_household)
  if (m.person.input.country != country)
    return fail(ErrorCode::kInvalid, "a family is registered in one country: " + country,
                "country");
  return check_new_person(actor, m.person.input);
}

Result<PersonId> person_id(db::Transaction& tx, const access::Actor& actor, const FamilyPerson& p,
                           Instant now) {
  if (p.existing) return *p.existing;
  return insert_person(tx, actor, p.input, now);
}

}  // namespace

Result<RegisteredFamily> register_family(db::Database& db, const access::Actor& actor,
                                         const FamilyPerson& principal,
                                         const std::vector<FamilyMember>& members, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonWrite));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto country = family_country(**tx, actor, principal);
  if (!country) return fail(country.error());
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonWrite,
                               access::RecordScope{*country, ""}));
  // Every member is checked before the first write.
  for (std::size_t i = 0; i < members.size(); ++i)
    if (auto ok = check_member(actor, members[i], *country); !ok)
      return fail(under(list_entry("members", i), ok.error()));

  RegisteredFamily out;
  auto head = person_id(**tx, actor, principal, now);
  if (!head) return fail(head.error());
  out.principal = *head;
  std::vector<HouseholdMember> household = {{*head, "head"}};
  std::vector<std::string> fields = {"principal"};
  for (std::size_t i = 0; i < members.size(); ++i) {
    auto id = person_id(**tx, actor, members[i].person, now);
    if (!id) return fail(under(list_entry("members", i), id.error()));
    out.members.push_back(*id);
    household.push_back({*id, members[i].relationship});
    fields.push_back(list_entry("members", i));
  }
  NANSEN_TRY(check_household(household, fields));
  auto id = insert_household(**tx, actor, *country, household, fields, now);
  if (!id) return fail(id.error());
  out.household = *id;
  NANSEN_TRY((*tx)->commit());
  return out;
}

}  // namespace nansen::registry
