// SPDX-License-Identifier: Apache-2.0
// Registering and reading persons: one transaction each, with its audit record.
#include "registry/internal.h"
#include "text/text.h"

namespace nansen::registry {

std::optional<CivilDate> read_date(const db::Row& row, std::size_t i) {
  auto text = row.optional_text(i);
  if (!text || text->empty()) return std::nullopt;
  auto d = parse_civil_date(*text);
  if (!d) return std::nullopt;
  return *d;
}

namespace {

db::Value optional_date(const std::optional<CivilDate>& d) {
  if (!d) return std::monostate{};
  return format_civil_date(*d);
}

Status insert_details(db::Transaction& tx, std::int64_t id, const PersonInput& p) {
  for (const auto& n : p.names) {
    auto skeleton = text::skeleton(n.full_name);
    if (!skeleton) return fail(skeleton.error());
    NANSEN_TRY(tx.execute(
        "INSERT INTO person_names (person_id, kind, script, full_name, given, family, "
        "patronymic, skeleton) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {id, std::string(name_kind_name(n.kind)),
         std::string(text::script_name(text::detect_script(n.full_name))), trim(n.full_name),
         trim(n.given), trim(n.family), trim(n.patronymic), *skeleton}));
  }
  for (const auto& c : p.nationalities)
    NANSEN_TRY(
        tx.execute("INSERT INTO person_nationalities (person_id, claim, basis) VALUES (?, ?, ?)",
                   {id, c.claim, trim(c.basis)}));
  for (const auto& d : p.documents)
    NANSEN_TRY(tx.execute(
        "INSERT INTO identity_documents (person_id, doc_type, number, number_key, issuer, "
        "valid_from, valid_until) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {id, trim(d.type), trim(d.number), document_number_key(d.number), trim(d.issuer),
         optional_date(d.valid_from), optional_date(d.valid_until)}));
  for (const auto& need : p.specific_needs)
    NANSEN_TRY(tx.execute(
        "INSERT INTO person_needs (person_id, need) VALUES (?, ?) ON CONFLICT DO NOTHING",
        {id, trim(need)}));
  for (const auto& lang : p.languages)
    NANSEN_TRY(tx.execute(
        "INSERT INTO person_languages (person_id, language) VALUES (?, ?) ON CONFLICT DO "
        "NOTHING",
        {id, lang}));
  return {};
}

}  // namespace

Status check_new_person(const access::Actor& actor, const PersonInput& input) {
  NANSEN_TRY(validate_person(input));
  return access::authorize(actor, access::Permission::kPersonWrite,
                           access::RecordScope{input.country, input.organisation});
}

Result<PersonId> insert_person(db::Transaction& tx, const access::Actor& actor,
                               const PersonInput& input, Instant now) {
  const std::string at = format_instant(now);
  auto id = tx.insert(
      "INSERT INTO persons (country, organisation, sex, birth_date, birth_place, "
      "interpreter_needed, contact, created_at, created_by, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {input.country, trim(input.organisation), std::string(1, input.sex),
       optional_date(input.birth_date), trim(input.birth_place),
       std::int64_t{input.interpreter_needed ? 1 : 0}, trim(input.contact), at, actor.user.value,
       at});
  if (!id) return fail(id.error());
  NANSEN_TRY(insert_details(tx, *id, input));
  NANSEN_TRY(audit(tx, actor, "person.create", "person", *id, input.country, now,
                   "{\"names\":" + std::to_string(input.names.size()) + "}"));
  return PersonId{*id};
}

Result<PersonId> register_person(db::Database& db, const access::Actor& actor,
                                 const PersonInput& input, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonWrite));
  NANSEN_TRY(check_new_person(actor, input));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto id = insert_person(**tx, actor, input, now);
  if (!id) return fail(id.error());
  NANSEN_TRY((*tx)->commit());
  return *id;
}

namespace {

Status load_details(db::Transaction& tx, Person& p) {
  const db::Params id = {p.id.value};
  auto names = tx.query(
      "SELECT kind, script, full_name, given, family, patronymic FROM person_names "
      "WHERE person_id = ? ORDER BY id",
      id);
  if (!names) return fail(names.error());
  for (const auto& r : *names) {
    PersonName n;
    n.kind = parse_name_kind(r.text(0)).value_or(NameKind::kAlias);
    n.script = r.text(1);
    n.full_name = r.text(2);
    n.given = r.text(3);
    n.family = r.text(4);
    n.patronymic = r.text(5);
    p.names.push_back(std::move(n));
  }
  auto nat =
      tx.query("SELECT claim, basis FROM person_nationalities WHERE person_id = ? ORDER BY id", id);
  if (!nat) return fail(nat.error());
  for (const auto& r : *nat) p.nationalities.push_back({r.text(0), r.text(1)});
  auto docs = tx.query(
      "SELECT doc_type, number, issuer, valid_from, valid_until FROM identity_documents "
      "WHERE person_id = ? ORDER BY id",
      id);
  if (!docs) return fail(docs.error());
  for (const auto& r : *docs)
    p.documents.push_back({r.text(0), r.text(1), r.text(2), read_date(r, 3), read_date(r, 4)});
  auto needs = tx.query("SELECT need FROM person_needs WHERE person_id = ? ORDER BY need", id);
  if (!needs) return fail(needs.error());
  for (const auto& r : *needs) p.specific_needs.push_back(r.text(0));
  auto langs =
      tx.query("SELECT language FROM person_languages WHERE person_id = ? ORDER BY language", id);
  if (!langs) return fail(langs.error());
  for (const auto& r : *langs) p.languages.push_back(r.text(0));
  return {};
}

}  // namespace

Result<std::map<std::int64_t, std::string>> first_names(db::Transaction& tx,
                                                        const std::vector<PersonId>& ids) {
  std::map<std::int64_t, std::string> out;
  if (ids.empty()) return out;
  std::string sql = "SELECT person_id, full_name FROM person_names WHERE person_id IN (";
  db::Params params;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += i ? ",?" : "?";
    params.push_back(ids[i].value);
  }
  sql += ") ORDER BY id";
  auto rows = tx.query(sql, params);
  if (!rows) return fail(rows.error());
  for (const auto& r : *rows) out.try_emplace(r.integer(0), r.text(1));  // the first wins
  return out;
}

Result<Person> get_person(db::Database& db, const access::Actor& actor, PersonId id, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto country = person_country_in_scope(**tx, actor, id);
  if (!country) return fail(country.error());
  auto row = (*tx)->query_one(
      "SELECT country, organisation, sex, birth_date, birth_place, interpreter_needed, contact, "
      "merged_into, created_at FROM persons WHERE id = ?",
      {id.value});
  if (!row) return fail(row.error());
  Person p;
  p.id = id;
  p.country = row->text(0);
  p.organisation = row->text(1);
  p.sex = row->text(2).empty() ? 'U' : row->text(2)[0];
  p.birth_date = read_date(*row, 3);
  p.birth_place = row->text(4);
  p.interpreter_needed = row->integer(5) != 0;
  p.contact = row->text(6);
  if (auto m = row->optional_integer(7)) p.merged_into = PersonId{*m};
  p.created_at = row->text(8);
  NANSEN_TRY(load_details(**tx, p));
  NANSEN_TRY((*tx)->commit());
  tx->reset();  // the entry below needs a connection of the pool
  NANSEN_TRY(audit_read(db, actor, "person.read", "person", id.value, p.country, now));
  return p;
}

}  // namespace nansen::registry
