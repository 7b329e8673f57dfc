// SPDX-License-Identifier: Apache-2.0
// Private to pledges/: the pieces the public functions share — list and text helpers,
// row loading, validation, the write-permission rule and audit details.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pledges/pledges.h"

namespace nansen::pledges::detail {

// ---- text and lists -------------------------------------------------------------------

// Case-folded for search, in any script (ICU full case folding; ё → е).
std::string fold(std::string_view text);
// Lists are stored and written in CSV as "a;b;c".
std::string join_list(const std::vector<std::string>& items);
std::vector<std::string> split_list(std::string_view text);  // trimmed, empties dropped
std::string join_ints(const std::vector<int>& items);
bool is_country_code(std::string_view s);  // three ASCII capitals
bool is_entity_code(std::string_view s);   // 2–40 of [A-Za-z0-9_-]
bool is_language(std::string_view s);      // en, ru, kk
std::string today_text(Instant now);       // YYYY-MM-DD (UTC)
CivilDate today(Instant now);

template <typename E>
std::string join_codes(const std::vector<E>& items) {
  std::vector<std::string> codes;
  for (const auto& i : items) codes.emplace_back(code(i));
  return join_list(codes);
}

// ---- problems -------------------------------------------------------------------------

struct FieldProblem {
  std::string field;  // the CSV column / API field name
  std::string message;
};
// The first problem as an Invalid error (for single-record API calls).
Error first_invalid(const std::vector<FieldProblem>& problems);

// ---- loading --------------------------------------------------------------------------

Result<std::vector<Entity>> load_entities(db::Transaction& tx);
Result<std::optional<Entity>> load_entity(db::Transaction& tx, std::string_view code);
std::vector<FieldProblem> validate_entity(const EntityInput& in);
// Forbidden (field "country") unless the actor may write an entity of `in.country` and,
// when the entity exists, of its stored country too: a scoped reviewer can neither create
// another country's entity nor move one into or out of its country.
Status authorize_entity_save(const access::Actor& actor, const std::optional<Entity>& stored,
                             const EntityInput& in);
// Validates, authorizes (authorize_entity_save) and writes one entity (create or update by
// code) inside `tx`, with its audit.
Result<Entity> save_entity_in(db::Transaction& tx, const access::Actor& actor,
                              const EntityInput& in, Instant now);

// The dated stages of each pledge's updates, oldest first (ties in entry order).
struct StagePoint {
  CivilDate on;
  Stage stage;
};
using StageHistory = std::vector<StagePoint>;
// The stage as of `day` (inclusive): the latest update on or before it; not_reported if none.
Stage stage_as_of(const StageHistory& history, const CivilDate& day);

// Every pledge (or the one with `only`), with derived stage, last update and stale flag.
Result<std::vector<Pledge>> load_pledges(db::Transaction& tx, Instant now,
                                         std::optional<PledgeId> only = std::nullopt);
Result<std::map<std::int64_t, StageHistory>> load_histories(db::Transaction& tx);
Result<Pledge> load_pledge(db::Transaction& tx, PledgeId id, Instant now);

// ---- pledges --------------------------------------------------------------------------

// Every problem of `in` (with the external id already resolved), naming CSV columns.
// `entities` maps codes to entities.
std::vector<FieldProblem> validate_pledge(const PledgeInput& in,
                                          const std::map<std::string, Entity>& entities);
std::map<std::string, Entity> entities_by_code(const std::vector<Entity>& entities);
// The columns whose stored value differs from `in` (CSV names); empty = unchanged.
std::vector<std::string> changed_columns(const Pledge& stored, const PledgeInput& in);
Result<PledgeId> insert_pledge(db::Transaction& tx, const PledgeInput& in, const Entity& entity,
                               Instant now);
Status write_pledge(db::Transaction& tx, PledgeId id, const PledgeInput& in, const Entity& entity,
                    Instant now);
Result<UpdateId> insert_update(db::Transaction& tx, PledgeId pledge, const UpdateInput& in,
                               const access::Actor& actor, Instant now);
std::vector<FieldProblem> validate_update(const UpdateInput& in, Instant now);
// Updates of one pledge (or all), ordered by pledge, date, entry; previous_stage filled.
Result<std::vector<ProgressUpdate>> load_updates(db::Transaction& tx,
                                                 std::optional<PledgeId> pledge);

// ---- consultations -------------------------------------------------------------------

// Problems of `in` against the stored entities and pledges (CSV column names: title,
// date, place, organiser, participants, countries, notes, pledges).
Result<std::vector<FieldProblem>> validate_consultation(db::Transaction& tx,
                                                        const ConsultationInput& in);
// The countries a consultation input covers: those listed plus its participants' own.
Result<std::vector<std::string>> consultation_countries(db::Transaction& tx,
                                                        const ConsultationInput& in);
// Forbidden (field "countries") unless the actor may review every country of the
// consultation `stored` (when it exists) and of `in`: a country-scoped reviewer writes only
// consultations of its own country, never a regional one (no countries) or one that also
// covers another country.
Status authorize_consultation_write(db::Transaction& tx, const access::Actor& actor,
                                    std::optional<ConsultationId> stored,
                                    const ConsultationInput* in);
// Both authorize (authorize_consultation_write) before they write.
Result<ConsultationId> insert_consultation(db::Transaction& tx, const access::Actor& actor,
                                           const ConsultationInput& in, Instant now);
Status rewrite_consultation(db::Transaction& tx, const access::Actor& actor, ConsultationId id,
                            const ConsultationInput& in, Instant now);
Result<Consultation> load_consultation(db::Transaction& tx, ConsultationId id);
Result<std::optional<ConsultationId>> find_consultation(db::Transaction& tx, std::string_view title,
                                                        const CivilDate& held_on);
Result<std::vector<Consultation>> load_consultations(db::Transaction& tx);  // newest first
// Opens the consultation with the snapshot of each pledge's stage as of `as_of` (the demo
// opens the historical consultations as of their dates; the audit row is dated `now`).
Result<Consultation> open_consultation_as_of(db::Database& db, const access::Actor& actor,
                                             ConsultationId id, const CivilDate& as_of,
                                             Instant now);

// ---- permission and audit -------------------------------------------------------------

// Reviewers (pledge.review) edit any pledge of an entity in their country scope; focal
// points (pledge.write) only their own entity's. Forbidden otherwise.
Status authorize_edit(const access::Actor& actor, const Entity& entity);
// Writes of pledge data need pledge.review and, for a country-scoped actor, a record of its
// own country: a record of no country is regional and outside every country scope (reads
// of pledge data are public, writes are not). `what` names the records in the message
// ("entities", "consultations"), `field` the field it blames.
Status authorize_country_write(const access::Actor& actor,
                               const std::optional<std::string>& country, std::string_view what,
                               std::string_view field);
Status audit(db::Transaction& tx, const access::Actor& actor, std::string_view action,
             std::string_view record_type, std::string_view record_id,
             const std::optional<std::string>& country, const std::string& detail_json,
             Instant now);

// ---- import helpers -------------------------------------------------------------------

struct ImportTable {
  CsvTable table;
  std::vector<ImportProblem> problems;  // nonempty → the file cannot be read
};
ImportTable read_import_table(std::string_view bytes, FileFormat format,
                              const ImportLimits& limits);
// Checks the header: every required column present, none unknown (row 1 problems).
std::vector<ImportProblem> check_columns(const CsvTable& table,
                                         const std::vector<std::string>& required,
                                         const std::vector<std::string>& optional);
// The start of every import: reads the file and checks its columns. A report with
// problems when the file cannot be imported at all; the table otherwise.
struct ImportStart {
  CsvTable table;
  ImportReport report;
  bool ok() const { return report.problems.empty(); }
};
ImportStart start_import(std::string_view bytes, FileFormat format, bool dry_run,
                         const ImportLimits& limits, const std::vector<std::string>& required,
                         const std::vector<std::string>& optional);
// A cell by column name ("" when the column is absent), trimmed.
std::string cell(const CsvTable& table, std::size_t row, std::string_view column);
// A date cell: YYYY-MM-DD (or YYYY/YYYY-MM when `allow_partial`), or an Excel serial day
// number when the file was XLSX.
Result<CivilDate> parse_date_cell(std::string_view text, std::string_view column,
                                  bool allow_partial, bool from_xlsx);

// The columns of a pledge file: the dashboard's (required on import) followed by ours and
// the read-only ones the export adds. Import and export share this list, so an exported
// file can be edited and imported again.
const std::vector<std::string>& pledge_required_columns();
const std::vector<std::string>& pledge_optional_columns();

}  // namespace nansen::pledges::detail
