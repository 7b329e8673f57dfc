// SPDX-License-Identifier: Apache-2.0
// Private to reports/: the small vocabulary the charts are drawn with.
#pragma once

#include <string>
#include <string_view>

namespace nansen::reports::svg {

// "#abc" or "#a1b2c3" as given; anything else becomes a neutral grey, so a colour can
// never carry markup into the drawing.
std::string safe_color(std::string_view color);
// Coordinates with at most one decimal, locale-independent ("12.5", "-3").
std::string num(double v);
// A rounded count for axis labels: "12", "1.5k", "2.3M".
std::string short_count(double v);
// A "nice" axis maximum ≥ v: 1, 2, 5 × 10^n.
double nice_ceiling(double v);

std::string open(int width, int height, std::string_view title);  // <svg ...><title>
std::string text(double x, double y, std::string_view content, std::string_view anchor = "start",
                 std::string_view extra = "");
std::string rect(double x, double y, double w, double h, std::string_view fill,
                 std::string_view tooltip = "");
std::string line(double x1, double y1, double x2, double y2, std::string_view stroke,
                 std::string_view extra = "");

}  // namespace nansen::reports::svg
