// SPDX-License-Identifier: Apache-2.0
// Stacked bars in groups: stage distribution per country (one bar per group) and
// movement between two consultations (a "before" and a "now" bar per group).
#include <algorithm>

#include "reports/reports.h"
#include "reports/svg.h"

namespace nansen::reports {
namespace {

constexpr double kLeft = 48, kRight = 12, kTop = 32, kBottomLabels = 40, kLegend = 24;

double bar_total(const StackedBar& bar) {
  double total = 0;
  for (double v : bar.values) total += std::max(0.0, v);
  return total;
}

std::string legend(const std::vector<ChartSeries>& series, double y) {
  std::string out;
  double x = kLeft;
  for (const auto& s : series) {
    out += svg::rect(x, y - 10, 12, 12, s.color);
    out += svg::text(x + 16, y, s.name);
    x += 28 + 7.0 * static_cast<double>(utf8_length(s.name));
  }
  return out;
}

}  // namespace

std::string render_stacked_bar_chart(const StackedBarChart& chart) {
  const double width = std::max(chart.width, 200);
  const double height = std::max(chart.height, 160);
  const double plot_w = width - kLeft - kRight;
  const double plot_h = height - kTop - kBottomLabels - kLegend;
  const double base_y = kTop + plot_h;

  double max_total = 0;
  for (const auto& g : chart.groups)
    for (const auto& b : g.bars) max_total = std::max(max_total, bar_total(b));
  const double axis_max = svg::nice_ceiling(max_total);

  std::string out = svg::open(static_cast<int>(width), static_cast<int>(height), chart.title);
  out += svg::text(kLeft, 18, chart.title, "start", "font-weight=\"bold\" font-size=\"14\"");
  for (int tick = 0; tick <= 4; ++tick) {
    const double v = axis_max * tick / 4;
    const double y = base_y - plot_h * tick / 4;
    out += svg::line(kLeft, y, kLeft + plot_w, y, "#dddddd");
    out += svg::text(kLeft - 6, y + 4, svg::short_count(v), "end");
  }
  if (!chart.value_label.empty())
    out += svg::text(12, kTop + plot_h / 2, chart.value_label, "middle",
                     "transform=\"rotate(-90 12 " + svg::num(kTop + plot_h / 2) + ")\"");
  if (chart.groups.empty()) out += svg::text(kLeft + plot_w / 2, kTop + plot_h / 2, "—", "middle");

  const double slot =
      chart.groups.empty() ? plot_w : plot_w / static_cast<double>(chart.groups.size());
  for (std::size_t g = 0; g < chart.groups.size(); ++g) {
    const auto& group = chart.groups[g];
    const double nbars = static_cast<double>(std::max<std::size_t>(group.bars.size(), 1));
    const double bar_w = std::min(48.0, slot * 0.8 / nbars);
    const double group_x = kLeft + slot * static_cast<double>(g) + (slot - bar_w * nbars) / 2;
    for (std::size_t b = 0; b < group.bars.size(); ++b) {
      const auto& bar = group.bars[b];
      const double x = group_x + bar_w * static_cast<double>(b);
      double y = base_y;
      for (std::size_t s = 0; s < bar.values.size() && s < chart.series.size(); ++s) {
        const double v = std::max(0.0, bar.values[s]);
        if (v <= 0) continue;
        const double h = plot_h * v / axis_max;
        y -= h;
        std::string tip = group.label;
        if (!bar.label.empty()) tip += " (" + bar.label + ")";
        tip += ": " + chart.series[s].name + " " + svg::short_count(v);
        out += svg::rect(x + 1, y, bar_w - 2, h, chart.series[s].color, tip);
      }
      if (!bar.label.empty())
        out += svg::text(x + bar_w / 2, base_y + 12, bar.label, "middle", "font-size=\"9\"");
    }
    out += svg::text(kLeft + slot * (static_cast<double>(g) + 0.5), base_y + 28, group.label,
                     "middle");
  }
  out += svg::line(kLeft, base_y, kLeft + plot_w, base_y, "#333333");
  out += legend(chart.series, height - 8);
  out += "</svg>";
  return out;
}

}  // namespace nansen::reports
