// SPDX-License-Identifier: Apache-2.0
// The report a consultation reviews: per country, each pledge's stage at the previous
// consultation and now, the updates posted since, pledges with no news, open follow-ups,
// and the data of its two charts.
#include <algorithm>

#include "pledges/internal.h"

namespace nansen::pledges {
namespace {

const std::vector<reports::ChartSeries>& stage_series() {
  static const std::vector<reports::ChartSeries> series = {{"not reported", "#b8b8b8"},
                                                           {"planning", "#f0ad4e"},
                                                           {"in progress", "#3a87c8"},
                                                           {"fulfilled", "#4cae4c"}};
  return series;
}

std::vector<double> stage_values(const std::map<Stage, int>& counts) {
  std::vector<double> out;
  for (Stage s : kAllStages) {
    const auto it = counts.find(s);
    out.push_back(it == counts.end() ? 0 : it->second);
  }
  return out;
}

std::optional<Consultation> previous_of(const std::vector<Consultation>& all,
                                        const Consultation& c) {
  for (const auto& other : all) {  // newest first
    const auto a = days_from_civil(other.held_on), b = days_from_civil(c.held_on);
    if (a < b || (a == b && other.id.value < c.id.value)) return other;
  }
  return std::nullopt;
}

std::optional<Stage> stage_before(const Pledge& p, const std::optional<Consultation>& previous,
                                  const detail::StageHistory& history) {
  if (!previous) return std::nullopt;
  if (auto it = previous->snapshot.find(p.id); it != previous->snapshot.end()) return it->second;
  const auto made = forum_date(p.forum);
  if (made && days_from_civil(*made) > days_from_civil(previous->held_on)) return std::nullopt;
  return detail::stage_as_of(history, previous->held_on);
}

void add_charts(ConsultationReport& r) {
  r.stage_chart.title = "Stage of the pledges under review, by country";
  r.stage_chart.value_label = "pledges";
  r.stage_chart.series = stage_series();
  r.movement_chart.title = r.previous ? "Movement since " + format_civil_date(r.previous->held_on)
                                      : "Stage of the pledges under review";
  r.movement_chart.value_label = "pledges";
  r.movement_chart.series = stage_series();
  const std::string before_label = r.previous ? format_civil_date(r.previous->held_on) : "before";
  for (const auto& c : r.countries) {
    r.stage_chart.groups.push_back({c.country, {{"", stage_values(c.now)}}});
    r.movement_chart.groups.push_back({c.country,
                                       {{before_label, stage_values(c.before)},
                                        {format_civil_date(r.as_of), stage_values(c.now)}}});
  }
}

}  // namespace

int ReportLine::movement() const {
  if (!stage_before || *stage_before == stage_now) return 0;
  return static_cast<int>(stage_now) > static_cast<int>(*stage_before) ? 1 : -1;
}

Result<ConsultationReport> consultation_report(db::Database& db, const access::Actor& actor,
                                               ConsultationId id, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  ConsultationReport r;
  auto c = detail::load_consultation(**tx, id);
  if (!c) return fail(c.error());
  r.consultation = std::move(*c);
  auto all = detail::load_consultations(**tx);
  if (!all) return fail(all.error());
  r.previous = previous_of(*all, r.consultation);
  r.as_of = detail::today(now);
  r.since = r.previous ? r.previous->held_on : CivilDate{1900, 1, 1};

  auto pledges = detail::load_pledges(**tx, now);
  auto histories = detail::load_histories(**tx);
  auto updates = detail::load_updates(**tx, std::nullopt);
  if (!pledges) return fail(pledges.error());
  if (!histories) return fail(histories.error());
  if (!updates) return fail(updates.error());

  const auto since = days_from_civil(r.since), as_of = days_from_civil(r.as_of);
  std::map<std::string, CountryReport> by_country;
  for (const auto& p : *pledges) {
    if (std::find(r.consultation.pledges.begin(), r.consultation.pledges.end(), p.id) ==
        r.consultation.pledges.end())
      continue;
    const auto& history = (*histories)[p.id.value];
    ReportLine line;
    line.pledge = p.id;
    line.external_id = p.external_id;
    line.title = p.title;
    line.entity_code = p.entity_code;
    line.stage_before = stage_before(p, r.previous, history);
    line.stage_now = detail::stage_as_of(history, r.as_of);
    line.stale = p.stale;
    line.last_update_on = p.last_update_on;
    const std::string country = p.country().value_or("regional");
    for (const auto& u : *updates) {
      if (u.pledge != p.id) continue;
      const auto on = days_from_civil(u.reported_on);
      if (on <= since || on > as_of) continue;
      ++line.updates_since;
      r.has_illustrative_updates = r.has_illustrative_updates || u.illustrative;
      r.updates_since.push_back({p.id, p.external_id, country, u});
    }
    line.no_news = line.updates_since == 0;
    auto& cr = by_country[country];
    cr.country = country;
    if (line.stage_before) ++cr.before[*line.stage_before];
    ++cr.now[line.stage_now];
    if (line.movement() > 0) ++cr.moved_forward;
    if (line.movement() < 0) ++cr.moved_back;
    if (line.no_news) r.no_news.push_back(line);
    cr.lines.push_back(std::move(line));
  }
  for (auto& [country, cr] : by_country) {
    std::sort(cr.lines.begin(), cr.lines.end(), [](const ReportLine& a, const ReportLine& b) {
      return a.entity_code != b.entity_code ? a.entity_code < b.entity_code : a.title < b.title;
    });
    r.countries.push_back(std::move(cr));
  }
  std::sort(r.updates_since.begin(), r.updates_since.end(),
            [](const ReportUpdate& a, const ReportUpdate& b) {
              const auto da = days_from_civil(a.update.reported_on),
                         db_ = days_from_civil(b.update.reported_on);
              return da != db_ ? da > db_ : a.update.id.value > b.update.id.value;
            });
  for (const auto* source : {&r.consultation, r.previous ? &*r.previous : nullptr}) {
    if (!source) continue;
    for (const auto& f : source->follow_ups)
      if (!f.done) r.follow_ups_due.push_back(f);
  }
  std::sort(r.follow_ups_due.begin(), r.follow_ups_due.end(),
            [](const FollowUp& a, const FollowUp& b) {
              const auto da = a.due_on ? days_from_civil(*a.due_on) : INT64_MAX;
              const auto db_ = b.due_on ? days_from_civil(*b.due_on) : INT64_MAX;
              return da != db_ ? da < db_ : a.id.value < b.id.value;
            });
  add_charts(r);
  return r;
}

reports::Table report_table(const ConsultationReport& report) {
  reports::Table t;
  t.header = {"country",      "pledge_id", "title",      "submitting_entity",
              "stage_before", "stage_now", "movement",   "updates_since",
              "no_news",      "stale",     "last_update"};
  for (const auto& c : report.countries)
    for (const auto& l : c.lines)
      t.rows.push_back(
          {c.country, l.external_id, l.title, l.entity_code,
           l.stage_before ? std::string(code(*l.stage_before)) : "", std::string(code(l.stage_now)),
           l.movement() > 0   ? "forward"
           : l.movement() < 0 ? "back"
                              : "none",
           std::to_string(l.updates_since), l.no_news ? "yes" : "no", l.stale ? "yes" : "no",
           l.last_update_on ? format_civil_date(*l.last_update_on) : ""});
  return t;
}

}  // namespace nansen::pledges
