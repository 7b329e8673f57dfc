// SPDX-License-Identifier: Apache-2.0
// access — who is acting, what they may do, and the audit trail of what they did.
//
// Every domain module calls `authorize()` before touching a record and `record_audit()`
// inside the same transaction as its write. Users act within a scope: a country
// (ISO 3166 alpha-3) or the whole region, and an organisation.
//
// All functions take `now` explicitly, so tests control time. All are thread-safe: they
// hold no state beyond the database.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/base.h"
#include "db/db.h"

namespace nansen::access {

using UserId = Id<struct UserTag>;
using TokenId = Id<struct TokenTag>;

enum class Role {
  kAdmin,
  kFocalPoint,
  kRegistrar,
  kCaseworker,
  kDecisionMaker,
  kAnalyst,
  kObserver,
};
std::string_view role_name(Role role);  // "admin", "focal_point", ...
Result<Role> parse_role(std::string_view name);
const std::vector<Role>& all_roles();

// The languages of the interface, in the order they are offered.
const std::vector<std::string>& supported_languages();  // {"en", "ru", "kk"}

struct Scope {
  std::optional<std::string> country;  // ISO 3166 alpha-3; nullopt = regional (all countries)
  std::string organisation;            // e.g. "UNHCR", "MIA-KAZ"; empty = any
};

// The authenticated caller of a domain function.
struct Actor {
  UserId user;
  std::string login;
  Role role = Role::kObserver;
  Scope scope;
  std::string language = "en";
  bool via_token = false;
  bool system = false;  // the operator's own CLI on the server: every permission, all scopes
  // via_token: when the token expires (nullopt: it does not). A token minted through a
  // token expires no later.
  std::optional<Instant> token_expires_at =
      std::nullopt;  // (initialised: Actor{...} lists stay valid)
};

// The actor for CLI and start-up work (migrations, demo seeding, imports run by an
// operator on the server itself): holds every permission over the whole region. Never
// produced by login or tokens.
Actor system_actor();

// What an actor wants to do. The table of which role holds which permission lives in
// permissions.cpp and is documented in docs/roles.md.
enum class Permission {
  kUsersManage,       // create users, reset passwords, disable, issue tokens
  kAuditRead,         // browse the audit log
  kPledgeRead,        // read pledges, consultations, reports (public data)
  kPledgeWrite,       // create/update pledges and progress of the actor's organisation
  kPledgeReview,      // edit any pledge in scope, run consultations
  kPersonRead,        // read registry records in scope
  kPersonWrite,       // register and edit persons, households
  kCaseRead,          // read cases in scope
  kCaseWrite,         // open cases, take ordinary transitions
  kCaseDecide,        // draft decisions
  kCaseApprove,       // approve decisions drafted by someone else
  kDocumentIssue,     // issue, renew, revoke documents
  kSensitiveRead,     // read interview notes, narratives, health, SGBV
  kStatisticsManage,  // import official statistics, define indicators
  kExport,            // export lists to CSV/XLSX
};
std::string_view permission_name(Permission p);

// The country and organisation a record belongs to.
struct RecordScope {
  std::optional<std::string> country;  // nullopt = not country-bound (e.g. a regional pledge)
  std::string organisation;            // empty = not organisation-bound
};

// THE check. Returns Forbidden (naming the permission) if the role lacks the permission,
// or if the record lies outside the actor's scope: a country-scoped actor only reaches
// records of that country; for organisation-bound permissions (kPledgeWrite) the
// record's organisation must equal the actor's. Domain modules turn a scope failure on a
// single record into NotFound, so existence does not leak across countries.
Status authorize(const Actor& actor, Permission permission, const RecordScope& record = {});
bool has_permission(Role role, Permission permission);
// True if the actor's scope covers `country` (regional actors cover every country).
bool covers_country(const Actor& actor, const std::optional<std::string>& country);

// ---------------------------------------------------------------------------------------
// The route policy: one table (policy.cpp) saying, for every route of the server, what a
// role must hold and how scope applies. web/ refuses a route missing from it at start-up
// and a role it does not allow before any handler runs (403); openapi.json publishes it.

// How a route's records relate to the caller's scope.
enum class ScopeRule {
  kPublic,          // no sign-in needed
  kSignedIn,        // any signed-in caller; no country-bound record
  kShared,          // data shared by all countries inside Nansen (pledges, entities, statistics)
  kSharedWritable,  // shared data written only within the caller's country or organisation (403)
  kRecord,          // the {id} record's country must be covered, else 404 as if it did not exist
  kOwnOrScoped,     // the caller's own account or token, or (users.manage) one in scope; else 404
  kOwnRecord,       // something the caller started (a job, a staged import); else 404
  kScopedList,      // a list or search that shows only the caller's scope
  kScopedCountry,   // the country the request names must be covered (403 otherwise)
};
std::string_view scope_rule_name(ScopeRule rule);  // "record", "scoped_list", ...

struct RoutePolicy {
  std::string method;              // "GET", "POST", ...
  std::string pattern;             // as the router knows it: "/api/v1/persons/{id}"
  std::vector<Permission> all_of;  // the role must hold every one of these...
  std::vector<Permission> any_of;  // ...and, when not empty, at least one of these
  ScopeRule scope = ScopeRule::kSignedIn;
};
// Every route's entry. Thread-safe (built once).
const std::vector<RoutePolicy>& route_policies();
// nullptr when the table has no entry for the route.
const RoutePolicy* find_route_policy(std::string_view method, std::string_view pattern);
// True if `role` holds what the entry requires (scope is checked by the domain call).
bool policy_allows(const RoutePolicy& policy, Role role);
// Forbidden naming the missing permission unless the actor's role holds what the entry
// requires. Scope is the domain call's to check, on the records it reaches.
Status authorize_route(const Actor& actor, const RoutePolicy& policy);

// ---------------------------------------------------------------------------------------
// Users
//
// An administrator acts on accounts inside its own scope only: an account of another
// country (or a regional account, for a country-scoped administrator) or of another
// organisation (for an administrator bound to one) answers exactly like an account that
// does not exist (NotFound); an account whose role it may not give (may_grant_role) is
// Forbidden naming "role". Nothing it creates is wider than itself; see docs/roles.md.

// Role width, from the permission table: `inner` is no wider than `outer` if every
// permission of `inner` is also a permission of `outer`.
bool role_within(Role inner, Role outer);
// Whether `actor` may give an account `role`. The account-authority permissions
// (users.manage, audit.read) only by an actor whose role holds every one the role has;
// the work permissions (pledges, registry, cases, documents, sensitive data, statistics,
// export) by any holder of users.manage, since provisioning the working accounts of its
// office is what that permission is for. The scope is what must not widen (create_user).
// System actors may give any role.
bool may_grant_role(const Actor& actor, Role role);

struct User {
  UserId id;
  std::string login;
  std::string display_name;
  Role role = Role::kObserver;
  Scope scope;
  std::string language = "en";
  bool disabled = false;
  std::string created_at;                    // ISO-8601 UTC
  std::optional<std::string> last_login_at;  // ISO-8601 UTC
};

struct NewUser {
  std::string login;  // 3–64 chars of [a-z0-9._-]
  std::string display_name;
  std::string password;  // 10–256 characters
  Role role = Role::kObserver;
  Scope scope;
  std::string language = "en";
};

// Forbidden unless the actor holds kUsersManage; Invalid naming the field for a bad login,
// password, country or language; Forbidden naming the field if the account would be wider
// than the actor: "country" (another country, or a regional account made by a
// country-scoped actor), "organisation" (another one, or none, when the actor is bound to
// one), "role" (see may_grant_role); Conflict if the login exists. Nothing is written on
// a refusal. Audited.
Result<User> create_user(db::Database& db, const Actor& actor, const NewUser& user, Instant now);
// kUsersManage: the accounts inside the actor's scope (country and organisation).
Result<std::vector<User>> list_users(db::Database& db, const Actor& actor);
// Oneself, or (kUsersManage) an account inside the actor's scope; NotFound, with the
// message of a missing account, otherwise.
Result<User> get_user(db::Database& db, const Actor& actor, UserId id);
Result<User> find_user_by_login(db::Database& db, const Actor& actor, std::string_view login);

// Sessions and lockout; also guards the current-password check of change_password.
struct SecurityPolicy {
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  int lockout_failures = 5;  // consecutive failures before the account locks
  int lockout_minutes = 15;
};
SecurityPolicy policy_from(const Config& config);

struct PasswordChange {
  std::string new_password;
  std::optional<std::string> current_password;  // required to change one's own
};
// Changes a password and ends the account's sessions. Never through an API token
// (Forbidden). One's own password needs the current one: Forbidden naming
// "current_password" if it is missing, wrong or the account is locked; a wrong one
// counts as a failed login (`policy`). Another account's is a reset: kUsersManage, an
// account the actor administers (NotFound otherwise), no current password; audited as
// "user.password_reset" (one's own change as "user.password_change").
Status change_password(db::Database& db, const Actor& actor, UserId id,
                       const PasswordChange& change, const SecurityPolicy& policy, Instant now);
// kUsersManage on an account the actor administers (NotFound otherwise). Disabling also
// ends the user's sessions and revokes their tokens; one's own account cannot be
// disabled (Forbidden).
Status set_disabled(db::Database& db, const Actor& actor, UserId id, bool disabled, Instant now);
// Any user may set their own language; administrators that of accounts they administer.
Status set_language(db::Database& db, const Actor& actor, UserId id, std::string_view language,
                    Instant now);

// ---------------------------------------------------------------------------------------
// Sessions and tokens

struct Session {
  std::string token;       // the secret for the cookie; only its hash is stored
  std::string csrf_token;  // to embed in forms; checked with check_csrf()
  Actor actor;
  std::string expires_at;  // ISO-8601 UTC: the earlier of idle and absolute expiry
};

// Unauthenticated with one answer (code, message, field) for an unknown login, a wrong
// password, a disabled account and a locked one, even with the right password (no
// account enumeration); each takes one Argon2id verification, so they also take
// comparable time. Failures are counted atomically (parallel guesses all count) and
// audited without the password; `policy.lockout_failures` of them lock the account for
// `policy.lockout_minutes`.
Result<Session> login(db::Database& db, std::string_view login, std::string_view password,
                      const SecurityPolicy& policy, Instant now);
// Unauthenticated if the token is unknown, expired (idle or absolute) or its user is
// disabled. Extends the idle expiry.
Result<Session> resume_session(db::Database& db, std::string_view token,
                               const SecurityPolicy& policy, Instant now);
Status logout(db::Database& db, std::string_view token, Instant now);
// Constant-time comparison of a submitted CSRF token with the session's.
bool check_csrf(const Session& session, std::string_view submitted);

struct ApiToken {
  TokenId id;
  UserId user;
  std::string name;
  std::string secret;  // only filled when issued; never stored in clear
  Scope scope;         // the token's scope: never wider than its user's
  std::string created_at;
  std::optional<std::string> expires_at;
  bool revoked = false;
};
// Issues a bearer token for `user`: oneself, or (kUsersManage) an account the actor
// administers (NotFound otherwise). A token is never wider than its user nor than the
// credential that makes it; Forbidden naming the field otherwise: "country" /
// "organisation" (`scope` outside the user's or the actor's scope), "role" (the user's
// role holds a permission the actor's lacks), "valid_days" (through a token: the new
// token must expire no later than the minting one). Conflict if the user is disabled.
Result<ApiToken> issue_token(db::Database& db, const Actor& actor, UserId user,
                             std::string_view name, const Scope& scope,
                             std::optional<int> valid_days, Instant now);
Result<std::vector<ApiToken>> list_tokens(db::Database& db, const Actor& actor, UserId user);
Status revoke_token(db::Database& db, const Actor& actor, TokenId token, Instant now);
// The actor behind a bearer token (with the token's scope and expiry); Unauthenticated if
// unknown, revoked, expired, its user disabled or its scope no longer within the user's.
Result<Actor> authenticate_token(db::Database& db, std::string_view secret, Instant now);

// ---------------------------------------------------------------------------------------
// Audit log: append-only, hash-chained. Each row stores
//   hash = generichash(canonical(prev_hash, row))
// in the encoding the row names (column `encoding`): rows written before migration 0020
// keep encoding 1 (fields joined by 0x1f, so NULL and empty hash alike); later rows use
// encoding 2, where every field is typed and length-prefixed. Any edit, insertion or
// deletion behind Nansen's back breaks the chain at that row. Someone with write access
// to the database can recompute a whole chain; signed checkpoints kept off the machine
// (below) catch that.

struct AuditEvent {
  std::string action;                  // "user.create", "person.read", "pledge.update" ...
  std::string record_type;             // "user", "person", "pledge" ...
  std::string record_id;               // the record's id as text; empty for collection reads
  std::optional<std::string> country;  // the record's country, for filtering
  std::string detail;                  // JSON text; ids and field names only, never personal data
};

// Appends one row inside `tx`: it commits or rolls back with the change it records.
Status record_audit(db::Transaction& tx, const Actor& actor, const AuditEvent& event, Instant now);

// Records a *read* of personal data (action "<type>.read", "person.search" ...) through
// the database's group commit: the entries of many concurrent reads share one write
// transaction, in chain order. Returns once the entry is durable, so a caller that shows
// the data only after success never shows it without its entry. Call it after the read
// transaction has ended: a read takes no write lock of its own.
Status record_read_audit(db::Database& db, const Actor& actor, const AuditEvent& event,
                         Instant now);

struct AuditRow {
  std::int64_t seq = 0;
  std::string at;
  std::string actor_login;
  std::string action;
  std::string record_type;
  std::string record_id;
  std::optional<std::string> country;
  std::string detail;
  std::string hash;  // hex
};

struct AuditFilter {
  std::optional<std::string> actor_login;
  std::optional<std::string> action;  // exact, or a prefix ending in '.' ("user.")
  std::optional<std::string> record_type;
  std::optional<std::string> record_id;
  std::optional<std::string> from;  // YYYY-MM-DD inclusive, UTC
  std::optional<std::string> to;    // YYYY-MM-DD inclusive, UTC
  int limit = 100;                  // 1..1000
  int offset = 0;
};
// kAuditRead. A country-scoped auditor sees only the rows of its own country: account
// events (user.*, session.*, token.*) carry the country of the account they concern, and
// rows of no country (regional records, regional accounts) are for regional auditors.
Result<std::vector<AuditRow>> list_audit(db::Database& db, const Actor& actor,
                                         const AuditFilter& filter);

// A row the chain must still contain with this hash, e.g. from a signed checkpoint.
struct AuditAnchor {
  std::int64_t seq = 0;  // 0 = the empty log ("genesis")
  std::string hash;
  std::string label;  // names the anchor in a failure: "checkpoint FILE:3 (signed ...)"
};

struct ChainVerifyOptions {
  std::vector<AuditAnchor> anchors;
  std::int64_t page_size = 5000;  // rows read per query, so a long log never sits in memory
  // Called after each page with the number of rows checked so far (progress).
  std::function<void(std::int64_t rows_checked)> on_page;
};

struct ChainCheck {
  bool intact = true;
  std::int64_t rows_checked = 0;
  std::optional<std::int64_t> first_broken_seq;  // the first row at fault, when one is known
  std::string reason;                 // "row 42: content does not match its hash (edited)", ...
  std::int64_t head_seq = 0;          // the head verified (when intact)
  std::string head_hash = "genesis";  // its hash
  std::int64_t anchors_matched = 0;
};

// Checks the whole log as one snapshot (rows appended meanwhile are neither read nor
// reported; on PostgreSQL a REPEATABLE READ transaction): every row of audit_log,
// whatever its seq, must be one of the rows 1..head, each once; each row must link to
// its predecessor and hash to its stored hash under its encoding; the head must name the
// last row; and every anchor's row must still carry the anchor's hash. Invalid if an
// anchor or the page size is malformed; a broken chain is a ChainCheck, not an error.
Result<ChainCheck> verify_audit_chain(db::Database& db, const ChainVerifyOptions& options = {});

// ---------------------------------------------------------------------------------------
// Audit checkpoints: the chain's head (seq, hash) and the time, signed with an Ed25519 key
// kept in a file outside the database (libsodium). A checkpoint is one line of text:
//   nansen-audit-checkpoint/1 seq=42 hash=<64 hex> time=<instant> key=<64 hex> sig=<128 hex>
// where sig signs the line's text before " sig=". The operator appends lines to a file
// kept off the machine; verifying the log against that file proves the rows up to the
// last checkpoint were not rewritten, even by someone with full write access to the
// database (they would need the key to sign a checkpoint of the rewritten chain).

struct AuditCheckpoint {
  std::int64_t seq = 0;
  std::string hash;          // the chain hash of row `seq` ("genesis" when seq is 0)
  std::string time;          // ISO-8601 UTC, when it was signed
  std::string public_key;    // hex
  std::string signature;     // hex
  int source_line = 0;       // where parse_audit_checkpoints read it (1-based)
  std::string line() const;  // the text form above, without a newline
};

// Writes a fresh key to `key_file`, created atomically with mode 0600 (Conflict if the
// file exists), and returns its public key (hex).
Result<std::string> create_checkpoint_key(const std::string& key_file);
// The public key (hex) of the key in `key_file`. Invalid naming the file if it is
// malformed or readable by group or others.
Result<std::string> checkpoint_public_key(const std::string& key_file);

// Parses a checkpoint file's text (blank lines and '#' comments skipped) and checks every
// signature. Invalid naming "<source>:<line>" for a malformed line, a signature that does
// not verify, or a line signed by a key other than `trusted_key` (hex; when empty, every
// line must carry the key of the first).
Result<std::vector<AuditCheckpoint>> parse_audit_checkpoints(std::string_view text,
                                                             std::string_view source,
                                                             std::string_view trusted_key = {});
// `checkpoints` as anchors for verify_audit_chain, labelled
// "checkpoint <source>:<line> (signed <time>)".
std::vector<AuditAnchor> checkpoint_anchors(const std::vector<AuditCheckpoint>& checkpoints,
                                            std::string_view source);

struct CheckpointOutcome {
  ChainCheck chain;
  std::optional<AuditCheckpoint> checkpoint;  // signed only when the chain is intact
};
// Verifies the chain against `anchors` (the earlier checkpoints) and, only if it is
// intact, signs its head with the key in `key_file`. Never signs a broken or rewritten log.
Result<CheckpointOutcome> sign_audit_checkpoint(db::Database& db, const std::string& key_file,
                                                const std::vector<AuditAnchor>& anchors,
                                                Instant now);

}  // namespace nansen::access
