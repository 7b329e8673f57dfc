// SPDX-License-Identifier: Apache-2.0
// documents — the papers a procedure ends in: asylum-seeker, refugee and stateless-person
// certificates and the 1951 / 1954 Convention travel documents, and the ICAO Doc 9303
// machine-readable zone (MRZ) printed on travel documents.
//
// The MRZ part is pure logic (no database): composing the two 44-character lines of a
// TD3 (passport-size) document with their check digits, and reading them back. The
// second part issues, renews and revokes documents in the database, each audited. All
// functions are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/access.h"
#include "base/base.h"
#include "db/db.h"
#include "procedures/procedures.h"
#include "registry/registry.h"

namespace nansen::documents {

// ---------------------------------------------------------------------------------------
// ICAO Doc 9303 machine-readable zone, TD3 (Part 4)

inline constexpr std::size_t kTd3LineLength = 44;
inline constexpr std::size_t kTd3NameLength = 39;           // line 1, positions 6–44
inline constexpr std::size_t kTd3DocumentNumberLength = 9;  // line 2, positions 1–9
inline constexpr std::size_t kTd3OptionalDataLength = 14;   // line 2, positions 29–42

// The check digit of an MRZ field (Doc 9303 Part 3 §4.9): weights 7, 3, 1 repeating;
// digits count their value, A–Z count 10–35, the filler '<' counts 0; the sum modulo 10.
// Returns nullopt if `field` holds a character outside 0–9, A–Z and '<'.
std::optional<char> mrz_check_digit(std::string_view field);

// Codes of Doc 9303 Part 3 §5 for persons without a usable nationality, accepted
// wherever a nationality or issuing state goes.
inline constexpr std::string_view kStateless = "XXA";     // stateless person (1954)
inline constexpr std::string_view kRefugee1951 = "XXB";   // refugee, 1951 Convention
inline constexpr std::string_view kRefugeeOther = "XXC";  // refugee, other than XXB
inline constexpr std::string_view kNationalityUnspecified = "XXX";
// "stateless person", "refugee (1951 Convention)", "refugee (other)", "unspecified
// nationality", or empty for an ordinary (state or organisation) code.
std::string_view special_nationality_meaning(std::string_view code);

// A name in MRZ characters (A–Z and '<'): Cyrillic through the ICAO 9303 table (text/),
// Latin diacritics per the MRZ rules (Ä→AE, Ö→OE, Ü→UE, Å→AA, ß→SS, others dropped),
// spaces and hyphens → '<', apostrophes and other punctuation removed. Invalid (field
// `field`) on bad UTF-8 or when nothing letter-like remains.
Result<std::string> mrz_name_part(std::string_view name, std::string_view field);

// The 39-character name field: PRIMARY<<SECONDARY<NAMES padded with '<'. When it does
// not fit (Doc 9303 Part 3 §4.6): the secondary identifier is cut first; a primary
// identifier too long on its own is cut to leave "<<" and the first letter of the
// secondary; the field never ends in a cut-off filler, so a last position holding a
// letter signals possible truncation. `secondary` may be empty (mononyms).
// REQUIRES: both in MRZ characters (see mrz_name_part).
std::string td3_name_field(std::string_view primary, std::string_view secondary);

struct Td3Input {
  std::string document_code = "P";  // 'P' then an optional type letter ("P", "PO")
  std::string issuing_state;        // 3 letters: KAZ, or UNO for UNHCR, XXA ...
  std::string surname;              // any script; transliterated (field "surname")
  std::string given_names;          // any script; may be empty (field "given_names")
  std::string document_number;      // 1–9 of A–Z, 0–9 (spaces and '-' dropped)
  std::string nationality;          // 3 letters incl. XXA / XXB / XXC / XXX
  CivilDate birth_date;             // year or month precision: unknown parts become '<'
  char sex = '<';                   // 'M', 'F', 'X' or '<' (unspecified)
  CivilDate expiry_date;            // day precision
  std::string optional_data;        // 0–14 of A–Z, 0–9 (personal number ...)
};

struct Td3 {
  std::string line1;
  std::string line2;
};

// Composes both lines with all five check digits. Invalid naming the Td3Input field
// ("document_code", "issuing_state", "surname", "given_names", "document_number",
// "nationality", "birth_date", "sex", "expiry_date", "optional_data") on a bad value.
Result<Td3> make_td3(const Td3Input& input);

enum class MrzCheck { kDocumentNumber, kBirthDate, kExpiryDate, kOptionalData, kComposite };
std::string_view mrz_check_name(MrzCheck check);  // "document number", "birth date", ...

struct MrzCheckFailure {
  MrzCheck check;
  char expected = '0';  // the digit the data requires
  char found = '0';     // the character printed
};

// The fields of a TD3 as printed, fillers kept except in names.
struct Td3Reading {
  std::string document_code;             // "P", "PO" (trailing filler removed)
  std::string issuing_state;             // "UTO", "D<<"
  std::string surname;                   // "ERIKSSON" (fillers → spaces)
  std::string given_names;               // "ANNA MARIA"
  bool name_possibly_truncated = false;  // the last name position holds a letter
  std::string document_number;           // trailing fillers removed
  std::string nationality;
  std::string birth_date;  // YYMMDD as printed
  char sex = '<';
  std::string expiry_date;                // YYMMDD as printed
  std::string optional_data;              // trailing fillers removed
  std::vector<MrzCheckFailure> failures;  // empty when every check digit agrees
  bool valid() const { return failures.empty(); }
};

// Reads a TD3. Invalid (field "line1"/"line2") if a line is not 44 characters of A–Z,
// 0–9 and '<' or line 1 does not start with 'P'; otherwise the reading, whose `failures`
// list each check digit that disagrees with its data (in line order).
Result<Td3Reading> read_td3(std::string_view line1, std::string_view line2);

// ---------------------------------------------------------------------------------------
// Issued documents

using DocumentId = Id<struct DocumentTag>;

enum class DocumentType {
  kAsylumSeekerCertificate,     // "asylum_seeker_certificate"
  kRefugeeCertificate,          // "refugee_certificate"
  kStatelessPersonCertificate,  // "stateless_person_certificate"
  kTravelDocument1951,          // "travel_document_1951": MRZ nationality XXB
  kTravelDocument1954,          // "travel_document_1954": MRZ nationality XXA
};
std::string_view document_type_name(DocumentType t);
Result<DocumentType> parse_document_type(std::string_view s);
bool is_travel_document(DocumentType t);

enum class DocumentStatus { kValid, kRenewed, kRevoked };
std::string_view document_status_name(DocumentStatus s);  // "valid", "renewed", "revoked"

struct IssuedDocument {
  DocumentId id;
  std::string number;  // "SP0000042": type code + 7 digits, unique per country
  DocumentType type = DocumentType::kRefugeeCertificate;
  registry::PersonId person;
  std::optional<procedures::CaseId> case_id;
  std::string country;
  CivilDate issued_on;
  CivilDate valid_until;
  DocumentStatus status = DocumentStatus::kValid;
  std::optional<DocumentId> replaces;
  std::optional<std::string> revoke_reason;
  std::optional<Td3> mrz;  // travel documents only
};

struct IssueRequest {
  DocumentType type = DocumentType::kRefugeeCertificate;
  registry::PersonId person;
  // With a case: the case's procedure must list this document type, the case must have
  // taken the rule's transition, and validity and minimum age come from the rule.
  std::optional<procedures::CaseId> case_id;
  CivilDate issued_on;
  int valid_months = 0;  // required without a case (1–120)
};

// An officer issues an ordinary document (one no procedure ends in: the asylum-seeker
// certificate). kDocumentIssue. NotFound if the person or case is outside the actor's
// scope; Conflict (field "type") for a document a procedure ends in
// (procedures::issued_only_by_procedure: refugee and stateless-person certificates,
// Convention travel documents), with or without a case: those come only from the
// procedure's own transition (take_transition_with_documents). Invalid naming the field
// for a document type the procedure does not issue ("type"), a transition not yet taken
// ("case_id"), a holder under the minimum age ("person"), or a travel document for a
// person without family/given name parts ("names"). Audited. Nothing is written on a
// refusal.
Result<IssuedDocument> issue_document(db::Database& db, const procedures::Catalog& catalog,
                                      const access::Actor& actor, const IssueRequest& request,
                                      Instant now);
// Issues a successor with a new number and the same validity length from `issued_on`;
// the old one becomes kRenewed. Conflict unless the old one is valid, and (field "type")
// for a document a procedure ends in that has no case (issued by hand before the rule).
Result<IssuedDocument> renew_document(db::Database& db, const procedures::Catalog& catalog,
                                      const access::Actor& actor, DocumentId id,
                                      const CivilDate& issued_on, Instant now);
// Conflict unless valid; Invalid without a reason.
Status revoke_document(db::Database& db, const access::Actor& actor, DocumentId id,
                       std::string_view reason, const CivilDate& revoked_on, Instant now);
// The person's documents, oldest first (the history). kPersonRead; audited.
Result<std::vector<IssuedDocument>> person_documents(db::Database& db, const access::Actor& actor,
                                                     registry::PersonId person, Instant now);

// ---------------------------------------------------------------------------------------
// Added for the registry API (document_lookup.cpp)

// One document as in its holder's history (audited like person_documents()). kPersonRead;
// NotFound when absent or outside the actor's scope.
Result<IssuedDocument> get_document(db::Database& db, const access::Actor& actor, DocumentId id,
                                    Instant now);
// The document with this number (case-insensitive) in the actor's scope; the latest one
// when a regional actor sees the same number in two countries. kPersonRead; NotFound
// otherwise; Invalid (field "number") for an empty or overlong number.
Result<DocumentId> find_document_by_number(db::Database& db, const access::Actor& actor,
                                           std::string_view number);

// ---------------------------------------------------------------------------------------
// Documents that follow case events: the documents a procedure ends in, issued by the
// transition its outcome rule names, and renewals by a rule's `renew_on` (the KZ
// asylum-seeker certificate is renewed when the decision period is extended).

// The renewal part alone: each valid document of the case whose rule names the event in
// `renew_on` is renewed in the same transaction — a successor with a new number, issued
// on the event's date for the rule's validity, the old one marked kRenewed — each
// audited "document.renew". The rule itself is the authority: the officer recording the
// event needs no kDocumentIssue.
procedures::EventEffect renewal_effect();

// The effect web/ and cli/ run with every transition and event: first, for each outcome
// rule that names the transition, the document is issued (audited "document.issue", case
// set, valid from the transition's date for the rule's months) to the principal and — for
// holders "family" — each dependant, except a holder under the rule's minimum age (or of
// unknown age), a dependant whose own assessment has another outcome than the rule's
// `member_outcome`, one who already holds a valid one from this case, and, for a travel
// document, a record without the family name and birth date an MRZ needs. Then the
// renewals of renewal_effect(). Like renewals, the decision is the authority: the officer
// taking the transition needs no kDocumentIssue. An error rolls the transition back.
procedures::EventEffect case_documents_effect();

// procedures::take_transition() and record_case_event() with case_documents_effect(): the
// calls web/ and cli/ use, so that no document a decision issues or renews is forgotten.
Status take_transition_with_documents(db::Database& db, const procedures::Catalog& catalog,
                                      const access::Actor& actor, procedures::CaseId id,
                                      const procedures::TransitionRequest& request,
                                      const CivilDate& today, Instant now,
                                      std::string_view time_zone = "Asia/Almaty");
Status record_case_event_with_documents(db::Database& db, const procedures::Catalog& catalog,
                                        const access::Actor& actor, procedures::CaseId id,
                                        std::string_view event, const CivilDate& on,
                                        std::optional<Instant> at, Instant now);

// ---------------------------------------------------------------------------------------
// The synthetic demo registry (`nansen demo seed`, tests): persons of the five Central
// Asian countries with names in every script (match::generate_population), households,
// consents, cases of the shipped procedures moved through realistic states by demo
// officers (four eyes kept), and the documents those cases issue. It lives here because
// it uses all three of registry/, procedures/ and documents/.

// The officers who act in one country's office. Four eyes: the caseworker drafts, the
// decision maker approves, the appeal officer (another decision maker) decides appeals.
struct DemoOfficers {
  access::Actor registrar;
  access::Actor caseworker;
  access::Actor decision_maker;
  access::Actor appeal_officer;
};

struct DemoRegistryOptions {
  std::size_t persons = 10'000;
  std::uint64_t seed = 1951;
  CivilDate today;  // the office date every case history leads up to
  // One entry for each of KAZ, KGZ, TJK, TKM and UZB.
  std::map<std::string, DemoOfficers, std::less<>> officers;
  // When set, a few interview notes are stored encrypted under it.
  const registry::Keyring* keys = nullptr;
  // (stage, done, total), e.g. ("persons", 2000, 10000); called now and then.
  std::function<void(std::string_view stage, std::size_t done, std::size_t total)> progress;
};

struct DemoRegistryCounts {
  std::map<std::string, std::int64_t> persons_by_country;
  std::map<std::string, std::int64_t> cases_by_state;  // "kz_asylum:registered" → n
  std::int64_t persons = 0;
  std::int64_t near_duplicates = 0;  // second records of a person, in another script
  std::int64_t households = 0;
  std::int64_t consents = 0;
  std::int64_t cases = 0;
  std::int64_t transitions = 0;
  std::int64_t member_assessments = 0;
  std::int64_t extensions = 0;
  std::int64_t documents = 0;  // issued, renewals included
  std::int64_t travel_documents = 0;
  std::int64_t sensitive_entries = 0;
};

// Deterministic for a seed, officers and date (ids aside). Every write goes through the
// ordinary domain functions, so every rule (roles, four eyes, deadlines, minimum ages) is
// checked and audited as for a real officer. Invalid (field "officers") when a country's
// officers are missing; otherwise the first error of a domain call.
Result<DemoRegistryCounts> seed_demo_registry(db::Database& db, const procedures::Catalog& catalog,
                                              const DemoRegistryOptions& options, Instant now);

}  // namespace nansen::documents
