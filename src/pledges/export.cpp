// SPDX-License-Identifier: Apache-2.0
// Export of a filtered list: the import columns (so a file can be edited and imported
// again) followed by read-only columns the importer ignores.
#include "pledges/internal.h"

namespace nansen::pledges {

Result<reports::Table> export_pledges_table(db::Database& db, const access::Actor& actor,
                                            const PledgeFilter& filter, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kExport));
  auto list = search_pledges(db, actor, filter, now);
  if (!list) return fail(list.error());
  reports::Table t;
  t.header = detail::pledge_required_columns();
  const auto& extra = detail::pledge_optional_columns();
  t.header.insert(t.header.end(), extra.begin(), extra.end());
  for (const auto& p : list->pledges)
    t.rows.push_back({p.external_id,
                      p.title,
                      p.description,
                      p.language,
                      std::string(code(p.forum)),
                      p.entity_code,
                      detail::join_list(p.co_pledgers),
                      p.multistakeholder_pledge,
                      detail::join_ints(p.gcr_objectives),
                      std::string(code(p.type)),
                      detail::join_codes(p.serves),
                      detail::join_list(p.target_countries),
                      p.target_date ? format_civil_date(*p.target_date) : "",
                      std::string(code(p.stage)),
                      p.last_update_on ? format_civil_date(*p.last_update_on) : "",
                      detail::join_ints(p.ibelong_actions),
                      p.source,
                      detail::join_codes(p.gcr_areas),
                      detail::join_list(p.tags),
                      p.entity.name_en,
                      p.country().value_or(""),
                      p.stale ? "yes" : "no"});
  return t;
}

Result<std::string> export_pledges(db::Database& db, const access::Actor& actor,
                                   const PledgeFilter& filter, FileFormat format, Instant now) {
  auto table = export_pledges_table(db, actor, filter, now);
  if (!table) return fail(table.error());
  if (format == FileFormat::kXlsx) return reports::to_xlsx(*table, "Pledges");
  return reports::to_csv(*table);
}

}  // namespace nansen::pledges
