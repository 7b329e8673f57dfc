// SPDX-License-Identifier: Apache-2.0
// procedures — how a case moves: procedure definitions kept as data files
// (share/procedures/*.json, compiled into the binary), their validation at start-up, the
// rules of each transition (role, permission, order, four eyes, required fields), and the
// legal deadlines computed from a case's events with exact calendar arithmetic.
//
// The first half is pure logic over definitions and case timelines; the second half keeps
// cases in the database (every transition checked, audited in the same transaction and
// kept as the case history) and runs bulk eligibility decisions. Everything here is
// thread-safe: definitions are immutable once loaded.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "access/access.h"
#include "base/base.h"
#include "db/db.h"
#include "registry/registry.h"

namespace nansen::procedures {

// ---------------------------------------------------------------------------------------
// Definitions (the file format is documented in docs/procedures.md)

struct State {
  std::string id;  // "registered"
  std::string label;
  bool terminal = false;
};

// Makes a transition available only when events have (or have not) happened, or a
// deadline has run out without its event: "after 6 months without an answer".
struct Requirement {
  std::optional<std::string> event;             // this event has occurred
  std::optional<std::string> deadline_elapsed;  // this deadline passed unmet
};

struct Transition {
  std::string id;  // also the name of the event it records: "register"
  std::string label;
  std::vector<std::string> from;  // states it may be taken from
  std::string to;
  std::vector<access::Role> roles;  // roles that may take it
  access::Permission permission = access::Permission::kCaseWrite;
  std::vector<std::string> required_fields;  // e.g. "reasons" on a notification
  // Four eyes: the actor must differ from whoever took each of these transitions last.
  std::vector<std::string> not_by_actor_of;
  std::vector<Requirement> requires_all;  // every one must hold
  std::vector<Requirement> requires_any;  // at least one must hold (when non-empty)
  std::optional<std::string> modality;    // only in cases of this modality
  // Only until this deadline's due date (plus its late window): lodging an appeal.
  std::optional<std::string> within_deadline;
  // A drafting transition: the values its required "outcome" field may take
  // ("recognise", "refuse"); any other value is Invalid.
  std::vector<std::string> outcomes;
  // An approval: the outcome it approves. It may be taken only while the latest draft
  // (the last transition with `outcomes` in the history) proposes exactly this outcome.
  std::optional<std::string> approves_outcome;
};

struct Duration {
  int months = 0;
  int days = 0;
  int hours = 0;  // "24 hours": counted from the event's instant when known
};

// A different duration when a case fact or the modality says so.
struct DurationVariant {
  std::optional<std::string> when_fact;      // e.g. "irregular_crossing"
  std::optional<std::string> when_modality;  // e.g. "accelerated"
  Duration duration;
};

enum class DeadlineParty { kOffice, kApplicant };

struct Deadline {
  std::string id;  // "decision"
  std::string label;
  std::string from_event;                    // the clock starts at this event
  std::vector<std::string> requires_events;  // the deadline applies only once these occurred
  std::vector<std::string> met_by;           // any of these events stops the clock
  Duration duration;
  std::vector<DurationVariant> variants;  // first matching variant wins
  DeadlineParty party = DeadlineParty::kOffice;
  // Extensions with a recorded reason; the extended due date may not pass
  // start + max_extended_months. nullopt = not extendable.
  std::optional<int> max_extended_months;
  int late_window_days = 0;  // late acts still accepted this long after the due date
  std::string source;        // the legal provision, for the case page and the docs
};

// Who of a case's members a document that comes with a decision is issued to.
enum class DocumentHolders { kFamily, kPrincipal };

// A document a procedure issues when a transition is taken (read by documents/).
//  - An ordinary rule (outcome = false) lets an officer issue the document for the case
//    once one of `on_transitions` has been taken (the asylum-seeker certificate at
//    registration).
//  - An outcome rule is a document the procedure ends in (refugee and stateless-person
//    certificates, Convention travel documents). It is issued by the transition itself,
//    in its transaction, to the holders the rule names who meet its minimum age, and in
//    no other way: documents::issue_document() refuses its type. The validator requires
//    four eyes on the way to each of its transitions.
struct DocumentRule {
  std::string type;                         // "asylum_seeker_certificate"
  std::vector<std::string> on_transitions;  // JSON "on_transition": one id or a list
  int valid_months = 0;
  std::optional<int> min_age_years;     // stateless-person certificate: 16+
  std::optional<std::string> renew_on;  // transition that renews it (an extension)
  bool outcome = false;
  DocumentHolders holders = DocumentHolders::kFamily;  // outcome rules
  // Outcome rules of procedures that assess adults individually: a dependant whose own
  // latest assessment has another outcome gets no document ("recognise").
  std::optional<std::string> member_outcome;
};

struct Definition {
  std::string id;  // "kz_asylum"
  std::string title;
  std::optional<std::string> country;  // ISO3 of the state whose law applies; nullopt = UNHCR
  std::string legal_basis;
  std::vector<std::string> modalities;  // empty = one ordinary modality
  bool assess_adults_individually = false;
  std::string initial_state;
  std::vector<State> states;
  std::vector<std::string> external_events;  // recorded facts that are not transitions
  std::vector<Transition> transitions;
  std::vector<Deadline> deadlines;
  std::vector<DocumentRule> documents;
  std::string source_file;  // "procedures/kz_asylum.json"

  const State* state(std::string_view id) const;
  const Transition* transition(std::string_view id) const;
  const Deadline* deadline(std::string_view id) const;
  // Transitions or external events of this name.
  bool knows_event(std::string_view event) const;
  // Whether `transition` is one of the rule's `on_transitions`.
  static bool issues_on(const DocumentRule& rule, std::string_view transition);
};

using Catalog = std::map<std::string, Definition, std::less<>>;

// Whether `document_type` is a document some procedure of the catalog ends in (an
// outcome rule): such a document is issued only by that procedure's transition. The
// loader makes sure a type is an outcome in every definition that lists it or in none.
bool issued_only_by_procedure(const Catalog& catalog, std::string_view document_type);

// Parses and validates every `procedures/*.json` entry of `files` (path → content; other
// paths are ignored). Invalid on the first problem, with a message naming the file and
// the JSON path: "procedures/kz_asylum.json: transitions[3].to: unknown state 'decidd'".
// Checked: JSON syntax, required keys and types, duplicate ids (definitions, states,
// transitions, deadlines), unknown states, unknown roles and permissions, events and
// transitions referenced but not defined, states unreachable from the initial state,
// non-terminal states without a way out, durations out of range, outcomes an approval or
// document rule names that no draft proposes, outcome documents issued by a transition
// that is not under four eyes, and a document type that is a procedure's outcome in one
// file but not in another.
Result<Catalog> load_definitions(const std::map<std::string, std::string_view>& files);
// The definitions compiled into the binary (share/procedures/).
Result<Catalog> load_builtin_definitions();

// ---------------------------------------------------------------------------------------
// Case timelines and deadlines

struct CaseEvent {
  std::string event;          // a transition id or an external event
  CivilDate date;             // day precision, in the office's time zone
  std::optional<Instant> at;  // when the exact time is known (hour-based deadlines)
  access::UserId actor;       // who recorded it (four-eyes checks)
  std::string outcome;        // the "outcome" given with it (drafts), else empty
};

struct Extension {
  std::string deadline;
  Duration by;         // months and days added to the due date
  std::string reason;  // required, recorded in the case history
  CivilDate granted_on;
};

struct Timeline {
  std::string modality;                      // empty = the ordinary one
  std::set<std::string, std::less<>> facts;  // "irregular_crossing", ...
  std::vector<CaseEvent> events;             // in the order they happened
  std::vector<Extension> extensions;
};

struct DueDate {
  std::string deadline;
  CivilDate start;
  CivilDate due;
  std::optional<Instant> due_at;  // hour-based deadlines with a known start instant
  std::optional<CivilDate> late_until;
  std::optional<CivilDate> met_on;
  int extensions = 0;
  DeadlineParty party = DeadlineParty::kOffice;
};

// The due date of every deadline of `definition` whose start event (and required events)
// occurred in `timeline`. Month arithmetic clamps to the month's end (31 Jan + 1 month =
// 28/29 Feb); hour-based durations count from the event's instant, converted to a date in
// `time_zone`. Invalid (field "extensions[i]") for an extension of an unknown or
// non-extendable deadline, without a reason, or beyond the cap.
Result<std::vector<DueDate>> compute_due_dates(const Definition& definition,
                                               const Timeline& timeline,
                                               std::string_view time_zone = "Asia/Almaty");

enum class DeadlineStatus { kMet, kOpen, kDueSoon, kOverdue, kLateWindow };
std::string_view deadline_status_name(DeadlineStatus s);  // "met", "open", "due_soon" ...
// kDueSoon when the due date is within `soon_days` (default 7) of `today`, inclusive;
// kLateWindow after the due date while late acts are still accepted; kOverdue after that.
DeadlineStatus deadline_status(const DueDate& due, const CivilDate& today, int soon_days = 7);

// ---------------------------------------------------------------------------------------
// Transitions

struct TransitionRequest {
  std::string transition;
  std::map<std::string, std::string> fields;  // the values given with it ("reasons" ...)
};

// Whether `actor` may take `request.transition` on a case in `current_state` with
// `timeline`. NotFound-free by design (the caller has found the case):
//  - Invalid if the transition does not exist in the definition (field "transition") or a
//    required field is missing or blank (field = its name);
//  - Conflict if it cannot be taken from the current state, its modality differs, its
//    requirements on events and deadlines do not hold (a transition out of order), or it
//    approves an outcome the latest draft does not propose (field "outcome");
//  - Invalid (field "outcome") for a draft whose outcome is not one of its `outcomes`;
//  - Forbidden if the actor's role is not among its roles, lacks its permission, or the
//    actor took a transition it must be kept apart from (four eyes).
// The actor's scope is checked by the caller against the case's country.
Status check_transition(const Definition& definition, std::string_view current_state,
                        const Timeline& timeline, const access::Actor& actor,
                        const TransitionRequest& request, const CivilDate& today,
                        std::string_view time_zone = "Asia/Almaty");

// Transitions the actor could take now (for the case page's buttons).
std::vector<const Transition*> available_transitions(
    const Definition& definition, std::string_view current_state, const Timeline& timeline,
    const access::Actor& actor, const CivilDate& today, std::string_view time_zone = "Asia/Almaty");

// ---------------------------------------------------------------------------------------
// Cases in the database

using CaseId = Id<struct CaseTag>;

struct CaseOpening {
  std::string procedure_id;  // a key of the catalog
  std::string country;       // the office's country (ISO3); the definition's, if it has one
  std::string modality;      // one of the definition's modalities, or empty
  registry::PersonId principal;
  std::vector<registry::PersonId> dependants;  // the family stays in one case
  std::vector<std::string> facts;              // "irregular_crossing" ...
  std::optional<access::UserId> assigned_to;
};

struct HistoryEntry {
  std::string event;
  std::optional<std::string> from_state;  // nullopt for external events
  std::optional<std::string> to_state;
  CivilDate on;
  std::optional<Instant> at;
  access::UserId actor;
  std::string actor_login;
  std::map<std::string, std::string> fields;
};

struct Case {
  CaseId id;
  std::string number;  // "KAZ-2024-000042"
  std::string procedure_id;
  std::string country;
  std::string modality;
  std::string state;
  registry::PersonId principal;
  std::vector<registry::PersonId> dependants;
  std::optional<access::UserId> assigned_to;
  std::vector<std::string> facts;
  std::vector<HistoryEntry> history;  // oldest first
  std::vector<Extension> extensions;
  std::string opened_at;
};

// Opens a case in the definition's initial state. Invalid for an unknown procedure or
// modality (fields "procedure_id", "modality"), or a country that differs from the
// definition's; Forbidden without kCaseWrite or outside the actor's scope; NotFound if a
// member is not a person of the case's country in the actor's scope. Audited "case.open".
Result<CaseId> open_case(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                         const CaseOpening& opening, Instant now);

// The case with its history; audited "case.read". NotFound outside the actor's scope.
Result<Case> get_case(db::Database& db, const access::Actor& actor, CaseId id, Instant now);
Result<CaseId> find_case_by_number(db::Database& db, const access::Actor& actor,
                                   std::string_view number);

// Takes a transition: check_transition() against the stored history, then the state
// change, the history row and the audit record in one transaction. Conflict also when
// another officer moved the case meanwhile. `today` is the office's date; field values
// are at most 4 KiB each (TooLarge), at most 16 of them.
Status take_transition(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                       CaseId id, const TransitionRequest& request, const CivilDate& today,
                       Instant now, std::string_view time_zone = "Asia/Almaty");

// Records an external event of the definition ("arrival", "enquiry_answered"). Invalid
// for an event the definition does not declare. kCaseWrite; audited.
Status record_case_event(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                         CaseId id, std::string_view event, const CivilDate& on,
                         std::optional<Instant> at, Instant now);

// The bounds of one extension, whatever the deadline; each deadline's own cap
// (Deadline::max_extended_months) then applies to all its extensions together.
inline constexpr int kMaxExtensionMonths = 120;
inline constexpr int kMaxExtensionDays = 3660;

// Extends a deadline with a reason (kCaseDecide). Invalid naming "reason" without one,
// "months" for no period or one outside the bounds above, and as compute_due_dates()
// says (not extendable, past the cap). Audited and shown in the history.
Status extend_deadline(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                       CaseId id, const Extension& extension, Instant now,
                       std::string_view time_zone = "Asia/Almaty");

// The case's timeline as compute_due_dates() and check_transition() take it.
Timeline timeline_of(const Case& c);

// ---------------------------------------------------------------------------------------
// The case page's view

struct DueView {
  DueDate due;
  DeadlineStatus status = DeadlineStatus::kOpen;
  int days_left = 0;        // from today to the due date; negative once it has passed
  bool can_extend = false;  // the deadline takes extensions and is not met yet
};
struct CaseMember {
  registry::PersonId id;
  std::string name;  // the first official name; empty if none
};
struct CaseView {
  Case c;
  const Definition* definition = nullptr;  // in the catalog; outlives the view
  CaseMember principal;
  std::vector<CaseMember> dependants;
  std::vector<DueView> dues;
  std::vector<const Transition*> available;  // what this actor may take now
  // Transitions from the current state this actor may not take only because of four eyes
  // (Error::rule "four_eyes"): the page says someone else must act.
  std::vector<const Transition*> blocked_by_four_eyes;
  // Adult members still to be assessed individually (assess_adults_individually).
  std::vector<registry::PersonId> awaiting_assessment;
};

// Everything a case page shows, read in ONE read transaction and audited in ONE row
// "case.read" naming the persons shown ({"persons":[ids]}), through the group commit.
// NotFound when absent or outside the actor's scope; Internal for a procedure the
// catalog does not hold. kCaseRead.
Result<CaseView> view_case(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                           CaseId id, const CivilDate& today, Instant now,
                           std::string_view time_zone = "Asia/Almaty");

struct DueItem {
  CaseId case_id;
  std::string case_number;
  std::optional<access::UserId> assigned_to;
  DueDate due;
  DeadlineStatus status = DeadlineStatus::kOpen;
};

struct DueFilter {
  std::optional<access::UserId> assigned_to;  // one officer's list; nullopt = the office
  bool include_applicant_deadlines = false;
};
// Office deadlines of open cases in the actor's scope that are overdue or due within
// 7 days of `today`, most urgent first. kCaseRead.
Result<std::vector<DueItem>> due_list(db::Database& db, const Catalog& catalog,
                                      const access::Actor& actor, const DueFilter& filter,
                                      const CivilDate& today,
                                      std::string_view time_zone = "Asia/Almaty");

// ---------------------------------------------------------------------------------------
// Bulk eligibility: one rule over registry fields, previewed, confirmed, then one audited
// decision per person.

struct EligibilityRule {
  std::string country;                                  // ISO3; must lie in the actor's scope
  std::vector<std::string> nationality_claims;          // any of: "stateless", "undetermined", ISO3
  std::optional<std::string> document_type;             // holds an identity document of this type
  std::optional<CivilDate> document_valid_from_before;  // ... issued before this date
  std::optional<CivilDate> born_before;
};

struct EligibilityPreview {
  std::int64_t persons = 0;
  std::int64_t female = 0;
  std::int64_t male = 0;
  std::int64_t children = 0;  // under 18 on the preview date
  std::string fingerprint;    // hash of the matched ids: confirm() must present it
};

// kCaseDecide. Invalid naming the rule field for a bad rule.
Result<EligibilityPreview> preview_eligibility(db::Database& db, const access::Actor& actor,
                                               const EligibilityRule& rule, const CivilDate& today);

struct BulkDecision {
  std::string decision;  // one of bulk_decisions(), recorded per person
  std::string legal_basis;
};
// The decisions a bulk rule may record, and the longest legal basis it may cite: the
// form, the API and apply_eligibility() all take them from here.
const std::vector<std::string>& bulk_decisions();
inline constexpr std::size_t kMaxLegalBasisBytes = 1000;
// Invalid naming "decision" (not one of bulk_decisions()) or "legal_basis" (none, not
// UTF-8, or longer than kMaxLegalBasisBytes). What apply_eligibility() checks first.
Status check_bulk_decision(const BulkDecision& decision);

// Whether apply_eligibility() would go ahead now, without writing anything: the rule and
// decision are valid (Invalid naming the field), the actor may decide in the rule's
// country (Forbidden), the matched set still has `preview_fingerprint`, and this decision
// was not applied to this set before (both Conflict, field "fingerprint"). Returns the
// current preview. For callers that start apply_eligibility() as a background job and
// must answer at once.
Result<EligibilityPreview> check_eligibility_apply(db::Database& db, const access::Actor& actor,
                                                   const EligibilityRule& rule,
                                                   const BulkDecision& decision,
                                                   std::string_view preview_fingerprint,
                                                   const CivilDate& today);

// Records `decision` for every person the rule matches, each with its own audit row, in
// one transaction. Conflict (field "fingerprint") if the matched set differs from the
// preview's fingerprint (someone changed the registry since), or if this decision was
// already applied to a set with this fingerprint: the fingerprint and decision of every
// apply are kept (table eligibility_applications, unique), so a second confirmation —
// a double click, a retry after a restart, a second job — writes nothing. An empty set
// writes nothing and is not recorded. `progress(done, total)` is called every 1000
// persons. Returns the number of decisions.
Result<std::int64_t> apply_eligibility(
    db::Database& db, const access::Actor& actor, const EligibilityRule& rule,
    const BulkDecision& decision, std::string_view preview_fingerprint, const CivilDate& today,
    Instant now, const std::function<void(std::int64_t, std::int64_t)>& progress = {});

// ---------------------------------------------------------------------------------------
// Effects of case events on other modules, and the individual assessment of adult family
// members.

// Work another module does inside the same transaction when a transition or an external
// event is recorded: documents/ renews the documents whose rule says `renew_on` that
// event. Called after the history row is written, with the case as it was before the
// event and the event's date; an error rolls the whole change back.
using EventEffect = std::function<Status(db::Transaction& tx, const access::Actor& actor,
                                         const Definition& definition, const Case& before,
                                         std::string_view event, const CivilDate& on, Instant now)>;

// take_transition() and record_case_event() with an effect run in their transaction.
Status take_transition(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                       CaseId id, const TransitionRequest& request, const CivilDate& today,
                       Instant now, std::string_view time_zone, const EventEffect& effect);
Status record_case_event(db::Database& db, const Catalog& catalog, const access::Actor& actor,
                         CaseId id, std::string_view event, const CivilDate& on,
                         std::optional<Instant> at, Instant now, const EventEffect& effect);

// The history event of an individual assessment (not a transition: it moves no state).
inline constexpr std::string_view kMemberAssessmentEvent = "member_assessment";

struct MemberAssessment {
  registry::PersonId person;  // an adult dependant of the case
  std::string outcome;        // a short code: "recognise", "refuse" ...
  std::string reasons;
};

// For procedures with `assess_adults_individually`: records one adult dependant's own
// assessment in the case history (event "member_assessment", fields person, outcome,
// reasons); a later one for the same person supersedes it. kCaseDecide; audited
// "case.member_assessment". Invalid if the procedure does not assess adults individually
// (field "case"), the person is not an adult dependant of the case ("person"), or the
// outcome or reasons are blank or over 4 KiB; Conflict in a terminal state.
// While an adult dependant has no assessment, take_transition() refuses (Conflict, field
// "dependants") every transition with the case.decide permission: the case's decision
// cannot be drafted before each adult is assessed.
Status record_member_assessment(db::Database& db, const Catalog& catalog,
                                const access::Actor& actor, CaseId id,
                                const MemberAssessment& assessment, const CivilDate& today,
                                Instant now);

// Whether a person born on `birth` may be 18 or older on `today`. An unknown birth date
// counts as adult and an imprecise one by its earliest possible day, so that nobody who
// could be an adult goes unassessed.
bool possibly_adult(const std::optional<CivilDate>& birth, const CivilDate& today);

// Adult dependants of a case without an individual assessment yet, in the case's order
// (empty when the procedure does not assess adults individually). kCaseRead.
Result<std::vector<registry::PersonId>> adults_awaiting_assessment(db::Database& db,
                                                                   const Catalog& catalog,
                                                                   const access::Actor& actor,
                                                                   CaseId id,
                                                                   const CivilDate& today);

// ---------------------------------------------------------------------------------------
// Added for the registry API (person_cases.cpp)

struct CaseSummary {
  CaseId id;
  std::string number;
  std::string procedure_id;
  std::string country;
  std::string state;
  std::string role;  // "principal" or "dependant"
  std::string opened_at;
};

// The cases `person` belongs to, oldest first. kCaseRead; NotFound when the person is
// absent or outside the actor's scope; only cases of the actor's country are listed.
// Audited "case.list".
Result<std::vector<CaseSummary>> cases_of_person(db::Database& db, const access::Actor& actor,
                                                 registry::PersonId person, Instant now);

}  // namespace nansen::procedures
