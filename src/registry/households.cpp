// SPDX-License-Identifier: Apache-2.0
// Households (registration groups) and consent per purpose.
#include <algorithm>
#include <set>

#include "registry/internal.h"

namespace nansen::registry {
namespace {

Status known_relationship(const std::string& r, const std::string& field) {
  static const std::set<std::string> kinds = {"head",    "spouse",     "child", "parent",
                                              "sibling", "grandchild", "other"};
  if (kinds.count(r) > 0) return {};
  return fail(ErrorCode::kInvalid,
              "expected head, spouse, child, parent, sibling, grandchild or other", field);
}

// The country of a household, or NotFound when absent or outside the actor's scope.
Result<std::string> household_country_in_scope(db::Transaction& tx, const access::Actor& actor,
                                               HouseholdId id) {
  auto h = tx.query_one("SELECT country FROM households WHERE id = ?", {id.value});
  if (!h) {
    if (h.error().code == ErrorCode::kNotFound)
      return fail(ErrorCode::kNotFound, "no such household", "household");
    return fail(h.error());
  }
  if (!access::covers_country(actor, h->text(0)))
    return fail(ErrorCode::kNotFound, "no such household", "household");
  return h->text(0);
}

// A member of the household's country in the actor's scope; the same NotFound for a
// person absent, elsewhere or of another country, so nothing tells them apart.
Status member_in_country(db::Transaction& tx, const access::Actor& actor, PersonId person,
                         const std::string& country, const std::string& field) {
  auto c = person_country_in_scope(tx, actor, person);
  if (!c || *c != country) return fail(ErrorCode::kNotFound, "no such person in " + country, field);
  return {};
}

Status insert_member_row(db::Transaction& tx, std::int64_t household, const HouseholdMember& m) {
  NANSEN_TRY(tx.execute(
      "INSERT INTO household_members (household_id, person_id, relationship) VALUES (?, ?, ?)",
      {household, m.person.value, m.relationship}));
  return {};
}

}  // namespace

Status check_household(const std::vector<HouseholdMember>& members,
                       const std::vector<std::string>& fields) {
  if (members.empty()) return fail(ErrorCode::kInvalid, "a household has members", "members");
  int heads = 0;
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < members.size(); ++i) {
    NANSEN_TRY(known_relationship(members[i].relationship, fields[i] + ".relationship"));
    if (!seen.insert(members[i].person.value).second)
      return fail(ErrorCode::kInvalid, "listed twice", fields[i] + ".person");
    heads += members[i].relationship == "head";
  }
  if (heads != 1) return fail(ErrorCode::kInvalid, "a household has exactly one head", "members");
  return {};
}

Result<HouseholdId> insert_household(db::Transaction& tx, const access::Actor& actor,
                                     const std::string& country,
                                     const std::vector<HouseholdMember>& members,
                                     const std::vector<std::string>& fields, Instant now) {
  for (std::size_t i = 0; i < members.size(); ++i)
    NANSEN_TRY(member_in_country(tx, actor, members[i].person, country, fields[i] + ".person"));
  auto id = tx.insert("INSERT INTO households (country, created_at) VALUES (?, ?) RETURNING id",
                      {country, format_instant(now)});
  if (!id) return fail(id.error());
  for (const auto& m : members) NANSEN_TRY(insert_member_row(tx, *id, m));
  NANSEN_TRY(audit(tx, actor, "household.create", "household", *id, country, now,
                   "{\"members\":" + std::to_string(members.size()) + "}"));
  return HouseholdId{*id};
}

Result<HouseholdId> create_household(db::Database& db, const access::Actor& actor,
                                     const std::string& country,
                                     const std::vector<HouseholdMember>& members, Instant now) {
  NANSEN_TRY(
      access::authorize(actor, access::Permission::kPersonWrite, access::RecordScope{country, ""}));
  std::vector<std::string> fields;
  for (std::size_t i = 0; i < members.size(); ++i) fields.push_back(list_entry("members", i));
  NANSEN_TRY(check_household(members, fields));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto id = insert_household(**tx, actor, country, members, fields, now);
  if (!id) return fail(id.error());
  NANSEN_TRY((*tx)->commit());
  return *id;
}

Result<std::vector<HouseholdMember>> household_members(db::Database& db, const access::Actor& actor,
                                                       HouseholdId id, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto country = household_country_in_scope(**tx, actor, id);
  if (!country) return fail(country.error());
  auto rows = (*tx)->query(
      "SELECT person_id, relationship FROM household_members WHERE household_id = ? "
      "ORDER BY person_id",
      {id.value});
  if (!rows) return fail(rows.error());
  std::vector<HouseholdMember> out;
  for (const auto& r : *rows) out.push_back({PersonId{r.integer(0)}, r.text(1)});
  NANSEN_TRY((*tx)->commit());
  tx->reset();  // the entry below needs a connection of the pool
  NANSEN_TRY(audit_read(db, actor, "household.read", "household", id.value, *country, now));
  return out;
}

Status add_household_member(db::Database& db, const access::Actor& actor, HouseholdId household,
                            PersonId person, const std::string& relationship, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonWrite));
  NANSEN_TRY(known_relationship(relationship, "relationship"));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto country = household_country_in_scope(**tx, actor, household);
  if (!country) return fail(country.error());
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonWrite,
                               access::RecordScope{*country, ""}));
  NANSEN_TRY(member_in_country(**tx, actor, person, *country, "person"));
  auto rows =
      (*tx)->query("SELECT person_id, relationship FROM household_members WHERE household_id = ?",
                   {household.value});
  if (!rows) return fail(rows.error());
  for (const auto& r : *rows) {
    if (r.integer(0) == person.value)
      return fail(ErrorCode::kConflict, "already a member of this household", "person");
    if (relationship == "head" && r.text(1) == "head")
      return fail(ErrorCode::kConflict, "this household has a head already", "relationship");
  }
  NANSEN_TRY(insert_member_row(**tx, household.value, {person, relationship}));
  NANSEN_TRY(audit(**tx, actor, "household.member.add", "household", household.value, *country, now,
                   "{\"person\":" + std::to_string(person.value) + ",\"relationship\":\"" +
                       relationship + "\"}"));
  return (*tx)->commit();
}

Status record_consent(db::Database& db, const access::Actor& actor, PersonId person,
                      const Consent& consent, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonWrite));
  if (trim(consent.legal_basis).empty() || !is_valid_utf8(consent.legal_basis) ||
      consent.legal_basis.size() > kMaxTextBytes)
    return fail(ErrorCode::kInvalid, "name the legal basis", "legal_basis");
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto country = person_country_in_scope(**tx, actor, person);
  if (!country) return fail(country.error());
  NANSEN_TRY((*tx)->execute(
      "INSERT INTO consents (person_id, purpose, given, legal_basis, recorded_at, recorded_by) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {person.value, std::string(purpose_name(consent.purpose)),
       std::int64_t{consent.given ? 1 : 0}, trim(consent.legal_basis), format_instant(now),
       actor.user.value}));
  NANSEN_TRY(audit(**tx, actor, "person.consent", "person", person.value, *country, now,
                   "{\"purpose\":\"" + std::string(purpose_name(consent.purpose)) +
                       "\",\"given\":" + (consent.given ? "true" : "false") + "}"));
  return (*tx)->commit();
}

Result<std::vector<Consent>> consents(db::Database& db, const access::Actor& actor, PersonId person,
                                      Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto country = person_country_in_scope(**tx, actor, person);
  if (!country) return fail(country.error());
  auto rows = (*tx)->query(
      "SELECT purpose, given, legal_basis, recorded_at FROM consents WHERE person_id = ? "
      "ORDER BY id",
      {person.value});
  if (!rows) return fail(rows.error());
  std::vector<Consent> latest;  // one per purpose, the last recorded wins
  for (const auto& r : *rows) {
    auto purpose = parse_purpose(r.text(0));
    if (!purpose) continue;
    Consent c{*purpose, r.integer(1) != 0, r.text(2), r.text(3)};
    auto it = std::find_if(latest.begin(), latest.end(),
                           [&](const Consent& x) { return x.purpose == c.purpose; });
    if (it == latest.end())
      latest.push_back(c);
    else
      *it = c;
  }
  NANSEN_TRY((*tx)->commit());
  tx->reset();
  NANSEN_TRY(audit_read(db, actor, "person.consent.read", "person", person.value, *country, now));
  return latest;
}

namespace {

Result<std::optional<HouseholdId>> household_id_in(db::Transaction& tx, const access::Actor& actor,
                                                   PersonId person) {
  auto country = person_country_in_scope(tx, actor, person);
  if (!country) return fail(country.error());
  auto rows = tx.query(
      "SELECT household_id FROM household_members WHERE person_id = ? ORDER BY household_id DESC "
      "LIMIT 1",
      {person.value});
  if (!rows) return fail(rows.error());
  if (rows->empty()) return std::optional<HouseholdId>{};
  return std::optional<HouseholdId>{HouseholdId{rows->front().integer(0)}};
}

}  // namespace

Result<std::optional<HouseholdId>> household_id_of(db::Database& db, const access::Actor& actor,
                                                   PersonId person) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto id = household_id_in(**tx, actor, person);
  if (!id) return fail(id.error());
  NANSEN_TRY((*tx)->commit());
  return *id;
}

Result<std::optional<HouseholdView>> view_household_of(db::Database& db, const access::Actor& actor,
                                                       PersonId person, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto id = household_id_in(**tx, actor, person);
  if (!id) return fail(id.error());
  if (!*id) return std::optional<HouseholdView>{};
  auto country = household_country_in_scope(**tx, actor, **id);
  if (!country) return fail(country.error());
  // Members in the household's country only: the scope of the household is the scope of
  // each member (add_household_member keeps them in one country).
  auto rows = (*tx)->query(
      "SELECT m.person_id, m.relationship, p.birth_date, (SELECT n.full_name FROM person_names n "
      "WHERE n.person_id = p.id ORDER BY n.id LIMIT 1) FROM household_members m "
      "JOIN persons p ON p.id = m.person_id WHERE m.household_id = ? AND p.country = ? "
      "ORDER BY m.person_id",
      {(*id)->value, *country});
  if (!rows) return fail(rows.error());
  HouseholdView view{**id, {}};
  std::string persons;
  for (const auto& r : *rows) {
    view.members.push_back({PersonId{r.integer(0)}, r.text(1), r.text(3), read_date(r, 2)});
    persons += (persons.empty() ? "" : ",") + std::to_string(r.integer(0));
  }
  NANSEN_TRY((*tx)->commit());
  tx->reset();  // the entry below needs a connection of the pool
  NANSEN_TRY(audit_read(db, actor, "household.read", "household", view.id.value, *country, now,
                        "{\"persons\":[" + persons + "]}"));
  return std::optional<HouseholdView>{std::move(view)};
}

}  // namespace nansen::registry
