// SPDX-License-Identifier: Apache-2.0
// Private to web/: the JSON shape of pledges, updates, consultations, reports and
// statistics — shared by the API and the pages (templates receive the same objects) —
// and the parsing of the pledge forms and bodies into the domain's input structs.
#pragma once

#include <nlohmann/json.hpp>

#include "pledges/pledges.h"
#include "web/body.h"

namespace nansen::web {

nlohmann::json entity_json(const pledges::Entity& e);
nlohmann::json pledge_json(const pledges::Pledge& p);
nlohmann::json update_json(const pledges::ProgressUpdate& u);
nlohmann::json consultation_json(const pledges::Consultation& c);
nlohmann::json follow_up_json(const pledges::FollowUp& f);
nlohmann::json report_json(const pledges::ConsultationReport& r);
nlohmann::json import_report_json(const pledges::ImportReport& r);
nlohmann::json statistics_json(const pledges::CountryStatistics& s);
nlohmann::json counts_json(const std::map<pledges::Stage, int>& counts);

// Bodies: lists are ';'-separated strings, as in the import files.
struct PledgeBody {
  std::string external_id, title, description, language, forum, submitting_entity, co_pledgers,
      multistakeholder_pledge, gcr_areas, gcr_objectives, pledge_type, serves, target_countries,
      target_date, tags, ibelong_actions, source;
};
const BodySchema<PledgeBody>& pledge_schema();
HttpResult<pledges::PledgeInput> to_pledge_input(const PledgeBody& b);

struct UpdateBody {
  std::string reported_on, stage, done, challenges, next_steps, evidence_links, author, language;
};
const BodySchema<UpdateBody>& update_schema();
HttpResult<pledges::UpdateInput> to_update_input(const UpdateBody& b, const access::Actor& actor);

struct ConsultationBody {
  std::string title, date, place, organiser, participants, countries, notes, pledges;
};
const BodySchema<ConsultationBody>& consultation_schema();
// `pledges` holds external ids; resolved against the database.
HttpResult<pledges::ConsultationInput> to_consultation_input(const ConsultationBody& b,
                                                             db::Database& db,
                                                             const access::Actor& actor,
                                                             Instant now);

struct FollowUpBody {
  std::string action, owner, due_on;
  std::optional<std::int64_t> pledge_id;
};
const BodySchema<FollowUpBody>& follow_up_schema();

struct AllianceBody {
  std::string entity_id, joined_on, commitments;
};
const BodySchema<AllianceBody>& alliance_schema();

extern const char* const kPledgeSchema;
extern const char* const kPledgeListSchema;
extern const char* const kUpdateSchema;
extern const char* const kConsultationSchema;
extern const char* const kReportSchema;
extern const char* const kImportReportSchema;
extern const char* const kStatisticsSchema;

}  // namespace nansen::web
