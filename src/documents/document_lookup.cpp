// SPDX-License-Identifier: Apache-2.0
// One issued document by id or by number: the document page and the API's
// GET /api/v1/documents/{id} and ?number=. Read through person_documents(), so a
// document is read exactly as in its holder's history (and audited the same way).
#include <algorithm>

#include "documents/documents.h"

namespace nansen::documents {
namespace {

// The holder of a document, or NotFound when absent or outside the actor's scope.
Result<registry::PersonId> holder_in_scope(db::Database& db, const access::Actor& actor,
                                           const std::string& where, const db::Value& key,
                                           const std::string& field) {
  auto rows = db.query("SELECT person_id, country FROM issued_documents WHERE " + where, {key});
  if (!rows) return fail(rows.error());
  if (rows->empty() || !access::covers_country(actor, rows->at(0).text(1)))
    return fail(ErrorCode::kNotFound, "no such document", field);
  return registry::PersonId{rows->at(0).integer(0)};
}

std::string upper_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

}  // namespace

Result<IssuedDocument> get_document(db::Database& db, const access::Actor& actor, DocumentId id,
                                    Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonRead));
  auto holder = holder_in_scope(db, actor, "id = ?", id.value, "document");
  if (!holder) return fail(holder.error());
  auto history = person_documents(db, actor, *holder, now);
  if (!history) return fail(history.error());
  auto it = std::find_if(history->begin(), history->end(),
                         [&](const IssuedDocument& d) { return d.id == id; });
  if (it == history->end()) return fail(ErrorCode::kNotFound, "no such document", "document");
  return *it;
}

Result<DocumentId> find_document_by_number(db::Database& db, const access::Actor& actor,
                                           std::string_view number) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPersonRead));
  const std::string wanted = upper_ascii(trim(number));
  if (wanted.empty() || wanted.size() > 32)
    return fail(ErrorCode::kInvalid, "give a document number", "number");
  // Numbers are unique per country, not across countries: the actor's own first.
  std::string sql = "SELECT id, country FROM issued_documents WHERE number = ?";
  db::Params params{wanted};
  if (actor.scope.country) {
    sql += " AND country = ?";
    params.push_back(*actor.scope.country);
  }
  sql += " ORDER BY id DESC";
  auto rows = db.query(sql, params);
  if (!rows) return fail(rows.error());
  if (rows->empty()) return fail(ErrorCode::kNotFound, "no such document", "number");
  return DocumentId{rows->at(0).integer(0)};
}

}  // namespace nansen::documents
