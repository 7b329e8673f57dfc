// SPDX-License-Identifier: Apache-2.0
// Filtering and free-text search, done in C++ over the loaded pledges: the text filter
// needs case folding in Cyrillic and Kazakh, which SQLite's lower() cannot do, and a
// node holds at most a few thousand pledges.
#include <algorithm>
#include <charconv>

#include "pledges/internal.h"

namespace nansen::pledges {
namespace {

template <typename T>
bool contains(const std::vector<T>& items, const T& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::string haystack(const Pledge& p) {
  std::string text = p.external_id + "\n" + p.title + "\n" + p.description + "\n" +
                     p.multistakeholder_pledge + "\n" + p.entity.code + "\n" + p.entity.name_en +
                     "\n" + p.entity.name_ru + "\n" + p.entity.name_kk + "\n" + p.source;
  for (const auto& t : p.tags) text += "\n" + t;
  return detail::fold(text);
}

bool matches_text(const Pledge& p, const std::vector<std::string>& words) {
  if (words.empty()) return true;
  const std::string hay = haystack(p);
  return std::all_of(words.begin(), words.end(),
                     [&](const std::string& w) { return hay.find(w) != std::string::npos; });
}

// Every filter but the stage, so counts by stage can ignore it.
bool matches_except_stage(const Pledge& p, const PledgeFilter& f,
                          const std::vector<std::string>& words) {
  if (f.country && p.country() != f.country && !contains(p.target_countries, *f.country))
    return false;
  if (f.entity_kind && p.entity.kind != *f.entity_kind) return false;
  if (f.entity_code && p.entity_code != *f.entity_code && !contains(p.co_pledgers, *f.entity_code))
    return false;
  if (f.forum && p.forum != *f.forum) return false;
  if (f.gcr_area && !contains(p.gcr_areas, *f.gcr_area)) return false;
  if (f.gcr_objective && !contains(p.gcr_objectives, *f.gcr_objective)) return false;
  if (f.stale && p.stale != *f.stale) return false;
  if (f.target_year && (!p.target_date || p.target_date->year != *f.target_year)) return false;
  return matches_text(p, words);
}

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Result<PledgeFilter> parse_filter(const std::map<std::string, std::string>& params) {
  PledgeFilter f;
  for (const auto& param : params) {
    // Named copies, not structured bindings: clang 14 (the fuzz build) cannot capture
    // structured bindings in a lambda.
    const std::string& key = param.first;
    const std::string value = trim(param.second);
    if (value.empty()) continue;
    if (!is_valid_utf8(value)) return fail(ErrorCode::kInvalid, "invalid UTF-8 text", key);
    auto bad = [&](const std::string& what) { return fail(ErrorCode::kInvalid, what, key); };
    if (key == "country") {
      if (!detail::is_country_code(value))
        return bad("the country must be an ISO alpha-3 code such as KAZ");
      f.country = value;
    } else if (key == "kind") {
      auto k = parse_entity_kind(value);
      if (!k) return bad(k.error().message);
      f.entity_kind = *k;
    } else if (key == "entity") {
      f.entity_code = value;
    } else if (key == "forum") {
      auto v = parse_forum(value);
      if (!v) return bad(v.error().message);
      f.forum = *v;
    } else if (key == "area") {
      auto v = parse_gcr_area(value);
      if (!v) return bad(v.error().message);
      f.gcr_area = *v;
    } else if (key == "objective") {
      auto v = parse_int(value);
      if (!v || *v < 1 || *v > 4) return bad("the GCR objective is a number from 1 to 4");
      f.gcr_objective = *v;
    } else if (key == "stage") {
      auto v = parse_stage(value);
      if (!v) return bad(v.error().message);
      f.stage = *v;
    } else if (key == "stale") {
      if (value != "1" && value != "0" && value != "true" && value != "false")
        return bad("stale is 1 or 0");
      f.stale = value == "1" || value == "true";
    } else if (key == "year") {
      auto v = parse_int(value);
      if (!v || *v < 1900 || *v > 2200) return bad("the target year is a year such as 2025");
      f.target_year = *v;
    } else if (key == "q") {
      if (utf8_length(value) > 200) return bad("the search text is longer than 200 characters");
      f.text = value;
    }
  }
  return f;
}

Result<PledgeList> search_pledges(db::Database& db, const access::Actor& actor,
                                  const PledgeFilter& filter, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  if (!is_valid_utf8(filter.text)) return fail(ErrorCode::kInvalid, "invalid UTF-8 text", "q");
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto all = detail::load_pledges(**tx, now);
  if (!all) return fail(all.error());

  std::vector<std::string> words;
  for (const auto& w : split(detail::fold(filter.text), ' '))
    if (!trim(w).empty()) words.push_back(trim(w));

  PledgeList out;
  for (Stage s : kAllStages) out.counts_by_stage[s] = 0;
  for (auto& p : *all) {
    if (!matches_except_stage(p, filter, words)) continue;
    ++out.counts_by_stage[p.stage];
    if (filter.stage && p.stage != *filter.stage) continue;
    if (p.stale) ++out.stale_count;
    out.pledges.push_back(std::move(p));
  }
  std::sort(out.pledges.begin(), out.pledges.end(), [](const Pledge& a, const Pledge& b) {
    const auto ca = a.country().value_or("~"), cb = b.country().value_or("~");
    if (ca != cb) return ca < cb;
    if (a.entity_code != b.entity_code) return a.entity_code < b.entity_code;
    return a.title < b.title;
  });
  return out;
}

}  // namespace nansen::pledges
