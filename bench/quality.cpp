// SPDX-License-Identifier: Apache-2.0
// Quality against ground truth: FEBRL 1–4 and Splink's historical_50k, deduplicated with
// the same engine the CLI uses. Prints pairwise and cluster precision / recall / F1.
// Usage: bench_quality [DATA_DIR]   (default: the repository's tests/data/match)
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "bench/bench_common.h"
#include "match/match.h"

using namespace nansen;

namespace {

struct Dataset {
  std::string name;
  std::vector<std::string> files;
  std::string id, truth, given, family, dob, sex;
  std::vector<std::string> attributes;
  bool veto_names = false;  // Central Asian defaults; FEBRL/Splink corrupt given names freely
};

std::optional<CivilDate> lenient_date(std::string v) {
  v = trim(v);
  if (v.size() == 8 && v.find_first_not_of("0123456789") == std::string::npos)
    v = v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2);
  auto d = parse_civil_date(v);
  if (d) return *d;
  return std::nullopt;
}

// FEBRL ids are rec-<N>-org / rec-<N>-dup-<k>: N is the person.
std::string febrl_person(const std::string& id) {
  const auto a = id.find('-'), b = id.find('-', a + 1);
  return id.substr(a + 1, b - a - 1);
}

int run(const Dataset& ds, const std::string& dir) {
  std::vector<match::PersonRecord> records;
  std::vector<std::size_t> truth;
  std::unordered_map<std::string, std::size_t> person_number;
  for (const std::string& file : ds.files) {
    std::ifstream in(dir + "/" + file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto table = parse_csv(ss.str());
    if (!table) {
      std::cerr << file << ": " << table.error().message << " (" << table.error().field << ")\n";
      return 1;
    }
    auto col = [&](const std::string& h) { return h.empty() ? std::nullopt : table->column(h); };
    for (const auto& row : table->rows) {
      match::PersonRecord r;
      r.record_id = trim(row[*col(ds.id)]);
      if (auto c = col(ds.given)) r.given_name = row[*c];
      if (auto c = col(ds.family)) r.family_name = row[*c];
      if (auto c = col(ds.dob)) r.birth_date = lenient_date(row[*c]);
      if (auto c = col(ds.sex)) {
        const std::string s = trim(row[*c]);
        if (s == "male") r.sex = text::Sex::kMale;
        if (s == "female") r.sex = text::Sex::kFemale;
      }
      for (const auto& a : ds.attributes)
        if (auto c = col(a)) r.attributes.push_back(row[*c]);
      // A record with no name at all is kept with a placeholder so it stays a singleton.
      if (trim(r.given_name).empty() && trim(r.family_name).empty()) r.family_name = "x";
      const std::string person =
          ds.truth.empty() ? febrl_person(r.record_id) : trim(row[*col(ds.truth)]);
      truth.push_back(person_number.emplace(person, person_number.size()).first->second);
      records.push_back(std::move(r));
    }
  }
  match::DedupOptions options;
  if (!ds.veto_names) options.model.veto.fill(false);
  // At least 12 bits, more when the prior estimated on the scored pairs asks for more.
  options.model.same_at = 12;
  // No twins or households in these sets: EM on the name fields learns how heavily they
  // corrupt names (the Central Asian defaults keep hand-set name priors, see README).
  options.training.learn_name_fields = true;
  // No namesakes in these sets, and with vetoes off a refused link only means a weak pair:
  // records are not left alone as ambiguous.
  options.ambiguity_margin = 0;
  const auto t0 = std::chrono::steady_clock::now();
  auto result = match::deduplicate(records, options);
  const double secs = bench::seconds_since(t0);
  if (!result) {
    std::cerr << ds.name << ": " << result.error().message << " (" << result.error().field << ")\n";
    return 1;
  }
  const auto pq = match::pairwise_quality(result->cluster_of, truth);
  const auto cq = match::cluster_quality(result->cluster_of, truth);
  fmt::print(
      "{:<16} {:>7} {:>8.2f}s  pairwise P {:.4f} R {:.4f} F1 {:.4f}  cluster P {:.4f} R {:.4f} F1 "
      "{:.4f}\n",
      ds.name, records.size(), secs, pq.precision, pq.recall, pq.f1, cq.precision, cq.recall,
      cq.f1);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : std::string(NANSEN_MATCH_DATA);
  const std::vector<std::string> febrl_attrs = {"soc_sec_id", "postcode", "address_1", "suburb"};
  const std::vector<Dataset> sets = {
      {"febrl1",
       {"febrl/dataset1.csv"},
       "rec_id",
       "",
       "given_name",
       "surname",
       "date_of_birth",
       "",
       febrl_attrs},
      {"febrl2",
       {"febrl/dataset2.csv"},
       "rec_id",
       "",
       "given_name",
       "surname",
       "date_of_birth",
       "",
       febrl_attrs},
      {"febrl3",
       {"febrl/dataset3.csv"},
       "rec_id",
       "",
       "given_name",
       "surname",
       "date_of_birth",
       "",
       febrl_attrs},
      {"febrl4",
       {"febrl/dataset4a.csv", "febrl/dataset4b.csv"},
       "rec_id",
       "",
       "given_name",
       "surname",
       "date_of_birth",
       "",
       febrl_attrs},
      {"historical_50k",
       {"splink/historical_figures_with_errors_50k.csv"},
       "unique_id",
       "cluster",
       "first_name",
       "surname",
       "dob",
       "gender",
       {"birth_place", "postcode_fake", "occupation"}},
  };
  fmt::print("dataset          records     time  quality (pairs within clusters vs truth)\n");
  int rc = 0;
  for (const auto& ds : sets) rc |= run(ds, dir);
  return rc;
}
