// SPDX-License-Identifier: Apache-2.0
// Due dates from a case's events: exact calendar arithmetic (month ends clamp, leap years
// count), hour-based periods from the event's instant, capped extensions, late windows.
#include <algorithm>

#include "procedures/procedures.h"

namespace nansen::procedures {
namespace {

const CaseEvent* first_event(const Timeline& t, std::string_view event, std::size_t from = 0) {
  for (std::size_t i = from; i < t.events.size(); ++i)
    if (t.events[i].event == event) return &t.events[i];
  return nullptr;
}

std::size_t index_of(const Timeline& t, const CaseEvent* e) {
  return static_cast<std::size_t>(e - t.events.data());
}

const Duration& duration_for(const Deadline& d, const Timeline& t) {
  for (const auto& v : d.variants) {
    const bool fact_ok = !v.when_fact || t.facts.count(*v.when_fact) > 0;
    const bool modality_ok = !v.when_modality || *v.when_modality == t.modality;
    if (fact_ok && modality_ok) return v.duration;
  }
  return d.duration;
}

CivilDate add(const CivilDate& date, const Duration& d) {
  return add_days(add_months(date, d.months), d.days);
}

bool after(const CivilDate& a, const CivilDate& b) {
  return days_from_civil(a) > days_from_civil(b);
}

// Hours count from the event's instant when it is known; otherwise from the end of the
// event's day would be a guess in the applicant's favour, so the day count is rounded up
// from the start of that day instead (the earlier, safer date for the office).
Result<DueDate> due_for(const Deadline& d, const CaseEvent& start, const Timeline& t,
                        std::string_view zone) {
  DueDate out;
  out.deadline = d.id;
  out.start = start.date;
  out.party = d.party;
  const Duration& dur = duration_for(d, t);
  if (dur.hours > 0) {
    if (start.at) {
      out.due_at = *start.at + std::chrono::hours(dur.hours);
      auto date = civil_date_in_zone(*out.due_at, zone);
      if (!date) return fail(date.error());
      out.due = *date;
    } else {
      out.due = add_days(start.date, (dur.hours + 23) / 24);
    }
  } else {
    out.due = add(start.date, dur);
  }
  return out;
}

}  // namespace

Result<std::vector<DueDate>> compute_due_dates(const Definition& definition,
                                               const Timeline& timeline,
                                               std::string_view time_zone) {
  std::vector<DueDate> out;
  for (const Deadline& d : definition.deadlines) {
    const CaseEvent* start = first_event(timeline, d.from_event);
    if (!start) continue;
    const bool required_ok =
        std::all_of(d.requires_events.begin(), d.requires_events.end(),
                    [&](const std::string& e) { return first_event(timeline, e) != nullptr; });
    if (!required_ok) continue;
    auto due = due_for(d, *start, timeline, time_zone);
    if (!due) return fail(due.error());
    for (const std::string& m : d.met_by) {
      const CaseEvent* met = first_event(timeline, m, index_of(timeline, start) + 1);
      if (met && (!due->met_on || after(*due->met_on, met->date))) due->met_on = met->date;
    }
    if (d.late_window_days > 0) due->late_until = add_days(due->due, d.late_window_days);
    out.push_back(std::move(*due));
  }

  for (std::size_t i = 0; i < timeline.extensions.size(); ++i) {
    const Extension& e = timeline.extensions[i];
    const std::string field = "extensions[" + std::to_string(i) + "]";
    const Deadline* d = definition.deadline(e.deadline);
    if (!d) return fail(ErrorCode::kInvalid, "unknown deadline '" + e.deadline + "'", field);
    if (!d->max_extended_months)
      return fail(ErrorCode::kInvalid, "the deadline '" + e.deadline + "' cannot be extended",
                  field);
    if (trim(e.reason).empty())
      return fail(ErrorCode::kInvalid, "an extension needs a recorded reason", field);
    if (e.by.months < 0 || e.by.days < 0 || e.by.hours != 0 || (e.by.months == 0 && e.by.days == 0))
      return fail(ErrorCode::kInvalid, "an extension adds whole months or days", field);
    auto it =
        std::find_if(out.begin(), out.end(), [&](auto& u) { return u.deadline == e.deadline; });
    if (it == out.end())
      return fail(ErrorCode::kInvalid, "the deadline '" + e.deadline + "' has not started", field);
    const CivilDate extended = add(it->due, e.by);
    const CivilDate cap = add_months(it->start, *d->max_extended_months);
    if (after(extended, cap))
      return fail(ErrorCode::kInvalid,
                  "the extension would move '" + e.deadline + "' to " +
                      format_civil_date(extended) + ", past the limit of " +
                      std::to_string(*d->max_extended_months) + " months (" +
                      format_civil_date(cap) + ")",
                  field);
    it->due = extended;
    it->due_at.reset();
    it->extensions += 1;
    if (d->late_window_days > 0) it->late_until = add_days(it->due, d->late_window_days);
  }
  return out;
}

std::string_view deadline_status_name(DeadlineStatus s) {
  switch (s) {
    case DeadlineStatus::kMet:
      return "met";
    case DeadlineStatus::kOpen:
      return "open";
    case DeadlineStatus::kDueSoon:
      return "due_soon";
    case DeadlineStatus::kOverdue:
      return "overdue";
    case DeadlineStatus::kLateWindow:
      return "late_window";
  }
  return "open";
}

DeadlineStatus deadline_status(const DueDate& due, const CivilDate& today, int soon_days) {
  if (due.met_on) return DeadlineStatus::kMet;
  const auto left = days_from_civil(due.due) - days_from_civil(today);
  if (left < 0) {
    if (due.late_until && !after(today, *due.late_until)) return DeadlineStatus::kLateWindow;
    return DeadlineStatus::kOverdue;
  }
  return left <= soon_days ? DeadlineStatus::kDueSoon : DeadlineStatus::kOpen;
}

}  // namespace nansen::procedures
