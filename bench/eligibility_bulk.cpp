// SPDX-License-Identifier: Apache-2.0
// End-to-end driver: bulk eligibility over a synthetic registry of N persons (default
// 50 000) in a temporary SQLite file. Seeding is not measured; preview and apply are
// (apply = one decision row and one hash-chained audit row per person, one transaction).
//
//   bench_eligibility_bulk [N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "procedures/procedures.h"

using namespace nansen;

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 50000;
  const auto dir = std::filesystem::temp_directory_path() / "nansen-bench-eligibility";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto db = db::open((dir / "bench.db").string(), db::builtin_migrations());
  if (!db) {
    std::fprintf(stderr, "open: %s\n", db.error().message.c_str());
    return 3;
  }
  {
    auto tx = (*db)->begin(true);
    for (long i = 0; i < n; ++i) {
      // Every person is stateless with a residence permit issued before 1995, so the
      // rule matches all N: the worst case for apply.
      auto id = (*tx)->insert(
          "INSERT INTO persons (country, sex, birth_date, created_at, updated_at) "
          "VALUES ('KAZ', ?, ?, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z') RETURNING id",
          {std::string(i % 2 ? "F" : "M"), std::to_string(1940 + i % 60) + "-01-01"});
      (*tx)->execute("INSERT INTO person_nationalities (person_id, claim) VALUES (?, 'stateless')",
                     {*id});
      (*tx)->execute(
          "INSERT INTO identity_documents (person_id, doc_type, number, number_key, valid_from) "
          "VALUES (?, 'residence_permit', 'RP', 'RP', '1990-01-01')",
          {*id});
    }
    if (!(*tx)->commit()) return 3;
  }
  access::Actor actor;
  actor.user = access::UserId{1};
  actor.login = "bench";
  actor.role = access::Role::kDecisionMaker;
  actor.scope.country = "KAZ";
  const procedures::EligibilityRule rule{
      "KAZ", {"stateless"}, "residence_permit", *parse_civil_date("1995-01-01"), std::nullopt};
  const CivilDate today = *parse_civil_date("2024-06-01");
  const auto t0 = std::chrono::steady_clock::now();
  auto preview = procedures::preview_eligibility(**db, actor, rule, today);
  const auto t1 = std::chrono::steady_clock::now();
  if (!preview) {
    std::fprintf(stderr, "preview: %s\n", preview.error().message.c_str());
    return 3;
  }
  auto done =
      procedures::apply_eligibility(**db, actor, rule, {"eligible", "bench"}, preview->fingerprint,
                                    today, *parse_instant("2024-06-01T06:00:00Z"));
  const auto t2 = std::chrono::steady_clock::now();
  if (!done) {
    std::fprintf(stderr, "apply: %s\n", done.error().message.c_str());
    return 3;
  }
  const double ps = std::chrono::duration<double>(t1 - t0).count();
  const double as = std::chrono::duration<double>(t2 - t1).count();
  std::printf("persons %ld  matched %lld  preview %.2f s  apply %.2f s  (%.0f decisions/s)\n", n,
              static_cast<long long>(preview->persons), ps, as, *done / as);
  std::filesystem::remove_all(dir);
  return 0;
}
