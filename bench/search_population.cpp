// SPDX-License-Identifier: Apache-2.0
// Search at scale: N generated persons' records in the index, queries by another
// spelling of a person plus birth year. Reports p50/p99 latency and recall@10 for
// Nansen's index, a brute-force Jaro–Winkler scan, and (given a connection string)
// PostgreSQL pg_trgm with GIN trigram indexes over raw and transliterated names —
// side by side, from one run.
// Usage: bench_search_population RECORDS [QUERIES] [PG_CONNINFO] [BRUTE_QUERIES]
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <random>
#include <set>

#include <fmt/format.h>
#include <libpq-fe.h>

#include "bench/bench_common.h"
#include "match/match.h"

using namespace nansen;
using SteadyClock = std::chrono::steady_clock;

namespace {

struct Query {
  std::string name;
  int year = 0;
  std::int64_t person = 0;
};

struct Figures {
  std::vector<double> latency_ms;
  std::vector<double> cpu_ms;
  double recall_sum = 0;
  std::size_t queries = 0;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))];
}

// recall@10: share of the person's other records (at most 10) among the top 10.
double recall_at_10(const std::vector<std::int64_t>& top_persons, std::int64_t person,
                    std::size_t relevant) {
  if (relevant == 0) return 1.0;
  std::size_t found = 0;
  for (auto p : top_persons) found += p == person;
  return static_cast<double>(found) / static_cast<double>(std::min<std::size_t>(relevant, 10));
}

void print_row(const std::string& name, const Figures& f) {
  fmt::print("{:<22} {:>8} {:>10.3f} {:>10.3f} {:>12.3f} {:>12.3f} {:>10.4f}\n", name, f.queries,
             percentile(f.latency_ms, 0.5), percentile(f.latency_ms, 0.99),
             percentile(f.cpu_ms, 0.5), percentile(f.cpu_ms, 0.99),
             f.queries ? f.recall_sum / f.queries : 0.0);
}

bool pg_exec(PGconn* c, const std::string& sql) {
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK ||
                  PQresultStatus(r) == PGRES_COPY_IN;
  if (!ok) std::cerr << "pg: " << PQerrorMessage(c);
  PQclear(r);
  return ok;
}

std::string lower_latin(const std::string& s) {
  auto t = text::transliterate(s, text::Scheme::kIcao9303);
  std::string out = t ? *t : s;
  auto f = text::fold_case(out);
  return f ? *f : out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const std::size_t nq = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1000;
  const std::string conninfo = argc > 3 ? argv[3] : "";
  const std::size_t brute_n = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 30;

  auto t0 = SteadyClock::now();
  const auto pop = match::generate_population({.records = n, .seed = 2026});
  // Queries: random records, written as they are, with the birth year only; they are
  // left out of the index so the answer must be another spelling.
  std::mt19937_64 rng(99);
  std::set<std::size_t> query_rows;
  while (query_rows.size() < std::min(nq, n / 4))
    query_rows.insert(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
  std::unordered_map<std::int64_t, std::size_t> records_of_person;
  std::vector<match::PersonRecord> indexed;
  std::vector<std::int64_t> person_of_slot;
  std::vector<Query> queries;
  for (std::size_t i = 0; i < pop.size(); ++i) {
    if (query_rows.count(i)) {
      queries.push_back(
          {pop[i].full_name, pop[i].birth_date ? pop[i].birth_date->year : 0, pop[i].person_id});
      continue;
    }
    ++records_of_person[pop[i].person_id];
    auto r = match::to_person_record(pop[i]);
    r.record_id = std::to_string(indexed.size());
    person_of_slot.push_back(pop[i].person_id);
    indexed.push_back(std::move(r));
  }
  fmt::print("population: {} records ({} indexed, {} queries), generated in {:.1f} s\n", n,
             indexed.size(), queries.size(), bench::seconds_since(t0));

  t0 = SteadyClock::now();
  match::Index index;
  if (auto st = index.add_all(indexed); !st) {
    std::cerr << st.error().message << "\n";
    return 1;
  }
  const double build_s = bench::seconds_since(t0);
  t0 = SteadyClock::now();
  (void)index.train({.u_sample_pairs = 200000, .max_em_pairs = 1000000});
  fmt::print("index built in {:.1f} s, trained in {:.1f} s, peak RSS {:.0f} MiB\n", build_s,
             bench::seconds_since(t0), bench::peak_rss_mib());

  fmt::print("\n{:<22} {:>8} {:>10} {:>10} {:>12} {:>12} {:>10}\n", "engine", "queries", "p50 ms",
             "p99 ms", "cpu p50 ms", "cpu p99 ms", "recall@10");
  Figures nansen_f;
  for (const Query& q : queries) {
    match::Query mq{.name = q.name};
    if (q.year) mq.birth_date = CivilDate{q.year, 0, 0, DatePrecision::kYear};
    const auto s = SteadyClock::now();
    const double c0 = bench::thread_cpu_ms();
    auto hits = index.search(mq, 10);
    nansen_f.cpu_ms.push_back(bench::thread_cpu_ms() - c0);
    nansen_f.latency_ms.push_back(bench::seconds_since(s) * 1000);
    std::vector<std::int64_t> persons;
    if (hits)
      for (const auto& h : *hits) persons.push_back(person_of_slot[std::stoul(h.record_id)]);
    nansen_f.recall_sum += recall_at_10(persons, q.person, records_of_person[q.person]);
    ++nansen_f.queries;
  }
  print_row("nansen index", nansen_f);

  // Brute force: Jaro–Winkler token alignment over every skeleton, year within one.
  std::vector<std::vector<std::string>> tokens(indexed.size());
  std::vector<int> years(indexed.size());
  for (std::size_t i = 0; i < indexed.size(); ++i) {
    tokens[i] = split(text::skeleton(indexed[i].full_name).value_or(""), ' ');
    years[i] = indexed[i].birth_date ? indexed[i].birth_date->year : 0;
  }
  Figures brute;
  const std::size_t brute_queries = std::min<std::size_t>(queries.size(), brute_n);
  for (std::size_t k = 0; k < brute_queries; ++k) {
    const Query& q = queries[k];
    const auto s = SteadyClock::now();
    const double c0 = bench::thread_cpu_ms();
    const auto qt = split(text::skeleton(q.name).value_or(""), ' ');
    std::vector<std::pair<double, std::size_t>> best;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      double sim = text::token_set_similarity(qt, tokens[i]);
      if (q.year && years[i] && std::abs(years[i] - q.year) <= 1) sim += 0.1;
      best.emplace_back(sim, i);
    }
    std::partial_sort(best.begin(), best.begin() + 10, best.end(), std::greater<>());
    brute.cpu_ms.push_back(bench::thread_cpu_ms() - c0);
    brute.latency_ms.push_back(bench::seconds_since(s) * 1000);
    std::vector<std::int64_t> persons;
    for (std::size_t j = 0; j < 10 && j < best.size(); ++j)
      persons.push_back(person_of_slot[best[j].second]);
    brute.recall_sum += recall_at_10(persons, q.person, records_of_person[q.person]);
    ++brute.queries;
  }
  print_row("brute-force JW scan", brute);

  if (!conninfo.empty()) {
    PGconn* c = PQconnectdb(conninfo.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      std::cerr << "pg: " << PQerrorMessage(c);
      return 1;
    }
    t0 = SteadyClock::now();
    pg_exec(c, "CREATE EXTENSION IF NOT EXISTS pg_trgm");
    pg_exec(c, "SET client_min_messages = warning");
    pg_exec(c, "DROP TABLE IF EXISTS persons");
    pg_exec(c, "CREATE TABLE persons (slot int, name text, latin text, year int)");
    pg_exec(c, "COPY persons FROM STDIN");
    std::string buf;
    for (std::size_t i = 0; i < indexed.size(); ++i) {
      std::string name = indexed[i].full_name;
      std::replace(name.begin(), name.end(), '\t', ' ');
      std::replace(name.begin(), name.end(), '\\', ' ');
      buf += fmt::format("{}\t{}\t{}\t{}\n", i, name, lower_latin(name),
                         years[i] ? std::to_string(years[i]) : "\\N");
      if (buf.size() > (1 << 20) || i + 1 == indexed.size()) {
        PQputCopyData(c, buf.data(), static_cast<int>(buf.size()));
        buf.clear();
      }
    }
    PQputCopyEnd(c, nullptr);
    PQclear(PQgetResult(c));
    pg_exec(c, "CREATE INDEX ON persons USING gin (lower(name) gin_trgm_ops)");
    pg_exec(c, "CREATE INDEX ON persons USING gin (latin gin_trgm_ops)");
    pg_exec(c, "ANALYZE persons");
    fmt::print("{:<22} loaded and indexed in {:.0f} s\n", "postgres", bench::seconds_since(t0));
    Figures pg;
    const std::size_t pg_queries = std::min<std::size_t>(queries.size(), 200);
    const char* sql =
        "SELECT slot FROM persons WHERE lower(name) % $1 OR latin % $2 "
        "ORDER BY greatest(similarity(lower(name), $1), similarity(latin, $2)) "
        "+ CASE WHEN abs(year - $3::int) <= 1 THEN 0.1 ELSE 0 END DESC LIMIT 10";
    for (std::size_t k = 0; k < pg_queries; ++k) {
      const Query& q = queries[k];
      const std::string lowered = text::fold_case(q.name).value_or(q.name);
      const std::string latin = lower_latin(q.name);
      const std::string year = std::to_string(q.year);
      const char* params[3] = {lowered.c_str(), latin.c_str(), year.c_str()};
      const auto s = SteadyClock::now();
      PGresult* r = PQexecParams(c, sql, 3, nullptr, params, nullptr, nullptr, 0);
      pg.latency_ms.push_back(bench::seconds_since(s) * 1000);
      pg.cpu_ms.push_back(0);  // the work happens in the server process
      std::vector<std::int64_t> persons;
      if (PQresultStatus(r) == PGRES_TUPLES_OK)
        for (int row = 0; row < PQntuples(r); ++row)
          persons.push_back(person_of_slot[std::stoul(PQgetvalue(r, row, 0))]);
      else
        std::cerr << "pg: " << PQerrorMessage(c);
      PQclear(r);
      pg.recall_sum += recall_at_10(persons, q.person, records_of_person[q.person]);
      ++pg.queries;
    }
    print_row("postgres pg_trgm", pg);
    PQfinish(c);
    const double speedup =
        percentile(pg.latency_ms, 0.99) / std::max(1e-9, percentile(nansen_f.latency_ms, 0.99));
    fmt::print("nansen vs pg_trgm at p99: {:.0f}x faster\n", speedup);
  }
  fmt::print("peak RSS {:.0f} MiB\n", bench::peak_rss_mib());
  return 0;
}
