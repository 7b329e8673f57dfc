// The HTML pages of registry/, procedures/ and documents/: persons, households, cases,
// due lists, bulk eligibility and printable documents.
#include "web/routes.h"

namespace nansen::web {

void register_registry_page_routes(Router& /*router*/, App& /*app*/) {}

}  // namespace nansen::web
