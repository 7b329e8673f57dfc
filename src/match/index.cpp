// SPDX-License-Identifier: Apache-2.0
// The search index: blocking keys over a flat sorted posting array plus a delta map for
// recent additions, each key filed per partition (country); candidates ranked by how many
// keys they share with the query, and the best few hundred scored with the Fellegi–Sunter
// model against every reading of the query (as written, as a foreign romanisation, a
// single name as either part), the best reading counting.
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

// A key of one partition: the same names in two countries are two keys, so a scoped
// query never reads (nor counts against its posting limits) another country's records.
std::uint64_t in_partition(std::uint64_t key, std::uint16_t partition) {
  std::uint64_t x = key ^ (0x9E3779B97F4A7C15ull * (partition + 1ull));
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Keys a record is filed under. Single-token keys ("t", and "ct" on the consonant key)
// are filed too but only read for one-name queries.
void index_keys(const Features& f, std::vector<std::uint64_t>& out) {
  const auto tokens = key_tokens(f);
  std::vector<std::string> cons;
  for (const auto& t : tokens) cons.push_back(text::consonant_key(t));
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    out.push_back(hash_key("t", tokens[i]));
    out.push_back(hash_key("ct", cons[i]));
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

// A name of one token: a surname or a given name typed alone.
bool is_single_name(const Features& f) {
  return f.tokens.size() == 1;
}

void add_query_keys(const Features& f, QueryKeys& q) {
  const auto tokens = key_tokens(f);
  std::vector<std::string> cons;
  for (const auto& t : tokens) cons.push_back(text::consonant_key(t));
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (is_single_name(f)) {
      q.single.push_back(hash_key("t", tokens[i]));
      q.single.push_back(hash_key("ct", cons[i]));
    }
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
}

void sort_unique(std::vector<std::uint64_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// One way to read the query: its features, what a hit through it costs, and the foreign
// scheme it came from (none for the name as written).
struct Reading {
  Features features;
  double cost = 0;
  std::optional<text::Scheme> scheme;
};

Result<Features> query_features(const Query& query, std::string_view name) {
  PersonRecord r;
  r.full_name = std::string(name);
  r.birth_date = query.birth_date;
  r.sex = query.sex;
  r.nationality = query.nationality;
  return prepare(r);
}

// A single name in the other part: a surname-looking given name, or a given name the
// parser took for a surname. Nothing when the name has more than one token.
std::optional<Features> other_part(const Query& query, const Features& f) {
  if (!is_single_name(f)) return std::nullopt;
  PersonRecord r;
  (f.given.empty() ? r.given_name : r.family_name) = f.tokens.front();
  r.birth_date = query.birth_date;
  r.sex = query.sex;
  r.nationality = query.nationality;
  auto swapped = prepare(r);
  if (!swapped) return std::nullopt;
  return std::move(*swapped);
}

// The readings of a query: as written (Invalid when it has no letters), its foreign
// readings when asked, and for each one-name reading the name as the other part.
Result<std::vector<Reading>> query_readings(const Query& query) {
  auto written = query_features(query, query.name);
  if (!written) return fail(written.error());
  std::vector<Reading> out;
  out.push_back(Reading{std::move(*written), 0, std::nullopt});
  if (query.foreign_readings) {
    auto foreign = text::foreign_readings(query.name);
    if (!foreign) return fail(foreign.error());
    for (const text::Reading& r : *foreign) {
      auto f = query_features(query, r.name);
      if (f) out.push_back(Reading{std::move(*f), kForeignReadingCost, r.scheme});
    }
  }
  const std::size_t n = out.size();
  for (std::size_t i = 0; i < n; ++i)
    if (auto swapped = other_part(query, out[i].features))
      out.push_back(Reading{std::move(*swapped), out[i].cost, out[i].scheme});
  return out;
}

}  // namespace

struct Index::State {
  mutable std::shared_mutex mu;
  Model model;
  std::vector<Entry> entries;
  // Partitions (PersonRecord::country) by number; per slot its partition, per partition
  // its name frequencies (so one country's common names do not weigh another's).
  std::vector<std::string> partitions;
  std::unordered_map<std::string, std::uint16_t> partition_of;
  std::vector<std::uint16_t> slot_partition;
  std::vector<TermFrequencies> tf;
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

  std::optional<std::uint16_t> find_partition(const std::string& country) const {
    const auto it = partition_of.find(country);
    if (it == partition_of.end()) return std::nullopt;
    return it->second;
  }

  Result<std::uint16_t> partition(const std::string& country) {
    if (auto p = find_partition(country)) return *p;
    if (partitions.size() == UINT16_MAX)
      return fail(ErrorCode::kInvalid, "too many partitions", "country");
    const auto p = static_cast<std::uint16_t>(partitions.size());
    partitions.push_back(country);
    partition_of.emplace(country, p);
    tf.emplace_back();
    return p;
  }

  void file(std::uint32_t slot) {
    std::vector<std::uint64_t> k;
    index_keys(entries[slot].features, k);
    for (std::uint64_t key : k) delta[in_partition(key, slot_partition[slot])].push_back(slot);
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
      for (std::uint64_t key : k) all.emplace_back(in_partition(key, slot_partition[s]), s);
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
    auto p = partition(record.country);
    if (!p) return fail(p.error());
    remove_locked(record.record_id);
    const auto slot = static_cast<std::uint32_t>(entries.size());
    tf[*p].add(*f);
    slot_partition.push_back(*p);
    rank_year.push_back(f->birth_date ? static_cast<std::int16_t>(f->birth_date->year) : 0);
    entries.push_back(Entry{record.record_id, std::move(*f)});
    slot_of[record.record_id] = slot;
    return {};
  }

  bool remove_locked(std::string_view record_id) {
    const auto it = slot_of.find(std::string(record_id));
    if (it == slot_of.end()) return false;
    Entry& e = entries[it->second];
    tf[slot_partition[it->second]].remove(e.features);
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

Result<std::vector<SearchHit>> Index::search(const Query& query, std::size_t top_k) const {
  auto readings = query_readings(query);
  if (!readings) return fail(readings.error());
  QueryKeys qk;
  for (const Reading& r : *readings) add_query_keys(r.features, qk);
  sort_unique(qk.keys);
  sort_unique(qk.single);
  const Features& written = readings->front().features;
  std::shared_lock lock(state_->mu);
  const State& s = *state_;
  // The partitions read: the query's alone, or all of them.
  std::vector<std::uint16_t> scope;
  if (query.country) {
    if (auto p = s.find_partition(*query.country)) scope.push_back(*p);
  } else {
    for (std::size_t p = 0; p < s.partitions.size(); ++p)
      scope.push_back(static_cast<std::uint16_t>(p));
  }
  // Shared keys per slot, counted in a per-thread array indexed by slot: a query reads
  // up to ~10^5 postings, and a hash map per posting was most of a query's time.
  thread_local std::vector<std::uint16_t> count;
  thread_local std::vector<std::uint32_t> touched;
  if (count.size() < s.entries.size()) count.resize(s.entries.size(), 0);
  touched.clear();
  for (std::uint16_t p : scope) {
    // The partition check also keeps out a slot of another partition whose key collided.
    auto bump = [&](std::uint32_t slot) {
      if (s.slot_partition[slot] == p && count[slot]++ == 0) touched.push_back(slot);
    };
    for (std::uint64_t key : qk.keys) s.postings(in_partition(key, p), kMaxPosting, bump);
    for (std::uint64_t key : qk.single) s.postings(in_partition(key, p), kMaxSinglePosting, bump);
  }
  // Pre-rank by shared keys, then by birth-year proximity: among a thousand namesakes
  // sharing the name keys, the ones born in the query's year deserve the full score.
  const int query_year = written.birth_date ? written.birth_date->year : 0;
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
  // Each candidate against each reading; the best reading counts.
  struct Scored {
    double weight;
    std::uint32_t slot;
    std::uint32_t reading;
  };
  std::vector<Scored> scored;
  scored.reserve(ranked.size());
  for (const auto& [n, slot] : ranked) {
    const Features& f = s.entries[slot].features;
    const TermFrequencies* tf = &s.tf[s.slot_partition[slot]];
    Scored best{0, slot, 0};
    for (std::uint32_t r = 0; r < readings->size(); ++r) {
      const Reading& reading = (*readings)[r];
      const double w =
          match_weight(s.model, compare(reading.features, f), reading.features, tf) - reading.cost;
      if (r == 0 || w > best.weight) best = Scored{w, slot, r};
    }
    scored.push_back(best);
  }
  std::sort(scored.begin(), scored.end(), [&](const Scored& a, const Scored& b) {
    return a.weight != b.weight ? a.weight > b.weight
                                : s.entries[a.slot].record_id < s.entries[b.slot].record_id;
  });
  std::vector<SearchHit> out;
  for (std::size_t i = 0; i < scored.size() && i < top_k; ++i) {
    const Reading& reading = (*readings)[scored[i].reading];
    SearchHit h;
    h.record_id = s.entries[scored[i].slot].record_id;
    h.weight = scored[i].weight;
    const double odds = std::exp2(h.weight) * s.model.prior / (1 - s.model.prior);
    h.probability = odds / (1 + odds);
    h.decision = decide(s.model, h.weight);
    h.comparison = compare(reading.features, s.entries[scored[i].slot].features);
    h.reading = reading.scheme;
    out.push_back(std::move(h));
  }
  return out;
}

Result<Explanation> Index::explain(const Query& query, std::string_view record_id) const {
  auto qf = query_features(query, query.name);
  if (!qf) return fail(qf.error());
  std::shared_lock lock(state_->mu);
  const auto it = state_->slot_of.find(std::string(record_id));
  if (it == state_->slot_of.end()) return fail(ErrorCode::kNotFound, "no such record", "record_id");
  const Features& f = state_->entries[it->second].features;
  return match::explain(state_->model, *qf, f, &state_->tf[state_->slot_partition[it->second]]);
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
