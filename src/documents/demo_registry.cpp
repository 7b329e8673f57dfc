// SPDX-License-Identifier: Apache-2.0
// seed_demo_registry: the synthetic registry of `nansen demo seed` — persons and
// households first (demo_persons.cpp), then each household's case (demo_cases.cpp).
#include "documents/demo_internal.h"

namespace nansen::documents {

Result<DemoRegistryCounts> seed_demo_registry(db::Database& db, const procedures::Catalog& catalog,
                                              const DemoRegistryOptions& options, Instant now) {
  for (const char* country : {"KAZ", "KGZ", "TJK", "TKM", "UZB"})
    if (!options.officers.count(country))
      return fail(ErrorCode::kInvalid, std::string("no demo officers for ") + country, "officers");
  for (const char* procedure : {"kz_asylum", "kz_statelessness", "kz_naturalization",
                                "kz_late_birth_registration", "unhcr_mandate_rsd"})
    if (!catalog.count(procedure))
      return fail(ErrorCode::kInvalid, std::string("the catalog lacks ") + procedure, "catalog");
  if (options.today.precision != DatePrecision::kDay)
    return fail(ErrorCode::kInvalid, "a full date is required", "today");

  // Documents are counted in the database: transitions issue them and case events renew
  // them.
  auto documents_now = [&db](const char* where) -> Result<std::int64_t> {
    auto rows = db.query(std::string("SELECT COUNT(*) FROM issued_documents") + where);
    if (!rows) return fail(rows.error());
    return rows->at(0).integer(0);
  };
  constexpr const char* kTravel =
      " WHERE doc_type IN ('travel_document_1951', 'travel_document_1954')";
  auto documents_before = documents_now("");
  if (!documents_before) return fail(documents_before.error());
  auto travel_before = documents_now(kTravel);
  if (!travel_before) return fail(travel_before.error());

  DemoRegistryCounts counts;
  demo::Rng rng(options.seed);
  demo::Seeding s{db, catalog, options, now, rng, counts};
  auto households = demo::register_population(s);
  if (!households) return fail(households.error());
  if (options.progress) options.progress("persons", counts.persons, options.persons);
  std::size_t done = 0;
  for (const auto& h : *households) {
    NANSEN_TRY(demo::run_cases(s, h));
    if (options.progress && (++done % 200 == 0 || done == households->size()))
      options.progress("cases", done, households->size());
  }
  auto documents_after = documents_now("");
  if (!documents_after) return fail(documents_after.error());
  counts.documents = *documents_after - *documents_before;
  auto travel_after = documents_now(kTravel);
  if (!travel_after) return fail(travel_after.error());
  counts.travel_documents = *travel_after - *travel_before;
  return counts;
}

}  // namespace nansen::documents
