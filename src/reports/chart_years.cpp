// SPDX-License-Identifier: Apache-2.0
// A yearly series as lines or bars, with notes drawn as shaded, numbered bands and
// printed under the chart. Points covered by a note are drawn hollow and their line
// segments dashed, so a change of category never looks like a real change.
#include <algorithm>
#include <limits>

#include "reports/reports.h"
#include "reports/svg.h"

namespace nansen::reports {
namespace {

constexpr double kLeft = 56, kRight = 16, kTop = 32, kAxis = 24, kLegend = 22, kNoteLine = 16;

struct Frame {
  double left, top, plot_w, plot_h;
  int first_year, last_year;
  double axis_max;

  double x(int year) const {
    if (last_year == first_year) return left + plot_w / 2;
    return left + plot_w * (year - first_year) / (last_year - first_year);
  }
  double y(double v) const { return top + plot_h - plot_h * std::max(0.0, v) / axis_max; }
  double slot() const { return plot_w / std::max(1, last_year - first_year + 1); }
};

std::string draw_lines(const YearSeries& s, const Frame& f) {
  std::string out;
  const YearPoint* prev = nullptr;
  for (const auto& p : s.points) {
    if (!p.value) {
      prev = nullptr;  // a gap: data not available
      continue;
    }
    if (prev)
      out += svg::line(f.x(prev->year), f.y(*prev->value), f.x(p.year), f.y(*p.value), s.color,
                       std::string("stroke-width=\"2\"") +
                           (p.flagged || prev->flagged ? " stroke-dasharray=\"4 3\"" : ""));
    prev = &p;
  }
  for (const auto& p : s.points) {
    if (!p.value) continue;
    const std::string color = svg::safe_color(s.color);
    out += "<circle cx=\"" + svg::num(f.x(p.year)) + "\" cy=\"" + svg::num(f.y(*p.value)) +
           "\" r=\"3\" fill=\"" + (p.flagged ? std::string("#ffffff") : color) + "\" stroke=\"" +
           color + "\"><title>" +
           xml_escape(s.name + " " + std::to_string(p.year) + ": " + svg::short_count(*p.value) +
                      (p.flagged ? " (see note)" : "")) +
           "</title></circle>";
  }
  return out;
}

std::string draw_bars(const YearSeries& s, std::size_t index, std::size_t count, const Frame& f) {
  std::string out;
  const double bar_w = f.slot() * 0.8 / static_cast<double>(std::max<std::size_t>(count, 1));
  for (const auto& p : s.points) {
    if (!p.value) continue;
    const double x = f.x(p.year) - f.slot() * 0.4 + bar_w * static_cast<double>(index);
    const double y = f.y(*p.value);
    out += svg::rect(x, y, bar_w, f.top + f.plot_h - y, p.flagged ? "#dddddd" : s.color,
                     s.name + " " + std::to_string(p.year) + ": " + svg::short_count(*p.value) +
                         (p.flagged ? " (see note)" : ""));
  }
  return out;
}

}  // namespace

std::string render_year_series_chart(const YearSeriesChart& chart) {
  const double width = std::max(chart.width, 240);
  const double notes_h = kNoteLine * static_cast<double>(chart.notes.size());
  const double height = std::max(chart.height, 160) + notes_h;
  const double plot_h = height - kTop - kAxis - kLegend - notes_h - 8;

  int first = std::numeric_limits<int>::max(), last = std::numeric_limits<int>::min();
  double max_v = 0;
  for (const auto& s : chart.series)
    for (const auto& p : s.points) {
      first = std::min(first, p.year);
      last = std::max(last, p.year);
      if (p.value) max_v = std::max(max_v, *p.value);
    }
  if (first > last) first = last = 0;
  const double inset =
      chart.style == SeriesStyle::kBars ? (width - kLeft - kRight) / (last - first + 2) / 2 : 0;
  Frame f{kLeft + inset,           kTop, width - kLeft - kRight - 2 * inset, plot_h, first, last,
          svg::nice_ceiling(max_v)};

  std::string out = svg::open(static_cast<int>(width), static_cast<int>(height), chart.title);
  out += svg::text(kLeft, 18, chart.title, "start", "font-weight=\"bold\" font-size=\"14\"");
  for (std::size_t n = 0; n < chart.notes.size(); ++n) {
    const auto& note = chart.notes[n];
    const double x1 = f.x(std::max(note.from_year, first)) - 6;
    const double x2 = f.x(std::min(note.to_year, last)) + 6;
    if (x2 > x1)
      out += "<rect x=\"" + svg::num(x1) + "\" y=\"" + svg::num(kTop) + "\" width=\"" +
             svg::num(x2 - x1) + "\" height=\"" + svg::num(plot_h) +
             "\" fill=\"#fff3cd\" stroke=\"#e0b000\" stroke-dasharray=\"3 3\"><title>" +
             xml_escape(note.text) + "</title></rect>";
    out += svg::text((x1 + x2) / 2, kTop + 12, "(" + std::to_string(n + 1) + ")", "middle",
                     "font-weight=\"bold\"");
  }
  for (int tick = 0; tick <= 4; ++tick) {
    const double v = f.axis_max * tick / 4;
    out += svg::line(kLeft, f.y(v), width - kRight, f.y(v), "#dddddd");
    out += svg::text(kLeft - 6, f.y(v) + 4, svg::short_count(v), "end");
  }
  const int step = std::max(1, (last - first) / 10 + ((last - first) % 10 ? 1 : 0));
  for (int year = first; year <= last; year += step)
    out += svg::text(f.x(year), kTop + plot_h + 16, std::to_string(year), "middle");
  if (!chart.value_label.empty())
    out += svg::text(12, kTop + plot_h / 2, chart.value_label, "middle",
                     "transform=\"rotate(-90 12 " + svg::num(kTop + plot_h / 2) + ")\"");
  for (std::size_t i = 0; i < chart.series.size(); ++i)
    out += chart.style == SeriesStyle::kBars ? draw_bars(chart.series[i], i, chart.series.size(), f)
                                             : draw_lines(chart.series[i], f);
  out += svg::line(kLeft, kTop + plot_h, width - kRight, kTop + plot_h, "#333333");

  double x = kLeft;
  const double legend_y = kTop + plot_h + kAxis + 12;
  for (const auto& s : chart.series) {
    out += svg::rect(x, legend_y - 10, 12, 12, s.color);
    out += svg::text(x + 16, legend_y, s.name);
    x += 28 + 7.0 * static_cast<double>(utf8_length(s.name));
  }
  for (std::size_t n = 0; n < chart.notes.size(); ++n)
    out += svg::text(kLeft, legend_y + kLegend + kNoteLine * static_cast<double>(n),
                     "(" + std::to_string(n + 1) + ") " + chart.notes[n].text, "start",
                     "font-size=\"11\" class=\"chart-note\"");
  out += "</svg>";
  return out;
}

}  // namespace nansen::reports
