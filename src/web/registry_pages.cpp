// SPDX-License-Identifier: Apache-2.0
// The HTML pages of registry/, procedures/ and documents/: persons, households, cases,
// due lists, bulk eligibility and printable documents. Each page file registers its own
// routes; the shared labels and lookups are in registry_views.h.
#include "web/registry_views.h"

namespace nansen::web {

void register_registry_page_routes(Router& router, App& app) {
  add_person_search_pages(router, app);
  add_person_record_pages(router, app);
  add_case_pages(router, app);
  add_document_pages(router, app);
  add_eligibility_pages(router, app);
}

}  // namespace nansen::web
