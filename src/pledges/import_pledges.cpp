// SPDX-License-Identifier: Apache-2.0
// Importing pledges in the dashboard's shape (pledges.csv): every row is parsed and
// checked first, every problem named by row and column; only a clean file is written,
// in one transaction. Idempotent by pledge_id (or the derived id when it is empty).
#include <charconv>

#include "pledges/internal.h"

namespace nansen::pledges {
namespace {

struct PledgeRow {
  std::size_t row = 0;
  PledgeInput in;
  Stage stage = Stage::kNotReported;
  std::optional<CivilDate> stage_as_of;
};

class RowReader {
 public:
  RowReader(const CsvTable& t, std::size_t index, std::size_t row, bool xlsx, ImportReport& report)
      : t_(t), index_(index), row_(row), xlsx_(xlsx), report_(report) {}

  std::string text(std::string_view column) {
    std::string v = detail::cell(t_, index_, column);
    if (!is_valid_utf8(v)) {
      problem(column, "invalid UTF-8 text");
      return {};
    }
    return v;
  }

  template <typename E>
  std::optional<E> one(std::string_view column, Result<E> (*parse)(std::string_view),
                       bool required) {
    const std::string v = text(column);
    if (v.empty()) {
      if (required) problem(column, "required");
      return std::nullopt;
    }
    auto parsed = parse(v);
    if (!parsed) problem(column, parsed.error().message);
    return parsed ? std::optional<E>(*parsed) : std::nullopt;
  }

  template <typename E>
  std::vector<E> many(std::string_view column, Result<E> (*parse)(std::string_view)) {
    std::vector<E> out;
    for (const auto& item : detail::split_list(text(column))) {
      auto parsed = parse(item);
      if (parsed)
        out.push_back(*parsed);
      else
        problem(column, parsed.error().message);
    }
    return out;
  }

  std::vector<int> numbers(std::string_view column) {
    std::vector<int> out;
    for (const auto& item : detail::split_list(text(column))) {
      int n = 0;
      const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
      if (ec != std::errc() || ptr != item.data() + item.size())
        problem(column, "'" + item.substr(0, 20) + "' is not a number");
      else
        out.push_back(n);
    }
    return out;
  }

  std::optional<CivilDate> date(std::string_view column, bool partial) {
    const std::string v = text(column);
    if (v.empty()) return std::nullopt;
    auto d = detail::parse_date_cell(v, column, partial, xlsx_);
    if (!d) problem(column, d.error().message);
    return d ? std::optional<CivilDate>(*d) : std::nullopt;
  }

  void problem(std::string_view column, std::string message) {
    report_.problems.push_back({row_, std::string(column), std::move(message)});
  }

 private:
  const CsvTable& t_;
  std::size_t index_, row_;
  bool xlsx_;
  ImportReport& report_;
};

PledgeRow read_row(const CsvTable& t, std::size_t i, std::size_t row, bool xlsx,
                   ImportReport& report, const std::map<std::string, Entity>& entities,
                   Instant now) {
  RowReader r(t, i, row, xlsx, report);
  PledgeRow out;
  out.row = row;
  PledgeInput& in = out.in;
  in.external_id = r.text("pledge_id");
  in.title = r.text("title");
  in.description = r.text("description");
  in.language = r.text("language");
  if (in.language.empty()) in.language = "en";
  const auto forum = r.one<Forum>("forum", parse_forum, true);
  in.forum = forum.value_or(Forum::kNational);
  in.entity_code = r.text("submitting_entity");
  in.co_pledgers = detail::split_list(r.text("co_pledgers"));
  in.multistakeholder_pledge = r.text("multistakeholder_pledge");
  in.gcr_areas = r.many<GcrArea>("gcr_areas", parse_gcr_area);
  in.gcr_objectives = r.numbers("gcr_objectives");
  in.type = r.one<PledgeType>("pledge_type", parse_pledge_type, true).value_or(PledgeType::kOther);
  in.serves = r.many<Population>("serves", parse_population);
  in.target_countries = detail::split_list(r.text("target_countries"));
  in.target_date = r.date("target_date", true);
  in.tags = detail::split_list(r.text("tags"));
  in.ibelong_actions = r.numbers("ibelong_actions");
  in.source = r.text("source");
  out.stage = r.one<Stage>("stage", parse_stage, false).value_or(Stage::kNotReported);
  out.stage_as_of = r.date("stage_as_of", false);
  if (out.stage_as_of && days_from_civil(*out.stage_as_of) > days_from_civil(detail::today(now)))
    r.problem("stage_as_of", "the date is in the future");
  for (const auto& p : detail::validate_pledge(in, entities)) r.problem(p.field, p.message);
  if (in.external_id.empty() && forum && !in.title.empty())
    in.external_id = derive_external_id(in.entity_code, in.forum, in.title);
  return out;
}

// The progress update an imported stage becomes, if the pledge does not already say so.
std::optional<UpdateInput> stage_update(const PledgeRow& r, const Pledge* stored,
                                        const access::Actor& actor, Instant now) {
  if (r.stage == Stage::kNotReported)
    return std::nullopt;  // "nothing reported" never erases progress
  if (stored && stored->stage == r.stage) return std::nullopt;
  UpdateInput u;
  u.reported_on = r.stage_as_of.value_or(detail::today(now));
  u.stage = r.stage;
  u.done =
      r.in.source.empty() ? "Stage recorded at import." : "Stage as confirmed by: " + r.in.source;
  u.author = "import by " + actor.login;
  u.language = "en";
  return u;
}

}  // namespace

Result<ImportReport> import_pledges(db::Database& db, const access::Actor& actor,
                                    std::string_view bytes, FileFormat format, bool dry_run,
                                    Instant now, const ImportLimits& limits) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  if (!actor.system && !access::has_permission(actor.role, access::Permission::kPledgeWrite) &&
      !access::has_permission(actor.role, access::Permission::kPledgeReview))
    return fail(ErrorCode::kForbidden, "your role may not import pledges");
  auto start =
      detail::start_import(bytes, format, dry_run, limits, detail::pledge_required_columns(),
                           detail::pledge_optional_columns());
  if (!start.ok()) return start.report;
  ImportReport& report = start.report;
  const CsvTable& t = start.table;

  auto tx = db.begin(!dry_run);
  if (!tx) return fail(tx.error());
  auto entities = detail::load_entities(**tx);
  if (!entities) return fail(entities.error());
  const auto by_code = detail::entities_by_code(*entities);
  auto stored = detail::load_pledges(**tx, now);
  if (!stored) return fail(stored.error());
  std::map<std::string, const Pledge*> by_id;
  for (const auto& p : *stored) by_id[p.external_id] = &p;

  std::vector<PledgeRow> rows;
  std::vector<std::optional<UpdateInput>> updates;
  std::map<std::string, std::size_t> first_row;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const std::size_t row = t.row_lines.empty() ? i + 2 : t.row_lines[i];
    const std::size_t before = report.problems.size();
    PledgeRow r = read_row(t, i, row, format == FileFormat::kXlsx, report, by_code, now);
    if (!r.in.external_id.empty()) {
      auto [it, fresh] = first_row.emplace(r.in.external_id, row);
      if (!fresh)
        report.problems.push_back(
            {row, "pledge_id",
             "the pledge " + r.in.external_id + " already appears in row " +
                 std::to_string(it->second) +
                 " (an empty pledge_id is derived from entity, forum and title)"});
    }
    const auto stored_it = by_id.find(r.in.external_id);
    const Pledge* existing = stored_it == by_id.end() ? nullptr : stored_it->second;
    if (auto e = by_code.find(r.in.entity_code); e != by_code.end())
      if (auto allowed = detail::authorize_edit(actor, e->second); !allowed)
        report.problems.push_back({row, "submitting_entity", allowed.error().message});
    if (existing && existing->entity_code != r.in.entity_code)
      if (auto allowed = detail::authorize_edit(actor, existing->entity); !allowed)
        report.problems.push_back({row, "pledge_id", allowed.error().message});
    if (report.problems.size() != before) continue;
    ImportLine line{row, r.in.external_id, ImportAction::kCreate, {}};
    auto update = stage_update(r, existing, actor, now);
    if (existing) {
      line.changed = detail::changed_columns(*existing, r.in);
      if (update) line.changed.push_back("stage");
      line.action = line.changed.empty() ? ImportAction::kUnchanged : ImportAction::kChange;
    }
    report.lines.push_back(std::move(line));
    rows.push_back(std::move(r));
    updates.push_back(std::move(update));
  }
  if (!report.problems.empty() || dry_run) return report;

  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ImportLine& line = report.lines[i];
    if (line.action == ImportAction::kUnchanged) continue;
    const Entity& entity = by_code.at(rows[i].in.entity_code);
    PledgeId id;
    if (line.action == ImportAction::kCreate) {
      auto created = detail::insert_pledge(**tx, rows[i].in, entity, now);
      if (!created) return fail(created.error());
      id = *created;
    } else {
      id = by_id.at(line.key)->id;
      NANSEN_TRY(detail::write_pledge(**tx, id, rows[i].in, entity, now));
    }
    if (updates[i]) {
      auto u = detail::insert_update(**tx, id, *updates[i], actor, now);
      if (!u) return fail(u.error());
    }
    std::string fields;
    for (const auto& c : line.changed) fields += (fields.empty() ? "\"" : ",\"") + c + "\"";
    NANSEN_TRY(detail::audit(
        **tx, actor,
        line.action == ImportAction::kCreate ? "pledge.import_create" : "pledge.import_update",
        "pledge", std::to_string(id.value), entity.country,
        "{\"external_id\":\"" + line.key + "\",\"row\":" + std::to_string(line.row) +
            ",\"fields\":[" + fields + "]}",
        now));
  }
  NANSEN_TRY((*tx)->commit());
  report.written = true;
  return report;
}

}  // namespace nansen::pledges

namespace nansen::pledges::detail {

const std::vector<std::string>& pledge_required_columns() {
  static const std::vector<std::string> columns = {"pledge_id",      "title",
                                                   "description",    "language",
                                                   "forum",          "submitting_entity",
                                                   "co_pledgers",    "multistakeholder_pledge",
                                                   "gcr_objectives", "pledge_type",
                                                   "serves",         "target_countries",
                                                   "target_date",    "stage",
                                                   "stage_as_of",    "ibelong_actions",
                                                   "source"};
  return columns;
}

// gcr_areas and tags are ours; the rest are written by the export and ignored on import.
const std::vector<std::string>& pledge_optional_columns() {
  static const std::vector<std::string> columns = {"gcr_areas", "tags", "entity_name", "country",
                                                   "stale"};
  return columns;
}

}  // namespace nansen::pledges::detail
