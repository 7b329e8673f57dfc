// SPDX-License-Identifier: Apache-2.0
// Fellegi–Sunter weights, thresholds and explanations.
#include <algorithm>
#include <cmath>

#include "match/match.h"

namespace nansen::match {
namespace {

constexpr double kFloor = 1e-6;
constexpr std::size_t kMinTermFrequencyRecords = 1000;

double tf_ratio(const std::unordered_map<std::string, std::uint32_t>& counts, std::size_t total,
                const std::string& value) {
  if (total == 0 || value.empty()) return 0;
  const auto it = counts.find(value);
  const double n = it == counts.end() ? 1.0 : it->second;
  return n / static_cast<double>(total);
}

double level_weight(const Model& model, std::size_t field, int level) {
  const auto& m = model.m[field];
  const auto& u = model.u[field];
  if (level < 0 || static_cast<std::size_t>(level) >= m.size()) return 0;
  return std::log2(std::max(m[level], kFloor) / std::max(u[level], kFloor));
}

// Exact agreement on a common value is weaker evidence than on a rare one: replace the
// average u of the exact level by the value's own frequency (Splink's adjustment).
double tf_adjustment(const Model& model, const Comparison& c, const Features& a,
                     const TermFrequencies* tf, std::size_t field) {
  // Frequencies from a few hundred records say more about the sample than the names.
  if (!model.term_frequency || tf == nullptr || tf->total < kMinTermFrequencyRecords) return 0;
  const int top = level_count(static_cast<Field>(field)) - 1;
  if (c.level[field] != top || c.names_swapped) return 0;
  const double freq = field == 0 ? tf_ratio(tf->family, tf->total, a.family_stem)
                                 : tf_ratio(tf->given, tf->total, a.given_joined);
  if (freq <= 0) return 0;
  const double adj = std::log2(std::max(model.u[field][top], kFloor) / freq);
  return std::clamp(adj, -model.tf_clamp, model.tf_clamp);
}

}  // namespace

void TermFrequencies::add(const Features& f) {
  ++total;
  if (!f.family_stem.empty()) ++family[f.family_stem];
  if (!f.given_joined.empty()) ++given[f.given_joined];
}

void TermFrequencies::remove(const Features& f) {
  if (total > 0) --total;
  auto dec = [](auto& map, const std::string& key) {
    auto it = map.find(key);
    if (it != map.end() && --it->second == 0) map.erase(it);
  };
  dec(family, f.family_stem);
  dec(given, f.given_joined);
}

Model default_model() {
  Model model;
  model.m = {{
      {0.01, 0.04, 0.07, 0.18, 0.70},
      {0.005, 0.055, 0.14, 0.80},
      {0.05, 0.15, 0.80},
      {0.03, 0.05, 0.07, 0.25, 0.60},
      {0.02, 0.98},
      {0.35, 0.65},
      {0.10, 0.30, 0.60},
  }};
  model.u = {{
      {0.90, 0.08, 0.005, 0.01, 0.005},
      {0.85, 0.12, 0.02, 0.01},
      {0.90, 0.05, 0.05},
      {0.93, 0.05, 0.002, 0.015, 0.0003},
      {0.50, 0.50},
      {0.60, 0.40},
      {0.90, 0.09, 0.01},
  }};
  return model;
}

std::string_view decision_name(Decision d) {
  switch (d) {
    case Decision::kSame:
      return "same";
    case Decision::kReview:
      return "review";
    case Decision::kDifferent:
      return "different";
  }
  return "different";
}

Decision decide(const Model& model, double weight) {
  if (weight >= model.same_at) return Decision::kSame;
  if (weight >= model.review_at) return Decision::kReview;
  return Decision::kDifferent;
}

double match_weight(const Model& model, const Comparison& c, const Features& a,
                    const TermFrequencies* tf) {
  double w = 0;
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    w += level_weight(model, f, c.level[f]);
    if (f <= 1) w += tf_adjustment(model, c, a, tf, f);
  }
  return w;
}

Explanation explain(const Model& model, const Features& a, const Features& b,
                    const TermFrequencies* tf) {
  const Comparison c = compare(a, b);
  Explanation e;
  e.names_swapped = c.names_swapped;
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    FieldWeight fw;
    fw.field = static_cast<Field>(f);
    fw.level = c.level[f];
    fw.level_name = level_name(fw.field, fw.level);
    fw.weight = level_weight(model, f, c.level[f]);
    if (f <= 1) fw.weight += tf_adjustment(model, c, a, tf, f);
    e.weight += fw.weight;
    e.fields.push_back(fw);
  }
  const double odds = std::exp2(e.weight) * model.prior / (1 - model.prior);
  e.probability = odds / (1 + odds);
  e.decision = decide(model, e.weight);
  return e;
}

}  // namespace nansen::match
