// SPDX-License-Identifier: Apache-2.0
// The match index of the registry: every name of every unmerged person, filed under the
// person's country. Loaded at start-up; kept current after each committed change.
#include "registry/internal.h"
#include "text/text.h"

namespace nansen::registry {
namespace {

std::string record_id(PersonId id, std::size_t name) {
  return std::to_string(id.value) + "#" + std::to_string(name);
}

// A name the matcher can use: some letter in the parts it is read from.
bool usable(const PersonName& n) {
  auto has_letters = [](const std::string& s) {
    auto sk = text::skeleton(s);
    return sk && !sk->empty();
  };
  if (!trim(n.given).empty() || !trim(n.family).empty() || !trim(n.patronymic).empty())
    return has_letters(n.given) || has_letters(n.family) || has_letters(n.patronymic);
  return has_letters(n.full_name);
}

std::optional<CivilDate> optional_date(const std::string& s) {
  if (s.empty()) return std::nullopt;
  auto d = parse_civil_date(s);
  if (!d) return std::nullopt;
  return *d;
}

constexpr std::string_view kPersonNamesSql =
    "SELECT p.id, p.country, p.sex, p.birth_date, n.full_name, n.given, n.family, "
    "n.patronymic FROM persons p JOIN person_names n ON n.person_id = p.id ";

// Persons from rows of kPersonNamesSql ordered by person and name, in that order.
std::vector<Person> persons_of(const std::vector<db::Row>& rows) {
  std::vector<Person> out;
  for (const auto& r : rows) {
    if (out.empty() || out.back().id.value != r.integer(0)) {
      Person p;
      p.id = PersonId{r.integer(0)};
      p.country = r.text(1);
      p.sex = r.text(2).empty() ? 'U' : r.text(2)[0];
      p.birth_date = optional_date(r.text(3));
      out.push_back(std::move(p));
    }
    out.back().names.push_back(
        PersonName{NameKind::kOfficial, r.text(4), r.text(5), r.text(6), r.text(7), ""});
  }
  return out;
}

}  // namespace

std::optional<PersonId> person_of_record(std::string_view record_id) {
  const auto hash = record_id.find('#');
  std::int64_t id = 0;
  for (char c : record_id.substr(0, hash)) {
    if (c < '0' || c > '9' || id > INT64_MAX / 10 - 9) return std::nullopt;
    id = id * 10 + (c - '0');
  }
  if (id <= 0) return std::nullopt;
  return PersonId{id};
}

std::vector<match::PersonRecord> match_records(const Person& person) {
  std::optional<text::Sex> sex;
  if (person.sex == 'M') sex = text::Sex::kMale;
  if (person.sex == 'F') sex = text::Sex::kFemale;
  std::string nationality;
  for (const auto& c : person.nationalities) {
    if (c.claim == "stateless")
      nationality = "XXA";
    else if (c.claim != "undetermined")
      nationality = c.claim;
    if (!nationality.empty()) break;
  }
  std::vector<match::PersonRecord> out;
  for (std::size_t i = 0; i < person.names.size(); ++i) {
    const PersonName& n = person.names[i];
    if (!usable(n)) continue;
    match::PersonRecord r;
    r.record_id = record_id(person.id, i);
    r.full_name = n.full_name;
    r.given_name = n.given;
    r.family_name = n.family;
    r.patronymic = n.patronymic;
    r.birth_date = person.birth_date;
    r.sex = sex;
    r.nationality = nationality;
    r.country = person.country;
    out.push_back(std::move(r));
  }
  return out;
}

Status load_index(db::Database& db, match::Index& index) {
  auto rows =
      db.query(std::string(kPersonNamesSql) + "WHERE p.merged_into IS NULL ORDER BY p.id, n.id");
  if (!rows) return fail(rows.error());
  auto claims = db.query(
      "SELECT c.person_id, c.claim, c.basis FROM person_nationalities c JOIN persons p ON "
      "p.id = c.person_id WHERE p.merged_into IS NULL ORDER BY c.person_id, c.id");
  if (!claims) return fail(claims.error());
  std::vector<Person> persons = persons_of(*rows);
  // Both lists are ordered by person: one pass joins them.
  std::size_t at = 0;
  for (const auto& c : *claims) {
    while (at < persons.size() && persons[at].id.value < c.integer(0)) ++at;
    if (at < persons.size() && persons[at].id.value == c.integer(0))
      persons[at].nationalities.push_back({c.text(1), c.text(2)});
  }
  std::vector<match::PersonRecord> records;
  for (const Person& p : persons)
    for (auto& r : match_records(p)) records.push_back(std::move(r));
  return index.add_all(records);
}

Status refresh_index(db::Database& db, match::Index& index, PersonId id) {
  auto rows = db.query(
      std::string(kPersonNamesSql) + "WHERE p.id = ? AND p.merged_into IS NULL ORDER BY n.id",
      {id.value});
  if (!rows) return fail(rows.error());
  auto persons = persons_of(*rows);
  std::size_t names = 0;
  if (!persons.empty()) {
    Person& p = persons.front();
    auto claims =
        db.query("SELECT claim, basis FROM person_nationalities WHERE person_id = ? ORDER BY id",
                 {id.value});
    if (!claims) return fail(claims.error());
    for (const auto& c : *claims) p.nationalities.push_back({c.text(0), c.text(1)});
    names = p.names.size();
    // Each added entry replaces its own: a search running meanwhile finds the person
    // under the old or the new names, never under none.
    for (const auto& r : match_records(p)) NANSEN_TRY(index.add(r));
  }
  // Entries of names the person no longer has: all of them once merged or absent.
  for (std::size_t n = names; n < kMaxNames; ++n) index.remove(record_id(id, n));
  return {};
}

}  // namespace nansen::registry
