// SPDX-License-Identifier: Apache-2.0
// XLSX input: the first worksheet and the shared strings, nothing else (no styles, no
// formulas evaluated, no other sheets). Sizes are guarded at every step: the file, the
// uncompressed parts (ZipArchive's budget), rows, columns and cells.
#include <algorithm>
#include <map>

#include "reports/reports.h"
#include "reports/xml_reader.h"
#include "reports/zip_reader.h"

namespace nansen::reports {
namespace {

// The part the workbook's first <sheet> points at, through xl/_rels/workbook.xml.rels.
Result<std::string> first_sheet_part(ZipArchive& zip) {
  auto workbook = zip.read("xl/workbook.xml");
  if (!workbook) {
    if (workbook.error().code == ErrorCode::kNotFound)
      return fail(ErrorCode::kInvalid, "the file is not an XLSX workbook (no xl/workbook.xml)",
                  "file");
    return fail(workbook.error());
  }
  std::string rel_id;
  XmlHandlers on_workbook;
  on_workbook.start = [&](std::string_view name, const std::vector<XmlAttribute>& attrs) {
    if (local_name(name) != "sheet" || !rel_id.empty()) return;
    for (const auto& a : attrs)
      if (local_name(a.name) == "id" && a.name.find(':') != std::string_view::npos)
        rel_id = a.value;
  };
  NANSEN_TRY(parse_xml(*workbook, "xl/workbook.xml", on_workbook));
  const std::string fallback = "xl/worksheets/sheet1.xml";
  if (rel_id.empty() || !zip.contains("xl/_rels/workbook.xml.rels")) return fallback;

  auto rels = zip.read("xl/_rels/workbook.xml.rels");
  if (!rels) return fail(rels.error());
  std::string target;
  XmlHandlers on_rels;
  on_rels.start = [&](std::string_view name, const std::vector<XmlAttribute>& attrs) {
    if (local_name(name) != "Relationship") return;
    std::string_view id, tgt;
    for (const auto& a : attrs) {
      if (a.name == "Id") id = a.value;
      if (a.name == "Target") tgt = a.value;
    }
    if (id == rel_id) target = tgt;
  };
  NANSEN_TRY(parse_xml(*rels, "xl/_rels/workbook.xml.rels", on_rels));
  if (target.empty()) return fallback;
  if (target.front() == '/') return target.substr(1);
  return "xl/" + target;
}

Result<std::vector<std::string>> shared_strings(ZipArchive& zip, const XlsxLimits& limits) {
  std::vector<std::string> strings;
  if (!zip.contains("xl/sharedStrings.xml")) return strings;
  auto xml = zip.read("xl/sharedStrings.xml");
  if (!xml) return fail(xml.error());
  std::optional<Error> stop;
  bool in_t = false;
  int phonetic_depth = 0;  // <rPh> runs are pronunciation guides, not cell text
  XmlHandlers h;
  h.start = [&](std::string_view name, const std::vector<XmlAttribute>&) {
    const auto n = local_name(name);
    if (n == "si")
      strings.emplace_back();
    else if (n == "rPh")
      ++phonetic_depth;
    else if (n == "t" && phonetic_depth == 0)
      in_t = true;
  };
  h.end = [&](std::string_view name) {
    const auto n = local_name(name);
    if (n == "t")
      in_t = false;
    else if (n == "rPh")
      --phonetic_depth;
  };
  h.text = [&](std::string_view text) {
    if (!in_t || strings.empty()) return;
    strings.back().append(text);
    if (strings.back().size() > limits.max_cell_bytes)
      stop = Error{ErrorCode::kTooLarge, "a shared string is over the cell size limit",
                   "xl/sharedStrings.xml"};
  };
  NANSEN_TRY(parse_xml(*xml, "xl/sharedStrings.xml", h, &stop));
  return strings;
}

// "BC12" → column 54 (0-based 54): letters only; nullopt when absent or absurd.
std::optional<std::size_t> column_of(std::string_view ref) {
  std::size_t col = 0;
  std::size_t letters = 0;
  for (char c : ref) {
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + static_cast<std::size_t>(c - 'A' + 1);
    if (++letters > 3) return std::nullopt;
  }
  if (letters == 0) return std::nullopt;
  return col - 1;
}

std::string column_letters(std::size_t col) {
  std::string out;
  for (std::size_t n = col + 1; n > 0; n = (n - 1) / 26)
    out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  return out;
}

struct SheetRow {
  std::size_t number = 0;  // the spreadsheet's row number
  std::vector<std::string> cells;
};

struct SheetReader {
  const XlsxLimits& limits;
  const std::vector<std::string>& strings;
  std::vector<SheetRow> rows;
  std::optional<Error> stop;

  std::string cell_type;
  std::size_t cell_col = 0;
  std::size_t next_col = 0;
  std::string value;
  bool in_value = false;  // inside <v> or an inline <t>
  bool in_cell = false;

  void start(std::string_view name, const std::vector<XmlAttribute>& attrs) {
    const auto n = local_name(name);
    if (n == "row") {
      std::size_t number = rows.empty() ? 1 : rows.back().number + 1;
      for (const auto& a : attrs)
        if (a.name == "r")
          number = static_cast<std::size_t>(std::atoll(std::string(a.value).c_str()));
      if (rows.size() >= limits.max_rows) {
        stop = Error{ErrorCode::kTooLarge,
                     "the sheet has more than " + std::to_string(limits.max_rows) + " rows",
                     "row " + std::to_string(number)};
        return;
      }
      rows.push_back({number, {}});
      next_col = 0;
    } else if (n == "c" && !rows.empty()) {
      in_cell = true;
      cell_type.clear();
      value.clear();
      cell_col = next_col;
      for (const auto& a : attrs) {
        if (a.name == "t") cell_type = a.value;
        if (a.name == "r")
          if (auto c = column_of(a.value)) cell_col = *c;
      }
      next_col = cell_col + 1;
      if (cell_col >= limits.max_columns)
        stop = Error{ErrorCode::kTooLarge,
                     "the sheet has more than " + std::to_string(limits.max_columns) + " columns",
                     "row " + std::to_string(rows.back().number)};
    } else if (in_cell && (n == "v" || n == "t")) {
      in_value = true;
    }
  }

  void end(std::string_view name) {
    const auto n = local_name(name);
    if (n == "v" || n == "t") {
      in_value = false;
    } else if (n == "c" && in_cell) {
      in_cell = false;
      finish_cell();
    }
  }

  void text(std::string_view t) {
    if (!in_value) return;
    value.append(t);
    if (value.size() > limits.max_cell_bytes)
      stop = Error{ErrorCode::kTooLarge, "a cell is over the size limit", where()};
  }

  std::string where() const {
    return "row " + std::to_string(rows.empty() ? 0 : rows.back().number) + ", column " +
           column_letters(cell_col);
  }

  void finish_cell() {
    std::string out;
    if (cell_type == "s") {
      const auto index = static_cast<std::size_t>(std::atoll(value.c_str()));
      if (value.empty() || index >= strings.size()) {
        stop = Error{ErrorCode::kInvalid, "the cell refers to a shared string that does not exist",
                     where()};
        return;
      }
      out = strings[index];
    } else {
      out = value;  // inlineStr, str (formula result), n, b, e, d: as written
    }
    if (out.empty()) return;
    auto& cells = rows.back().cells;
    if (cells.size() <= cell_col) cells.resize(cell_col + 1);
    cells[cell_col] = std::move(out);
  }
};

Result<CsvTable> to_table(std::vector<SheetRow> rows) {
  std::erase_if(rows, [](const SheetRow& r) {
    return std::all_of(r.cells.begin(), r.cells.end(),
                       [](const std::string& c) { return trim(c).empty(); });
  });
  CsvTable table;
  if (rows.empty())
    return fail(ErrorCode::kInvalid, "the first sheet of the workbook is empty", "row 1");
  for (auto& h : rows.front().cells) table.header.push_back(trim(h));
  while (!table.header.empty() && table.header.back().empty()) table.header.pop_back();
  for (std::size_t i = 1; i < rows.size(); ++i) {
    auto& cells = rows[i].cells;
    for (std::size_t c = table.header.size(); c < cells.size(); ++c)
      if (!trim(cells[c]).empty())
        return fail(ErrorCode::kInvalid, "a value lies beyond the last header column",
                    "row " + std::to_string(rows[i].number) + ", column " + column_letters(c));
    cells.resize(table.header.size());
    table.rows.push_back(std::move(cells));
    table.row_lines.push_back(rows[i].number);
  }
  return table;
}

}  // namespace

bool looks_like_zip(std::string_view bytes) {
  return bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}

Result<CsvTable> read_xlsx(std::string_view bytes, const XlsxLimits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return fail(
        ErrorCode::kTooLarge,
        "the workbook is larger than " + std::to_string(limits.max_file_bytes >> 20) + " MB",
        "file");
  if (!looks_like_zip(bytes))
    return fail(ErrorCode::kInvalid, "the file is not an XLSX workbook", "file");
  auto zip = ZipArchive::open(bytes, limits.max_uncompressed_bytes);
  if (!zip) return fail(zip.error());
  auto sheet_part = first_sheet_part(**zip);
  if (!sheet_part) return fail(sheet_part.error());
  auto strings = shared_strings(**zip, limits);
  if (!strings) return fail(strings.error());
  auto sheet_xml = (*zip)->read(*sheet_part);
  if (!sheet_xml) {
    if (sheet_xml.error().code == ErrorCode::kNotFound)
      return fail(ErrorCode::kInvalid, "the workbook has no first worksheet", "file");
    return fail(sheet_xml.error());
  }
  SheetReader reader{limits, *strings, {}, {}, {}, 0, 0, {}, false, false};
  XmlHandlers h;
  h.start = [&](std::string_view n, const std::vector<XmlAttribute>& a) { reader.start(n, a); };
  h.end = [&](std::string_view n) { reader.end(n); };
  h.text = [&](std::string_view t) { reader.text(t); };
  NANSEN_TRY(parse_xml(*sheet_xml, *sheet_part, h, &reader.stop));
  for (const auto& row : reader.rows)
    for (std::size_t c = 0; c < row.cells.size(); ++c)
      if (!is_valid_utf8(row.cells[c]))
        return fail(ErrorCode::kInvalid, "invalid UTF-8 text",
                    "row " + std::to_string(row.number) + ", column " + column_letters(c));
  return to_table(std::move(reader.rows));
}

}  // namespace nansen::reports
