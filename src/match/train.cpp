// SPDX-License-Identifier: Apache-2.0
// Training: u from random pairs (almost all of which are different persons), m by EM
// over blocked pairs. As in Splink, the m of the fields a blocking rule fixes cannot be
// learnt from that rule's pairs: name fields learn from pairs blocked on the birth date,
// the other fields from pairs blocked on names.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <random>

#include "match/blocking.h"

namespace nansen::match {
namespace {

using Pattern = std::array<std::int8_t, kFieldCount>;

std::map<Pattern, double> patterns_of(const std::vector<Features>& records,
                                      const std::vector<std::uint64_t>& pairs,
                                      std::size_t max_pairs, std::mt19937_64& rng) {
  std::map<Pattern, double> counts;
  const double keep = pairs.size() <= max_pairs ? 1.0 : double(max_pairs) / pairs.size();
  std::uniform_real_distribution<double> coin(0, 1);
  for (std::uint64_t p : pairs) {
    if (keep < 1.0 && coin(rng) > keep) continue;
    const auto c = compare(records[p >> 32], records[p & 0xffffffffu]);
    counts[c.level] += 1;
  }
  return counts;
}

// EM with u fixed; updates m of `learn` fields and returns the match share λ. The fields
// a blocking rule fixed (`blocked`) agree in every pair by construction and say nothing
// about which pairs match: left in, their weight (20 bits and more) would make every
// pair of the block a match, coincidences included.
double run_em(const std::map<Pattern, double>& counts, Model& model,
              const std::vector<std::size_t>& learn, const std::vector<std::size_t>& blocked,
              int iterations) {
  std::array<bool, kFieldCount> skip{};
  for (std::size_t f : blocked) skip[f] = true;
  double lambda = 0.3;
  for (int it = 0; it < iterations; ++it) {
    std::array<std::vector<double>, kFieldCount> m_acc;
    for (std::size_t f = 0; f < kFieldCount; ++f) m_acc[f].assign(model.m[f].size(), 0.0);
    double total = 0, matched = 0;
    for (const auto& [pattern, n] : counts) {
      double lm = std::log(lambda), lu = std::log(1 - lambda);
      for (std::size_t f = 0; f < kFieldCount; ++f) {
        if (pattern[f] < 0 || skip[f]) continue;
        lm += std::log(std::max(model.m[f][pattern[f]], 1e-9));
        lu += std::log(std::max(model.u[f][pattern[f]], 1e-9));
      }
      const double p = 1.0 / (1.0 + std::exp(lu - lm));
      total += n;
      matched += n * p;
      for (std::size_t f = 0; f < kFieldCount; ++f)
        if (pattern[f] >= 0) m_acc[f][pattern[f]] += n * p;
    }
    if (total == 0) return lambda;
    lambda = std::clamp(matched / total, 1e-6, 1 - 1e-6);
    for (std::size_t f : learn) {
      double sum = 0;
      for (double v : m_acc[f]) sum += v;
      if (sum <= 0) continue;
      for (std::size_t l = 0; l < m_acc[f].size(); ++l)
        model.m[f][l] = std::max((m_acc[f][l] + 0.01) / (sum + 0.01 * m_acc[f].size()), 1e-5);
    }
  }
  return lambda;
}

// EM on synthetic and real registers sometimes settles on a class that is not "same
// person" (namesakes, households). A learnt field whose weights do not rise with the
// agreement level is such a case: that field keeps its prior m.
void keep_sane_fields(Model& model, const Model& prior) {
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    bool monotone = true;
    double last = -1e9;
    for (std::size_t l = 0; l < model.m[f].size(); ++l) {
      const double w = std::log(model.m[f][l] / std::max(model.u[f][l], 1e-9));
      // The "root" level of family sits below "close" by design; allow a small dip.
      if (w + 0.5 < last) monotone = false;
      last = std::max(last, w);
    }
    if (!monotone) model.m[f] = prior.m[f];
  }
}

}  // namespace

Result<Model> train(const std::vector<Features>& records, const Model& start,
                    const TrainingOptions& options) {
  if (records.size() < 2)
    return fail(ErrorCode::kInvalid, "training needs at least two records", "records");
  Model model = start;
  std::mt19937_64 rng(options.seed);

  // u: random pairs, Laplace-smoothed so no level has zero probability.
  std::array<std::vector<double>, kFieldCount> u_counts;
  for (std::size_t f = 0; f < kFieldCount; ++f) u_counts[f].assign(model.u[f].size(), 0.5);
  std::uniform_int_distribution<std::size_t> pick(0, records.size() - 1);
  for (std::size_t s = 0; s < options.u_sample_pairs; ++s) {
    const std::size_t i = pick(rng), j = pick(rng);
    if (i == j) continue;
    const auto c = compare(records[i], records[j]);
    for (std::size_t f = 0; f < kFieldCount; ++f)
      if (c.level[f] >= 0) u_counts[f][c.level[f]] += 1;
  }
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    double sum = 0;
    for (double v : u_counts[f]) sum += v;
    for (std::size_t l = 0; l < u_counts[f].size(); ++l) model.u[f][l] = u_counts[f][l] / sum;
  }

  // EM on a random sample of a large register (see TrainingOptions::max_records). Not a
  // stride: files often keep one person's records together, and a stride would split
  // every such group and starve EM of matching pairs.
  std::vector<Features> sample;
  if (options.max_records >= 2 && records.size() > options.max_records) {
    sample.reserve(options.max_records);
    std::sample(records.begin(), records.end(), std::back_inserter(sample), options.max_records,
                rng);
  }
  const std::vector<Features>& em_records = sample.empty() ? records : sample;

  // m of the non-name fields, from pairs blocked on names.
  const auto name_pairs = candidate_pairs(em_records, RuleSet::kFullName, 200, 10);
  const auto name_patterns = patterns_of(em_records, name_pairs, options.max_em_pairs, rng);
  run_em(name_patterns, model, {3, 4, 5, 6}, {0, 1, 2}, options.em_iterations);
  // m of the name fields, from pairs blocked on the full birth date.
  const auto date_pairs = candidate_pairs(em_records, RuleSet::kDates, 200, 10);
  const auto date_patterns = patterns_of(em_records, date_pairs, options.max_em_pairs, rng);
  // λ from the date-blocked pairs; the name fields learn from them only when asked:
  // families share birth dates (twins), which pulls EM's "same" class towards
  // "same household" on small vocabularies (see README).
  Model probe = model;
  const double lambda = date_patterns.empty()
                            ? 0.0
                            : run_em(date_patterns, options.learn_name_fields ? model : probe,
                                     {0, 1, 2}, {3}, options.em_iterations);

  keep_sane_fields(model, start);
  const double all_pairs = 0.5 * double(em_records.size()) * double(em_records.size() - 1);
  model.prior = std::clamp(lambda * double(date_pairs.size()) / all_pairs, 1e-9, 0.5);
  return model;
}

}  // namespace nansen::match
