// SPDX-License-Identifier: Apache-2.0
// Official statistics for the country pages, compiled into the binary (share/data/
// statistics/), with the caveats that must travel with each chart.
#include <algorithm>
#include <charconv>

#include "pledges/internal.h"

namespace nansen::pledges {
namespace {

constexpr std::string_view kAttribution =
    "UNHCR Refugee Population Statistics Database, https://www.unhcr.org/refugee-statistics/ (CC "
    "BY 4.0)";

std::optional<std::int64_t> number(const std::string& text) {
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

Result<CsvTable> embedded_csv(const std::string& path) {
  const auto& files = embedded::share();
  const auto it = files.find(path);
  if (it == files.end()) return fail(ErrorCode::kInternal, "missing embedded data " + path);
  return parse_csv(it->second);
}

struct Loaded {
  std::map<std::string, CountryStatistics> countries;
  std::string error;
};

const Loaded& loaded() {
  static const Loaded data = [] {
    Loaded out;
    auto figures = embedded_csv("data/statistics/unhcr_central_asia.csv");
    auto notes = embedded_csv("data/statistics/notes.csv");
    if (!figures || !notes) {
      out.error = !figures ? figures.error().message : notes.error().message;
      return out;
    }
    auto col = [](const CsvTable& t, std::size_t r, std::string_view name) {
      const auto c = t.column(name);
      return c && *c < t.rows[r].size() ? trim(t.rows[r][*c]) : std::string();
    };
    for (std::size_t r = 0; r < figures->rows.size(); ++r) {
      const std::string country = col(*figures, r, "country");
      auto& stats = out.countries[country];
      stats.country = country;
      stats.attribution = kAttribution;
      YearFigures y;
      y.year = static_cast<int>(number(col(*figures, r, "year")).value_or(0));
      y.stateless = number(col(*figures, r, "stateless"));
      y.refugees = number(col(*figures, r, "refugees"));
      y.asylum_seekers = number(col(*figures, r, "asylum_seekers"));
      y.naturalisations = number(col(*figures, r, "naturalisations"));
      stats.years.push_back(y);
    }
    for (std::size_t r = 0; r < notes->rows.size(); ++r) {
      const auto it = out.countries.find(col(*notes, r, "country"));
      if (it == out.countries.end()) continue;
      it->second.notes.push_back({col(*notes, r, "series"),
                                  static_cast<int>(number(col(*notes, r, "from_year")).value_or(0)),
                                  static_cast<int>(number(col(*notes, r, "to_year")).value_or(0)),
                                  col(*notes, r, "text")});
    }
    for (auto& [c, stats] : out.countries)
      std::sort(stats.years.begin(), stats.years.end(),
                [](const YearFigures& a, const YearFigures& b) { return a.year < b.year; });
    return out;
  }();
  return data;
}

std::optional<std::int64_t> YearFigures::*member_of(std::string_view series) {
  if (series == "stateless") return &YearFigures::stateless;
  if (series == "refugees") return &YearFigures::refugees;
  if (series == "asylum_seekers") return &YearFigures::asylum_seekers;
  if (series == "naturalisations") return &YearFigures::naturalisations;
  return nullptr;
}

}  // namespace

Result<CountryStatistics> official_statistics(std::string_view country) {
  const auto& data = loaded();
  if (!data.error.empty()) return fail(ErrorCode::kInternal, data.error);
  const auto it = data.countries.find(std::string(country));
  if (it == data.countries.end())
    return fail(ErrorCode::kNotFound, "no official statistics for this country", "country");
  return it->second;
}

std::vector<std::string> statistics_countries() {
  std::vector<std::string> out;
  for (const auto& [c, s] : loaded().countries) out.push_back(c);
  return out;
}

reports::YearSeriesChart statistics_chart(const CountryStatistics& stats, std::string_view series,
                                          std::string_view title, int first_year) {
  reports::YearSeriesChart chart;
  chart.title = title;
  chart.value_label = "people";
  chart.style =
      series == "naturalisations" ? reports::SeriesStyle::kBars : reports::SeriesStyle::kLines;
  reports::YearSeries line;
  line.name = std::string(series);
  std::replace(line.name.begin(), line.name.end(), '_', ' ');
  line.color = series == "stateless"        ? "#7b3294"
               : series == "refugees"       ? "#0072bc"
               : series == "asylum_seekers" ? "#e66101"
                                            : "#4dac26";
  std::vector<const StatisticsNote*> notes;
  for (const auto& n : stats.notes)
    if (n.series == series) {
      notes.push_back(&n);
      chart.notes.push_back({n.from_year, n.to_year, n.text});
    }
  const auto member = member_of(series);
  for (const auto& y : stats.years) {
    if (y.year < first_year || !member) continue;
    reports::YearPoint p;
    p.year = y.year;
    if (const auto& v = y.*member) p.value = static_cast<double>(*v);
    for (const auto* n : notes)
      p.flagged = p.flagged || (y.year >= n->from_year && y.year <= n->to_year);
    line.points.push_back(p);
  }
  chart.series.push_back(std::move(line));
  return chart;
}

}  // namespace nansen::pledges
