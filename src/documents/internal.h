// SPDX-License-Identifier: Apache-2.0
// Private to documents/: the transaction-level pieces of issuing, shared by the ordinary
// issue path (issued_documents.cpp) and the renewals a case event triggers (renewal.cpp).
#pragma once

#include <string>

#include "documents/documents.h"

namespace nansen::documents {

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
