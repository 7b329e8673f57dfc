// SPDX-License-Identifier: Apache-2.0
// nansen dedup | search | translit — the matching engine on plain CSV files, no database.
//
// Input columns (by default these header names; --columns maps others onto them):
//   id, name (full name as written), given_name, family_name, patronymic,
//   dob (YYYY-MM-DD, YYYY-MM, YYYY or YYYYMMDD), sex (M/F), nationality, attr (up to 4).
// Errors name the row and column and never echo the personal data they found there.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "cli/cli.h"
#include "match/match.h"
#include "text/text.h"

namespace nansen::cli {
namespace {

constexpr std::size_t kMaxInputBytes = std::size_t{2} << 30;

struct Columns {
  std::map<std::string, std::string> source;  // our name → header in the file
  std::vector<std::string> attributes;        // headers of extra attributes
};

Result<Columns> parse_columns(const std::string& spec) {
  Columns c;
  for (const char* k :
       {"id", "name", "given_name", "family_name", "patronymic", "dob", "sex", "nationality"})
    c.source[k] = k;
  if (spec.empty()) return c;
  for (const std::string& item : split(spec, ',')) {
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      return fail(ErrorCode::kInvalid, "expected target=header in --columns", "--columns");
    const std::string target = trim(item.substr(0, eq)), header = trim(item.substr(eq + 1));
    if (target == "attr") {
      if (c.attributes.size() == match::kMaxAttributes)
        return fail(ErrorCode::kInvalid, "at most 4 attr columns", "--columns");
      c.attributes.push_back(header);
    } else if (c.source.count(target)) {
      c.source[target] = header;
    } else {
      return fail(ErrorCode::kInvalid, "unknown target '" + target + "' in --columns", "--columns");
    }
  }
  return c;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kInvalid, "cannot open " + path, "--in");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (ss.str().size() > kMaxInputBytes)
    return fail(ErrorCode::kTooLarge, "input over 2 GiB", "--in");
  return ss.str();
}

// Accepts the formats of base's parse_civil_date plus FEBRL's YYYYMMDD.
Result<CivilDate> parse_dob(std::string_view raw, const std::string& field) {
  const std::string v = trim(raw);
  if (v.size() == 8 && v.find_first_not_of("0123456789") == std::string::npos)
    return parse_civil_date(v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2), field);
  return parse_civil_date(v, field);
}

struct Input {
  std::vector<match::PersonRecord> records;
  std::vector<std::size_t> rows;  // 1-based CSV row of each record (header = 1)
  std::size_t skipped_values = 0;
};

// Reads the CSV into records. Strict: the first bad value is an error naming row and
// column. Lenient: a bad dob or sex is dropped and counted.
Result<Input> read_input(const std::string& path, const Columns& cols, bool lenient) {
  auto text = read_file(path);
  if (!text) return fail(text.error());
  auto table = parse_csv(*text);
  if (!table) return fail(table.error());
  std::map<std::string, std::optional<std::size_t>> at;
  for (const auto& [ours, header] : cols.source) at[ours] = table->column(header);
  if (!at["id"]) return fail(ErrorCode::kInvalid, "no column '" + cols.source.at("id") + "'", "id");
  if (!at["name"] && !at["given_name"] && !at["family_name"])
    return fail(ErrorCode::kInvalid, "need a name column or given_name/family_name", "name");
  std::vector<std::size_t> attr_at;
  for (const auto& h : cols.attributes) {
    auto i = table->column(h);
    if (!i) return fail(ErrorCode::kInvalid, "no column '" + h + "'", "attr");
    attr_at.push_back(*i);
  }
  Input in;
  for (std::size_t r = 0; r < table->rows.size(); ++r) {
    const auto& row = table->rows[r];
    const std::size_t row_no = r + 2;
    auto cell = [&](const char* ours) -> std::string {
      const auto& i = at[ours];
      return i ? row[*i] : std::string();
    };
    // A quoted field may span lines; then the row and the line where it starts differ.
    const std::size_t line_no = r < table->row_lines.size() ? table->row_lines[r] : row_no;
    auto where = [&](const char* ours) {
      return line_no == row_no ? fmt::format("row {}, column {}", row_no, cols.source.at(ours))
                               : fmt::format("row {} (line {}), column {}", row_no, line_no,
                                             cols.source.at(ours));
    };
    match::PersonRecord p;
    p.record_id = trim(cell("id"));
    if (p.record_id.empty()) return fail(ErrorCode::kInvalid, "empty id", where("id"));
    p.full_name = cell("name");
    p.given_name = cell("given_name");
    p.family_name = cell("family_name");
    p.patronymic = cell("patronymic");
    p.nationality = trim(cell("nationality"));
    if (const std::string dob = trim(cell("dob")); !dob.empty()) {
      auto d = parse_dob(dob, where("dob"));
      if (d)
        p.birth_date = *d;
      else if (lenient)
        ++in.skipped_values;
      else
        return fail(d.error());
    }
    if (const std::string sex = to_lower_ascii(trim(cell("sex"))); !sex.empty()) {
      if (sex == "m" || sex == "male")
        p.sex = text::Sex::kMale;
      else if (sex == "f" || sex == "female")
        p.sex = text::Sex::kFemale;
      else if (lenient)
        ++in.skipped_values;
      else
        return fail(ErrorCode::kInvalid, "sex must be M or F", where("sex"));
    }
    for (std::size_t i : attr_at) p.attributes.push_back(row[i]);
    in.records.push_back(std::move(p));
    in.rows.push_back(row_no);
  }
  return in;
}

struct DedupArgs {
  std::string in, out, columns;
  double same_at = 0;
  double ambiguity_margin = match::DedupOptions{}.ambiguity_margin;
  std::string veto = "given,sex,dob";
  bool no_train = false, lenient = false, learn_names = false;
  int threads = 2;
};

void run_dedup(Context& ctx, const DedupArgs& a) {
  auto cols = parse_columns(a.columns);
  if (!cols) return void(ctx.exit_code = report_error(cols.error()));
  auto input = read_input(a.in, *cols, a.lenient);
  if (!input) return void(ctx.exit_code = report_error(input.error()));
  std::cerr << "read " << input->records.size() << " rows\n";
  // Prepare every row; a row without a usable name is an error (or, lenient, a singleton).
  std::vector<match::Features> features;
  std::vector<std::size_t> feature_row;  // index into records
  for (std::size_t i = 0; i < input->records.size(); ++i) {
    auto f = match::prepare(input->records[i]);
    if (!f) {
      if (a.lenient) {
        ++input->skipped_values;
        continue;
      }
      Error e = f.error();
      const auto& r = input->records[i];
      const bool parts = !trim(r.given_name).empty() || !trim(r.family_name).empty();
      e.field = fmt::format("row {}, column {}", input->rows[i],
                            cols->source.at(parts ? "family_name" : "name"));
      return void(ctx.exit_code = report_error(e));
    }
    features.push_back(std::move(*f));
    feature_row.push_back(i);
  }
  if (input->skipped_values)
    std::cerr << "warning: " << input->skipped_values << " unreadable values ignored (--lenient)\n";
  match::DedupOptions options;
  options.train = !a.no_train;
  options.training.learn_name_fields = a.learn_names;
  options.threads = a.threads;
  if (a.same_at > 0) options.model.same_at = a.same_at;
  options.ambiguity_margin = a.ambiguity_margin;
  options.model.veto.fill(false);
  for (const std::string& v : split(a.veto, ',')) {
    const std::string name = trim(v) == "dob" ? "birth_date" : trim(v);
    if (name.empty() || name == "none") continue;
    bool known = false;
    for (std::size_t f = 0; f < match::kFieldCount; ++f)
      if (match::field_name(static_cast<match::Field>(f)) == name)
        options.model.veto[f] = known = true;
    if (!known)
      return void(ctx.exit_code =
                      report_error({ErrorCode::kInvalid, "unknown field in --veto", "--veto"}));
  }
  options.progress = [](std::string_view stage, std::size_t done, std::size_t total) {
    std::cerr << stage << ": " << done << "/" << total << "\n";
  };
  const auto result = match::deduplicate_features(features, options);
  std::vector<std::string> cluster(input->records.size());
  std::size_t next = result.clusters;
  for (std::size_t k = 0; k < feature_row.size(); ++k)
    cluster[feature_row[k]] = std::to_string(result.cluster_of[k] + 1);
  for (auto& c : cluster)
    if (c.empty()) c = std::to_string(++next);  // rows without a name stand alone
  std::ofstream out(a.out, std::ios::binary | std::ios::trunc);
  if (!out)
    return void(ctx.exit_code =
                    report_error({ErrorCode::kInvalid, "cannot write " + a.out, "--out"}));
  out << "id,cluster_id\n";
  for (std::size_t i = 0; i < input->records.size(); ++i)
    out << csv_field(input->records[i].record_id) << ',' << cluster[i] << '\n';
  out.flush();
  if (!out)
    return void(ctx.exit_code = report_error({ErrorCode::kUnavailable, "write failed", "--out"}));
  std::cerr << "clusters: " << next << " for " << input->records.size() << " rows ("
            << result.candidate_pairs << " pairs compared, " << result.matched_pairs
            << " above the threshold)\n";
}

struct SearchArgs {
  std::string in, query, dob, sex, columns;
  std::size_t top = 10;
  bool explain = false, lenient = false;
};

void run_search(Context& ctx, const SearchArgs& a) {
  auto cols = parse_columns(a.columns);
  if (!cols) return void(ctx.exit_code = report_error(cols.error()));
  match::Query q;
  q.name = a.query;
  if (!a.dob.empty()) {
    auto d = parse_dob(a.dob, "--dob");
    if (!d) return void(ctx.exit_code = report_error(d.error()));
    q.birth_date = *d;
  }
  if (!a.sex.empty()) {
    if (a.sex == "M" || a.sex == "m")
      q.sex = text::Sex::kMale;
    else if (a.sex == "F" || a.sex == "f")
      q.sex = text::Sex::kFemale;
    else
      return void(ctx.exit_code =
                      report_error({ErrorCode::kInvalid, "sex must be M or F", "--sex"}));
  }
  auto input = read_input(a.in, *cols, a.lenient);
  if (!input) return void(ctx.exit_code = report_error(input.error()));
  // Rows are filed under their position, so repeated ids stay distinct; rows without a
  // usable name cannot match anything and are left out.
  match::Index index;
  std::vector<match::PersonRecord> usable;
  for (std::size_t i = 0; i < input->records.size(); ++i) {
    if (!match::prepare(input->records[i])) continue;
    usable.push_back(input->records[i]);
    usable.back().record_id = std::to_string(i);
  }
  if (auto st = index.add_all(usable); !st) return void(ctx.exit_code = report_error(st.error()));
  if (input->records.size() >= 1000) (void)index.train();
  auto hits = index.search(q, a.top);
  if (!hits) {
    Error e = hits.error();
    e.field = "--query";
    return void(ctx.exit_code = report_error(e));
  }
  if (hits->empty()) {
    std::cerr << "no candidates\n";
    ctx.exit_code = 1;
    return;
  }
  // Map back to the caller's ids.
  std::cout << "rank\tid\tweight\tprobability\tdecision\tname\tdob\n";
  int rank = 0;
  for (const auto& h : *hits) {
    const auto& r = input->records[std::stoul(h.record_id)];
    std::string name = r.full_name.empty() ? r.family_name + " " + r.given_name : r.full_name;
    std::cout << ++rank << '\t' << r.record_id << '\t' << fmt::format("{:.2f}", h.weight) << '\t'
              << fmt::format("{:.4f}", h.probability) << '\t' << match::decision_name(h.decision)
              << '\t' << name << '\t' << (r.birth_date ? format_civil_date(*r.birth_date) : "")
              << '\n';
    if (a.explain) {
      auto e = index.explain(q, h.record_id);
      if (e)
        for (const auto& f : e->fields)
          std::cout << "\t\t" << match::field_name(f.field) << '=' << f.level_name << " ("
                    << fmt::format("{:+.2f}", f.weight) << ")\n";
    }
  }
}

void run_translit(Context& ctx, const std::string& text_in, bool all) {
  auto sk = text::skeleton(text_in);
  if (!sk) return void(ctx.exit_code = report_error(sk.error()));
  // The MRZ line shows the name field (FAMILY<<GIVEN<NAMES) when the text parses as a
  // name, else the plain MRZ characters.
  auto mrz = text::mrz_name_field(text_in);
  if (!mrz) mrz = text::to_mrz(text_in);
  auto icao = text::transliterate(text_in, text::Scheme::kIcao9303);
  std::cout << "script:   " << text::script_name(text::detect_script(text_in)) << "\n";
  std::cout << "skeleton: " << *sk << "\n";
  std::cout << "icao:     " << (icao ? *icao : "") << "\n";
  std::cout << "mrz:      " << (mrz ? *mrz : "") << "\n";
  if (auto p = text::parse_name(text_in)) {
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& t : v) s += (s.empty() ? "" : " ") + t;
      return s;
    };
    std::cout << "given:    " << join(p->given) << "\nfamily:   " << join(p->family) << " (stem "
              << p->family_stem << ")\npatronym: " << join(p->patronymic) << "\nsex:      "
              << (!p->sex_signal                       ? "?"
                  : *p->sex_signal == text::Sex::kMale ? "M"
                                                       : "F")
              << "\n";
  }
  if (all) {
    for (auto s : {text::Scheme::kBgnPcgn, text::Scheme::kGost779, text::Scheme::kKazakh2017,
                   text::Scheme::kKazakh2018, text::Scheme::kKazakh2021, text::Scheme::kUzbekLatin,
                   text::Scheme::kTajikLatin, text::Scheme::kTurkmenLatin}) {
      auto t = text::transliterate(text_in, s);
      std::cout << fmt::format("{:<9} ", std::string(text::scheme_name(s)) + ":") << (t ? *t : "")
                << "\n";
    }
  }
}

}  // namespace

void add_match_commands(CLI::App& app, Context& ctx) {
  auto dedup_args = std::make_shared<DedupArgs>();
  auto* dedup = app.add_subcommand("dedup", "Cluster the rows of a CSV file that are one person");
  dedup->add_option("--in", dedup_args->in, "CSV with a header row")->required();
  dedup->add_option("--out", dedup_args->out, "output CSV: id,cluster_id")->required();
  dedup->add_option("--columns", dedup_args->columns,
                    "map headers: id=rec_id,given_name=given_name,family_name=surname,"
                    "dob=date_of_birth,attr=postcode");
  dedup->add_option("--same-at", dedup_args->same_at,
                    fmt::format("match weight for 'same' (default {}, raised for large files)",
                                match::default_model().same_at));
  dedup
      ->add_option("--ambiguity-margin", dedup_args->ambiguity_margin,
                   fmt::format("leave a row alone when it fits two clusters that differ within "
                               "this many bits (default {}; 0 = off)",
                               match::DedupOptions{}.ambiguity_margin))
      ->check(CLI::Range(0.0, 64.0));
  dedup->add_option("--threads", dedup_args->threads, "scoring threads (default 2)")
      ->check(CLI::Range(1, 64));
  dedup->add_option("--veto", dedup_args->veto,
                    "fields whose disagreement forbids a merge (default given,sex,dob; 'none')");
  dedup->add_flag("--no-train", dedup_args->no_train, "skip EM training, use the default model");
  dedup->add_flag("--learn-names", dedup_args->learn_names,
                  "let EM learn the name fields too (files without twins and households, "
                  "such as FEBRL)");
  dedup->add_flag("--lenient", dedup_args->lenient,
                  "ignore unreadable dob/sex values and name-less rows instead of stopping");
  dedup->callback([&ctx, dedup_args] { run_dedup(ctx, *dedup_args); });

  auto search_args = std::make_shared<SearchArgs>();
  auto* search = app.add_subcommand("search", "Rank the rows of a CSV file against a name");
  search->add_option("--in", search_args->in, "CSV with a header row")->required();
  search->add_option("--query", search_args->query, "a name in any spelling or order")->required();
  search->add_option("--dob", search_args->dob, "birth date: YYYY-MM-DD, YYYY-MM or YYYY");
  search->add_option("--sex", search_args->sex, "M or F");
  search->add_option("--top", search_args->top, "how many candidates (default 10)")
      ->check(CLI::Range(1, 1000));
  search->add_option("--columns", search_args->columns, "map headers (see dedup)");
  search->add_flag("--explain", search_args->explain, "show the weight of every field");
  search->add_flag("--lenient", search_args->lenient, "ignore unreadable dob/sex values");
  search->callback([&ctx, search_args] { run_search(ctx, *search_args); });

  auto translit_text = std::make_shared<std::string>();
  auto translit_all = std::make_shared<bool>(false);
  auto* translit =
      app.add_subcommand("translit", "Show the skeleton, ICAO and MRZ forms of a name");
  translit->add_option("text", *translit_text, "the name")->required();
  translit->add_flag("--all", *translit_all, "also print every transliteration scheme");
  translit->callback(
      [&ctx, translit_text, translit_all] { run_translit(ctx, *translit_text, *translit_all); });
}

}  // namespace nansen::cli
