// Batch deduplication: block, score in parallel, then merge strongest pairs first under
// a no-clear-contradiction constraint (chaining resistance).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

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
    if (auto m = train(features, options.model, options.training)) {
      result.model = *m;
      if (options.scale_threshold && m->prior > 0 && m->prior < 0.5)
        result.model.same_at = std::max(result.model.same_at, std::log2((1 - m->prior) / m->prior));
    }
  }
  const Model& model = result.model;
  TermFrequencies tf;
  for (const Features& f : features) tf.add(f);

  if (options.progress) options.progress("blocking", 0, n);
  const auto pairs = candidate_pairs(features, RuleSet::kAll, options.max_block, options.window);
  result.candidate_pairs = pairs.size();

  // Score in parallel: each thread takes a contiguous slice and keeps its edges.
  const int threads = std::max(1, options.threads);
  std::vector<std::vector<Edge>> per_thread(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const std::size_t lo = pairs.size() * t / threads, hi = pairs.size() * (t + 1) / threads;
      for (std::size_t k = lo; k < hi; ++k) {
        const std::uint32_t a = pairs[k] >> 32, b = pairs[k] & 0xffffffffu;
        const Comparison c = compare(features[a], features[b]);
        const double w = match_weight(model, c, features[a], &tf);
        if (w >= model.same_at) per_thread[t].push_back({static_cast<float>(w), a, b});
      }
    });
  }
  for (auto& w : workers) w.join();
  if (options.progress) options.progress("scoring", pairs.size(), pairs.size());
  std::vector<Edge> edges;
  for (auto& v : per_thread) edges.insert(edges.end(), v.begin(), v.end());
  result.matched_pairs = edges.size();
  std::sort(edges.begin(), edges.end(), [](const Edge& x, const Edge& y) {
    return x.weight != y.weight ? x.weight > y.weight : std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });

  Clusters clusters(n);
  for (const Edge& e : edges) {
    const std::uint32_t ra = clusters.find(e.a), rb = clusters.find(e.b);
    if (ra == rb) continue;
    const auto& ma = clusters.members(ra);
    const auto& mb = clusters.members(rb);
    if (ma.size() + mb.size() > options.max_cluster) continue;
    bool contradicted = false;
    for (std::uint32_t x : ma) {
      for (std::uint32_t y : mb) {
        const Comparison c = compare(features[x], features[y]);
        if (clearly_different(model, c) ||
            match_weight(model, c, features[x], &tf) < model.review_at) {
          contradicted = true;
          break;
        }
      }
      if (contradicted) break;
    }
    if (!contradicted) clusters.merge(ra, rb);
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
  std::vector<Features> features;
  features.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto f = prepare(records[i]);
    if (!f) {
      Error e = f.error();
      e.field = "record " + std::to_string(i + 1) + (e.field.empty() ? "" : ", " + e.field);
      return fail(std::move(e));
    }
    features.push_back(std::move(*f));
    if (options.progress && (i + 1) % 100000 == 0)
      options.progress("preparing", i + 1, records.size());
  }
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
