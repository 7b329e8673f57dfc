// SPDX-License-Identifier: Apache-2.0
// Issuing, renewing and revoking documents: numbering, validity from the procedure's
// rule, the minimum age, an MRZ for travel documents, and the history of replacements.
#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

#include "documents/internal.h"

namespace nansen::documents {
namespace {

struct TypeInfo {
  DocumentType type;
  std::string_view name;
  std::string_view code;  // the number's prefix
};
constexpr std::array<TypeInfo, 5> kTypes = {{
    {DocumentType::kAsylumSeekerCertificate, "asylum_seeker_certificate", "AS"},
    {DocumentType::kRefugeeCertificate, "refugee_certificate", "RC"},
    {DocumentType::kStatelessPersonCertificate, "stateless_person_certificate", "SP"},
    {DocumentType::kTravelDocument1951, "travel_document_1951", "TR"},
    {DocumentType::kTravelDocument1954, "travel_document_1954", "TS"},
}};

const TypeInfo& info(DocumentType t) {
  for (const auto& i : kTypes)
    if (i.type == t) return i;
  return kTypes[1];
}

CivilDate latest_possible(const CivilDate& d) {
  if (d.precision == DatePrecision::kYear) return CivilDate{d.year, 12, 31};
  if (d.precision == DatePrecision::kMonth)
    return CivilDate{d.year, d.month, days_in_month(d.year, d.month)};
  return CivilDate{d.year, d.month, d.day};
}

Result<std::string> next_number(db::Transaction& tx, const std::string& country,
                                DocumentType type) {
  const std::string prefix = country + "-" + std::string(info(type).code);
  NANSEN_TRY(tx.execute(
      "INSERT INTO document_counters (prefix, last_value) VALUES (?, 0) ON CONFLICT DO NOTHING",
      {prefix}));
  NANSEN_TRY(tx.execute("UPDATE document_counters SET last_value = last_value + 1 WHERE prefix = ?",
                        {prefix}));
  auto row = tx.query_one("SELECT last_value FROM document_counters WHERE prefix = ?", {prefix});
  if (!row) return fail(row.error());
  char digits[16];
  std::snprintf(digits, sizeof digits, "%07lld", static_cast<long long>(row->integer(0)));
  return std::string(info(type).code) + digits;
}

Result<Td3> travel_mrz(const registry::Person& p, DocumentType type, const std::string& number,
                       const CivilDate& valid_until) {
  auto name = std::find_if(p.names.begin(), p.names.end(),
                           [](const registry::PersonName& n) { return !n.family.empty(); });
  if (name == p.names.end())
    return fail(ErrorCode::kInvalid,
                "a travel document needs a name with its family and given parts", "names");
  if (!p.birth_date) return fail(ErrorCode::kInvalid, "the birth date is unknown", "person");
  Td3Input in;
  in.issuing_state = p.country;
  in.surname = name->family;
  in.given_names = name->given;
  in.document_number = number;
  in.nationality =
      std::string(type == DocumentType::kTravelDocument1951 ? kRefugee1951 : kStateless);
  in.birth_date = *p.birth_date;
  in.sex = p.sex == 'M' || p.sex == 'F' ? p.sex : '<';
  in.expiry_date = valid_until;
  return make_td3(in);
}

struct Validity {
  int months = 0;
  std::optional<int> min_age;
};

// Validity and minimum age from the case's procedure, after checking the case allows it.
// Only ordinary rules come here: an outcome document was refused before.
Result<Validity> validity_from_case(db::Database& db, const procedures::Catalog& catalog,
                                    const access::Actor& actor, const IssueRequest& r,
                                    Instant now) {
  auto c = procedures::get_case(db, actor, *r.case_id, now);
  if (!c) return fail(Error{c.error().code, c.error().message, "case_id"});
  const bool member =
      c->principal == r.person ||
      std::find(c->dependants.begin(), c->dependants.end(), r.person) != c->dependants.end();
  if (!member) return fail(ErrorCode::kInvalid, "the person is not in this case", "person");
  auto def = catalog.find(c->procedure_id);
  if (def == catalog.end()) return fail(ErrorCode::kInternal, "unknown procedure", "case_id");
  const auto& rules = def->second.documents;
  auto rule = std::find_if(rules.begin(), rules.end(), [&](const procedures::DocumentRule& d) {
    return d.type == document_type_name(r.type);
  });
  if (rule == rules.end())
    return fail(ErrorCode::kInvalid, "the procedure does not issue this document", "type");
  const bool taken = std::any_of(c->history.begin(), c->history.end(), [&](const auto& h) {
    return procedures::Definition::issues_on(*rule, h.event);
  });
  if (!taken)
    return fail(ErrorCode::kInvalid,
                "the case has not reached '" + rule->on_transitions.front() + "'", "case_id");
  return Validity{rule->valid_months, rule->min_age_years};
}

Status insert_document(db::Transaction& tx, const access::Actor& actor, IssuedDocument& d,
                       Instant now) {
  db::Value case_value = std::monostate{}, replaces = std::monostate{}, l1 = std::monostate{},
            l2 = std::monostate{};
  if (d.case_id) case_value = d.case_id->value;
  if (d.replaces) replaces = d.replaces->value;
  if (d.mrz) {
    l1 = d.mrz->line1;
    l2 = d.mrz->line2;
  }
  auto id = tx.insert(
      "INSERT INTO issued_documents (country, number, doc_type, person_id, case_id, issued_on, "
      "valid_until, status, replaces_id, mrz_line1, mrz_line2, issued_by, issued_at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, 'valid', ?, ?, ?, ?, ?) RETURNING id",
      {d.country, d.number, std::string(document_type_name(d.type)), d.person.value, case_value,
       format_civil_date(d.issued_on), format_civil_date(d.valid_until), replaces, l1, l2,
       actor.user.value, format_instant(now)});
  if (!id) return fail(id.error());
  d.id = DocumentId{*id};
  return access::record_audit(
      tx, actor,
      access::AuditEvent{d.replaces ? "document.renew" : "document.issue", "document",
                         std::to_string(*id), d.country,
                         "{\"type\":\"" + std::string(document_type_name(d.type)) +
                             "\",\"person\":" + std::to_string(d.person.value) + "}"},
      now);
}

// The person's country; NotFound (field "person") when absent or outside the actor's
// scope, exactly as registry::get_person() would answer, but without an audited read.
Result<std::string> person_country(db::Database& db, const access::Actor& actor,
                                   registry::PersonId id) {
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto row = (*tx)->query_one("SELECT country FROM persons WHERE id = ?", {id.value});
  if (!row || !access::covers_country(actor, row->text(0)))
    return fail(ErrorCode::kNotFound, "no such person", "person");
  return row->text(0);
}

// `replaces` and `renewed_case` are set by a renewal: the successor keeps the old one's
// case without checking its rule again.
Result<IssuedDocument> issue(db::Database& db, const procedures::Catalog& catalog,
                             const access::Actor& actor, const IssueRequest& r,
                             std::optional<DocumentId> replaces,
                             std::optional<procedures::CaseId> renewed_case, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kDocumentIssue));
  if (r.issued_on.precision != DatePrecision::kDay)
    return fail(ErrorCode::kInvalid, "a full date is required", "issued_on");
  // A document a procedure ends in comes only from that procedure's decision (its
  // transition issues it, under four eyes and the age rule); an officer renews one that
  // did, but issues none by hand, with or without a case. Refused before any audited
  // read, so that the refusal writes nothing; a person out of scope is NotFound first.
  if (procedures::issued_only_by_procedure(catalog, document_type_name(r.type)) &&
      !(replaces && renewed_case)) {
    auto country = person_country(db, actor, r.person);
    if (!country) return fail(country.error());
    NANSEN_TRY(access::authorize(actor, access::Permission::kDocumentIssue,
                                 access::RecordScope{*country, ""}));
    return fail(ErrorCode::kConflict,
                replaces ? "this document was not issued by its procedure's decision, so it "
                           "cannot be renewed"
                         : std::string(kIssuedByProcedure),
                "type");
  }
  auto person = registry::get_person(db, actor, r.person, now);
  if (!person) return fail(Error{person.error().code, person.error().message, "person"});
  NANSEN_TRY(access::authorize(actor, access::Permission::kDocumentIssue,
                               access::RecordScope{person->country, ""}));
  Validity v{r.valid_months, std::nullopt};
  if (r.case_id) {
    auto from_case = validity_from_case(db, catalog, actor, r, now);
    if (!from_case) return fail(from_case.error());
    v = *from_case;
  } else if (r.valid_months < 1 || r.valid_months > 120) {
    return fail(ErrorCode::kInvalid, "between 1 and 120 months", "valid_months");
  }
  if (v.min_age) {
    if (!person->birth_date)
      return fail(ErrorCode::kInvalid, "the birth date is needed to check the minimum age",
                  "person");
    if (!old_enough(person->birth_date, *v.min_age, r.issued_on))
      return fail(ErrorCode::kInvalid,
                  "the holder must be at least " + std::to_string(*v.min_age) + " years old",
                  "person");
  }
  IssuedDocument d;
  d.type = r.type;
  d.person = r.person;
  d.case_id = r.case_id ? r.case_id : renewed_case;
  d.country = person->country;
  d.issued_on = r.issued_on;
  // A period in months ends on the corresponding date of its last month, or that month's
  // last day when there is none (civil-code counting, as for the deadlines).
  d.valid_until = add_months(r.issued_on, v.months);
  d.replaces = replaces;
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto number = next_number(**tx, d.country, d.type);
  if (!number) return fail(number.error());
  d.number = *number;
  if (is_travel_document(d.type)) {
    auto mrz = travel_mrz(*person, d.type, d.number, d.valid_until);
    if (!mrz) return fail(mrz.error());
    d.mrz = *mrz;
  }
  if (replaces) {
    auto changed = (*tx)->execute(
        "UPDATE issued_documents SET status = 'renewed' WHERE id = ? AND status = 'valid'",
        {replaces->value});
    if (!changed) return fail(changed.error());
    if (*changed != 1) return fail(ErrorCode::kConflict, "only a valid document can be renewed");
  }
  NANSEN_TRY(insert_document(**tx, actor, d, now));
  NANSEN_TRY((*tx)->commit());
  return d;
}

IssuedDocument from_row(const db::Row& r) {
  IssuedDocument d;
  d.id = DocumentId{r.integer(0)};
  d.country = r.text(1);
  d.number = r.text(2);
  d.type = parse_document_type(r.text(3)).value_or(DocumentType::kRefugeeCertificate);
  d.person = registry::PersonId{r.integer(4)};
  if (auto c = r.optional_integer(5)) d.case_id = procedures::CaseId{*c};
  d.issued_on = parse_civil_date(r.text(6)).value_or(CivilDate{});
  d.valid_until = parse_civil_date(r.text(7)).value_or(CivilDate{});
  const std::string status = r.text(8);
  d.status = status == "revoked"   ? DocumentStatus::kRevoked
             : status == "renewed" ? DocumentStatus::kRenewed
                                   : DocumentStatus::kValid;
  if (auto p = r.optional_integer(9)) d.replaces = DocumentId{*p};
  d.revoke_reason = r.optional_text(10);
  if (auto l1 = r.optional_text(11)) d.mrz = Td3{*l1, r.text(12)};
  return d;
}

constexpr const char* kSelect =
    "SELECT id, country, number, doc_type, person_id, case_id, issued_on, valid_until, status, "
    "replaces_id, revoke_reason, mrz_line1, mrz_line2 FROM issued_documents";

Result<IssuedDocument> load_in_scope(db::Transaction& tx, const access::Actor& actor,
                                     DocumentId id) {
  auto row = tx.query_one(std::string(kSelect) + " WHERE id = ?", {id.value});
  if (!row || !access::covers_country(actor, row->text(1)))
    return fail(ErrorCode::kNotFound, "no such document", "document");
  return from_row(*row);
}

}  // namespace

std::string_view document_type_name(DocumentType t) {
  return info(t).name;
}
Result<DocumentType> parse_document_type(std::string_view s) {
  for (const auto& i : kTypes)
    if (i.name == s) return i.type;
  return fail(ErrorCode::kInvalid, "unknown document type", "type");
}
bool is_travel_document(DocumentType t) {
  return t == DocumentType::kTravelDocument1951 || t == DocumentType::kTravelDocument1954;
}
std::string_view document_status_name(DocumentStatus s) {
  switch (s) {
    case DocumentStatus::kValid:
      return "valid";
    case DocumentStatus::kRenewed:
      return "renewed";
    case DocumentStatus::kRevoked:
      return "revoked";
  }
  return "valid";
}

Result<IssuedDocument> issue_document(db::Database& db, const procedures::Catalog& catalog,
                                      const access::Actor& actor, const IssueRequest& request,
                                      Instant now) {
  return issue(db, catalog, actor, request, std::nullopt, std::nullopt, now);
}

Result<IssuedDocument> renew_document(db::Database& db, const procedures::Catalog& catalog,
                                      const access::Actor& actor, DocumentId id,
                                      const CivilDate& issued_on, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kDocumentIssue));
  IssuedDocument old;
  {
    auto tx = db.begin(false);
    if (!tx) return fail(tx.error());
    auto loaded = load_in_scope(**tx, actor, id);
    if (!loaded) return fail(loaded.error());
    old = *loaded;
  }
  if (old.status != DocumentStatus::kValid)
    return fail(ErrorCode::kConflict, "only a valid document can be renewed", "document");
  // The same validity length as the old one (its rule may need a transition taken long
  // ago, which still holds).
  int months = 1;
  while (months < 120 &&
         days_from_civil(add_months(old.issued_on, months)) < days_from_civil(old.valid_until))
    ++months;
  IssueRequest r{old.type, old.person, std::nullopt, issued_on, months};
  return issue(db, catalog, actor, r, id, old.case_id, now);
}

Status revoke_document(db::Database& db, const access::Actor& actor, DocumentId id,
                       std::string_view reason, const CivilDate& revoked_on, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kDocumentIssue));
  if (trim(reason).empty() || reason.size() > 4096 || !is_valid_utf8(reason))
    return fail(ErrorCode::kInvalid, "give the reason (at most 4 KiB)", "reason");
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto doc = load_in_scope(**tx, actor, id);
  if (!doc) return fail(doc.error());
  auto changed = (*tx)->execute(
      "UPDATE issued_documents SET status = 'revoked', revoked_on = ?, revoke_reason = ? "
      "WHERE id = ? AND status = 'valid'",
      {format_civil_date(revoked_on), trim(reason), id.value});
  if (!changed) return fail(changed.error());
  if (*changed != 1) return fail(ErrorCode::kConflict, "only a valid document can be revoked");
  NANSEN_TRY(access::record_audit(**tx, actor,
                                  access::AuditEvent{"document.revoke", "document",
                                                     std::to_string(id.value), doc->country, "{}"},
                                  now));
  return (*tx)->commit();
}

Result<std::vector<IssuedDocument>> person_documents(db::Database& db, const access::Actor& actor,
                                                     registry::PersonId person, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto owner = (*tx)->query_one("SELECT country FROM persons WHERE id = ?", {person.value});
  if (!owner || !access::covers_country(actor, owner->text(0)))
    return fail(ErrorCode::kNotFound, "no such person", "person");
  auto rows =
      (*tx)->query(std::string(kSelect) + " WHERE person_id = ? ORDER BY id", {person.value});
  if (!rows) return fail(rows.error());
  std::vector<IssuedDocument> out;
  for (const auto& r : *rows) out.push_back(from_row(r));
  const std::string country = owner->text(0);
  NANSEN_TRY((*tx)->commit());
  tx->reset();  // the entry below needs a connection of the pool
  NANSEN_TRY(access::record_read_audit(
      db, actor,
      access::AuditEvent{"document.list", "person", std::to_string(person.value), country, "{}"},
      now));
  return out;
}

// The pieces renewal.cpp and outcome_documents.cpp share (documents/internal.h).
bool old_enough(const std::optional<CivilDate>& birth, int years, const CivilDate& on) {
  return birth &&
         days_from_civil(add_months(latest_possible(*birth), years * 12)) <= days_from_civil(on);
}
Result<std::string> next_document_number(db::Transaction& tx, const std::string& country,
                                         DocumentType type) {
  return next_number(tx, country, type);
}
Result<Td3> document_mrz(const registry::Person& holder, DocumentType type,
                         const std::string& number, const CivilDate& valid_until) {
  return travel_mrz(holder, type, number, valid_until);
}
Status store_document(db::Transaction& tx, const access::Actor& actor, IssuedDocument& d,
                      Instant now) {
  return insert_document(tx, actor, d, now);
}
IssuedDocument document_from_row(const db::Row& row) {
  return from_row(row);
}
std::string select_documents_sql() {
  return kSelect;
}

}  // namespace nansen::documents
