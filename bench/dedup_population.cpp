// SPDX-License-Identifier: Apache-2.0
// End-to-end: generate N synthetic Central Asian records, deduplicate them (EM training
// included), and report wall time, peak RSS and pairwise / cluster F1 against the truth.
// Usage: bench_dedup_population RECORDS [SEED] [name-em|no-name-em] [AMBIGUITY_MARGIN]
#include <algorithm>
#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "bench/bench_common.h"
#include "match/match.h"

using namespace nansen;

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  auto t0 = std::chrono::steady_clock::now();
  const auto population = match::generate_population({.records = n, .seed = seed});
  const double gen_s = bench::seconds_since(t0);
  std::vector<match::PersonRecord> records;
  std::vector<std::size_t> truth;
  for (const auto& r : population) {
    records.push_back(match::to_person_record(r));
    truth.push_back(static_cast<std::size_t>(r.person_id));
  }
  t0 = std::chrono::steady_clock::now();
  const double cpu0 = bench::process_cpu_s();
  match::DedupOptions options;
  if (argc > 3) options.training.learn_name_fields = std::string_view(argv[3]) == "name-em";
  if (argc > 4) options.ambiguity_margin = std::strtod(argv[4], nullptr);
  // Each stage's start, with wall and CPU seconds since the dedup began.
  options.progress = [&](std::string_view stage, std::size_t done, std::size_t total) {
    fmt::print(stderr, "  [{:6.1f} s wall, {:6.1f} s CPU] {} {}/{}\n", bench::seconds_since(t0),
               bench::process_cpu_s() - cpu0, stage, done, total);
  };
  auto result = match::deduplicate(records, options);
  const double dedup_s = bench::seconds_since(t0);
  const double dedup_cpu_s = bench::process_cpu_s() - cpu0;
  if (!result) {
    std::cerr << "error: " << result.error().message << " (" << result.error().field << ")\n";
    return 1;
  }
  const auto pq = match::pairwise_quality(result->cluster_of, truth);
  const auto cq = match::cluster_quality(result->cluster_of, truth);
  fmt::print(
      "generated {} records: generate {:.1f} s, dedup {:.1f} s wall / {:.1f} s CPU (incl. EM), "
      "peak RSS {:.0f} MiB\n",
      n, gen_s, dedup_s, dedup_cpu_s, bench::peak_rss_mib());
  fmt::print(
      "  candidate pairs {}, matched pairs {}, clusters {}, ambiguous records left alone {}\n",
      result->candidate_pairs, result->matched_pairs, result->clusters, result->ambiguous);
  fmt::print("  pairwise P {:.4f} R {:.4f} F1 {:.4f} | cluster P {:.4f} R {:.4f} F1 {:.4f}\n",
             pq.precision, pq.recall, pq.f1, cq.precision, cq.recall, cq.f1);
  fmt::print("  model prior {:.3g}, same_at {:.1f}; m(family)=", result->model.prior,
             result->model.same_at);
  for (double v : result->model.m[0]) fmt::print("{:.3f} ", v);
  fmt::print(" u(family)=");
  for (double v : result->model.u[0]) fmt::print("{:.4f} ", v);
  fmt::print("\n");
  // What the hand-set m of the family name should be: its levels over the pairs of one
  // person's records (the generator writes them together), on the first 100 k records.
  std::vector<double> true_m(static_cast<std::size_t>(match::level_count(match::Field::kFamily)));
  std::vector<match::Features> head;
  for (std::size_t i = 0; i < std::min<std::size_t>(n, 100'000); ++i)
    head.push_back(*match::prepare(records[i]));
  double compared = 0;
  for (std::size_t i = 0; i < head.size(); ++i)
    for (std::size_t j = i + 1; j < head.size() && truth[j] == truth[i]; ++j)
      if (const int level = match::compare(head[i], head[j]).level[0]; level >= 0) {
        true_m[static_cast<std::size_t>(level)] += 1;
        compared += 1;
      }
  fmt::print("  true m(family) over one person's record pairs=");
  for (double v : true_m) fmt::print("{:.4f} ", compared > 0 ? v / compared : 0.0);
  fmt::print("\n");
  return 0;
}
