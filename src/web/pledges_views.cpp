// SPDX-License-Identifier: Apache-2.0
#include "web/pledges_views.h"

namespace nansen::web {
namespace {

using pledges::Stage;

template <typename E>
nlohmann::json codes(const std::vector<E>& items) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& i : items) out.push_back(std::string(pledges::code(i)));
  return out;
}

nlohmann::json optional_date(const std::optional<CivilDate>& d) {
  return d ? nlohmann::json(format_civil_date(*d)) : nlohmann::json(nullptr);
}

std::vector<std::string> list_of(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& part : split(text, ';'))
    if (auto t = trim(part); !t.empty()) out.push_back(t);
  return out;
}

HttpError invalid(const std::string& field, const std::string& message) {
  return HttpError{422, Error{ErrorCode::kInvalid, message, field}};
}

template <typename E>
HttpResult<std::vector<E>> parse_list(std::string_view text, Result<E> (*parse)(std::string_view),
                                      const std::string& field) {
  std::vector<E> out;
  for (const auto& item : list_of(text)) {
    auto v = parse(item);
    if (!v) return tl::unexpected(invalid(field, v.error().message));
    out.push_back(*v);
  }
  return out;
}

HttpResult<std::vector<int>> parse_numbers(std::string_view text, const std::string& field) {
  std::vector<int> out;
  for (const auto& item : list_of(text)) {
    if (item.size() > 3 || item.find_first_not_of("0123456789") != std::string::npos)
      return tl::unexpected(invalid(field, "a list of numbers separated by ';'"));
    out.push_back(std::stoi(item));
  }
  return out;
}

HttpResult<std::optional<CivilDate>> parse_date(std::string_view text, const std::string& field,
                                                bool partial) {
  if (trim(text).empty()) return std::optional<CivilDate>{};
  auto d = parse_civil_date(trim(text), field);
  if (!d) return tl::unexpected(invalid(field, d.error().message));
  if (!partial && d->precision != DatePrecision::kDay)
    return tl::unexpected(invalid(field, "a full date is needed (YYYY-MM-DD)"));
  return std::optional<CivilDate>{*d};
}

std::vector<std::string> stage_codes() {
  std::vector<std::string> out;
  for (Stage s : pledges::kAllStages) out.emplace_back(pledges::code(s));
  return out;
}

}  // namespace

nlohmann::json counts_json(const std::map<Stage, int>& counts) {
  nlohmann::json out = nlohmann::json::object();
  for (Stage s : pledges::kAllStages) {
    const auto it = counts.find(s);
    out[std::string(pledges::code(s))] = it == counts.end() ? 0 : it->second;
  }
  return out;
}

nlohmann::json entity_json(const pledges::Entity& e) {
  return {{"entity_id", e.code},
          {"name_en", e.name_en},
          {"name_ru", e.name_ru},
          {"name_kk", e.name_kk},
          {"kind", std::string(pledges::code(e.kind))},
          {"country", e.country ? nlohmann::json(*e.country) : nlohmann::json(nullptr)},
          {"region", e.region}};
}

nlohmann::json pledge_json(const pledges::Pledge& p) {
  const auto country = p.country();
  return {{"id", p.id.value},
          {"pledge_id", p.external_id},
          {"title", p.title},
          {"description", p.description},
          {"language", p.language},
          {"forum", std::string(pledges::code(p.forum))},
          {"submitting_entity", p.entity_code},
          {"entity", entity_json(p.entity)},
          {"co_pledgers", p.co_pledgers},
          {"multistakeholder_pledge", p.multistakeholder_pledge},
          {"gcr_areas", codes(p.gcr_areas)},
          {"gcr_objectives", p.gcr_objectives},
          {"pledge_type", std::string(pledges::code(p.type))},
          {"serves", codes(p.serves)},
          {"target_countries", p.target_countries},
          {"target_date", optional_date(p.target_date)},
          {"tags", p.tags},
          {"ibelong_actions", p.ibelong_actions},
          {"source", p.source},
          {"stage", std::string(pledges::code(p.stage))},
          {"last_update_on", optional_date(p.last_update_on)},
          {"stale", p.stale},
          {"country", country ? nlohmann::json(*country) : nlohmann::json(nullptr)},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

nlohmann::json update_json(const pledges::ProgressUpdate& u) {
  return {{"id", u.id.value},
          {"pledge", u.pledge.value},
          {"reported_on", format_civil_date(u.reported_on)},
          {"stage", std::string(pledges::code(u.stage))},
          {"previous_stage", std::string(pledges::code(u.previous_stage))},
          {"changes_stage", u.changes_stage()},
          {"done", u.done},
          {"challenges", u.challenges},
          {"next_steps", u.next_steps},
          {"evidence_links", u.evidence_links},
          {"author", u.author},
          {"language", u.language},
          {"illustrative", u.illustrative},
          {"created_at", u.created_at}};
}

nlohmann::json follow_up_json(const pledges::FollowUp& f) {
  return {{"id", f.id.value},
          {"consultation", f.consultation.value},
          {"pledge", f.pledge ? nlohmann::json(f.pledge->value) : nlohmann::json(nullptr)},
          {"action", f.action},
          {"owner", f.owner},
          {"due_on", optional_date(f.due_on)},
          {"done", f.done}};
}

nlohmann::json consultation_json(const pledges::Consultation& c) {
  nlohmann::json pledge_ids = nlohmann::json::array();
  for (const auto& p : c.pledges) pledge_ids.push_back(p.value);
  nlohmann::json snapshot = nlohmann::json::object();
  for (const auto& [p, s] : c.snapshot)
    snapshot[std::to_string(p.value)] = std::string(pledges::code(s));
  nlohmann::json follow = nlohmann::json::array();
  for (const auto& f : c.follow_ups) follow.push_back(follow_up_json(f));
  return {{"id", c.id.value},
          {"title", c.title},
          {"date", format_civil_date(c.held_on)},
          {"place", c.place},
          {"organiser", c.organiser},
          {"participants", c.participants},
          {"countries", c.countries},
          {"notes", c.notes},
          {"opened_at", c.opened_at ? nlohmann::json(*c.opened_at) : nlohmann::json(nullptr)},
          {"pledges", pledge_ids},
          {"snapshot", snapshot},
          {"follow_ups", follow}};
}

nlohmann::json report_json(const pledges::ConsultationReport& r) {
  nlohmann::json countries = nlohmann::json::array();
  for (const auto& c : r.countries) {
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& l : c.lines)
      lines.push_back({{"pledge", l.pledge.value},
                       {"pledge_id", l.external_id},
                       {"title", l.title},
                       {"submitting_entity", l.entity_code},
                       {"stage_before",
                        l.stage_before ? nlohmann::json(std::string(pledges::code(*l.stage_before)))
                                       : nlohmann::json(nullptr)},
                       {"stage_now", std::string(pledges::code(l.stage_now))},
                       {"movement", l.movement()},
                       {"updates_since", l.updates_since},
                       {"no_news", l.no_news},
                       {"stale", l.stale},
                       {"last_update_on", optional_date(l.last_update_on)}});
    countries.push_back({{"country", c.country},
                         {"pledges", lines},
                         {"before", counts_json(c.before)},
                         {"now", counts_json(c.now)},
                         {"moved_forward", c.moved_forward},
                         {"moved_back", c.moved_back}});
  }
  nlohmann::json updates = nlohmann::json::array();
  for (const auto& u : r.updates_since) {
    auto j = update_json(u.update);
    j["pledge_id"] = u.external_id;
    j["country"] = u.country;
    updates.push_back(std::move(j));
  }
  nlohmann::json no_news = nlohmann::json::array();
  for (const auto& l : r.no_news) no_news.push_back(l.external_id);
  nlohmann::json follow = nlohmann::json::array();
  for (const auto& f : r.follow_ups_due) follow.push_back(follow_up_json(f));
  return {{"consultation", consultation_json(r.consultation)},
          {"previous", r.previous ? consultation_json(*r.previous) : nlohmann::json(nullptr)},
          {"since", format_civil_date(r.since)},
          {"as_of", format_civil_date(r.as_of)},
          {"countries", countries},
          {"updates_since", updates},
          {"no_news", no_news},
          {"follow_ups_due", follow},
          {"has_illustrative_updates", r.has_illustrative_updates}};
}

nlohmann::json import_report_json(const pledges::ImportReport& r) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& l : r.lines)
    lines.push_back({{"row", l.row},
                     {"key", l.key},
                     {"action", std::string(pledges::code(l.action))},
                     {"changed", l.changed}});
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : r.problems)
    problems.push_back({{"row", p.row}, {"column", p.column}, {"message", p.message}});
  return {{"dry_run", r.dry_run},
          {"written", r.written},
          {"create", r.count(pledges::ImportAction::kCreate)},
          {"change", r.count(pledges::ImportAction::kChange)},
          {"unchanged", r.count(pledges::ImportAction::kUnchanged)},
          {"lines", lines},
          {"problems", problems}};
}

nlohmann::json statistics_json(const pledges::CountryStatistics& s) {
  auto opt = [](const std::optional<std::int64_t>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  nlohmann::json years = nlohmann::json::array();
  for (const auto& y : s.years)
    years.push_back({{"year", y.year},
                     {"stateless", opt(y.stateless)},
                     {"refugees", opt(y.refugees)},
                     {"asylum_seekers", opt(y.asylum_seekers)},
                     {"naturalisations", opt(y.naturalisations)}});
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& n : s.notes)
    notes.push_back({{"series", n.series},
                     {"from_year", n.from_year},
                     {"to_year", n.to_year},
                     {"text", n.text}});
  return {
      {"country", s.country}, {"years", years}, {"notes", notes}, {"attribution", s.attribution}};
}

const BodySchema<PledgeBody>& pledge_schema() {
  static const BodySchema<PledgeBody> s =
      BodySchema<PledgeBody>()
          .field(text_field("pledge_id", 40), &PledgeBody::external_id)
          .field(text_field("title", 500, kRequired), &PledgeBody::title)
          .field(text_field("description", 10000), &PledgeBody::description)
          .field(choice_field("language", {"en", "ru", "kk"}), &PledgeBody::language)
          .field(choice_field(
                     "forum",
                     {"GRF 2019", "HLS 2019", "HLOM 2021", "GRF 2023", "national", "regional"},
                     kRequired),
                 &PledgeBody::forum)
          .field(text_field("submitting_entity", 40, kRequired), &PledgeBody::submitting_entity)
          .field(text_field("co_pledgers", 1000), &PledgeBody::co_pledgers)
          .field(text_field("multistakeholder_pledge", 200), &PledgeBody::multistakeholder_pledge)
          .field(text_field("gcr_areas", 500), &PledgeBody::gcr_areas)
          .field(text_field("gcr_objectives", 20), &PledgeBody::gcr_objectives)
          .field(choice_field(
                     "pledge_type",
                     {"policy", "financial", "technical", "material", "resettlement", "other"},
                     kRequired),
                 &PledgeBody::pledge_type)
          .field(text_field("serves", 500), &PledgeBody::serves)
          .field(text_field("target_countries", 500), &PledgeBody::target_countries)
          .field(text_field("target_date", 10), &PledgeBody::target_date)
          .field(text_field("tags", 1000), &PledgeBody::tags)
          .field(text_field("ibelong_actions", 40), &PledgeBody::ibelong_actions)
          .field(text_field("source", 500), &PledgeBody::source);
  return s;
}

HttpResult<pledges::PledgeInput> to_pledge_input(const PledgeBody& b) {
  pledges::PledgeInput in;
  in.external_id = trim(b.external_id);
  in.title = trim(b.title);
  in.description = b.description;
  in.language = b.language.empty() ? "en" : b.language;
  auto forum = pledges::parse_forum(b.forum);
  if (!forum) return tl::unexpected(invalid("forum", forum.error().message));
  in.forum = *forum;
  in.entity_code = trim(b.submitting_entity);
  in.co_pledgers = list_of(b.co_pledgers);
  in.multistakeholder_pledge = trim(b.multistakeholder_pledge);
  auto areas = parse_list<pledges::GcrArea>(b.gcr_areas, pledges::parse_gcr_area, "gcr_areas");
  if (!areas) return tl::unexpected(areas.error());
  in.gcr_areas = *areas;
  auto objectives = parse_numbers(b.gcr_objectives, "gcr_objectives");
  if (!objectives) return tl::unexpected(objectives.error());
  in.gcr_objectives = *objectives;
  auto type = pledges::parse_pledge_type(b.pledge_type);
  if (!type) return tl::unexpected(invalid("pledge_type", type.error().message));
  in.type = *type;
  auto serves = parse_list<pledges::Population>(b.serves, pledges::parse_population, "serves");
  if (!serves) return tl::unexpected(serves.error());
  in.serves = *serves;
  in.target_countries = list_of(b.target_countries);
  auto target = parse_date(b.target_date, "target_date", true);
  if (!target) return tl::unexpected(target.error());
  in.target_date = *target;
  in.tags = list_of(b.tags);
  auto actions = parse_numbers(b.ibelong_actions, "ibelong_actions");
  if (!actions) return tl::unexpected(actions.error());
  in.ibelong_actions = *actions;
  in.source = trim(b.source);
  return in;
}

const BodySchema<UpdateBody>& update_schema() {
  static const BodySchema<UpdateBody> s =
      BodySchema<UpdateBody>()
          .field(text_field("reported_on", 10, kRequired), &UpdateBody::reported_on)
          .field(choice_field("stage", stage_codes(), kRequired), &UpdateBody::stage)
          .field(text_field("done", 10000), &UpdateBody::done)
          .field(text_field("challenges", 10000), &UpdateBody::challenges)
          .field(text_field("next_steps", 10000), &UpdateBody::next_steps)
          .field(text_field("evidence_links", 20000), &UpdateBody::evidence_links)
          .field(text_field("author", 200), &UpdateBody::author)
          .field(choice_field("language", {"en", "ru", "kk"}), &UpdateBody::language);
  return s;
}

HttpResult<pledges::UpdateInput> to_update_input(const UpdateBody& b, const access::Actor& actor) {
  pledges::UpdateInput in;
  auto on = parse_date(b.reported_on, "reported_on", false);
  if (!on) return tl::unexpected(on.error());
  if (!*on) return tl::unexpected(invalid("reported_on", "required"));
  in.reported_on = **on;
  auto stage = pledges::parse_stage(b.stage);
  if (!stage) return tl::unexpected(invalid("stage", stage.error().message));
  in.stage = *stage;
  in.done = b.done;
  in.challenges = b.challenges;
  in.next_steps = b.next_steps;
  for (auto& line : split(b.evidence_links, '\n'))
    for (const auto& link : list_of(line)) in.evidence_links.push_back(link);
  in.author = trim(b.author).empty() ? actor.login : trim(b.author);
  in.language = b.language.empty() ? actor.language : b.language;
  return in;
}

const BodySchema<ConsultationBody>& consultation_schema() {
  static const BodySchema<ConsultationBody> s =
      BodySchema<ConsultationBody>()
          .field(text_field("title", 300, kRequired), &ConsultationBody::title)
          .field(text_field("date", 10, kRequired), &ConsultationBody::date)
          .field(text_field("place", 200), &ConsultationBody::place)
          .field(text_field("organiser", 40), &ConsultationBody::organiser)
          .field(text_field("participants", 2000), &ConsultationBody::participants)
          .field(text_field("countries", 500), &ConsultationBody::countries)
          .field(text_field("notes", 20000), &ConsultationBody::notes)
          .field(text_field("pledges", 20000), &ConsultationBody::pledges);
  return s;
}

HttpResult<pledges::ConsultationInput> to_consultation_input(const ConsultationBody& b,
                                                             db::Database& db,
                                                             const access::Actor& actor,
                                                             Instant now) {
  pledges::ConsultationInput in;
  in.title = trim(b.title);
  auto date = parse_date(b.date, "date", false);
  if (!date) return tl::unexpected(date.error());
  if (!*date) return tl::unexpected(invalid("date", "required"));
  in.held_on = **date;
  in.place = trim(b.place);
  in.organiser = trim(b.organiser);
  in.participants = list_of(b.participants);
  in.countries = list_of(b.countries);
  in.notes = b.notes;
  if (!trim(b.pledges).empty()) {
    std::vector<pledges::PledgeId> ids;
    for (const auto& ext : list_of(b.pledges)) {
      auto p = pledges::find_pledge(db, actor, ext, now);
      if (!p) return tl::unexpected(invalid("pledges", "unknown pledge " + ext.substr(0, 40)));
      ids.push_back(p->id);
    }
    in.pledges = ids;
  }
  return in;
}

const BodySchema<FollowUpBody>& follow_up_schema() {
  static const BodySchema<FollowUpBody> s =
      BodySchema<FollowUpBody>()
          .field(text_field("action", 2000, kRequired), &FollowUpBody::action)
          .field(text_field("owner", 200), &FollowUpBody::owner)
          .field(text_field("due_on", 10), &FollowUpBody::due_on)
          .field(int_field("pledge_id", 1, INT64_MAX), &FollowUpBody::pledge_id);
  return s;
}

const BodySchema<AllianceBody>& alliance_schema() {
  static const BodySchema<AllianceBody> s =
      BodySchema<AllianceBody>()
          .field(text_field("entity_id", 40, kRequired), &AllianceBody::entity_id)
          .field(text_field("joined_on", 10, kRequired), &AllianceBody::joined_on)
          .field(text_field("commitments", 10000), &AllianceBody::commitments);
  return s;
}

const char* const kPledgeSchema =
    R"({"type":"object","properties":{"id":{"type":"integer"},"pledge_id":{"type":"string"},"title":{"type":"string"},)"
    R"("description":{"type":"string"},"language":{"type":"string"},"forum":{"type":"string"},)"
    R"("submitting_entity":{"type":"string"},"stage":{"type":"string","enum":["not_reported","planning","in_progress","fulfilled"]},)"
    R"("last_update_on":{"type":["string","null"]},"stale":{"type":"boolean"},"country":{"type":["string","null"]}}})";
const char* const kPledgeListSchema =
    R"({"type":"object","properties":{"pledges":{"type":"array","items":{"type":"object"}},)"
    R"("counts_by_stage":{"type":"object"},"stale_count":{"type":"integer"}}})";
const char* const kUpdateSchema =
    R"({"type":"object","properties":{"id":{"type":"integer"},"reported_on":{"type":"string"},"stage":{"type":"string"},)"
    R"("previous_stage":{"type":"string"},"done":{"type":"string"},"author":{"type":"string"},"illustrative":{"type":"boolean"}}})";
const char* const kConsultationSchema =
    R"({"type":"object","properties":{"id":{"type":"integer"},"title":{"type":"string"},"date":{"type":"string"},)"
    R"("countries":{"type":"array","items":{"type":"string"}},"pledges":{"type":"array","items":{"type":"integer"}},)"
    R"("snapshot":{"type":"object"},"opened_at":{"type":["string","null"]}}})";
const char* const kReportSchema =
    R"({"type":"object","properties":{"consultation":{"type":"object"},"previous":{"type":["object","null"]},)"
    R"("countries":{"type":"array","items":{"type":"object"}},"updates_since":{"type":"array"},"no_news":{"type":"array"},)"
    R"("follow_ups_due":{"type":"array"},"has_illustrative_updates":{"type":"boolean"}}})";
const char* const kImportReportSchema =
    R"({"type":"object","properties":{"dry_run":{"type":"boolean"},"written":{"type":"boolean"},"create":{"type":"integer"},)"
    R"("change":{"type":"integer"},"unchanged":{"type":"integer"},"lines":{"type":"array"},)"
    R"("problems":{"type":"array","items":{"type":"object","properties":{"row":{"type":"integer"},"column":{"type":"string"},"message":{"type":"string"}}}}}})";
const char* const kStatisticsSchema =
    R"({"type":"object","properties":{"country":{"type":"string"},"years":{"type":"array"},"notes":{"type":"array"},"attribution":{"type":"string"}}})";

}  // namespace nansen::web
