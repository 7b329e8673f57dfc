// End-to-end: generate N synthetic Central Asian records, deduplicate them (EM training
// included), and report wall time, peak RSS and pairwise / cluster F1 against the truth.
// Usage: bench_dedup_population RECORDS [SEED]
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
  match::DedupOptions options;
  auto result = match::deduplicate(records, options);
  const double dedup_s = bench::seconds_since(t0);
  if (!result) {
    std::cerr << "error: " << result.error().message << " (" << result.error().field << ")\n";
    return 1;
  }
  const auto pq = match::pairwise_quality(result->cluster_of, truth);
  const auto cq = match::cluster_quality(result->cluster_of, truth);
  fmt::print(
      "generated {} records: generate {:.1f} s, dedup {:.1f} s (incl. EM), peak RSS {:.0f} MiB\n",
      n, gen_s, dedup_s, bench::peak_rss_mib());
  fmt::print("  candidate pairs {}, matched pairs {}, clusters {}\n", result->candidate_pairs,
             result->matched_pairs, result->clusters);
  fmt::print("  pairwise P {:.4f} R {:.4f} F1 {:.4f} | cluster P {:.4f} R {:.4f} F1 {:.4f}\n",
             pq.precision, pq.recall, pq.f1, cq.precision, cq.recall, cq.f1);
  fmt::print("  model prior {:.3g}; m(family)=", result->model.prior);
  for (double v : result->model.m[0]) fmt::print("{:.3f} ", v);
  fmt::print(" u(family)=");
  for (double v : result->model.u[0]) fmt::print("{:.4f} ", v);
  fmt::print("\n");
  return 0;
}
