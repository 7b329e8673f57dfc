// SPDX-License-Identifier: Apache-2.0
// Batch deduplication: block, score in parallel, then merge strongest pairs first under
// a no-clear-contradiction constraint (chaining resistance).
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <optional>
#include <span>
#include <thread>
#include <tuple>

#include "match/blocking.h"

namespace nansen::match {
namespace {

struct Edge {
  float weight;
  std::uint32_t a, b;
};

// Clusters as union-find with member lists, so a merge can check every pair across.
class Clusters {
 public:
  explicit Clusters(std::size_t n) : parent_(n), members_(n) {
    std::iota(parent_.begin(), parent_.end(), 0u);
    for (std::uint32_t i = 0; i < n; ++i) members_[i] = {i};
  }
  std::uint32_t find(std::uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  const std::vector<std::uint32_t>& members(std::uint32_t root) const { return members_[root]; }
  void merge(std::uint32_t ra, std::uint32_t rb) {
    if (members_[ra].size() < members_[rb].size()) std::swap(ra, rb);
    parent_[rb] = ra;
    members_[ra].insert(members_[ra].end(), members_[rb].begin(), members_[rb].end());
    members_[rb].clear();
    members_[rb].shrink_to_fit();
  }

 private:
  std::vector<std::uint32_t> parent_;
  std::vector<std::vector<std::uint32_t>> members_;
};

// Weights of the scored pairs, in bins of kBinWidth bits from kMinWeight, for the prior.
constexpr double kMinWeight = -64, kBinWidth = 0.25;
constexpr std::size_t kBins = 512;
using WeightHistogram = std::array<std::uint64_t, kBins>;

std::size_t bin_of(double w) {
  const double b = std::floor((w - kMinWeight) / kBinWidth);
  return static_cast<std::size_t>(std::clamp(b, 0.0, double(kBins - 1)));
}

// The share of all record pairs that are one person, as EM over the scored candidate
// pairs with m and u fixed: p = Σ P(same | w, p) / all pairs, iterated to its fixed point.
// Pairs that no blocking rule proposed count as different. Unlike the prior EM learns from
// date-blocked pairs, this one grows with the namesakes of a larger register only as far
// as they score like duplicates, so a million records get the stricter threshold they need.
double estimate_prior(const WeightHistogram& histogram, std::size_t records) {
  const double all_pairs = 0.5 * double(records) * double(records > 0 ? records - 1 : 0);
  if (all_pairs <= 0) return 0.5;
  double p = 1e-4;
  for (int it = 0; it < 50; ++it) {
    const double logit = std::log2(p / (1 - p));
    double same = 0;
    for (std::size_t b = 0; b < kBins; ++b) {
      if (histogram[b] == 0) continue;
      const double w = kMinWeight + (double(b) + 0.5) * kBinWidth;
      same += double(histogram[b]) / (1 + std::exp2(-(w + logit)));
    }
    const double next = std::clamp(same / all_pairs, 1e-12, 0.5);
    if (std::abs(next - p) < 1e-3 * p) return next;
    p = next;
  }
  return p;
}

}  // namespace

DedupResult deduplicate_features(const std::vector<Features>& features,
                                 const DedupOptions& options) {
  DedupResult result;
  result.model = options.model;
  const std::size_t n = features.size();
  // EM on a handful of records learns the sample, not the population: below this many
  // records the default model is kept.
  constexpr std::size_t kMinTrainingRecords = 1000;
  if (options.train && n >= kMinTrainingRecords) {
    if (options.progress) options.progress("training", 0, n);
    if (auto m = train(features, options.model, options.training)) result.model = *m;
  }
  Model& model = result.model;
  TermFrequencies tf;
  for (const Features& f : features) tf.add(f);

  if (options.progress) options.progress("blocking", 0, n);
  const auto pairs = candidate_pairs(features, RuleSet::kAll, options.max_block, options.window);
  result.candidate_pairs = pairs.size();
  if (options.progress) options.progress("scoring", 0, pairs.size());

  // Score in parallel: each thread takes a contiguous slice and keeps its edges.
  const int threads = std::max(1, options.threads);
  std::vector<std::vector<Edge>> per_thread(threads);
  std::vector<WeightHistogram> histograms(threads, WeightHistogram{});
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const std::size_t lo = pairs.size() * t / threads, hi = pairs.size() * (t + 1) / threads;
      for (std::size_t k = lo; k < hi; ++k) {
        const std::uint32_t a = pairs[k] >> 32, b = pairs[k] & 0xffffffffu;
        const Comparison c = compare(features[a], features[b]);
        const double w = match_weight(model, c, features[a], &tf);
        ++histograms[t][bin_of(w)];
        // A pair that clearly differs is no link, however well the rest agrees (twins).
        if (w >= model.same_at && !clearly_different(model, c))
          per_thread[t].push_back({static_cast<float>(w), a, b});
      }
    });
  }
  for (auto& w : workers) w.join();
  if (options.progress) options.progress("scoring", pairs.size(), pairs.size());
  if (options.scale_threshold && n >= kMinTrainingRecords) {
    WeightHistogram all{};
    for (const auto& h : histograms)
      for (std::size_t b = 0; b < kBins; ++b) all[b] += h[b];
    model.prior = estimate_prior(all, n);
    model.same_at = std::max(model.same_at, std::log2((1 - model.prior) / model.prior));
  }
  std::vector<Edge> edges;
  for (auto& v : per_thread)
    for (const Edge& e : v)
      if (e.weight >= model.same_at) edges.push_back(e);
  result.matched_pairs = edges.size();
  std::sort(edges.begin(), edges.end(), [](const Edge& x, const Edge& y) {
    return x.weight != y.weight ? x.weight > y.weight : std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });

  if (options.progress) options.progress("clustering", 0, edges.size());
  // How well two groups of records fit together: contradicted when any pair across clearly
  // differs (or scores below review_at), else the mean weight of the pairs across.
  struct Fit {
    bool contradicted = false;
    double mean = 0;
  };
  auto fit = [&](std::span<const std::uint32_t> ma, std::span<const std::uint32_t> mb) {
    double sum = 0;
    std::size_t pairs = 0;
    for (std::uint32_t x : ma) {
      for (std::uint32_t y : mb) {
        if (x == y) continue;
        const Comparison c = compare(features[x], features[y]);
        const double w = match_weight(model, c, features[x], &tf);
        if (clearly_different(model, c) || w < model.review_at) return Fit{true, 0};
        sum += w;
        ++pairs;
      }
    }
    return Fit{false, pairs ? sum / double(pairs) : 0};
  };
  // Merges strongest first. Two clusters merge only when no pair across them clearly
  // differs (chaining resistance) and the pairs across score `same_at` on average, less a
  // small allowance (kMeanSlack): one strong link between two groups that otherwise
  // share only a name is a namesake's, not a person's. `skip` marks records left out.
  constexpr double kMeanSlack = 1.0;
  auto cluster = [&](const std::vector<std::uint8_t>& skip) {
    Clusters clusters(n);
    for (const Edge& e : edges) {
      if (skip[e.a] || skip[e.b]) continue;
      const std::uint32_t ra = clusters.find(e.a), rb = clusters.find(e.b);
      if (ra == rb) continue;
      const auto& ma = clusters.members(ra);
      const auto& mb = clusters.members(rb);
      if (ma.size() + mb.size() > options.max_cluster) continue;
      const Fit f = fit(ma, mb);
      if (!f.contradicted && f.mean >= model.same_at - kMeanSlack) clusters.merge(ra, rb);
    }
    return clusters;
  };
  // A record that fits a neighbouring cluster (no contradiction) almost as well as its
  // own, on average over the members (a "Nigina Sharifova" without a birth date between
  // two namesakes), belongs to either by a coin toss: it is left on its own, for a
  // reviewer, and the clusters are built again without it.
  std::vector<std::uint8_t> ambiguous(n, 0);
  Clusters clusters = cluster(ambiguous);
  if (options.ambiguity_margin > 0) {
    for (const Edge& e : edges) {
      const std::uint32_t ra = clusters.find(e.a), rb = clusters.find(e.b);
      if (ra == rb) continue;
      for (auto [r, own, other] : {std::tuple{e.a, ra, rb}, std::tuple{e.b, rb, ra}}) {
        const auto& mine = clusters.members(own);
        if (ambiguous[r] || mine.size() < 2) continue;
        const std::uint32_t self[] = {r};
        const Fit there = fit(self, clusters.members(other));
        if (there.contradicted) continue;
        if (there.mean + options.ambiguity_margin >= fit(self, mine).mean) ambiguous[r] = 1;
      }
    }
    result.ambiguous = static_cast<std::size_t>(std::count(ambiguous.begin(), ambiguous.end(), 1));
    if (result.ambiguous > 0) clusters = cluster(ambiguous);
  }

  result.cluster_of.assign(n, 0);
  std::vector<std::size_t> number(n, SIZE_MAX);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t r = clusters.find(i);
    if (number[r] == SIZE_MAX) number[r] = result.clusters++;
    result.cluster_of[i] = number[r];
  }
  return result;
}

Result<DedupResult> deduplicate(const std::vector<PersonRecord>& records,
                                const DedupOptions& options) {
  // Parsing is a third of the work at a million records: prepare slices in parallel,
  // then report the first bad record in input order.
  if (options.progress) options.progress("preparing", 0, records.size());
  std::vector<Features> features(records.size());
  const std::size_t threads = static_cast<std::size_t>(std::max(1, options.threads));
  std::vector<std::optional<std::pair<std::size_t, Error>>> first_error(threads);
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const std::size_t lo = records.size() * t / threads, hi = records.size() * (t + 1) / threads;
      for (std::size_t i = lo; i < hi; ++i) {
        auto f = prepare(records[i]);
        if (!f) {
          first_error[t] = {i, f.error()};
          return;
        }
        features[i] = std::move(*f);
      }
    });
  }
  for (auto& w : workers) w.join();
  for (auto& err : first_error) {
    if (!err) continue;
    Error e = err->second;
    e.field = "record " + std::to_string(err->first + 1) + (e.field.empty() ? "" : ", " + e.field);
    return fail(std::move(e));
  }
  if (options.progress) options.progress("preparing", records.size(), records.size());
  return deduplicate_features(features, options);
}

Quality pairwise_quality(const std::vector<std::size_t>& predicted,
                         const std::vector<std::size_t>& truth) {
  // Counting pairs through cluster sizes: TP = Σ over (pred, truth) cells of C(n, 2).
  std::unordered_map<std::size_t, std::size_t> pred_size, truth_size;
  std::unordered_map<std::uint64_t, std::size_t> cell;
  for (std::size_t i = 0; i < predicted.size() && i < truth.size(); ++i) {
    ++pred_size[predicted[i]];
    ++truth_size[truth[i]];
    ++cell[(static_cast<std::uint64_t>(predicted[i]) << 32) ^ truth[i]];
  }
  auto pairs = [](std::size_t k) { return k * (k - 1) / 2; };
  std::size_t tp = 0, pred_pairs = 0, true_pairs = 0;
  for (auto& [_, k] : cell) tp += pairs(k);
  for (auto& [_, k] : pred_size) pred_pairs += pairs(k);
  for (auto& [_, k] : truth_size) true_pairs += pairs(k);
  Quality q;
  q.true_positives = tp;
  q.false_positives = pred_pairs - tp;
  q.false_negatives = true_pairs - tp;
  q.precision = pred_pairs ? double(tp) / pred_pairs : 1.0;
  q.recall = true_pairs ? double(tp) / true_pairs : 1.0;
  q.f1 = q.precision + q.recall > 0 ? 2 * q.precision * q.recall / (q.precision + q.recall) : 0;
  return q;
}

Quality cluster_quality(const std::vector<std::size_t>& predicted,
                        const std::vector<std::size_t>& truth) {
  std::unordered_map<std::size_t, std::vector<std::size_t>> pred, real;
  for (std::size_t i = 0; i < predicted.size() && i < truth.size(); ++i) {
    pred[predicted[i]].push_back(i);
    real[truth[i]].push_back(i);
  }
  std::size_t exact = 0;
  for (auto& [_, members] : real) {
    const std::size_t p = predicted[members.front()];
    if (pred[p] == members) ++exact;
  }
  Quality q;
  q.true_positives = exact;
  q.false_positives = pred.size() - exact;
  q.false_negatives = real.size() - exact;
  q.precision = pred.empty() ? 1.0 : double(exact) / pred.size();
  q.recall = real.empty() ? 1.0 : double(exact) / real.size();
  q.f1 = q.precision + q.recall > 0 ? 2 * q.precision * q.recall / (q.precision + q.recall) : 0;
  return q;
}

}  // namespace nansen::match
