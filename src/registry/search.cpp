// SPDX-License-Identifier: Apache-2.0
// Finding persons: by any spelling (skeleton tokens), by identity document number, and
// through match/'s index for the duplicate check at registration.
#include <algorithm>
#include <cstdio>
#include <map>

#include "registry/internal.h"
#include "text/text.h"

namespace nansen::registry {
namespace {

constexpr std::size_t kMaxQueryBytes = 256;

std::optional<CivilDate> parse_optional_date(const std::string& s) {
  if (s.empty()) return std::nullopt;
  auto d = parse_civil_date(s);
  if (!d) return std::nullopt;
  return *d;
}

// Name, birth date and sex of persons, for result lists (first name = the first entered).
Result<std::vector<PersonSummary>> summaries(db::Transaction& tx,
                                             const std::vector<std::int64_t>& ids,
                                             const std::vector<std::string>& reasons) {
  std::vector<PersonSummary> out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto row = tx.query_one(
        "SELECT p.country, p.sex, p.birth_date, "
        "(SELECT full_name FROM person_names n WHERE n.person_id = p.id ORDER BY n.id LIMIT 1) "
        "FROM persons p WHERE p.id = ?",
        {ids[i]});
    if (!row) return fail(row.error());
    PersonSummary s;
    s.id = PersonId{ids[i]};
    s.country = row->text(0);
    s.sex = row->text(1).empty() ? 'U' : row->text(1)[0];
    s.birth_date = parse_optional_date(row->text(2));
    s.name = row->text(3);
    s.reason = reasons[i];
    out.push_back(std::move(s));
  }
  return out;
}

void add_unique(std::vector<std::int64_t>& ids, std::vector<std::string>& reasons, std::int64_t id,
                const std::string& reason, std::size_t limit) {
  if (ids.size() >= limit) return;
  for (auto existing : ids)
    if (existing == id) return;
  ids.push_back(id);
  reasons.push_back(reason);
}

}  // namespace

Result<std::vector<PersonSummary>> search_persons(db::Database& db, const access::Actor& actor,
                                                  std::string_view query, Instant now, int limit) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonRead));
  if (!is_valid_utf8(query)) return fail(ErrorCode::kInvalid, "not valid UTF-8", "q");
  if (query.size() > kMaxQueryBytes)
    return fail(ErrorCode::kTooLarge, "a search is at most 256 bytes", "q");
  const std::string q = trim(query);
  if (q.empty()) return fail(ErrorCode::kInvalid, "enter a name or a document number", "q");
  const std::size_t cap = static_cast<std::size_t>(std::clamp(limit, 1, 200));

  // A country-scoped actor's filter is part of the SQL: rows of other countries are never
  // read, so neither results nor timing depend on them.
  const std::string scope_sql = actor.scope.country ? " AND p.country = ?" : "";
  auto scoped = [&](db::Params params) {
    if (actor.scope.country) params.push_back(*actor.scope.country);
    return params;
  };

  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  std::vector<std::int64_t> ids;
  std::vector<std::string> reasons;

  auto by_doc = (*tx)->query(
      "SELECT DISTINCT p.id FROM persons p JOIN identity_documents d ON d.person_id = p.id "
      "WHERE d.number_key = ? AND p.merged_into IS NULL" +
          scope_sql + " ORDER BY p.id LIMIT ?",
      [&] {
        auto p = scoped({document_number_key(q)});
        p.push_back(static_cast<std::int64_t>(cap));
        return p;
      }());
  if (!by_doc) return fail(by_doc.error());
  for (const auto& r : *by_doc) add_unique(ids, reasons, r.integer(0), "document number", cap);

  // A query with a digit is a document number, not a name.
  const bool has_digit =
      std::any_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; });
  auto skeleton = text::skeleton(q);
  if (!skeleton) return fail(ErrorCode::kInvalid, skeleton.error().message, "q");
  const auto tokens = split(*skeleton, ' ');
  if (!has_digit && !skeleton->empty()) {
    std::string sql =
        "SELECT DISTINCT p.id FROM persons p JOIN person_names n ON n.person_id = p.id "
        "WHERE p.merged_into IS NULL";
    db::Params params;
    for (const auto& t : tokens) {
      sql += " AND n.skeleton LIKE ?";
      params.push_back("%" + t + "%");  // skeletons are a–z and spaces: no LIKE wildcards
    }
    sql += scope_sql + " ORDER BY p.id LIMIT ?";
    params = scoped(params);
    params.push_back(static_cast<std::int64_t>(cap));
    auto by_name = (*tx)->query(sql, params);
    if (!by_name) return fail(by_name.error());
    for (const auto& r : *by_name) add_unique(ids, reasons, r.integer(0), "name", cap);
  }

  auto out = summaries(**tx, ids, reasons);
  if (!out) return fail(out.error());
  NANSEN_TRY(audit(**tx, actor, "person.search", "person", 0, actor.scope.country, now,
                   "{\"results\":" + std::to_string(out->size()) + "}"));
  NANSEN_TRY((*tx)->commit());
  return out;
}

match::PersonRecord match_record(const Person& person) {
  match::PersonRecord r;
  r.record_id = person.country + ":" + std::to_string(person.id.value);
  if (!person.names.empty()) {
    const PersonName& n = person.names.front();
    r.full_name = n.full_name;
    r.given_name = n.given;
    r.family_name = n.family;
    r.patronymic = n.patronymic;
  }
  r.birth_date = person.birth_date;
  if (person.sex == 'M') r.sex = text::Sex::kMale;
  if (person.sex == 'F') r.sex = text::Sex::kFemale;
  for (const auto& c : person.nationalities) {
    if (c.claim == "stateless")
      r.nationality = "XXA";
    else if (c.claim != "undetermined")
      r.nationality = c.claim;
    if (!r.nationality.empty()) break;
  }
  return r;
}

Status load_index(db::Database& db, match::Index& index) {
  auto rows = db.query(
      "SELECT p.id, p.country, p.sex, p.birth_date, n.full_name, n.given, n.family, "
      "n.patronymic FROM persons p JOIN person_names n ON n.person_id = p.id "
      "WHERE p.merged_into IS NULL ORDER BY p.id, n.id");
  if (!rows) return fail(rows.error());
  std::vector<match::PersonRecord> records;
  std::int64_t last = 0;
  for (const auto& r : *rows) {
    if (r.integer(0) == last) continue;  // the first name of each person
    last = r.integer(0);
    Person p;
    p.id = PersonId{last};
    p.country = r.text(1);
    p.sex = r.text(2).empty() ? 'U' : r.text(2)[0];
    p.birth_date = parse_optional_date(r.text(3));
    p.names.push_back(
        PersonName{NameKind::kOfficial, r.text(4), r.text(5), r.text(6), r.text(7), ""});
    auto skeleton = text::skeleton(p.names[0].full_name);
    if (!skeleton || skeleton->empty()) continue;  // nothing the matcher could use
    records.push_back(match_record(p));
  }
  return index.add_all(records);
}

Result<std::vector<PersonSummary>> likely_duplicates(const match::Index& index, db::Database& db,
                                                     const access::Actor& actor,
                                                     const PersonInput& input, std::size_t top_k) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonRead));
  if (input.names.empty()) return fail(ErrorCode::kInvalid, "a name is required", "names");
  Person probe;
  static_cast<PersonInput&>(probe) = input;
  const match::PersonRecord rec = match_record(probe);
  match::Query query{rec.full_name, rec.birth_date, rec.sex, rec.nationality};
  // Ask for more than needed: hits outside the actor's scope are dropped here.
  auto hits = index.search(query, top_k * 4 + 20);
  if (!hits) return fail(ErrorCode::kInvalid, hits.error().message, "names[0].full_name");
  std::vector<std::int64_t> ids;
  std::vector<std::string> reasons;
  for (const auto& h : *hits) {
    if (h.decision == match::Decision::kDifferent) continue;
    const auto colon = h.record_id.find(':');
    if (colon == std::string::npos) continue;
    if (!access::covers_country(actor, h.record_id.substr(0, colon))) continue;
    char weight[64];
    std::snprintf(weight, sizeof weight, "match weight %.1f (%s)", h.weight,
                  std::string(match::decision_name(h.decision)).c_str());
    add_unique(ids, reasons, std::stoll(h.record_id.substr(colon + 1)), weight, top_k);
  }
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  return summaries(**tx, ids, reasons);
}

}  // namespace nansen::registry
