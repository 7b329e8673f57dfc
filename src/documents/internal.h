// SPDX-License-Identifier: Apache-2.0
// Private to documents/: the transaction-level pieces of issuing, shared by the ordinary
// issue path (issued_documents.cpp) and the renewals a case event triggers (renewal.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "documents/documents.h"

namespace nansen::documents {

// The refusal of issue_document() for a document a procedure ends in (field "type").
inline constexpr std::string_view kIssuedByProcedure =
    "this document is issued only by the decision of its procedure (the transition that "
    "grants it), never on its own";

// Whether someone born on `birth` is at least `years` old on `on`, counting an imprecise
// date by its latest possible day; false when the birth date is unknown.
bool old_enough(const std::optional<CivilDate>& birth, int years, const CivilDate& on);
// What a travel document's MRZ and the age rule need of a holder, read inside `tx` (the
// registry's own readers open transactions of their own).
Result<registry::Person> load_holder(db::Transaction& tx, registry::PersonId id);
// Renews the documents whose rule says `renew_on` this event (renewal.cpp).
Status renew_on_event(db::Transaction& tx, const access::Actor& actor,
                      const procedures::Definition& def, const procedures::Case& before,
                      std::string_view event, const CivilDate& on, Instant now);

// "<code><7 digits>", from the country's counter for the type.
Result<std::string> next_document_number(db::Transaction& tx, const std::string& country,
                                         DocumentType type);
// The TD3 of a travel document; Invalid ("names", "person") when the holder's record
// cannot give one.
Result<Td3> document_mrz(const registry::Person& holder, DocumentType type,
                         const std::string& number, const CivilDate& valid_until);
// Inserts `d` (status valid) with its audit row ("document.issue", or "document.renew"
// when it replaces another) and sets d.id.
Status store_document(db::Transaction& tx, const access::Actor& actor, IssuedDocument& d,
                      Instant now);
IssuedDocument document_from_row(const db::Row& row);
// "SELECT <the columns document_from_row reads> FROM issued_documents"
std::string select_documents_sql();

}  // namespace nansen::documents
