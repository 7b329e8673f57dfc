// SPDX-License-Identifier: Apache-2.0
// The JSON API of registry/, procedures/ and documents/: persons, households, consent,
// sensitive entries, cases, deadlines, documents and bulk eligibility. Each handler parses,
// makes its domain call with the caller's Actor (the domain checks permission and country
// scope and audits), and renders with registry_json.h. A record of a country outside the
// caller's scope answers 404 on every route, exactly as a record that does not exist.
#include "web/registry_api.h"

namespace nansen::web {

Result<CivilDate> office_today(const App& app) {
  return civil_date_in_zone(app.now(), app.config.time_zone);
}

Handler ApiRoutes::bind(Response (*f)(App&, Request&)) const {
  return [&app = app, f](Request& r) { return f(app, r); };
}

void ApiRoutes::add(const char* method, const char* pattern, Handler handler, const char* summary,
                    std::vector<FieldSpec> body, std::vector<QueryParamDoc> query,
                    int status) const {
  router.add({method,
              pattern,
              Auth::kUser,
              std::move(handler),
              {summary, tag, std::move(body), std::move(query), kObjectSchema, status}});
}

void register_registry_api_routes(Router& router, App& app) {
  register_registry_person_api(router, app);
  register_registry_case_api(router, app);
  register_registry_document_api(router, app);
  register_registry_eligibility_api(router, app);
}

}  // namespace nansen::web
