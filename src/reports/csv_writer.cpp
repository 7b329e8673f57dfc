// SPDX-License-Identifier: Apache-2.0
// CSV output: one header row, CRLF line ends (RFC 4180, and what spreadsheets expect).
#include "reports/reports.h"

namespace nansen::reports {
namespace {

void append_record(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_field(fields[i]);
  }
  out += "\r\n";
}

}  // namespace

std::string to_csv(const Table& table) {
  std::string out;
  append_record(out, table.header);
  for (const auto& row : table.rows) append_record(out, row);
  return out;
}

}  // namespace nansen::reports
