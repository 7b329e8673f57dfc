// SPDX-License-Identifier: Apache-2.0
// Micro-benchmarks of the per-name and per-pair hot paths.
#include <benchmark/benchmark.h>

#include "match/match.h"
#include "text/text.h"

namespace {

using namespace nansen;

void BM_SkeletonCyrillic(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::skeleton("Абдрашов Жанибек Серикович"));
}
BENCHMARK(BM_SkeletonCyrillic);

void BM_SkeletonLatin(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::skeleton("Äbdirashov Janibek"));
}
BENCHMARK(BM_SkeletonLatin);

void BM_ParseName(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::parse_name("Asanov Bakyt Asan uulu"));
}
BENCHMARK(BM_ParseName);

void BM_TransliterateIcao(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(text::transliterate("Нұрсұлтан Әбішұлы", text::Scheme::kIcao9303));
}
BENCHMARK(BM_TransliterateIcao);

void BM_JaroWinkler(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::jaro_winkler("abdrashov", "abdirashov"));
}
BENCHMARK(BM_JaroWinkler);

void BM_ComparePair(benchmark::State& state) {
  match::PersonRecord a{.full_name = "Абдрашов Жанибек Серикович",
                        .birth_date = CivilDate{1985, 3, 12}};
  match::PersonRecord b{.full_name = "ABDRASHOV<<ZHANIBEK", .birth_date = CivilDate{1985, 12, 3}};
  const auto fa = *match::prepare(a), fb = *match::prepare(b);
  const auto model = match::default_model();
  for (auto _ : state)
    benchmark::DoNotOptimize(match::match_weight(model, match::compare(fa, fb), fa));
}
BENCHMARK(BM_ComparePair);

}  // namespace
