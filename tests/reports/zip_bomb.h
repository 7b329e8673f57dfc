// SPDX-License-Identifier: Apache-2.0
// Builds ZIP archives in tests (libzip): well-formed workbooks and ZIP bombs, generated
// on the fly so no bomb is ever committed.
#pragma once

#include <unistd.h>
#include <zip.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace nansen::reports::testing {

// An archive holding `parts` (name → bytes), deflated.
inline std::string make_zip(const std::map<std::string, std::string>& parts) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("nansen-zip-" + std::to_string(::getpid()) + ".zip");
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!z) return {};
  for (const auto& [name, bytes] : parts) {
    zip_source_t* src = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
    const auto index = zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 1);
  }
  zip_close(z);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  std::filesystem::remove(path);
  return s.str();
}

inline const char* kWorkbookXml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/"
    "spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" "
    "r:id=\"rId1\"/></sheets></workbook>";

// A workbook whose first sheet inflates to `sheet_bytes` (spaces inside the XML: a few
// hundred kilobytes compressed).
inline std::string make_xlsx_bomb(std::size_t sheet_bytes) {
  std::string sheet = "<?xml version=\"1.0\"?><worksheet><sheetData>";
  sheet.append(sheet_bytes, ' ');
  sheet += "</sheetData></worksheet>";
  return make_zip({{"xl/workbook.xml", kWorkbookXml}, {"xl/worksheets/sheet1.xml", sheet}});
}

// Rewrites the declared uncompressed size of `name` in both the local header and the
// central directory: a bomb that lies about its size.
inline void lie_about_size(std::string& zip, const std::string& name, std::uint32_t declared) {
  for (std::size_t at = 0; (at = zip.find("PK", at)) != std::string::npos; ++at) {
    if (zip.compare(at, 4, "PK\x03\x04", 4) == 0 && zip.compare(at + 30, name.size(), name) == 0)
      std::memcpy(&zip[at + 22], &declared, 4);
    if (zip.compare(at, 4, "PK\x01\x02", 4) == 0 && zip.compare(at + 46, name.size(), name) == 0)
      std::memcpy(&zip[at + 24], &declared, 4);
  }
}

}  // namespace nansen::reports::testing
