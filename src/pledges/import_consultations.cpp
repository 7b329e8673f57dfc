// SPDX-License-Identifier: Apache-2.0
// Importing consultations (consultations.csv): idempotent by title and date. Entities
// (organiser, participants) and, if a pledges column is given, pledges must exist.
#include "pledges/internal.h"

namespace nansen::pledges {
namespace {

struct ConsultationRow {
  std::size_t row = 0;
  ConsultationInput in;
};

std::vector<std::string> consultation_changes(const Consultation& s, const ConsultationInput& in) {
  std::vector<std::string> out;
  if (s.place != in.place) out.push_back("place");
  if (s.organiser != in.organiser) out.push_back("organiser");
  auto sorted = in.participants;
  std::sort(sorted.begin(), sorted.end());
  if (s.participants != sorted) out.push_back("participants");
  if (s.notes != in.notes) out.push_back("notes");
  if (in.pledges) {
    auto wanted = *in.pledges;
    std::sort(wanted.begin(), wanted.end());
    if (s.pledges != wanted) out.push_back("pledges");
  }
  return out;
}

}  // namespace

Result<ImportReport> import_consultations(db::Database& db, const access::Actor& actor,
                                          std::string_view bytes, FileFormat format, bool dry_run,
                                          Instant now, const ImportLimits& limits) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeReview));
  auto start =
      detail::start_import(bytes, format, dry_run, limits, {"title", "date"},
                           {"place", "organiser", "participants", "notes", "countries", "pledges"});
  if (!start.ok()) return start.report;
  ImportReport& report = start.report;
  const CsvTable& t = start.table;
  auto tx = db.begin(!dry_run);
  if (!tx) return fail(tx.error());

  std::vector<ConsultationRow> rows;
  std::vector<std::optional<ConsultationId>> existing_ids;
  std::map<std::string, std::size_t> first_row;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const std::size_t row = t.row_lines.empty() ? i + 2 : t.row_lines[i];
    const std::size_t before = report.problems.size();
    ConsultationRow r{row, {}};
    auto text = [&](const char* column) {
      std::string v = detail::cell(t, i, column);
      if (!is_valid_utf8(v)) {
        report.problems.push_back({row, column, "invalid UTF-8 text"});
        return std::string();
      }
      return v;
    };
    r.in.title = text("title");
    const std::string date = text("date");
    if (date.empty())
      report.problems.push_back({row, "date", "required"});
    else if (auto d = detail::parse_date_cell(date, "date", false, format == FileFormat::kXlsx))
      r.in.held_on = *d;
    else
      report.problems.push_back({row, "date", d.error().message});
    r.in.place = text("place");
    r.in.organiser = text("organiser");
    r.in.participants = detail::split_list(text("participants"));
    r.in.countries = detail::split_list(text("countries"));
    r.in.notes = text("notes");
    if (t.column("pledges")) {
      std::vector<PledgeId> ids;
      for (const auto& ext : detail::split_list(text("pledges"))) {
        auto found = (*tx)->query("SELECT id FROM pledges WHERE external_id = ?", {ext});
        if (!found) return fail(found.error());
        if (found->empty())
          report.problems.push_back({row, "pledges", "unknown pledge '" + ext.substr(0, 40) + "'"});
        else
          ids.push_back(PledgeId{found->front().integer(0)});
      }
      r.in.pledges = ids;
    }
    {
      auto problems = detail::validate_consultation(**tx, r.in);
      if (!problems) return fail(problems.error());
      for (const auto& p : *problems) report.problems.push_back({row, p.field, p.message});
    }
    const std::string key = r.in.title + "|" + format_civil_date(r.in.held_on);
    if (auto [it, fresh] = first_row.emplace(key, row); !fresh)
      report.problems.push_back({row, "title",
                                 "the same consultation (title and date) already appears in row " +
                                     std::to_string(it->second)});
    if (report.problems.size() != before) continue;
    auto found = detail::find_consultation(**tx, r.in.title, r.in.held_on);
    if (!found) return fail(found.error());
    if (auto allowed = detail::authorize_consultation_write(**tx, actor, *found, &r.in); !allowed) {
      if (allowed.error().code != ErrorCode::kForbidden) return fail(allowed.error());
      report.problems.push_back({row, "countries", allowed.error().message});
      continue;
    }
    ImportLine line{row, r.in.title, ImportAction::kCreate, {}};
    if (*found) {
      auto stored = detail::load_consultation(**tx, **found);
      if (!stored) return fail(stored.error());
      line.changed = consultation_changes(*stored, r.in);
      line.action = line.changed.empty() ? ImportAction::kUnchanged : ImportAction::kChange;
    }
    report.lines.push_back(std::move(line));
    rows.push_back(std::move(r));
    existing_ids.push_back(*found);
  }
  if (!report.problems.empty() || dry_run) return report;

  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (report.lines[i].action == ImportAction::kUnchanged) continue;
    if (existing_ids[i])
      NANSEN_TRY(detail::rewrite_consultation(**tx, actor, *existing_ids[i], rows[i].in, now));
    else if (auto id = detail::insert_consultation(**tx, actor, rows[i].in, now); !id)
      return fail(id.error());
  }
  NANSEN_TRY((*tx)->commit());
  report.written = true;
  return report;
}

}  // namespace nansen::pledges
