// SPDX-License-Identifier: Apache-2.0
// Private to documents/: the pieces of the synthetic demo registry (demo_*.cpp).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "documents/documents.h"

namespace nansen::documents::demo {

// A small deterministic source of choices (the standard distributions differ between
// library versions; these do not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  int between(int lo, int hi) {  // inclusive
    return lo + static_cast<int>(engine_() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[engine_() % v.size()];
  }

 private:
  std::mt19937_64 engine_;
};

struct Member {
  registry::PersonId id;
  std::optional<CivilDate> birth;
  char sex = 'U';
  std::string relationship;  // head, spouse, child, sibling, other
  bool has_name_parts = false;
};

// A registered household (members[0] is the head) and the procedure it is in, if any.
struct Household {
  std::string country;
  std::string procedure;  // empty: registered only
  std::vector<Member> members;
};

// Everything the case scripts need.
struct Seeding {
  db::Database& db;
  const procedures::Catalog& catalog;
  const DemoRegistryOptions& options;
  Instant now;
  Rng& rng;
  DemoRegistryCounts& counts;
};

// The procedure a household of `country` goes through ("" for none), drawn from `rng`.
std::string pick_procedure(Rng& rng, const std::string& country);

// Registers the persons, households and consents: exactly options.persons persons
// (near-duplicates included), grouped into households with their procedure.
Result<std::vector<Household>> register_population(Seeding& s);

// Opens the household's case(s) and moves them through a realistic history ending on or
// before options.today, issuing the documents the procedure provides for.
Status run_cases(Seeding& s, const Household& household);

}  // namespace nansen::documents::demo
