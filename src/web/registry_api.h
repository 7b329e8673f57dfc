// SPDX-License-Identifier: Apache-2.0
// Private to web/: the parts of the registry API (registry_api_*.cpp), registered together
// by register_registry_api_routes() (registry_api.cpp).
#pragma once

#include "web/routes.h"

namespace nansen::web {

// /api/v1/persons (search, register, duplicates, merge), households, consents, sensitive.
void register_registry_person_api(Router& router, App& app);
// /api/v1/cases, transitions, events, extensions, /api/v1/due.
void register_registry_case_api(Router& router, App& app);
// /api/v1/persons/{id}/documents, /api/v1/documents, /api/v1/mrz/check.
void register_registry_document_api(Router& router, App& app);
// /api/v1/eligibility/preview|apply and /api/v1/jobs/{id}.
void register_registry_eligibility_api(Router& router, App& app);

// The office's calendar date now ([office] time_zone).
Result<CivilDate> office_today(const App& app);

// A JSON Schema for the documentation of responses that are objects.
inline constexpr const char* kObjectSchema = R"({"type":"object"})";

// Registers the routes of one OpenAPI tag: signed-in callers, answers that are objects.
struct ApiRoutes {
  Router& router;
  App& app;
  const char* tag;

  // A handler of the form Response f(App&, Request&), bound to the app.
  Handler bind(Response (*f)(App&, Request&)) const;
  void add(const char* method, const char* pattern, Handler handler, const char* summary,
           std::vector<FieldSpec> body = {}, std::vector<QueryParamDoc> query = {},
           int status = 200) const;
  void add(const char* method, const char* pattern, Response (*f)(App&, Request&),
           const char* summary, std::vector<FieldSpec> body = {},
           std::vector<QueryParamDoc> query = {}, int status = 200) const {
    add(method, pattern, bind(f), summary, std::move(body), std::move(query), status);
  }
};

}  // namespace nansen::web
