// SPDX-License-Identifier: Apache-2.0
// nansen import entities|pledges|consultations FILE, nansen export pledges: the pledge
// import/export for scripts, acting as the system actor (the operator owns the server).
// Exit codes (cli.h): 0 success; 1 the file has problems (each printed as
// "row N, column C: message" on stderr, nothing written); 2 bad usage or a refused
// file; 3 a runtime failure.
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/open_database.h"
#include "pledges/pledges.h"

namespace nansen::cli {
namespace {

struct ImportArgs {
  std::string file;
  bool dry_run = false;
};

struct ExportArgs {
  std::string format = "csv";
  std::string out;
  std::map<std::string, std::string> filter;
};

using ImportFn = Result<pledges::ImportReport> (*)(db::Database&, const access::Actor&,
                                                   std::string_view, pledges::FileFormat, bool,
                                                   Instant, const pledges::ImportLimits&);

// Reads at most `limit` + 1 bytes: a larger file is refused by the importer by its size,
// without being loaded whole.
Result<std::string> read_file(const std::string& path, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kInvalid, "cannot open " + path, "FILE");
  std::string bytes(limit + 1, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

void print_report(const pledges::ImportReport& r) {
  for (const auto& p : r.problems) {
    std::cerr << "row " << p.row;
    if (!p.column.empty()) std::cerr << ", column " << p.column;
    std::cerr << ": " << p.message << "\n";
  }
  if (!r.problems.empty()) {
    std::cerr << r.problems.size() << " problem(s); nothing was written\n";
    return;
  }
  for (const auto& l : r.lines) {
    if (!r.dry_run && l.action == pledges::ImportAction::kUnchanged) continue;
    std::cout << "row " << l.row << ": " << (r.dry_run ? "would " : "") << pledges::code(l.action)
              << " " << l.key;
    if (!l.changed.empty()) {
      std::cout << " (";
      for (std::size_t i = 0; i < l.changed.size(); ++i)
        std::cout << (i ? ", " : "") << l.changed[i];
      std::cout << ")";
    }
    std::cout << "\n";
  }
  std::cout << (r.dry_run ? "dry run: " : "") << r.count(pledges::ImportAction::kCreate)
            << " to create, " << r.count(pledges::ImportAction::kChange) << " to change, "
            << r.count(pledges::ImportAction::kUnchanged) << " unchanged"
            << (r.dry_run ? "; nothing was written" : "; written") << "\n";
}

void run_import(Context& ctx, const ImportArgs& args, ImportFn import) {
  const pledges::ImportLimits limits;
  auto bytes = read_file(args.file, limits.max_file_bytes);
  if (!bytes) {
    ctx.exit_code = report_error(bytes.error());
    return;
  }
  auto db = open_database(ctx);
  if (!db) return;
  const auto format = pledges::detect_format(args.file, *bytes);
  auto report =
      import(*db, access::system_actor(), *bytes, format, args.dry_run, system_clock()(), limits);
  if (!report) {
    ctx.exit_code = report_error(report.error());
    return;
  }
  print_report(*report);
  ctx.exit_code = report->problems.empty() ? 0 : 1;
}

void run_export(Context& ctx, const ExportArgs& args) {
  if (args.format != "csv" && args.format != "xlsx") {
    ctx.exit_code =
        report_error(Error{ErrorCode::kInvalid, "the format is csv or xlsx", "--format"});
    return;
  }
  auto filter = pledges::parse_filter(args.filter);
  if (!filter) {
    ctx.exit_code = report_error(filter.error());
    return;
  }
  auto db = open_database(ctx);
  if (!db) return;
  const auto format =
      args.format == "xlsx" ? pledges::FileFormat::kXlsx : pledges::FileFormat::kCsv;
  auto bytes =
      pledges::export_pledges(*db, access::system_actor(), *filter, format, system_clock()());
  if (!bytes) {
    ctx.exit_code = report_error(bytes.error());
    return;
  }
  if (args.out.empty() || args.out == "-") {
    std::cout.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    std::cout.flush();
    return;
  }
  std::ofstream out(args.out, std::ios::binary | std::ios::trunc);
  out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
  if (!out) {
    ctx.exit_code =
        report_error(Error{ErrorCode::kUnavailable, "cannot write " + args.out, "--out"});
    return;
  }
  std::cerr << "exported to " << args.out << "\n";
}

// `import` and `export` may be shared with other modules' subcommands.
CLI::App* group(CLI::App& app, const std::string& name, const std::string& description) {
  try {
    return app.get_subcommand(name);
  } catch (const CLI::OptionNotFound&) {
    auto* sub = app.add_subcommand(name, description);
    sub->require_subcommand(1);
    return sub;
  }
}

void add_import(CLI::App& import, Context& ctx, const std::string& what, const std::string& help,
                ImportFn fn) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = import.add_subcommand(what, help);
  cmd->add_option("FILE", args->file, "CSV or XLSX file (docs/import-format.md)")->required();
  cmd->add_option("--db", ctx.db, "Database file or postgresql:// URL");
  cmd->add_flag("--dry-run", args->dry_run,
                "List what would be created, changed or rejected; write nothing");
  cmd->callback([&ctx, args, fn] { run_import(ctx, *args, fn); });
}

}  // namespace

void add_pledge_commands(CLI::App& app, Context& ctx) {
  auto* import = group(app, "import", "Import records from CSV or XLSX files");
  add_import(*import, ctx, "entities", "Import entities (entities.csv columns)",
             pledges::import_entities);
  add_import(*import, ctx, "pledges", "Import pledges (the dashboard's pledges.csv columns)",
             pledges::import_pledges);
  add_import(*import, ctx, "consultations", "Import consultations (consultations.csv columns)",
             pledges::import_consultations);

  auto* exp = group(app, "export", "Export records to CSV or XLSX");
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = exp->add_subcommand("pledges", "Export pledges, one row per pledge with a header");
  cmd->add_option("--db", ctx.db, "Database file or postgresql:// URL");
  cmd->add_option("--format", args->format, "csv or xlsx")->check(CLI::IsMember({"csv", "xlsx"}));
  cmd->add_option("--out", args->out, "Output file (default: standard output)");
  for (const auto& [key, help] :
       std::vector<std::pair<std::string, std::string>>{{"country", "ISO alpha-3 country"},
                                                        {"kind", "entity kind"},
                                                        {"entity", "entity id"},
                                                        {"forum", "forum, e.g. 'GRF 2023'"},
                                                        {"area", "GCR area"},
                                                        {"objective", "GCR objective 1-4"},
                                                        {"stage", "current stage"},
                                                        {"stale", "1 = only stale, 0 = only fresh"},
                                                        {"year", "target year"},
                                                        {"q", "free text, any language"}})
    cmd->add_option("--" + key, args->filter[key], "Filter: " + help);
  cmd->callback([&ctx, args] { run_export(ctx, *args); });
}

}  // namespace nansen::cli
