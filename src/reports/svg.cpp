// SPDX-License-Identifier: Apache-2.0
#include "reports/svg.h"

#include <cctype>
#include <cmath>
#include <cstdio>

#include "reports/reports.h"

namespace nansen::reports {

std::string xml_escape(std::string_view text) { return escape_markup(text); }

namespace svg {

std::string safe_color(std::string_view color) {
  const bool shape_ok = (color.size() == 4 || color.size() == 7) && color[0] == '#';
  if (shape_ok) {
    bool hex = true;
    for (char c : color.substr(1)) hex = hex && std::isxdigit(static_cast<unsigned char>(c));
    if (hex) return std::string(color);
  }
  return "#999999";
}

std::string num(double v) {
  if (!std::isfinite(v)) v = 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

std::string short_count(double v) {
  char buf[32];
  if (std::fabs(v) >= 1e6)
    std::snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
  else if (std::fabs(v) >= 1e4)
    std::snprintf(buf, sizeof buf, "%.0fk", v / 1e3);
  else if (std::fabs(v) >= 1e3)
    std::snprintf(buf, sizeof buf, "%.1fk", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

double nice_ceiling(double v) {
  if (!(v > 0) || !std::isfinite(v)) return 1;
  const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
  for (double step : {1.0, 2.0, 5.0, 10.0})
    if (step * magnitude >= v) return step * magnitude;
  return 10 * magnitude;
}

std::string open(int width, int height, std::string_view title) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " +
         std::to_string(width) + " " + std::to_string(height) + "\" width=\"" +
         std::to_string(width) + "\" height=\"" + std::to_string(height) +
         "\" role=\"img\" aria-label=\"" + xml_escape(title) +
         "\" font-family=\"sans-serif\" font-size=\"12\"><title>" + xml_escape(title) + "</title>";
}

std::string text(double x, double y, std::string_view content, std::string_view anchor,
                 std::string_view extra) {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + std::string(anchor) +
         "\"" + (extra.empty() ? "" : " " + std::string(extra)) + ">" + xml_escape(content) +
         "</text>";
}

std::string rect(double x, double y, double w, double h, std::string_view fill,
                 std::string_view tooltip) {
  std::string out = "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) +
                    "\" height=\"" + num(h) + "\" fill=\"" + safe_color(fill) + "\"";
  if (tooltip.empty()) return out + "/>";
  return out + "><title>" + xml_escape(tooltip) + "</title></rect>";
}

std::string line(double x1, double y1, double x2, double y2, std::string_view stroke,
                 std::string_view extra) {
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
         num(y2) + "\" stroke=\"" + safe_color(stroke) + "\"" +
         (extra.empty() ? "" : " " + std::string(extra)) + "/>";
}

}  // namespace svg
}  // namespace nansen::reports
