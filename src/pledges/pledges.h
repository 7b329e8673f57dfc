// SPDX-License-Identifier: Apache-2.0
// pledges — what was promised under the Global Compact on Refugees and to end
// statelessness, what moved since, and the report a regional consultation reviews.
//
// Entities make pledges; focal points post progress updates; a pledge's current stage is
// DERIVED from its latest update (never stored twice) and a pledge with no news for 12
// months is stale. Consultations review the pledges of their participating countries
// and keep a snapshot of each pledge's stage taken when they are opened.
//
// Every function that touches the database takes the acting `access::Actor` and `now`,
// checks permission with access::authorize, runs in one transaction and, for writes,
// records the audit row in that same transaction. Pledges are public data: every role
// holding pledge.read reads all of them, whatever its country scope. Writes:
//   - focal points (pledge.write) create and edit the pledges of their own entity only:
//     the entity's code (e.g. "KAZ-GOV") must equal actor.scope.organisation, and its
//     country must lie in the actor's country scope;
//   - reviewers (pledge.review: UNHCR/regional analysts, administrators) edit any pledge
//     in their country scope and run consultations;
//   - observers read.
// A refused write answers Forbidden (pledges are public, so their existence is no
// secret). All functions are thread-safe: they hold no state beyond the database.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/access.h"
#include "base/base.h"
#include "db/db.h"
#include "reports/reports.h"

namespace nansen::pledges {

using EntityId = Id<struct EntityTag>;
using PledgeId = Id<struct PledgeTag>;
using UpdateId = Id<struct UpdateTag>;
using ConsultationId = Id<struct ConsultationTag>;
using FollowUpId = Id<struct FollowUpTag>;

// ---------------------------------------------------------------------------------------
// Vocabulary. Each enumeration has a stable code (stored, exported, used in the API) and
// a parser that accepts the code, case-insensitively, with spaces, hyphens or
// underscores ("asylum seekers" = "asylum_seekers"). Parsers return Invalid listing the
// accepted codes.

enum class EntityKind {
  kState,
  kUnEntity,
  kInternationalOrganisation,
  kNgo,
  kRefugeeLedOrganisation,
  kAcademia,
  kPrivateSector,
  kFaithBased,
  kLocalAuthority,
  kInternationalFinancialInstitution,
  kOther,
};
enum class Forum { kGrf2019, kHls2019, kHlom2021, kGrf2023, kNational, kRegional };
enum class PledgeType { kPolicy, kFinancial, kTechnical, kMaterial, kResettlement, kOther };
enum class Population { kRefugees, kAsylumSeekers, kStateless, kHostCommunities, kChildrenAtRisk };
// The GRF 2019 areas of focus.
enum class GcrArea {
  kBurdenSharing,
  kEducation,
  kJobsAndLivelihoods,
  kEnergyAndInfrastructure,
  kSolutions,
  kProtectionCapacity,
};
// Ordered: a move to a later stage is progress.
enum class Stage { kNotReported, kPlanning, kInProgress, kFulfilled };
inline constexpr std::array<Stage, 4> kAllStages = {Stage::kNotReported, Stage::kPlanning,
                                                    Stage::kInProgress, Stage::kFulfilled};

std::string_view code(EntityKind v);  // "state", "un_entity", ...
std::string_view code(
    Forum v);  // "GRF 2019", "HLS 2019", "HLOM 2021", "GRF 2023", "national", "regional"
std::string_view code(
    PledgeType v);  // "policy" (policy/legal), ..., "resettlement" (and complementary pathways)
std::string_view code(Population v);  // "refugees", "asylum seekers", "stateless", "host
                                      // communities", "children at risk of statelessness"
std::string_view code(GcrArea v);     // "burden_sharing", "education", ...
std::string_view code(Stage v);       // "not_reported", "planning", "in_progress", "fulfilled"
Result<EntityKind> parse_entity_kind(std::string_view text);
Result<Forum> parse_forum(std::string_view text);
Result<PledgeType> parse_pledge_type(std::string_view text);
Result<Population> parse_population(std::string_view text);
Result<GcrArea> parse_gcr_area(std::string_view text);
Result<Stage> parse_stage(std::string_view text);
// The first day of the forum, when a pledge made there dates from (nullopt for national
// and regional pledges, which date from their record).
std::optional<CivilDate> forum_date(Forum forum);

// ---------------------------------------------------------------------------------------
// Entities

struct EntityInput {
  std::string code;  // 2–40 of [A-Za-z0-9_-]; the organisation code of its focal points
  std::string name_en;
  std::string name_ru;
  std::string name_kk;
  EntityKind kind = EntityKind::kOther;
  std::optional<std::string> country;  // ISO 3166 alpha-3; nullopt = regional
  std::string region;
};

struct Entity : EntityInput {
  EntityId id;
  // The name in `language` (en/ru/kk), falling back to English.
  const std::string& name(std::string_view language) const;
};

// Creates or updates (by code) an entity. pledge.review. Invalid naming the field.
Result<Entity> save_entity(db::Database& db, const access::Actor& actor, const EntityInput& in,
                           Instant now);
Result<std::vector<Entity>> list_entities(db::Database& db, const access::Actor& actor);
// NotFound if no entity has that code.
Result<Entity> get_entity(db::Database& db, const access::Actor& actor, std::string_view code);

// ---------------------------------------------------------------------------------------
// Pledges

struct PledgeInput {
  // The dashboard's id ("GRF-01547") when known. Empty: a stable id is derived from the
  // entity, forum and title (see derive_external_id), so re-importing finds the pledge.
  std::string external_id;
  std::string title;  // 1–500 characters
  std::string description;
  std::string language = "en";  // the language the title and description were written in
  Forum forum = Forum::kNational;
  std::string entity_code;               // the submitting entity
  std::vector<std::string> co_pledgers;  // entity codes
  std::string multistakeholder_pledge;   // e.g. "Protection – Ending Statelessness"
  std::vector<GcrArea> gcr_areas;
  std::vector<int> gcr_objectives;  // 1–4
  PledgeType type = PledgeType::kOther;
  std::vector<Population> serves;
  std::vector<std::string> target_countries;  // ISO 3166 alpha-3
  std::optional<CivilDate> target_date;
  std::vector<std::string> tags;
  std::vector<int> ibelong_actions;  // 1–10: the #IBelong Global Action Plan's actions
  std::string source;                // where the facts come from
};

struct Pledge : PledgeInput {
  PledgeId id;
  Entity entity;
  Stage stage = Stage::kNotReported;        // derived from the latest update
  std::optional<CivilDate> last_update_on;  // the latest update's date
  bool stale = false;                       // see is_stale
  std::string created_at;
  std::string updated_at;
  // The country the pledge belongs to: its entity's, else its first target country.
  std::optional<std::string> country() const;
};

// "NSN-" + 10 hex digits of a 64-bit FNV-1a hash of "entity|forum code|case-folded,
// whitespace-collapsed title". Stable across runs, machines and versions.
std::string derive_external_id(std::string_view entity_code, Forum forum, std::string_view title);

// Invalid naming the field; Conflict if the external id exists; Forbidden (see top).
Result<Pledge> create_pledge(db::Database& db, const access::Actor& actor, const PledgeInput& in,
                             Instant now);
// Replaces every field but the external id. A focal point may not move a pledge to
// another entity.
Result<Pledge> update_pledge(db::Database& db, const access::Actor& actor, PledgeId id,
                             const PledgeInput& in, Instant now);
Result<Pledge> get_pledge(db::Database& db, const access::Actor& actor, PledgeId id, Instant now);
Result<Pledge> find_pledge(db::Database& db, const access::Actor& actor,
                           std::string_view external_id, Instant now);
// Whether the actor may edit this pledge and post its updates (for showing buttons; the
// write functions check again).
bool can_edit(const access::Actor& actor, const Pledge& pledge);

// One problem of an input, for forms that show every problem beside its field.
struct InputProblem {
  std::string field;  // the API field / import column name ("title", "target_countries")
  std::string message;
};

// Every problem create_pledge (or update_pledge) would find in `in`, without writing
// and without checking permission: forms show them all at once, then call the write,
// which checks again. Empty when valid. Errors only for a reader without pledge.read or
// a database failure.
Result<std::vector<InputProblem>> check_pledge(db::Database& db, const access::Actor& actor,
                                               const PledgeInput& in);

// ---------------------------------------------------------------------------------------
// Progress updates

struct UpdateInput {
  CivilDate reported_on;  // day precision; not after today
  Stage stage = Stage::kNotReported;
  std::string done;  // what was done
  std::string challenges;
  std::string next_steps;
  std::vector<std::string> evidence_links;  // http(s) URLs
  std::string author;                       // a name or office, as it should appear in the report
  std::string language = "en";
  bool illustrative = false;  // demo data: shown as "illustrative", never as fact
};

struct ProgressUpdate : UpdateInput {
  UpdateId id;
  PledgeId pledge;
  Stage previous_stage = Stage::kNotReported;  // the stage before this update
  std::string created_at;
  std::string created_by;  // login
  bool changes_stage() const { return stage != previous_stage; }
};

Result<ProgressUpdate> add_progress_update(db::Database& db, const access::Actor& actor,
                                           PledgeId pledge, const UpdateInput& in, Instant now);
// Every problem add_progress_update would find in `in` (as of `now`); empty when valid.
std::vector<InputProblem> check_update(const UpdateInput& in, Instant now);
// The pledge's timeline, oldest first (ties by entry order), each with the stage before it.
Result<std::vector<ProgressUpdate>> list_updates(db::Database& db, const access::Actor& actor,
                                                 PledgeId pledge);

// Stale: not fulfilled and no news for 12 months. "News" is the latest update's date,
// else the date the pledge was made (its forum's date; for national and regional
// pledges, the record's creation). Fulfilled pledges are never stale: nothing is owed.
bool is_stale(Stage stage, std::optional<CivilDate> last_news, Instant now);

// ---------------------------------------------------------------------------------------
// Filtering and search

struct PledgeFilter {
  std::optional<std::string> country;  // the pledge's country or one of its target countries
  std::optional<EntityKind> entity_kind;
  std::optional<std::string> entity_code;
  std::optional<Forum> forum;
  std::optional<GcrArea> gcr_area;
  std::optional<int> gcr_objective;
  std::optional<Stage> stage;
  std::optional<bool> stale;
  std::optional<int> target_year;
  // Words that must all occur (case-folded, any script) in the title, description,
  // external id, tags, multistakeholder pledge or the entity's names.
  std::string text;
};

// Reads a filter from query parameters (country, kind, entity, forum, area, objective,
// stage, stale=1|0, year, q). Invalid naming the parameter.
Result<PledgeFilter> parse_filter(const std::map<std::string, std::string>& params);

struct PledgeList {
  std::vector<Pledge> pledges;  // ordered by country, entity, title
  // Counts by stage of the filtered set, ignoring the stage filter itself, so the counts
  // show where the other filters leave each stage.
  std::map<Stage, int> counts_by_stage;
  int stale_count = 0;
};
Result<PledgeList> search_pledges(db::Database& db, const access::Actor& actor,
                                  const PledgeFilter& filter, Instant now);

// ---------------------------------------------------------------------------------------
// Global Alliance to End Statelessness

struct AllianceMembership {
  std::string entity_code;
  CivilDate joined_on;
  std::string commitments;
};
// Creates or replaces the entity's membership. pledge.review, or the entity's own focal
// point.
Result<AllianceMembership> save_alliance_membership(db::Database& db, const access::Actor& actor,
                                                    const AllianceMembership& in, Instant now);
Result<std::vector<AllianceMembership>> list_alliance_members(db::Database& db,
                                                              const access::Actor& actor);

// ---------------------------------------------------------------------------------------
// Consultations

struct FollowUpInput {
  std::optional<PledgeId> pledge;
  std::string action;
  std::string owner;
  std::optional<CivilDate> due_on;
};

struct FollowUp : FollowUpInput {
  FollowUpId id;
  ConsultationId consultation;
  bool done = false;
};

struct ConsultationInput {
  std::string title;
  CivilDate held_on;
  std::string place;
  std::string organiser;                  // entity code; may be empty
  std::vector<std::string> participants;  // entity codes
  std::vector<std::string> countries;     // ISO alpha-3, besides the participants' own
  std::string notes;                      // outcome notes
  // nullopt: the pledges of the participating countries made by the consultation's date.
  std::optional<std::vector<PledgeId>> pledges;
};

struct Consultation {
  ConsultationId id;
  std::string title;
  CivilDate held_on;
  std::string place;
  std::string organiser;
  std::vector<std::string> participants;
  std::vector<std::string> countries;  // participants' countries plus those added
  std::string notes;
  std::optional<std::string> opened_at;
  std::vector<PledgeId> pledges;       // under review
  std::map<PledgeId, Stage> snapshot;  // stage when opened; empty until then
  std::vector<FollowUp> follow_ups;
};

// pledge.review for writes; pledge.read for reads. Invalid naming the field; Conflict
// if a consultation with the same title and date exists.
Result<Consultation> create_consultation(db::Database& db, const access::Actor& actor,
                                         const ConsultationInput& in, Instant now);
// Every problem create_consultation / update_consultation would find in `in`, without
// writing; empty when valid. pledge.review.
Result<std::vector<InputProblem>> check_consultation(db::Database& db, const access::Actor& actor,
                                                     const ConsultationInput& in);
// Replaces title, place, organiser, participants, countries, notes and (if given) the
// pledges under review.
Result<Consultation> update_consultation(db::Database& db, const access::Actor& actor,
                                         ConsultationId id, const ConsultationInput& in,
                                         Instant now);
Result<Consultation> get_consultation(db::Database& db, const access::Actor& actor,
                                      ConsultationId id);
// Newest first.
Result<std::vector<Consultation>> list_consultations(db::Database& db, const access::Actor& actor);
// Takes the stage snapshot of every pledge under review: each one's stage as of the
// calendar date of `now` (UTC). Conflict if already opened.
Result<Consultation> open_consultation(db::Database& db, const access::Actor& actor,
                                       ConsultationId id, Instant now);
Result<FollowUp> add_follow_up(db::Database& db, const access::Actor& actor, ConsultationId id,
                               const FollowUpInput& in, Instant now);
Result<FollowUp> set_follow_up_done(db::Database& db, const access::Actor& actor, FollowUpId id,
                                    bool done, Instant now);

// ---------------------------------------------------------------------------------------
// The consultation report

struct ReportLine {
  PledgeId pledge;
  std::string external_id;
  std::string title;
  std::string entity_code;
  std::optional<Stage> stage_before;  // at the previous consultation; nullopt: not yet made
  Stage stage_now = Stage::kNotReported;
  int updates_since = 0;
  bool no_news = false;  // no update since the previous consultation (or ever)
  bool stale = false;
  std::optional<CivilDate> last_update_on;
  // +1 moved to a later stage, -1 to an earlier one, 0 unchanged or new.
  int movement() const;
};

struct CountryReport {
  std::string country;  // ISO alpha-3, or "regional"
  std::vector<ReportLine> lines;
  std::map<Stage, int> before;  // counts at the previous consultation
  std::map<Stage, int> now;
  int moved_forward = 0;
  int moved_back = 0;
};

struct ReportUpdate {
  PledgeId pledge;
  std::string external_id;
  std::string country;
  ProgressUpdate update;
};

struct ConsultationReport {
  Consultation consultation;
  std::optional<Consultation> previous;  // the latest consultation held before this one
  CivilDate since;  // the previous consultation's date (or the earliest pledge's)
  CivilDate as_of;  // the report's date: today
  std::vector<CountryReport> countries;
  std::vector<ReportUpdate> updates_since;  // newest first
  std::vector<ReportLine> no_news;
  std::vector<FollowUp> follow_ups_due;     // open follow-ups of this and the previous one
  reports::StackedBarChart stage_chart;     // stage distribution now, per country
  reports::StackedBarChart movement_chart;  // before / now, per country
  bool has_illustrative_updates = false;    // the report must say so
};

// Baseline: the previous consultation's snapshot where it holds the pledge, else the
// stage derived as of its date. Now: the stage derived as of `now`.
Result<ConsultationReport> consultation_report(db::Database& db, const access::Actor& actor,
                                               ConsultationId id, Instant now);
reports::Table report_table(const ConsultationReport& report);  // one row per pledge

// ---------------------------------------------------------------------------------------
// Import and export (formats documented in docs/import-format.md)

enum class FileFormat { kCsv, kXlsx };
// From a file name's extension (.csv/.xlsx), else by sniffing the bytes.
FileFormat detect_format(std::string_view file_name, std::string_view bytes);

struct ImportProblem {
  std::size_t row = 0;  // the file's row (header = 1); 0 = the file as a whole
  std::string column;   // the column's header name; empty = the whole row
  std::string message;
};

enum class ImportAction { kCreate, kChange, kUnchanged };
std::string_view code(ImportAction a);  // "create", "change", "unchanged"

struct ImportLine {
  std::size_t row = 0;
  std::string key;  // external id, entity code, or consultation title
  ImportAction action = ImportAction::kUnchanged;
  std::vector<std::string> changed;  // columns whose value would change
};

struct ImportReport {
  bool dry_run = false;
  bool written = false;  // true only when the real run committed
  std::vector<ImportLine> lines;
  std::vector<ImportProblem> problems;  // every bad row and column; nonempty → nothing written
  int count(ImportAction a) const;
};

struct ImportLimits {
  std::size_t max_file_bytes = 32u << 20;
  std::size_t max_rows = 100'000;
  std::size_t max_uncompressed_bytes = 100u << 20;  // XLSX: all parts read, inflated
};

// Each import validates every row first and names EVERY problem; if there is any, or on
// a dry run, nothing is written. Otherwise all rows are written in one transaction with
// one audit row per created or changed record. Idempotent: importing the same file twice
// changes nothing the second time. Errors (rather than a report) only for a refused
// actor or a database failure.
Result<ImportReport> import_entities(db::Database& db, const access::Actor& actor,
                                     std::string_view bytes, FileFormat format, bool dry_run,
                                     Instant now, const ImportLimits& limits = {});
// A row's stage other than not_reported becomes a progress update dated stage_as_of
// (author: the row's source) unless the latest update already says so.
Result<ImportReport> import_pledges(db::Database& db, const access::Actor& actor,
                                    std::string_view bytes, FileFormat format, bool dry_run,
                                    Instant now, const ImportLimits& limits = {});
// Idempotent by (title, date).
Result<ImportReport> import_consultations(db::Database& db, const access::Actor& actor,
                                          std::string_view bytes, FileFormat format, bool dry_run,
                                          Instant now, const ImportLimits& limits = {});

// The filtered pledges, one row per pledge, in the import format (so an export can be
// edited and imported again) plus read-only columns. export permission.
Result<reports::Table> export_pledges_table(db::Database& db, const access::Actor& actor,
                                            const PledgeFilter& filter, Instant now);
Result<std::string> export_pledges(db::Database& db, const access::Actor& actor,
                                   const PledgeFilter& filter, FileFormat format, Instant now);

// ---------------------------------------------------------------------------------------
// Official statistics (UNHCR Refugee Population Statistics, CC BY 4.0), compiled into
// the binary from share/data/statistics/ (scripts/derive-unhcr-statistics.py).

struct YearFigures {
  int year = 0;
  std::optional<std::int64_t> stateless;
  std::optional<std::int64_t> refugees;
  std::optional<std::int64_t> asylum_seekers;
  std::optional<std::int64_t> naturalisations;
};

struct StatisticsNote {
  std::string series;  // "refugees", "stateless", ...
  int from_year = 0;
  int to_year = 0;
  std::string text;
};

struct CountryStatistics {
  std::string country;             // KAZ, KGZ, TJK, TKM, UZB
  std::vector<YearFigures> years;  // ascending
  std::vector<StatisticsNote> notes;
  std::string attribution;
};

// NotFound for a country without figures. Public data: no actor, no database.
Result<CountryStatistics> official_statistics(std::string_view country);
std::vector<std::string> statistics_countries();
// The chart of one series ("stateless", "refugees", "asylum_seekers",
// "naturalisations") from `first_year`, carrying the notes that apply to it (the points
// they cover drawn hollow).
reports::YearSeriesChart statistics_chart(const CountryStatistics& stats, std::string_view series,
                                          std::string_view title, int first_year = 2010);

// ---------------------------------------------------------------------------------------
// Demo

// Imports the demo entities, pledges and consultations (share/data/pledges/), adds a few
// progress updates flagged illustrative, and opens the two Almaty consultations as of
// their dates, so the October 2024 report shows movement since April 2023. Acts as the
// system actor. Idempotent: a second run adds nothing.
Status seed_demo(db::Database& db, Instant now);

}  // namespace nansen::pledges
