// SPDX-License-Identifier: Apache-2.0
// The demo picture: the real Central Asia sample (share/data/pledges/), a few progress
// updates flagged ILLUSTRATIVE to show the workflow, and the two real Almaty
// consultations opened as of their dates, so the October 2024 report shows movement.
#include "pledges/internal.h"

namespace nansen::pledges {
namespace {

struct IllustrativeUpdate {
  const char* entity;
  Forum forum;
  const char* title;
  CivilDate on;
  Stage stage;
  const char* done;
};

// Not facts: each is stored with illustrative = 1 and labelled so wherever it is shown.
const IllustrativeUpdate kIllustrative[] = {
    {"KAZ-GOV",
     Forum::kHls2019,
     "Birth registration for every child",
     {2021, 6, 15},
     Stage::kInProgress,
     "Illustrative demo update: draft amendments on registering every birth in the medical "
     "organisation "
     "were circulated to the ministries concerned."},
    {"KAZ-GOV",
     Forum::kGrf2023,
     "Border referral procedures",
     {2024, 6, 20},
     Stage::kPlanning,
     "Illustrative demo update: a working group on referral at border crossing points was set up."},
    {"KGZ-GOV",
     Forum::kGrf2023,
     "Free state legal aid",
     {2024, 5, 10},
     Stage::kInProgress,
     "Illustrative demo update: legal aid centres started taking applications from asylum "
     "seekers."},
    {"KGZ-GOV",
     Forum::kGrf2023,
     "Secondary school for every child",
     {2024, 9, 2},
     Stage::kPlanning,
     "Illustrative demo update: guidance for schools on enrolling children without documents was "
     "drafted."},
    {"AUCA",
     Forum::kGrf2023,
     "Refugee law in the curriculum",
     {2024, 9, 16},
     Stage::kInProgress,
     "Illustrative demo update: a refugee law elective was scheduled for the autumn semester."},
};

Result<std::string_view> demo_file(const std::string& name) {
  const auto& files = embedded::share();
  const auto it = files.find("data/pledges/" + name);
  if (it == files.end())
    return fail(ErrorCode::kInternal, "the demo file " + name + " is not in the binary");
  return it->second;
}

Status import_demo(db::Database& db, const std::string& name, Instant now,
                   Result<ImportReport> (*import)(db::Database&, const access::Actor&,
                                                  std::string_view, FileFormat, bool, Instant,
                                                  const ImportLimits&)) {
  auto bytes = demo_file(name);
  if (!bytes) return fail(bytes.error());
  auto report = import(db, access::system_actor(), *bytes, FileFormat::kCsv, false, now, {});
  if (!report) return fail(report.error());
  if (!report->problems.empty()) {
    const auto& p = report->problems.front();
    return fail(ErrorCode::kInternal, "the demo file " + name + " does not import: row " +
                                          std::to_string(p.row) + ", " + p.column + ": " +
                                          p.message);
  }
  return {};
}

Result<bool> already_illustrated(db::Database& db) {
  auto rows = db.query("SELECT COUNT(*) FROM pledge_updates WHERE illustrative = 1");
  if (!rows) return fail(rows.error());
  return !rows->empty() && rows->front().integer(0) > 0;
}

}  // namespace

Status seed_demo(db::Database& db, Instant now) {
  const access::Actor system = access::system_actor();
  NANSEN_TRY(import_demo(db, "entities.csv", now, import_entities));
  NANSEN_TRY(import_demo(db, "pledges.csv", now, import_pledges));
  NANSEN_TRY(import_demo(db, "consultations.csv", now, import_consultations));

  auto done = already_illustrated(db);
  if (!done) return fail(done.error());
  if (!*done)
    for (const auto& u : kIllustrative) {
      auto pledge = find_pledge(db, system, derive_external_id(u.entity, u.forum, u.title), now);
      if (!pledge) continue;  // the sample changed: skip rather than invent
      UpdateInput in;
      in.reported_on = u.on;
      in.stage = u.stage;
      in.done = u.done;
      in.author = "Nansen demo (illustrative)";
      in.illustrative = true;
      auto added = add_progress_update(db, system, pledge->id, in, now);
      if (!added) return fail(added.error());
    }

  auto consultations = list_consultations(db, system);
  if (!consultations) return fail(consultations.error());
  for (auto it = consultations->rbegin(); it != consultations->rend(); ++it) {  // oldest first
    if (it->opened_at) continue;
    if (days_from_civil(it->held_on) > days_from_civil(detail::today(now))) continue;
    auto o = detail::open_consultation_as_of(db, system, it->id, it->held_on, now);
    if (!o) return fail(o.error());
  }
  return {};
}

}  // namespace nansen::pledges
