// SPDX-License-Identifier: Apache-2.0
// registry — the people a procedure is about: persons with several names in several
// scripts, birth dates with precision, nationality claims (incl. stateless and
// undetermined), identity documents as type/number/issuer/validity (never scans),
// specific needs, languages, households, consent per purpose, and the sensitive entries
// (interview notes, claim narratives, health, SGBV) kept encrypted at rest.
//
// Every function takes the acting `access::Actor`, checks permission and country scope,
// and writes its audit record in the same transaction as its change. Reads of a person
// are audited too. A person outside a country-scoped actor's country is NotFound, never
// Forbidden: existence does not leak across countries. All functions are thread-safe.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "access/access.h"
#include "base/base.h"
#include "db/db.h"
#include "match/match.h"

namespace nansen::registry {

using PersonId = Id<struct PersonTag>;
using HouseholdId = Id<struct HouseholdTag>;

inline constexpr std::size_t kMaxTextBytes = 4096;            // any short field
inline constexpr std::size_t kMaxSensitiveBytes = 64 * 1024;  // one note or narrative
inline constexpr std::size_t kMaxNames = 20;                  // names of one person

enum class NameKind { kOfficial, kDocument, kMrz, kAlias, kPrevious };
std::string_view name_kind_name(NameKind k);  // "official", "document", "mrz", ...
Result<NameKind> parse_name_kind(std::string_view s);

struct PersonName {
  NameKind kind = NameKind::kOfficial;
  std::string full_name;  // as written, any script
  std::string given;      // optional parts
  std::string family;
  std::string patronymic;
  std::string script;  // filled on write: "latin", "cyrillic", "mixed", "other"
};

struct NationalityClaim {
  std::string claim;  // ISO 3166 alpha-3, "stateless" or "undetermined"
  std::string basis;  // "passport", "birth in territory", "declared" ...
};

struct IdentityDocument {
  std::string type;  // "passport", "id_card", "birth_certificate", ...
  std::string number;
  std::string issuer;  // ISO3 or authority
  std::optional<CivilDate> valid_from;
  std::optional<CivilDate> valid_until;
};

struct PersonInput {
  std::string country;  // ISO3 of the registering office; must lie in the actor's scope
  std::string organisation;
  std::vector<PersonName> names;  // at least one
  char sex = 'U';                 // M, F, X or U (unknown)
  std::optional<CivilDate> birth_date;
  std::string birth_place;
  std::vector<NationalityClaim> nationalities;
  std::vector<IdentityDocument> documents;
  std::vector<std::string> specific_needs;  // codes: "unaccompanied_child", "disability" ...
  std::vector<std::string> languages;       // ISO 639 codes: "ru", "kk", "prs" ...
  bool interpreter_needed = false;
  std::string contact;  // restricted (phone, address)
};

struct Person : PersonInput {
  PersonId id;
  std::optional<PersonId> merged_into;
  std::string created_at;
};

// Invalid naming the field ("names[0].full_name", "birth_date", "nationalities[1].claim",
// "documents[0].valid_until" ...) for a bad value; Forbidden without kPersonWrite or when
// the country lies outside the actor's scope. Audited "person.create".
Result<PersonId> register_person(db::Database& db, const access::Actor& actor,
                                 const PersonInput& input, Instant now);
// Every problem of `input` as entered, in field order, each naming its field as above;
// empty when it is sound. register_person refuses with the first; a form shows them all.
// (Scope is not checked here: that needs the actor.)
std::vector<Error> check_person(const PersonInput& input);
// Audited "person.read". NotFound when absent or outside the actor's scope.
Result<Person> get_person(db::Database& db, const access::Actor& actor, PersonId id, Instant now);

// The first official name of each of `ids` that has one, read inside the caller's
// transaction, for the views of the modules above (a case's members). No scope check and
// no audit row of its own: the caller has checked scope, and its view's one audit row
// names the persons shown.
Result<std::map<std::int64_t, std::string>> first_names(db::Transaction& tx,
                                                        const std::vector<PersonId>& ids);

// A field on which the matcher found a person agreeing with what was asked, and how.
struct MatchField {
  std::string field;  // "family", "given", "patronymic", "birth_date", "sex", "nationality"
  std::string level;  // "stem", "exact", "close", "compatible", "same" ... (match::level_name)
  friend bool operator==(const MatchField&, const MatchField&) = default;
};

// Why the matcher proposed a person.
struct MatchReason {
  double weight = 0;               // log2 Bayes factor (match::SearchHit::weight)
  std::string decision;            // "same", "review" or "different"
  std::vector<MatchField> fields;  // the fields that agreed, in match::Field order
  // How the query was read when that scored best: "" as written, else the romanisation
  // of papers issued abroad it was read as ("iso9", "de", "fr", "pl", "cs", "tr").
  std::string reading;
};

struct PersonSummary {
  PersonId id;
  std::string country;
  std::string name;  // the first official name
  std::optional<CivilDate> birth_date;
  char sex = 'U';
  // Why it was found: "document number", "case number", or "match weight 15.2 (same)".
  std::string reason;
  std::optional<MatchReason> match;  // set for the matcher's hits
};

inline constexpr std::size_t kMaxQueryBytes = 256;

// The person search behind the Persons page and GET /api/v1/persons?q=. `query` is
//  - a name in any script, spelling or order, with typos, in its MRZ form, or as papers
//    issued abroad romanise it (ISO 9, German, French, Polish, Czech, Turkish), optionally
//    with a birth date or year ("Abdrashov Zhanibek 1988", "… 15.03.1988",
//    "… 1988-03-15"); a surname or a given name alone returns its candidates. Answered
//    by the match index inside the actor's country: ranked by match weight (the hits
//    whose evidence is for rather than against, weight ≥ 0), each with its MatchReason;
//  - or, when it holds digits and is no name with a date, an identity or issued document
//    number (spaces, dashes and case ignored) or a case number (case ignored, with
//    kCaseRead), found by exact key; these come first.
// Only unmerged persons in the actor's scope; at most `limit` (1..200). kPersonRead.
// Invalid naming "q" when the query is empty, over kMaxQueryBytes, not UTF-8 or holds
// control characters. Audited "person.search" in one row naming the persons shown by id
// ({"results":N,"persons":[ids]}; the query itself is not logged).
Result<std::vector<PersonSummary>> search_persons(const match::Index& index, db::Database& db,
                                                  const access::Actor& actor,
                                                  std::string_view query, Instant now,
                                                  int limit = 50);

// ---------------------------------------------------------------------------------------
// Duplicates and the match index

// The match records of a person: one per name, record_id "<id>#<n>" (n: the name's
// position), filed under the person's country (match::PersonRecord::country). Names
// with no letter are left out.
std::vector<match::PersonRecord> match_records(const Person& person);
// Loads every name of every unmerged person into `index` (at start-up).
Status load_index(db::Database& db, match::Index& index);
// Brings `index` up to date with the committed state of person `id`: every name of an
// unmerged person, nothing of a merged or absent one. Call it after the transaction that
// registered, merged or unmerged the person has committed (the index must never show
// what a rolled-back transaction wrote). Not audited: it shows nothing to anyone.
Status refresh_index(db::Database& db, match::Index& index, PersonId id);

// Likely duplicates of `input` (each of its names) among the persons in the actor's
// scope, best first, each with the matcher's reason; only candidates the matcher does
// not call different. The actor's country is applied inside the index, before the top-k
// cut and with that country's name frequencies. kPersonRead. Audited
// "person.duplicates" in one row naming the candidates shown, as search_persons.
Result<std::vector<PersonSummary>> likely_duplicates(const match::Index& index, db::Database& db,
                                                     const access::Actor& actor,
                                                     const PersonInput& input, Instant now,
                                                     std::size_t top_k = 5);

// Records that `duplicate` is the same person as `survivor`: a pointer, so the
// duplicate's names, documents, cases, households, consents and sensitive entries stay
// where they are. Persons already merged into the duplicate follow it to the survivor.
// Both must be in scope (NotFound; field "survivor" for the survivor); Forbidden when a
// follower lies outside the actor's scope; Conflict when either is merged already.
// Every person row changed gets its own "person.merge" audit entry.
// unmerge_person() is its exact inverse: the duplicate's row and each follower's row are
// restored as they were before the merge (a follower moved again since stays where it
// is), each audited "person.unmerge"; Conflict when the person is not merged.
Status merge_persons(db::Database& db, const access::Actor& actor, PersonId duplicate,
                     PersonId survivor, Instant now);
Status unmerge_person(db::Database& db, const access::Actor& actor, PersonId duplicate,
                      Instant now);

// ---------------------------------------------------------------------------------------
// Households and consent

struct HouseholdMember {
  PersonId person;
  std::string relationship;  // head, spouse, child, parent, sibling, grandchild, other
};

// One head exactly; all members in the actor's scope and in `country`. Audited.
Result<HouseholdId> create_household(db::Database& db, const access::Actor& actor,
                                     const std::string& country,
                                     const std::vector<HouseholdMember>& members, Instant now);
Result<std::vector<HouseholdMember>> household_members(db::Database& db, const access::Actor& actor,
                                                       HouseholdId id, Instant now);

// The household `person` belongs to (the latest if several), by id only: not audited, as
// it shows nothing of anyone. nullopt for none; NotFound when the person is absent or
// outside the actor's scope. kPersonRead.
Result<std::optional<HouseholdId>> household_id_of(db::Database& db, const access::Actor& actor,
                                                   PersonId person);

// A person's household as a page shows it: each member with its first name and birth date,
// from one read and ONE audit row "household.read" naming the members
// ({"persons":[ids]}). nullopt (and no row) when the person belongs to no household;
// NotFound as household_id_of. kPersonRead.
struct HouseholdView {
  struct Member {
    PersonId person;
    std::string relationship;
    std::string name;  // the first official name; empty if none
    std::optional<CivilDate> birth_date;
  };
  HouseholdId id;
  std::vector<Member> members;  // by person id
};
Result<std::optional<HouseholdView>> view_household_of(db::Database& db, const access::Actor& actor,
                                                       PersonId person, Instant now);

// Adds `person` to an existing household. NotFound ("household") for a household absent
// or outside the actor's scope; NotFound ("person") for a person absent, outside the scope
// or of another country than the household's; Invalid ("relationship") for an unknown
// relationship; Conflict ("person") for a person already in the household, Conflict
// ("relationship") for a second head. Forbidden without kPersonWrite. Audited
// "household.member.add" in the same transaction.
Status add_household_member(db::Database& db, const access::Actor& actor, HouseholdId household,
                            PersonId person, const std::string& relationship, Instant now);

// One person of a family registration: a new person registered from `input`, or, when
// `existing` is set, a person already registered (a duplicate candidate the officer
// confirmed) who joins the household without being registered again (`input` unused).
struct FamilyPerson {
  PersonInput input;
  std::optional<PersonId> existing;
};
struct FamilyMember {
  FamilyPerson person;
  std::string relationship;  // spouse, child, parent, sibling, grandchild or other
};
struct RegisteredFamily {
  PersonId principal;
  std::vector<PersonId> members;  // in the order given, linked persons included
  HouseholdId household;
};

// Registers a family in ONE transaction, all or nothing: every new person (each audited
// "person.create"), and the household with the principal as head (audited
// "household.create"). The household's country is the principal's; every new member must
// be registered in it. Errors name the field as register_person and create_household do,
// a member's prefixed with its index in `members`: "members[1].birth_date",
// "members[0].relationship", "members[2].country", "members[1].person" (a linked person
// absent, out of scope or of another country: NotFound); a linked principal that is
// absent or out of scope is NotFound ("principal"). Forbidden as register_person.
Result<RegisteredFamily> register_family(db::Database& db, const access::Actor& actor,
                                         const FamilyPerson& principal,
                                         const std::vector<FamilyMember>& members, Instant now);

// ---------------------------------------------------------------------------------------
// The server's use cases: over the database and the match index that follows it. Each
// brings the index up to date after its transaction commits, so no caller does.

// What registration through the duplicate gate did: registered (principal set; for a
// family also the members in order and the household), or stopped with candidates.
struct Registration {
  std::optional<PersonId> principal;
  std::vector<PersonId> members;
  std::optional<HouseholdId> household;
  // When stopped: per person, the principal first and then each member in order, its
  // likely duplicates (empty for a linked person and for one with none). Empty otherwise.
  std::vector<std::vector<PersonSummary>> candidates;
  // Or stopped before the gate: every problem of every person to be created
  // (check_person), a member's prefixed "members[i].". Nothing is written.
  std::vector<Error> problems;
  bool stopped() const;  // problems, or some person to be created has likely duplicates
};

// Registration as the Persons form and POST /api/v1/persons run it. First every person to
// be created is checked (check_person): with problems, nothing is written and they are
// all returned. Then, unless `confirm_new`,
// every person to be created is first checked with likely_duplicates (audited
// "person.duplicates"); if any has candidates, nothing is written and they are returned.
// Then: no members and a linked principal → that person (NotFound "principal" if out of
// scope); no members → register_person; otherwise register_family. Errors as those name
// them. kPersonWrite.
Result<Registration> register_checked(match::Index& index, db::Database& db,
                                      const access::Actor& actor, const FamilyPerson& principal,
                                      const std::vector<FamilyMember>& members, bool confirm_new,
                                      Instant now);
// merge_persons and unmerge_person (above), then the duplicate's entries in the index.
Status merge_persons(match::Index& index, db::Database& db, const access::Actor& actor,
                     PersonId duplicate, PersonId survivor, Instant now);
Status unmerge_person(match::Index& index, db::Database& db, const access::Actor& actor,
                      PersonId duplicate, Instant now);

enum class Purpose { kRsd, kStatelessness, kDocumentation, kStatistics };
std::string_view purpose_name(Purpose p);  // "rsd", "statelessness", ...
Result<Purpose> parse_purpose(std::string_view s);

struct Consent {
  Purpose purpose = Purpose::kRsd;
  bool given = false;
  std::string legal_basis;  // "consent", "legal obligation", "vital interest" ...
  std::string recorded_at;
};
Status record_consent(db::Database& db, const access::Actor& actor, PersonId person,
                      const Consent& consent, Instant now);
// The latest record per purpose.
Result<std::vector<Consent>> consents(db::Database& db, const access::Actor& actor, PersonId person,
                                      Instant now);

// ---------------------------------------------------------------------------------------
// Sensitive entries: XChaCha20-Poly1305 bound to their person and kind, with a key kept
// outside the database (rows from before migration 0230: secretbox, still readable).

struct SecretKey {
  std::string id;  // names the key in each row, so old rows stay readable after rotation
  std::array<unsigned char, 32> bytes{};
};

// The key file: one key per line, "<id> <64 hex digits>"; the first line is the current
// key used for new entries, later lines are older keys still accepted for reading.
struct Keyring {
  SecretKey current;
  std::vector<SecretKey> previous;
  const SecretKey* find(std::string_view id) const;
};

// Invalid naming the file and line for a malformed file, and naming the file and its
// mode when group or others have any access to it (or it is not a regular file);
// Unavailable if unreadable.
Result<Keyring> load_keyring(const std::string& key_file);
// Writes a new key file holding one fresh random key. The file is 0600 from its first
// byte (a temporary written, fsynced and linked into place), never written through an
// existing file or link. Conflict if it exists.
Status create_key_file(const std::string& key_file, std::string_view key_id);
// Rotation: prepends a fresh key as the new current one, keeping the old ones. Replaces
// the file atomically (temporary 0600 file, fsync, rename, fsync of the directory).
Status rotate_key_file(const std::string& key_file, std::string_view new_key_id);
// Flushes the key file and its directory to disk: call before committing anything that
// only the keys in it can read (reencrypt_sensitive_entries).
Status sync_key_file(const std::string& key_file);
// Invalid naming `key_file` and the missing ids when a sensitive entry in `db` uses a key
// id the ring lacks: start-up refuses rather than failing at the first read.
Status check_keyring_covers(db::Database& db, const Keyring& keys, const std::string& key_file);

enum class SensitiveKind { kInterviewNotes, kClaimNarrative, kHealth, kSgbv };
std::string_view sensitive_kind_name(SensitiveKind k);
Result<SensitiveKind> parse_sensitive_kind(std::string_view s);

struct SensitiveEntry {
  std::int64_t id = 0;
  SensitiveKind kind = SensitiveKind::kInterviewNotes;
  std::optional<std::int64_t> case_id;
  Sensitive<std::string> text;
  std::string created_at;
};

// kCaseWrite and kSensitiveRead (who may not read it may not write it either). TooLarge
// over kMaxSensitiveBytes; Invalid for empty or non-UTF-8 text. Audited without content.
Result<std::int64_t> add_sensitive_entry(db::Database& db, const access::Actor& actor,
                                         const Keyring& keys, PersonId person, SensitiveKind kind,
                                         std::optional<std::int64_t> case_id, std::string_view text,
                                         Instant now);
// kSensitiveRead; every call audited "person.sensitive.read". NotFound out of scope.
// Internal if a row's key is missing from the keyring or it does not authenticate — also
// when its ciphertext was copied from another person's row or relabelled as another kind.
Result<std::vector<SensitiveEntry>> read_sensitive_entries(db::Database& db,
                                                           const access::Actor& actor,
                                                           const Keyring& keys, PersonId person,
                                                           Instant now);
// Re-encrypts every entry not under the current key (after rotate_key_file) or still in
// the unbound format of before migration 0230, binding it to the person and kind of its
// row. Returns the number of entries rewritten. Operator tool: system actor only. Audited.
Result<std::int64_t> reencrypt_sensitive_entries(db::Database& db, const access::Actor& actor,
                                                 const Keyring& keys, Instant now);

}  // namespace nansen::registry
