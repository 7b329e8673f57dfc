// SPDX-License-Identifier: Apache-2.0
// Bulk eligibility: a rule over registry fields → preview with counts and a fingerprint
// of the matched set → confirmation → one decision and one audit row per person, in one
// transaction (all or nothing).
#include <sodium.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "procedures/case_internal.h"

namespace nansen::procedures {
const std::vector<std::string>& bulk_decisions() {
  static const std::vector<std::string> v = {"eligible_for_citizenship",
                                             "eligible_for_permanent_residence",
                                             "eligible_for_stateless_certificate"};
  return v;
}

Status check_bulk_decision(const BulkDecision& decision) {
  const auto& known = bulk_decisions();
  if (std::find(known.begin(), known.end(), decision.decision) == known.end())
    return fail(ErrorCode::kInvalid,
                "must be one of eligible_for_citizenship, eligible_for_permanent_residence, "
                "eligible_for_stateless_certificate",
                "decision");
  if (trim(decision.legal_basis).empty() || !is_valid_utf8(decision.legal_basis))
    return fail(ErrorCode::kInvalid, "name the legal basis", "legal_basis");
  if (decision.legal_basis.size() > kMaxLegalBasisBytes)
    return fail(ErrorCode::kInvalid, "at most " + std::to_string(kMaxLegalBasisBytes) + " bytes",
                "legal_basis");
  return {};
}

namespace {

struct Match {
  std::int64_t id;
  char sex;
  std::optional<CivilDate> birth;
};

// The latest day a recorded birth date can stand for (year precision → 31 December).
CivilDate latest_possible(const CivilDate& d) {
  if (d.precision == DatePrecision::kYear) return CivilDate{d.year, 12, 31};
  if (d.precision == DatePrecision::kMonth)
    return CivilDate{d.year, d.month, days_in_month(d.year, d.month)};
  return CivilDate{d.year, d.month, d.day};
}

Status validate(const access::Actor& actor, const EligibilityRule& rule) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseDecide));
  if (rule.country.size() != 3)
    return fail(ErrorCode::kInvalid, "expected an ISO 3166 alpha-3 code", "country");
  NANSEN_TRY(access::authorize(actor, access::Permission::kCaseDecide,
                               access::RecordScope{rule.country, ""}));
  for (std::size_t i = 0; i < rule.nationality_claims.size(); ++i) {
    const auto& c = rule.nationality_claims[i];
    if (c != "stateless" && c != "undetermined" && c.size() != 3)
      return fail(ErrorCode::kInvalid, "expected stateless, undetermined or an ISO3 code",
                  "nationality_claims[" + std::to_string(i) + "]");
  }
  if (rule.document_valid_from_before && !rule.document_type)
    return fail(ErrorCode::kInvalid, "give the document type the date applies to", "document_type");
  for (const auto* d : {&rule.document_valid_from_before, &rule.born_before})
    if (*d && (*d)->precision != DatePrecision::kDay)
      return fail(ErrorCode::kInvalid, "a full date is required",
                  d == &rule.born_before ? "born_before" : "document_valid_from_before");
  return {};
}

Result<std::vector<Match>> matching(db::Transaction& tx, const EligibilityRule& rule) {
  std::string sql =
      "SELECT p.id, p.sex, p.birth_date FROM persons p WHERE p.country = ? AND "
      "p.merged_into IS NULL";
  db::Params params = {rule.country};
  if (!rule.nationality_claims.empty()) {
    sql +=
        " AND EXISTS (SELECT 1 FROM person_nationalities n WHERE n.person_id = p.id AND "
        "n.claim IN (";
    for (std::size_t i = 0; i < rule.nationality_claims.size(); ++i) {
      sql += i ? ", ?" : "?";
      params.push_back(rule.nationality_claims[i]);
    }
    sql += "))";
  }
  if (rule.document_type) {
    sql +=
        " AND EXISTS (SELECT 1 FROM identity_documents d WHERE d.person_id = p.id AND "
        "d.doc_type = ?";
    params.push_back(*rule.document_type);
    if (rule.document_valid_from_before) {
      sql += " AND d.valid_from IS NOT NULL AND d.valid_from < ?";
      params.push_back(format_civil_date(*rule.document_valid_from_before));
    }
    sql += ")";
  }
  sql += " ORDER BY p.id";
  auto rows = tx.query(sql, params);
  if (!rows) return fail(rows.error());
  std::vector<Match> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    Match m{r.integer(0), r.text(1).empty() ? 'U' : r.text(1)[0], std::nullopt};
    if (auto b = parse_civil_date(r.text(2))) m.birth = *b;
    if (rule.born_before && (!m.birth || days_from_civil(latest_possible(*m.birth)) >=
                                             days_from_civil(*rule.born_before)))
      continue;
    out.push_back(m);
  }
  return out;
}

std::string fingerprint(const std::vector<Match>& matches) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 16);
  for (const auto& m : matches)
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&m.id), sizeof m.id);
  unsigned char out[16];
  crypto_generichash_final(&state, out, sizeof out);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

// Conflict unless the matched set is the previewed one and this decision was never
// applied to it.
Status check_unapplied(db::Transaction& tx, const std::string& current,
                       std::string_view preview_fingerprint, const BulkDecision& decision) {
  if (current != preview_fingerprint)
    return fail(ErrorCode::kConflict,
                "the registry changed since the preview; preview again before confirming",
                "fingerprint");
  auto applied = tx.query(
      "SELECT applied_at FROM eligibility_applications WHERE fingerprint = ? AND decision = ?",
      {current, decision.decision});
  if (!applied) return fail(applied.error());
  if (!applied->empty())
    return fail(ErrorCode::kConflict,
                "already applied: this decision was recorded for exactly these persons at " +
                    applied->front().text(0),
                "fingerprint");
  return {};
}

std::string rule_json(const EligibilityRule& rule) {
  nlohmann::json j;
  j["country"] = rule.country;
  j["nationality_claims"] = rule.nationality_claims;
  if (rule.document_type) j["document_type"] = *rule.document_type;
  if (rule.document_valid_from_before)
    j["document_valid_from_before"] = format_civil_date(*rule.document_valid_from_before);
  if (rule.born_before) j["born_before"] = format_civil_date(*rule.born_before);
  return j.dump();
}

}  // namespace

Result<EligibilityPreview> preview_eligibility(db::Database& db, const access::Actor& actor,
                                               const EligibilityRule& rule,
                                               const CivilDate& today) {
  NANSEN_TRY(validate(actor, rule));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto matches = matching(**tx, rule);
  if (!matches) return fail(matches.error());
  EligibilityPreview p;
  p.persons = static_cast<std::int64_t>(matches->size());
  const CivilDate adult_if_born_before = add_months(today, -18 * 12);
  for (const auto& m : *matches) {
    p.female += m.sex == 'F';
    p.male += m.sex == 'M';
    if (m.birth &&
        days_from_civil(latest_possible(*m.birth)) > days_from_civil(adult_if_born_before))
      ++p.children;
  }
  p.fingerprint = fingerprint(*matches);
  return p;
}

Result<EligibilityPreview> check_eligibility_apply(db::Database& db, const access::Actor& actor,
                                                   const EligibilityRule& rule,
                                                   const BulkDecision& decision,
                                                   std::string_view preview_fingerprint,
                                                   const CivilDate& today) {
  NANSEN_TRY(check_bulk_decision(decision));
  auto preview = preview_eligibility(db, actor, rule, today);
  if (!preview) return fail(preview.error());
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  NANSEN_TRY(check_unapplied(**tx, preview->fingerprint, preview_fingerprint, decision));
  return preview;
}

Result<std::int64_t> apply_eligibility(
    db::Database& db, const access::Actor& actor, const EligibilityRule& rule,
    const BulkDecision& decision, std::string_view preview_fingerprint, const CivilDate& today,
    Instant now, const std::function<void(std::int64_t, std::int64_t)>& progress) {
  (void)today;
  NANSEN_TRY(validate(actor, rule));
  NANSEN_TRY(check_bulk_decision(decision));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto matches = matching(**tx, rule);
  if (!matches) return fail(matches.error());
  const std::string print = fingerprint(*matches);
  NANSEN_TRY(check_unapplied(**tx, print, preview_fingerprint, decision));
  if (matches->empty()) return std::int64_t{0};
  // The unique key also stops a concurrent apply that passed the check before this one
  // committed (it fails here with Conflict and its transaction writes nothing).
  auto applied = (*tx)->execute(
      "INSERT INTO eligibility_applications (country, fingerprint, decision, persons, "
      "applied_at, applied_by) VALUES (?, ?, ?, ?, ?, ?)",
      {rule.country, print, decision.decision, static_cast<std::int64_t>(matches->size()),
       format_instant(now), actor.user.value});
  if (!applied) {
    if (applied.error().code == ErrorCode::kConflict)
      return fail(ErrorCode::kConflict, "already applied to exactly these persons", "fingerprint");
    return fail(applied.error());
  }
  NANSEN_TRY(access::record_audit(
      **tx, actor,
      access::AuditEvent{"eligibility.apply", "eligibility", print, rule.country,
                         "{\"decision\":\"" + decision.decision +
                             "\",\"persons\":" + std::to_string(matches->size()) + "}"},
      now));
  const std::string at = format_instant(now);
  const std::string rule_text = rule_json(rule);
  const std::string detail = "{\"decision\":\"" + decision.decision + "\"}";
  const auto total = static_cast<std::int64_t>(matches->size());
  std::int64_t done = 0;
  for (const auto& m : *matches) {
    auto id = (*tx)->insert(
        "INSERT INTO eligibility_decisions (person_id, country, decision, legal_basis, rule, "
        "decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {m.id, rule.country, decision.decision, trim(decision.legal_basis), rule_text, at,
         actor.user.value});
    if (!id) return fail(id.error());
    NANSEN_TRY(access::record_audit(**tx, actor,
                                    access::AuditEvent{"person.eligibility", "person",
                                                       std::to_string(m.id), rule.country, detail},
                                    now));
    if (++done % 1000 == 0 && progress) progress(done, total);
  }
  NANSEN_TRY((*tx)->commit());
  if (progress) progress(done, total);
  return done;
}

}  // namespace nansen::procedures
