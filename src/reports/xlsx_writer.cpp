// SPDX-License-Identifier: Apache-2.0
// XLSX output through libxlsxwriter. Version 1.1.4 (Debian 12) can only write to a file,
// so the workbook goes through a private temporary file that is read back and removed.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <xlsxwriter.h>

#include "reports/reports.h"

namespace nansen::reports {
namespace {

// A unique, private (0600) temporary path; mkstemp creates the file, libxlsxwriter
// then overwrites it.
std::optional<std::string> make_temp_path() {
  std::string pattern = (std::filesystem::temp_directory_path() / "nansen-xlsx-XXXXXX").string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) return std::nullopt;
  ::close(fd);
  return pattern;
}

// Excel caps a sheet name at 31 characters and forbids []:*?/\ in it.
std::string safe_sheet_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) continue;
    out += c;
    if (out.size() >= 31) break;
  }
  return out.empty() ? "Sheet1" : out;
}

Status write_workbook(const std::string& path, const Table& table, std::string_view sheet) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  if (!workbook) return fail(ErrorCode::kInternal, "cannot create the XLSX workbook");
  const std::string name = safe_sheet_name(sheet);
  lxw_worksheet* ws = workbook_add_worksheet(workbook, name.c_str());
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  for (std::size_t c = 0; c < table.header.size(); ++c)
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), table.header[c].c_str(), bold);
  for (std::size_t r = 0; r < table.rows.size(); ++r)
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
      if (table.rows[r][c].empty()) continue;
      worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c),
                             table.rows[r][c].c_str(), nullptr);
    }
  worksheet_freeze_panes(ws, 1, 0);
  const lxw_error rc = workbook_close(workbook);
  if (rc != LXW_NO_ERROR)
    return fail(ErrorCode::kInternal, std::string("XLSX export failed: ") + lxw_strerror(rc));
  return {};
}

}  // namespace

Result<std::string> to_xlsx(const Table& table, std::string_view sheet_name) {
  auto path = make_temp_path();
  if (!path)
    return fail(ErrorCode::kUnavailable, "cannot create a temporary file for the XLSX export");
  auto written = write_workbook(*path, table, sheet_name);
  std::string bytes;
  if (written) {
    std::ifstream in(*path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    bytes = buffer.str();
  }
  std::error_code ignored;
  std::filesystem::remove(*path, ignored);
  if (!written) return fail(written.error());
  if (bytes.empty()) return fail(ErrorCode::kInternal, "the XLSX export came out empty");
  return bytes;
}

}  // namespace nansen::reports
