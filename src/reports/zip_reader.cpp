// SPDX-License-Identifier: Apache-2.0
#include "reports/zip_reader.h"

#include <zip.h>

#include <array>

namespace nansen::reports {
namespace {

zip_t* as_zip(void* p) {
  return static_cast<zip_t*>(p);
}

std::string megabytes(std::size_t n) {
  return std::to_string(n / (1u << 20)) + " MB";
}

tl::unexpected<Error> too_large(const std::string& part, std::size_t budget) {
  return fail(ErrorCode::kTooLarge,
              "the workbook expands beyond " + megabytes(budget) +
                  " when uncompressed (a ZIP bomb?); nothing was read",
              part);
}

}  // namespace

Result<std::unique_ptr<ZipArchive>> ZipArchive::open(std::string_view bytes, std::size_t budget) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) {
    zip_error_fini(&error);
    return fail(ErrorCode::kInternal, "cannot read the workbook buffer");
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(source);
    return fail(ErrorCode::kInvalid, "the file is not an XLSX workbook (not a valid ZIP archive)",
                "file");
  }
  std::unique_ptr<ZipArchive> out(new ZipArchive(archive, budget));
  // Refuse on the declared sizes first: cheap, and catches honest bombs without
  // inflating a byte.
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  std::size_t declared_total = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    if (!(st.valid & ZIP_STAT_SIZE)) continue;
    const std::string name = (st.valid & ZIP_STAT_NAME) && st.name ? st.name : "entry";
    if (st.size > budget) return too_large(name, budget);
    declared_total += static_cast<std::size_t>(st.size);
    if (declared_total > budget) return too_large(name, budget);
  }
  return out;
}

ZipArchive::~ZipArchive() {
  zip_discard(as_zip(archive_));
}

bool ZipArchive::contains(const std::string& name) const {
  return zip_name_locate(as_zip(archive_), name.c_str(), 0) >= 0;
}

Result<std::string> ZipArchive::read(const std::string& name) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(as_zip(archive_), name.c_str(), 0, &st) != 0)
    return fail(ErrorCode::kNotFound, "the workbook has no part " + name, name);
  const bool has_size = (st.valid & ZIP_STAT_SIZE) != 0;
  const std::size_t declared = has_size ? static_cast<std::size_t>(st.size) : budget_;
  if (declared > budget_) return too_large(name, budget_);
  zip_file_t* file = zip_fopen(as_zip(archive_), name.c_str(), 0);
  if (!file) return fail(ErrorCode::kInvalid, "cannot open the workbook part " + name, name);
  std::string out;
  out.reserve(has_size ? declared : 0);
  std::array<char, 64 * 1024> chunk{};
  Status status;
  for (;;) {
    const zip_int64_t n = zip_fread(file, chunk.data(), chunk.size());
    if (n < 0) {
      status = fail(ErrorCode::kInvalid, "the workbook part " + name + " is corrupt", name);
      break;
    }
    if (n == 0) break;
    out.append(chunk.data(), static_cast<std::size_t>(n));
    // A lying header: more bytes than declared, or than the whole budget left.
    if (out.size() > declared || out.size() > budget_) {
      status = too_large(name, budget_);
      break;
    }
  }
  zip_fclose(file);
  if (!status) return fail(status.error());
  budget_ -= out.size();
  return out;
}

}  // namespace nansen::reports
