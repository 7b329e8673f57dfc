// SPDX-License-Identifier: Apache-2.0
// The person search: a name (any script, spelling, order, typos, MRZ, papers issued
// abroad, a name alone, with an optional birth date) answered by the match index inside
// the actor's country; document and case numbers by exact key. One audit row names the
// persons shown.
#include <algorithm>
#include <cstdio>
#include <map>

#include "registry/internal.h"

namespace nansen::registry {
namespace {

// A name hit is shown when its evidence is for rather than against the person: a
// search box lists candidates (a surname alone, a typo), the duplicate check only what
// the matcher does not call different.
constexpr double kSearchFloor = 0.0;

// Invalid naming "q": over 256 bytes, not UTF-8, or a control character (C0, DEL, C1).
Status check_query(std::string_view q) {
  if (q.size() > kMaxQueryBytes)
    return fail(ErrorCode::kInvalid, "a search is at most 256 bytes", "q");
  if (!is_valid_utf8(q)) return fail(ErrorCode::kInvalid, "not valid UTF-8", "q");
  for (std::size_t i = 0; i < q.size(); ++i) {
    const auto c = static_cast<unsigned char>(q[i]);
    const bool c1 = c == 0xC2 && i + 1 < q.size() && static_cast<unsigned char>(q[i + 1]) <= 0x9F;
    if (c < 0x20 || c == 0x7F || c1)
      return fail(ErrorCode::kInvalid, "a search holds no control characters", "q");
  }
  return {};
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A birth date or year as a caseworker types it: 1988, 1988-03, 1988-03-15, 15.03.1988,
// 15/03/1988, a leading ~ for an approximate one.
std::optional<CivilDate> date_token(std::string_view t) {
  std::string_view body = t.substr(!t.empty() && t[0] == '~' ? 1 : 0);
  const std::string prefix = body.size() < t.size() ? "~" : "";
  if (body.size() >= 4 && all_digits(body.substr(0, 4)) && (body.size() == 4 || body[4] == '-')) {
    auto d = parse_civil_date(t);
    return d ? std::optional<CivilDate>(*d) : std::nullopt;
  }
  const char sep = body.find('.') != std::string_view::npos ? '.' : '/';
  const auto parts = split(body, sep);
  if (parts.size() != 3 || parts[0].size() > 2 || parts[1].size() > 2 || parts[2].size() != 4 ||
      !all_digits(parts[0]) || !all_digits(parts[1]) || !all_digits(parts[2]))
    return std::nullopt;
  auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
  auto d = parse_civil_date(prefix + parts[2] + "-" + two(parts[1]) + "-" + two(parts[0]));
  return d ? std::optional<CivilDate>(*d) : std::nullopt;
}

// What a query asks for: a name (with a birth date), or numbers.
struct Terms {
  std::string name;
  std::optional<CivilDate> born;
  bool numbers = false;  // a document or case number
};

Terms terms_of(const std::string& q) {
  std::vector<std::string> words;
  std::vector<CivilDate> dates;
  for (const std::string& t : split(q, ' ')) {
    if (t.empty()) continue;
    if (auto d = date_token(t))
      dates.push_back(*d);
    else
      words.push_back(t);
  }
  Terms terms;
  const bool digits_in_words =
      std::any_of(words.begin(), words.end(), [](const std::string& w) { return has_digit(w); });
  if (dates.size() == 1 && !words.empty() && !digits_in_words) {
    for (const auto& w : words) terms.name += (terms.name.empty() ? "" : " ") + w;
    terms.born = dates.front();
  } else if (has_digit(q)) {
    terms.numbers = true;
  } else {
    terms.name = q;
  }
  return terms;
}

std::string scheme_label(text::Scheme s) {
  // GOST 7.79 system A and ISO 9 are one table; caseworkers know it as ISO 9.
  return s == text::Scheme::kGost779 ? "iso9" : std::string(text::scheme_name(s));
}

// The audit detail of a look-up: its purpose and query kind (fixed words), the ids shown.
std::string lookup_json(const Lookup& lookup, const std::vector<PersonSummary>& shown) {
  std::string out = "{\"purpose\":\"" + lookup.purpose + "\",\"query\":[";
  for (std::size_t i = 0; i < lookup.query.size(); ++i)
    out += (i ? ",\"" : "\"") + lookup.query[i] + "\"";
  out += "],\"results\":" + std::to_string(shown.size()) + ",\"persons\":[";
  for (std::size_t i = 0; i < shown.size(); ++i)
    out += (i ? "," : "") + std::to_string(shown[i].id.value);
  return out + "]}";
}

std::optional<CivilDate> optional_date(const std::string& s) {
  if (s.empty()) return std::nullopt;
  auto d = parse_civil_date(s);
  if (!d) return std::nullopt;
  return *d;
}

// Persons holding the identity or issued document, or belonging to the case (principal
// first), numbered `q`: exact keys, in the actor's scope, unmerged.
Status by_number(db::Transaction& tx, const access::Actor& actor, const std::string& q,
                 std::vector<Found>& found) {
  const std::string scope = actor.scope.country ? " AND p.country = ?" : "";
  auto params = [&](std::string key) {
    db::Params p{std::move(key)};
    if (actor.scope.country) p.push_back(*actor.scope.country);
    return p;
  };
  const std::string key = document_number_key(q);
  for (const char* sql :
       {"SELECT DISTINCT p.id FROM persons p JOIN identity_documents d ON d.person_id = p.id "
        "WHERE d.number_key = ? AND p.merged_into IS NULL",
        "SELECT DISTINCT p.id FROM persons p JOIN issued_documents d ON d.person_id = p.id "
        "WHERE d.number = ? AND p.merged_into IS NULL"}) {
    auto rows = tx.query(std::string(sql) + scope + " ORDER BY p.id", params(key));
    if (!rows) return fail(rows.error());
    for (const auto& r : *rows) found.push_back({PersonId{r.integer(0)}, "document number", {}});
  }
  // A case number tells that a person has a case: for those who may read cases.
  if (!access::has_permission(actor.role, access::Permission::kCaseRead)) return {};
  std::string number = trim(q);
  for (char& c : number) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* sql :
       {"SELECT p.id FROM cases c JOIN persons p ON p.id = c.principal_id "
        "WHERE c.number = ? AND p.merged_into IS NULL",
        "SELECT p.id FROM cases c JOIN case_members m ON m.case_id = c.id "
        "JOIN persons p ON p.id = m.person_id "
        "WHERE c.number = ? AND p.id <> c.principal_id AND p.merged_into IS NULL"}) {
    auto rows = tx.query(std::string(sql) + scope + " ORDER BY p.id", params(number));
    if (!rows) return fail(rows.error());
    for (const auto& r : *rows) found.push_back({PersonId{r.integer(0)}, "case number", {}});
  }
  return {};
}

}  // namespace

MatchReason match_reason(const match::SearchHit& hit) {
  MatchReason m;
  m.weight = hit.weight;
  m.decision = std::string(match::decision_name(hit.decision));
  for (std::size_t f = 0; f < match::kFieldCount; ++f) {
    const int level = hit.comparison.level[f];
    if (level <= 0) continue;  // missing, or the lowest level: no agreement
    const auto field = static_cast<match::Field>(f);
    m.fields.push_back(
        {std::string(match::field_name(field)), std::string(match::level_name(field, level))});
  }
  if (hit.reading) m.reading = scheme_label(*hit.reading);
  return m;
}

std::string weight_reason(const MatchReason& m) {
  char text[64];
  std::snprintf(text, sizeof text, "match weight %.1f (%s)", m.weight, m.decision.c_str());
  return text;
}

Result<std::vector<PersonSummary>> show_found(db::Transaction& tx, const access::Actor& actor,
                                              const std::vector<Found>& found) {
  std::vector<PersonSummary> out;
  if (!found.empty()) {
    // Read again here: a person merged or (by an index out of step) of another country
    // since the lookup is not shown.
    std::string sql =
        "SELECT p.id, p.country, p.sex, p.birth_date, (SELECT n.full_name FROM person_names n "
        "WHERE n.person_id = p.id ORDER BY n.id LIMIT 1) FROM persons p "
        "WHERE p.merged_into IS NULL AND p.id IN (";
    db::Params params;
    for (std::size_t i = 0; i < found.size(); ++i) {
      sql += i ? ",?" : "?";
      params.push_back(found[i].id.value);
    }
    sql += ")";
    if (actor.scope.country) {
      sql += " AND p.country = ?";
      params.push_back(*actor.scope.country);
    }
    auto rows = tx.query(sql, params);
    if (!rows) return fail(rows.error());
    std::map<std::int64_t, const db::Row*> by_id;
    for (const auto& r : *rows) by_id[r.integer(0)] = &r;
    for (const Found& f : found) {
      const auto it = by_id.find(f.id.value);
      if (it == by_id.end()) continue;
      const db::Row& r = *it->second;
      PersonSummary s;
      s.id = f.id;
      s.country = r.text(1);
      s.sex = r.text(2).empty() ? 'U' : r.text(2)[0];
      s.birth_date = optional_date(r.text(3));
      s.name = r.text(4);
      s.reason = f.reason;
      s.match = f.match;
      out.push_back(std::move(s));
    }
  }
  return out;
}

Status audit_shown(db::Database& db, const access::Actor& actor, const Lookup& lookup,
                   const std::vector<PersonSummary>& shown, Instant now) {
  return audit_read(db, actor, lookup.action, "person", 0, actor.scope.country, now,
                    lookup_json(lookup, shown));
}

Result<std::vector<PersonSummary>> search_persons(const match::Index& index, db::Database& db,
                                                  const access::Actor& actor,
                                                  std::string_view query, Instant now, int limit) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonRead));
  NANSEN_TRY(check_query(query));
  const std::string q = trim(query);
  if (q.empty()) return fail(ErrorCode::kInvalid, "enter a name or a document number", "q");
  const std::size_t cap = static_cast<std::size_t>(std::clamp(limit, 1, 200));
  const Terms terms = terms_of(q);

  // Names through the index, outside any transaction; the actor's country is applied
  // inside it, before ranking and the top-k cut.
  std::vector<Found> by_name;
  if (!terms.name.empty()) {
    match::Query mq;
    mq.name = terms.name;
    mq.birth_date = terms.born;
    mq.country = actor.scope.country;
    mq.foreign_readings = true;
    // A person has several names in the index: ask for more entries than persons.
    auto hits = index.search(mq, cap * 3 + 10);
    // Invalid: no letter to search by ("???"), which finds nobody.
    if (!hits && hits.error().code != ErrorCode::kInvalid) return fail(hits.error());
    if (hits)
      for (const auto& h : *hits) {
        if (h.weight < kSearchFloor) break;  // best first
        const auto id = person_of_record(h.record_id);
        if (!id) continue;
        MatchReason m = match_reason(h);
        by_name.push_back({*id, weight_reason(m), std::move(m)});
      }
  }

  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  std::vector<Found> all;
  if (terms.numbers) NANSEN_TRY(by_number(**tx, actor, q, all));
  all.insert(all.end(), by_name.begin(), by_name.end());
  // Each person once, where it came first (exact keys, then the best name hit).
  std::vector<Found> found;
  for (Found& f : all) {
    if (found.size() == cap) break;
    if (std::none_of(found.begin(), found.end(), [&](const Found& g) { return g.id == f.id; }))
      found.push_back(std::move(f));
  }
  Lookup lookup{"person.search", "search", {}};
  if (terms.numbers) lookup.query.push_back("number");
  if (!terms.name.empty()) lookup.query.push_back("name");
  if (terms.born) lookup.query.push_back("birth_date");
  auto out = show_found(**tx, actor, found);
  if (!out) return fail(out.error());
  NANSEN_TRY((*tx)->commit());
  tx->reset();  // the entry below needs a connection of the pool
  NANSEN_TRY(audit_shown(db, actor, lookup, *out, now));
  return out;
}

}  // namespace nansen::registry
