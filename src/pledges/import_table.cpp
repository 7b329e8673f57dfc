// SPDX-License-Identifier: Apache-2.0
// Reading an import file (CSV or XLSX) into rows, and the helpers every importer shares:
// column checks, cells by name, dates. Problems name the file's row and the column's
// header, as the user sees them in their spreadsheet.
#include <algorithm>
#include <charconv>

#include "pledges/internal.h"

namespace nansen::pledges {

FileFormat detect_format(std::string_view file_name, std::string_view bytes) {
  const std::string lower = to_lower_ascii(file_name);
  if (lower.ends_with(".xlsx")) return FileFormat::kXlsx;
  if (lower.ends_with(".csv")) return FileFormat::kCsv;
  return reports::looks_like_zip(bytes) ? FileFormat::kXlsx : FileFormat::kCsv;
}

namespace detail {
namespace {

std::optional<std::size_t> number_after(std::string_view text, std::string_view label) {
  const auto at = text.find(label);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t value = 0;
  const char* begin = text.data() + at + label.size();
  const auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), value);
  if (ec != std::errc() || ptr == begin) return std::nullopt;
  return value;
}

// "column 3" (CSV, 1-based) or "column C" (XLSX letters) → the header's name if known.
std::string column_name(std::string_view field, const std::vector<std::string>& header) {
  const auto at = field.find("column ");
  if (at == std::string_view::npos) return {};
  const std::string_view rest = field.substr(at + 7);
  std::size_t index = 0;
  if (auto n = number_after(field, "column ")) {
    index = *n;
  } else {
    for (char c : rest) {
      if (c < 'A' || c > 'Z') break;
      index = index * 26 + static_cast<std::size_t>(c - 'A' + 1);
    }
  }
  if (index >= 1 && index <= header.size()) return header[index - 1];
  return "column " + std::string(rest.substr(0, rest.find_first_of(" ,)")));
}

// The header of a file whose body failed to parse, if the first line is readable.
std::vector<std::string> header_of(std::string_view bytes) {
  const auto end = bytes.find('\n');
  auto first = parse_csv(bytes.substr(0, end == std::string_view::npos ? bytes.size() : end + 1));
  return first ? first->header : std::vector<std::string>{};
}

}  // namespace

ImportTable read_import_table(std::string_view bytes, FileFormat format,
                              const ImportLimits& limits) {
  ImportTable out;
  if (bytes.size() > limits.max_file_bytes) {
    out.problems.push_back(
        {0, "",
         "the file is " + std::to_string(bytes.size() >> 20) + " MB; imports are limited to " +
             std::to_string(limits.max_file_bytes >> 20) + " MB (nothing was read)"});
    return out;
  }
  Result<CsvTable> table = fail(ErrorCode::kInternal, "unread");
  std::vector<std::string> header;
  if (format == FileFormat::kXlsx) {
    reports::XlsxLimits x;
    x.max_file_bytes = limits.max_file_bytes;
    x.max_rows = limits.max_rows + 1;
    x.max_uncompressed_bytes = limits.max_uncompressed_bytes;
    table = reports::read_xlsx(bytes, x);
  } else {
    CsvLimits c;
    c.max_rows = limits.max_rows + 1;
    table = parse_csv(bytes, c);
    if (!table) header = header_of(bytes);
  }
  if (!table) {
    const Error& e = table.error();
    out.problems.push_back(
        {number_after(e.field, "row ").value_or(0), column_name(e.field, header), e.message});
    return out;
  }
  if (table->rows.size() > limits.max_rows) {
    out.problems.push_back(
        {0, "", "the file has more than " + std::to_string(limits.max_rows) + " rows"});
    return out;
  }
  out.table = std::move(*table);
  return out;
}

std::vector<ImportProblem> check_columns(const CsvTable& table,
                                         const std::vector<std::string>& required,
                                         const std::vector<std::string>& optional) {
  std::vector<ImportProblem> out;
  for (const auto& name : required)
    if (!table.column(name))
      out.push_back({1, name, "the required column '" + name + "' is missing"});
  std::vector<std::string> seen;
  for (const auto& h : table.header) {
    const bool known = std::find(required.begin(), required.end(), h) != required.end() ||
                       std::find(optional.begin(), optional.end(), h) != optional.end();
    const std::string shown = is_valid_utf8(h) ? h.substr(0, 60) : "(invalid text)";
    if (!known)
      out.push_back({1, shown, "unknown column '" + shown + "' (see docs/import-format.md)"});
    else if (std::find(seen.begin(), seen.end(), h) != seen.end())
      out.push_back({1, shown, "the column '" + shown + "' appears twice"});
    seen.push_back(h);
  }
  return out;
}

std::string cell(const CsvTable& table, std::size_t row, std::string_view column) {
  const auto index = table.column(column);
  if (!index || *index >= table.rows[row].size()) return {};
  return trim(table.rows[row][*index]);
}

Result<CivilDate> parse_date_cell(std::string_view text, std::string_view column,
                                  bool allow_partial, bool from_xlsx) {
  // Spreadsheet programs store dates as serial day numbers (day 0 = 1899-12-30).
  if (from_xlsx && text.size() == 5 &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const int serial = std::atoi(std::string(text).c_str());
    return civil_from_days(serial - 25569);
  }
  auto d = parse_civil_date(text, column);
  if (!d) {
    const std::string shown =
        is_valid_utf8(text) ? std::string(text.substr(0, 30)) : "(invalid text)";
    return fail(ErrorCode::kInvalid,
                "'" + shown + "' is not a date; write YYYY-MM-DD" +
                    std::string(allow_partial ? " (or YYYY-MM, YYYY)" : ""),
                std::string(column));
  }
  if (!allow_partial && d->precision != DatePrecision::kDay)
    return fail(ErrorCode::kInvalid, "a full date is needed here (YYYY-MM-DD)",
                std::string(column));
  if (d->approximate)
    return fail(ErrorCode::kInvalid, "approximate dates ('~') are not accepted here",
                std::string(column));
  return d;
}

}  // namespace detail
}  // namespace nansen::pledges

namespace nansen::pledges::detail {

ImportStart start_import(std::string_view bytes, FileFormat format, bool dry_run,
                         const ImportLimits& limits, const std::vector<std::string>& required,
                         const std::vector<std::string>& optional) {
  ImportStart out;
  out.report.dry_run = dry_run;
  auto file = read_import_table(bytes, format, limits);
  if (!file.problems.empty()) {
    out.report.problems = std::move(file.problems);
    return out;
  }
  out.report.problems = check_columns(file.table, required, optional);
  out.table = std::move(file.table);
  return out;
}

}  // namespace nansen::pledges::detail
