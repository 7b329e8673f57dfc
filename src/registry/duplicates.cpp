// SPDX-License-Identifier: Apache-2.0
// The duplicate check at registration: each name of the person being registered through
// the match index, inside the officer's country, audited like a search.
#include <algorithm>
#include <map>

#include "registry/internal.h"

namespace nansen::registry {
namespace {

// Names of the input asked about (the official name first); more add little.
constexpr std::size_t kMaxProbeNames = 5;

std::optional<text::Sex> sex_of(char sex) {
  if (sex == 'M') return text::Sex::kMale;
  if (sex == 'F') return text::Sex::kFemale;
  return std::nullopt;
}

}  // namespace

Result<std::vector<PersonSummary>> likely_duplicates(const match::Index& index, db::Database& db,
                                                     const access::Actor& actor,
                                                     const PersonInput& input, Instant now,
                                                     std::size_t top_k) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonRead));
  if (input.names.empty()) return fail(ErrorCode::kInvalid, "a name is required", "names");
  // A look-up is about registering in `input.country`, which the actor must cover. The
  // index then searches the actor's scope (a regional officer sees every country).
  if (!input.country.empty() && !access::covers_country(actor, input.country))
    return fail(ErrorCode::kForbidden, "the country lies outside your scope", "country");
  Person probe;
  static_cast<PersonInput&>(probe) = input;
  // The nationality the index compares: the one match_records derives.
  std::string nationality;
  for (const auto& r : match_records(probe)) {
    nationality = r.nationality;
    break;
  }

  const auto q_sex = sex_of(input.sex);
  std::map<std::int64_t, match::SearchHit> best;  // per person, its best entry
  for (std::size_t i = 0; i < input.names.size() && i < kMaxProbeNames; ++i) {
    match::Query q;
    q.name = input.names[i].full_name;
    q.birth_date = input.birth_date;
    q.sex = q_sex;
    q.nationality = nationality;
    q.country = actor.scope.country;  // inside the index, before the top-k cut
    q.foreign_readings = true;
    auto hits = index.search(q, top_k * 3 + 10);
    if (!hits) {
      if (i == 0) return fail(ErrorCode::kInvalid, hits.error().message, "names[0].full_name");
      continue;  // another name without letters adds nothing
    }
    for (auto& h : *hits) {
      if (h.decision == match::Decision::kDifferent) break;  // best first
      const auto id = person_of_record(h.record_id);
      if (!id) continue;
      auto [it, added] = best.try_emplace(id->value, h);
      if (!added && h.weight > it->second.weight) it->second = std::move(h);
    }
  }
  std::vector<std::pair<std::int64_t, match::SearchHit>> ranked(best.begin(), best.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second.weight > b.second.weight; });
  std::vector<Found> found;
  for (const auto& [id, hit] : ranked) {
    if (found.size() == top_k) break;
    MatchReason m = match_reason(hit);
    found.push_back({PersonId{id}, weight_reason(m), std::move(m)});
  }

  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  // The parts of the person asked about, as fixed words: the values stay out of the log.
  Lookup lookup{"person.duplicates", "duplicate_check", {"name"}};
  if (input.birth_date) lookup.query.push_back("birth_date");
  if (q_sex) lookup.query.push_back("sex");
  if (!nationality.empty()) lookup.query.push_back("nationality");
  auto out = show_found(**tx, actor, found);
  if (!out) return fail(out.error());
  NANSEN_TRY((*tx)->commit());
  tx->reset();  // the entry below needs a connection of the pool
  NANSEN_TRY(audit_shown(db, actor, lookup, *out, now));
  return out;
}

}  // namespace nansen::registry
