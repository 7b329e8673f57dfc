// SPDX-License-Identifier: Apache-2.0
// The search index: blocking keys over a flat sorted posting array plus a delta map for
// recent additions; candidates ranked by how many keys they share with the query, and
// the best few hundred scored with the Fellegi–Sunter model.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "match/blocking.h"

namespace nansen::match {
namespace {

constexpr std::size_t kMaxTokens = 4;
constexpr std::size_t kScored = 300;              // candidates fully scored per query
constexpr std::size_t kMaxSinglePosting = 20000;  // single-token lists read at most this far
// A pair or year key this common (two very common names) adds little that the other keys
// do not; reading only its head bounds the latency of every query.
constexpr std::size_t kMaxPosting = 4000;

struct Entry {
  std::string record_id;
  Features features;  // emptied when the record is removed (see State::rank_year)
};

std::vector<std::string> key_tokens(const Features& f) {
  std::vector<std::string> tokens;
  for (const std::string& t : f.tokens) {
    if (tokens.size() == kMaxTokens) break;
    if (std::find(tokens.begin(), tokens.end(), t) == tokens.end()) tokens.push_back(t);
  }
  const std::string_view root = std::string_view(f.family_root).substr(0, f.family_root.find(' '));
  if (!root.empty() && std::find(tokens.begin(), tokens.end(), root) == tokens.end())
    tokens.emplace_back(root);
  return tokens;
}

// Keys a record is filed under. Single-token keys ("t") are filed too but only read
// for one-word queries.
void index_keys(const Features& f, std::vector<std::uint64_t>& out) {
  const auto tokens = key_tokens(f);
  std::vector<std::string> cons;
  for (const auto& t : tokens) cons.push_back(text::consonant_key(t));
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    out.push_back(hash_key("t", tokens[i]));
    for (std::size_t j = i + 1; j < tokens.size(); ++j) {
      const auto& [a, b] = std::minmax(tokens[i], tokens[j]);
      out.push_back(hash_key("p", a, b));
      const auto& [ca, cb] = std::minmax(cons[i], cons[j]);
      out.push_back(hash_key("c", ca, cb));
    }
    if (f.birth_date) {
      const std::string year = std::to_string(f.birth_date->year);
      out.push_back(hash_key("y", tokens[i], year));
      out.push_back(hash_key("cy", cons[i], year));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

struct QueryKeys {
  std::vector<std::uint64_t> keys;
  std::vector<std::uint64_t> single;  // read only up to kMaxSinglePosting
};

QueryKeys query_keys(const Features& f) {
  QueryKeys q;
  const auto tokens = key_tokens(f);
  std::vector<std::string> cons;
  for (const auto& t : tokens) cons.push_back(text::consonant_key(t));
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens.size() == 1) q.single.push_back(hash_key("t", tokens[i]));
    for (std::size_t j = i + 1; j < tokens.size(); ++j) {
      const auto& [a, b] = std::minmax(tokens[i], tokens[j]);
      q.keys.push_back(hash_key("p", a, b));
      const auto& [ca, cb] = std::minmax(cons[i], cons[j]);
      q.keys.push_back(hash_key("c", ca, cb));
    }
    if (f.birth_date) {
      // Typed years are often one off; approximate ones more.
      const int spread = f.birth_date->approximate ? 2 : 1;
      for (int y = f.birth_date->year - spread; y <= f.birth_date->year + spread; ++y) {
        q.keys.push_back(hash_key("y", tokens[i], std::to_string(y)));
        q.keys.push_back(hash_key("cy", cons[i], std::to_string(y)));
      }
    }
  }
  std::sort(q.keys.begin(), q.keys.end());
  q.keys.erase(std::unique(q.keys.begin(), q.keys.end()), q.keys.end());
  return q;
}

}  // namespace

struct Index::State {
  mutable std::shared_mutex mu;
  Model model;
  TermFrequencies tf;
  std::vector<Entry> entries;
  // Per slot: the birth year (0 when unknown), or kDead once the record is removed — the
  // index's one liveness marker, and all that the pre-ranking of a query reads for every
  // candidate it touches (reading the entries there, large and scattered, was most of the
  // time of queries on common names).
  static constexpr std::int16_t kDead = -1;
  std::vector<std::int16_t> rank_year;
  bool alive(std::uint32_t slot) const { return rank_year[slot] != kDead; }
  std::unordered_map<std::string, std::uint32_t> slot_of;
  // Flat posting lists: keys sorted, postings of keys[i] at ids[offsets[i] .. offsets[i+1]).
  std::vector<std::uint64_t> keys;
  std::vector<std::uint32_t> offsets{0};
  std::vector<std::uint32_t> ids;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> delta;
  std::size_t delta_postings = 0;

  void file(std::uint32_t slot) {
    std::vector<std::uint64_t> k;
    index_keys(entries[slot].features, k);
    for (std::uint64_t key : k) delta[key].push_back(slot);
    delta_postings += k.size();
  }

  // Rebuilds the flat array from the live entries (drops tombstones and the delta).
  void fold() {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> all;
    all.reserve(ids.size() + delta_postings);
    std::vector<std::uint64_t> k;
    for (std::uint32_t s = 0; s < entries.size(); ++s) {
      if (!alive(s)) continue;
      k.clear();
      index_keys(entries[s].features, k);
      for (std::uint64_t key : k) all.emplace_back(key, s);
    }
    std::sort(all.begin(), all.end());
    keys.clear();
    offsets.assign(1, 0);
    ids.clear();
    ids.reserve(all.size());
    for (const auto& [key, slot] : all) {
      if (keys.empty() || keys.back() != key) {
        if (!keys.empty()) offsets.push_back(static_cast<std::uint32_t>(ids.size()));
        keys.push_back(key);
      }
      ids.push_back(slot);
    }
    offsets.push_back(static_cast<std::uint32_t>(ids.size()));
    keys.shrink_to_fit();
    ids.shrink_to_fit();
    delta.clear();
    delta_postings = 0;
  }

  void maybe_fold() {
    if (delta_postings > 4096 && delta_postings > ids.size() / 8) fold();
  }

  template <typename Visit>
  void postings(std::uint64_t key, std::size_t limit, Visit&& visit) const {
    std::size_t seen = 0;
    const auto it = std::lower_bound(keys.begin(), keys.end(), key);
    if (it != keys.end() && *it == key) {
      const std::size_t i = static_cast<std::size_t>(it - keys.begin());
      for (std::uint32_t o = offsets[i]; o < offsets[i + 1] && seen < limit; ++o, ++seen)
        visit(ids[o]);
    }
    const auto d = delta.find(key);
    if (d != delta.end())
      for (std::uint32_t s : d->second) {
        if (seen++ >= limit) break;
        visit(s);
      }
  }

  Status add_locked(const PersonRecord& record) {
    if (record.record_id.empty())
      return fail(ErrorCode::kInvalid, "record id is empty", "record_id");
    auto f = prepare(record);
    if (!f) return fail(f.error());
    remove_locked(record.record_id);
    const auto slot = static_cast<std::uint32_t>(entries.size());
    tf.add(*f);
    rank_year.push_back(f->birth_date ? static_cast<std::int16_t>(f->birth_date->year) : 0);
    entries.push_back(Entry{record.record_id, std::move(*f)});
    slot_of[record.record_id] = slot;
    return {};
  }

  bool remove_locked(std::string_view record_id) {
    const auto it = slot_of.find(std::string(record_id));
    if (it == slot_of.end()) return false;
    Entry& e = entries[it->second];
    tf.remove(e.features);
    e.features = Features{};
    rank_year[it->second] = kDead;
    slot_of.erase(it);
    return true;
  }
};

Index::Index(Model model) : state_(std::make_unique<State>()) {
  state_->model = std::move(model);
}
Index::~Index() = default;

Status Index::add(const PersonRecord& record) {
  std::unique_lock lock(state_->mu);
  NANSEN_TRY(state_->add_locked(record));
  state_->file(static_cast<std::uint32_t>(state_->entries.size() - 1));
  state_->maybe_fold();
  return {};
}

Status Index::add_all(const std::vector<PersonRecord>& records) {
  std::unique_lock lock(state_->mu);
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto st = state_->add_locked(records[i]);
    if (!st) {
      Error e = st.error();
      e.field = "record " + std::to_string(i + 1) + (e.field.empty() ? "" : ", " + e.field);
      state_->fold();
      return fail(std::move(e));
    }
  }
  state_->fold();
  return {};
}

bool Index::remove(std::string_view record_id) {
  std::unique_lock lock(state_->mu);
  return state_->remove_locked(record_id);
}

std::size_t Index::size() const {
  std::shared_lock lock(state_->mu);
  return state_->slot_of.size();
}

namespace {

Result<Features> query_features(const Query& query) {
  PersonRecord r;
  r.full_name = query.name;
  r.birth_date = query.birth_date;
  r.sex = query.sex;
  r.nationality = query.nationality;
  return prepare(r);
}

}  // namespace

Result<std::vector<SearchHit>> Index::search(const Query& query, std::size_t top_k) const {
  auto qf = query_features(query);
  if (!qf) return fail(qf.error());
  const QueryKeys qk = query_keys(*qf);
  std::shared_lock lock(state_->mu);
  const State& s = *state_;
  // Shared keys per slot, counted in a per-thread array indexed by slot: a query reads
  // up to ~10^5 postings, and a hash map per posting was most of a query's time.
  thread_local std::vector<std::uint16_t> count;
  thread_local std::vector<std::uint32_t> touched;
  if (count.size() < s.entries.size()) count.resize(s.entries.size(), 0);
  touched.clear();
  auto bump = [&](std::uint32_t slot) {
    if (count[slot]++ == 0) touched.push_back(slot);
  };
  for (std::uint64_t key : qk.keys) s.postings(key, kMaxPosting, bump);
  for (std::uint64_t key : qk.single) s.postings(key, kMaxSinglePosting, bump);
  // Pre-rank by shared keys, then by birth-year proximity: among a thousand namesakes
  // sharing the name keys, the ones born in the query's year deserve the full score.
  const int query_year = qf->birth_date ? qf->birth_date->year : 0;
  auto year_bonus = [&](int year) -> std::uint32_t {
    if (query_year == 0 || year == 0) return 1;
    const int d = std::abs(year - query_year);
    return d == 0 ? 3 : d == 1 ? 2 : 0;
  };
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranked;  // (rank key, slot)
  ranked.reserve(touched.size());
  for (std::uint32_t slot : touched) {
    const int year = s.rank_year[slot];
    if (year != State::kDead) ranked.emplace_back(count[slot] * 4u + year_bonus(year), slot);
    count[slot] = 0;  // ready for this thread's next query
  }
  if (ranked.size() > kScored) {
    std::nth_element(ranked.begin(), ranked.begin() + kScored, ranked.end(),
                     [](const auto& a, const auto& b) { return a > b; });
    ranked.resize(kScored);
  }
  std::vector<std::pair<double, std::uint32_t>> scored;
  scored.reserve(ranked.size());
  for (const auto& [n, slot] : ranked) {
    const Features& f = s.entries[slot].features;
    scored.emplace_back(match_weight(s.model, compare(*qf, f), f, &s.tf), slot);
  }
  std::sort(scored.begin(), scored.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first
                              : s.entries[a.second].record_id < s.entries[b.second].record_id;
  });
  std::vector<SearchHit> out;
  for (std::size_t i = 0; i < scored.size() && i < top_k; ++i) {
    SearchHit h;
    h.record_id = s.entries[scored[i].second].record_id;
    h.weight = scored[i].first;
    const double odds = std::exp2(h.weight) * s.model.prior / (1 - s.model.prior);
    h.probability = odds / (1 + odds);
    h.decision = decide(s.model, h.weight);
    out.push_back(std::move(h));
  }
  return out;
}

Result<Explanation> Index::explain(const Query& query, std::string_view record_id) const {
  auto qf = query_features(query);
  if (!qf) return fail(qf.error());
  std::shared_lock lock(state_->mu);
  const auto it = state_->slot_of.find(std::string(record_id));
  if (it == state_->slot_of.end()) return fail(ErrorCode::kNotFound, "no such record", "record_id");
  const Features& f = state_->entries[it->second].features;
  return match::explain(state_->model, *qf, f, &state_->tf);
}

void Index::set_model(Model model) {
  std::unique_lock lock(state_->mu);
  state_->model = std::move(model);
}

Model Index::model() const {
  std::shared_lock lock(state_->mu);
  return state_->model;
}

Status Index::train(const TrainingOptions& options) {
  std::vector<Features> features;
  Model start;
  {
    std::shared_lock lock(state_->mu);
    for (std::uint32_t slot = 0; slot < state_->entries.size(); ++slot)
      if (state_->alive(slot)) features.push_back(state_->entries[slot].features);
    start = state_->model;
  }
  auto trained = match::train(features, start, options);
  if (!trained) return fail(trained.error());
  set_model(std::move(*trained));
  return {};
}

}  // namespace nansen::match
