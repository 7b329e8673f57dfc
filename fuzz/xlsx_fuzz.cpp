// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: an uploaded spreadsheet through read_xlsx — the ZIP container
// (libzip), the XML parts (expat) and the size and compression-ratio guards. Small limits,
// so a ZIP bomb among the mutations must be refused as TooLarge long before it could
// reach the fuzzer's memory limit; what is accepted keeps the table's shape and limits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reports/reports.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  nansen::reports::XlsxLimits limits;
  limits.max_file_bytes = 1 << 20;
  limits.max_uncompressed_bytes = 4 << 20;
  limits.max_rows = 2000;
  limits.max_columns = 64;
  limits.max_cell_bytes = 4096;
  (void)nansen::reports::looks_like_zip(in);
  auto table = nansen::reports::read_xlsx(in, limits);
  if (!table) return 0;
  if (table->header.size() > limits.max_columns) std::abort();
  if (table->rows.size() > limits.max_rows) std::abort();
  if (table->rows.size() != table->row_lines.size()) std::abort();
  for (const auto& row : table->rows) {
    if (row.size() > limits.max_columns) std::abort();
    for (const auto& cell : row) {
      if (cell.size() > limits.max_cell_bytes) std::abort();
      if (!nansen::is_valid_utf8(cell)) std::abort();
    }
  }
  return 0;
}
