// SPDX-License-Identifier: Apache-2.0
// reports — generic output and spreadsheet input: CSV and XLSX tables, an XLSX reader
// guarded against ZIP bombs, and SVG charts drawn on the server (the screen and the
// printed report are the same drawing).
//
// Knows nothing of pledges, the database or the web: it depends on base only. Every
// function is pure (no shared state) and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/base.h"

namespace nansen::reports {

// ---------------------------------------------------------------------------------------
// Tables

// A header and rows of text cells: what exports write and imports read.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// RFC 4180 CSV with CRLF line ends and a header row; every field passes through
// base's csv_field (quoting, and formula neutralisation for spreadsheets).
std::string to_csv(const Table& table);

// An .xlsx workbook of one sheet named `sheet_name` (bold, frozen header row), every
// cell written as text so ids like "0012" and dates survive. Internal if libxlsxwriter
// fails (it writes through a private temporary file).
Result<std::string> to_xlsx(const Table& table, std::string_view sheet_name = "Sheet1");

// ---------------------------------------------------------------------------------------
// XLSX reading (libzip + expat): only the first worksheet and the shared strings.

struct XlsxLimits {
  std::size_t max_file_bytes = 64u << 20;           // the .xlsx itself
  std::size_t max_uncompressed_bytes = 100u << 20;  // all parts read, declared or actual
  std::size_t max_rows = 1'000'000;
  std::size_t max_columns = 512;
  std::size_t max_cell_bytes = 1u << 20;
};

// Reads the first worksheet into a CsvTable (header = first row; row_lines = the
// spreadsheet's row numbers, so messages name the row the user sees). Cells are text as
// displayed for strings; numbers as written in the file ("45000", "2.5"). Empty rows are
// skipped; missing cells are "".
// Returns Invalid for a file that is not an XLSX workbook, invalid UTF-8 or XML with a
// DOCTYPE; TooLarge (naming the part) when any part's declared or actual uncompressed
// size, or the sum, exceeds the limit — a ZIP bomb is rejected before and while
// inflating, never expanded in full. Never throws.
Result<CsvTable> read_xlsx(std::string_view bytes, const XlsxLimits& limits = {});

// True if `bytes` starts like a ZIP archive (XLSX) rather than text (CSV).
bool looks_like_zip(std::string_view bytes);

// ---------------------------------------------------------------------------------------
// SVG charts. Every label is XML-escaped; colours are validated (#rgb/#rrggbb, else a
// neutral grey), so no input can inject markup.

std::string xml_escape(std::string_view text);

struct ChartSeries {
  std::string name;   // legend label
  std::string color;  // "#1f77b4"
};

struct StackedBar {
  std::string label;           // under the bar (may be empty)
  std::vector<double> values;  // one per series, >= 0 (negatives are drawn as 0)
};

struct BarGroup {
  std::string label;  // e.g. a country
  std::vector<StackedBar> bars;
};

// Stage distribution per country is one bar per group; movement between two
// consultations is two bars per group ("before", "now").
struct StackedBarChart {
  std::string title;
  std::string value_label;  // y-axis caption, e.g. "pledges"
  std::vector<ChartSeries> series;
  std::vector<BarGroup> groups;
  int width = 720;
  int height = 360;
};
std::string render_stacked_bar_chart(const StackedBarChart& chart);

struct YearPoint {
  int year = 0;
  std::optional<double> value;  // nullopt = not available (gap in the line)
  bool flagged = false;         // drawn hollow: the value is covered by a note
};

struct YearSeries {
  std::string name;
  std::string color;
  std::vector<YearPoint> points;
};

// A shaded band over [from_year, to_year] with a numbered note, printed under the chart:
// the way a caveat (a change of category, not a real change) travels with the drawing.
struct ChartNote {
  int from_year = 0;
  int to_year = 0;
  std::string text;
};

enum class SeriesStyle { kLines, kBars };

struct YearSeriesChart {
  std::string title;
  std::string value_label;
  SeriesStyle style = SeriesStyle::kLines;
  std::vector<YearSeries> series;
  std::vector<ChartNote> notes;
  int width = 720;
  int height = 320;
};
std::string render_year_series_chart(const YearSeriesChart& chart);

}  // namespace nansen::reports
