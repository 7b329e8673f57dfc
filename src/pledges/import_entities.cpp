// SPDX-License-Identifier: Apache-2.0
// Importing entities (entities.csv): idempotent by entity_id.
#include <set>

#include "pledges/internal.h"

namespace nansen::pledges {
namespace {

struct EntityRow {
  std::size_t row;
  EntityInput in;
};

std::vector<std::string> entity_changes(const Entity& s, const EntityInput& in) {
  std::vector<std::string> out;
  if (s.name_en != in.name_en) out.push_back("name_en");
  if (s.name_ru != in.name_ru) out.push_back("name_ru");
  if (s.name_kk != in.name_kk) out.push_back("name_kk");
  if (s.kind != in.kind) out.push_back("kind");
  if (s.country != in.country) out.push_back("country");
  if (s.region != in.region) out.push_back("region");
  return out;
}

}  // namespace

Result<ImportReport> import_entities(db::Database& db, const access::Actor& actor,
                                     std::string_view bytes, FileFormat format, bool dry_run,
                                     Instant now, const ImportLimits& limits) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeReview));
  auto start =
      detail::start_import(bytes, format, dry_run, limits, {"entity_id", "name_en", "kind"},
                           {"name_ru", "name_kk", "country", "region"});
  if (!start.ok()) return start.report;
  ImportReport& report = start.report;
  const CsvTable& t = start.table;

  auto tx = db.begin(!dry_run);
  if (!tx) return fail(tx.error());
  auto stored = detail::load_entities(**tx);
  if (!stored) return fail(stored.error());
  const auto existing = detail::entities_by_code(*stored);

  std::vector<EntityRow> rows;
  std::map<std::string, std::size_t> first_row;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const std::size_t row = t.row_lines.empty() ? i + 2 : t.row_lines[i];
    EntityRow r{row, {}};
    r.in.code = detail::cell(t, i, "entity_id");
    r.in.name_en = detail::cell(t, i, "name_en");
    r.in.name_ru = detail::cell(t, i, "name_ru");
    r.in.name_kk = detail::cell(t, i, "name_kk");
    r.in.region = detail::cell(t, i, "region");
    const std::string country = detail::cell(t, i, "country");
    if (!country.empty()) r.in.country = country;
    std::size_t before = report.problems.size();
    if (auto kind = parse_entity_kind(detail::cell(t, i, "kind")))
      r.in.kind = *kind;
    else
      report.problems.push_back({row, "kind", kind.error().message});
    for (const auto& p : detail::validate_entity(r.in))
      report.problems.push_back({row, p.field, p.message});
    const auto it_stored = existing.find(r.in.code);
    const std::optional<Entity> stored_entity =
        it_stored == existing.end() ? std::nullopt : std::optional<Entity>(it_stored->second);
    if (auto allowed = detail::authorize_entity_save(actor, stored_entity, r.in); !allowed)
      report.problems.push_back({row, "country", allowed.error().message});
    if (auto [it, fresh] = first_row.emplace(r.in.code, row); !fresh && !r.in.code.empty())
      report.problems.push_back(
          {row, "entity_id",
           "the entity id " + r.in.code + " already appears in row " + std::to_string(it->second)});
    if (report.problems.size() != before) continue;
    ImportLine line{row, r.in.code, ImportAction::kCreate, {}};
    if (stored_entity) {
      line.changed = entity_changes(*stored_entity, r.in);
      line.action = line.changed.empty() ? ImportAction::kUnchanged : ImportAction::kChange;
    }
    report.lines.push_back(std::move(line));
    rows.push_back(std::move(r));
  }
  if (!report.problems.empty() || dry_run) return report;

  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (report.lines[i].action == ImportAction::kUnchanged) continue;
    auto saved = detail::save_entity_in(**tx, actor, rows[i].in, now);
    if (!saved) return fail(saved.error());
  }
  NANSEN_TRY((*tx)->commit());
  report.written = true;
  return report;
}

}  // namespace nansen::pledges
