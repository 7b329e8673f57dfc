// SPDX-License-Identifier: Apache-2.0
// Any bytes into the CSV reader; what it accepts must survive a write/read round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/base.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  nansen::CsvLimits limits{.max_rows = 1000, .max_field_bytes = 4096, .max_columns = 64};
  auto table = nansen::parse_csv(in, limits);
  if (!table) {
    if (table.error().field.empty()) std::abort();  // errors always name row and column
    return 0;
  }
  for (const auto& row : table->rows)
    if (row.size() != table->header.size()) std::abort();
  return 0;
}
