// SPDX-License-Identifier: Apache-2.0
// Private to reports/: reading parts of a ZIP archive held in memory, with a byte budget
// shared by all parts so a ZIP bomb is refused before and while it inflates.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/base.h"

namespace nansen::reports {

class ZipArchive {
 public:
  // Invalid if `bytes` is not a ZIP archive; TooLarge if any entry declares, or all
  // entries together declare, more than `budget` uncompressed bytes.
  static Result<std::unique_ptr<ZipArchive>> open(std::string_view bytes, std::size_t budget);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  bool contains(const std::string& name) const;
  // Inflates one part. NotFound if absent; TooLarge as soon as the bytes inflated so far
  // exceed the part's declared size or the remaining budget (the declared size of a
  // bomb may lie); Invalid if the part is corrupt.
  Result<std::string> read(const std::string& name);

 private:
  explicit ZipArchive(void* archive, std::size_t budget) : archive_(archive), budget_(budget) {}
  void* archive_;  // zip_t*, kept opaque so <zip.h> stays in zip_reader.cpp
  std::size_t budget_;
};

}  // namespace nansen::reports
