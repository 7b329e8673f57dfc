// SPDX-License-Identifier: Apache-2.0
#include "web/pledges_form_staging.h"

#include <sodium.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace nansen::web {
namespace {

namespace fs = std::filesystem;

bool is_token(std::string_view token) {
  return token.size() == 64 && token.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string new_token() {
  if (sodium_init() < 0) return {};
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

std::optional<std::string> read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool write_private(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  ::chmod(path.c_str(), 0600);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out.flush());
}

fs::path meta_path(const fs::path& dir, std::string_view token) {
  return dir / (std::string(token) + ".json");
}
fs::path data_path(const fs::path& dir, std::string_view token) {
  return dir / (std::string(token) + ".upload");
}

struct Meta {
  access::UserId user;
  std::string kind, file_name;
  Instant saved_at{};
};

std::optional<Meta> read_meta(const fs::path& path) {
  auto text = read_all(path);
  if (!text) return std::nullopt;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto saved = parse_instant(j.value("saved_at", std::string()));
  if (!saved || !j.contains("user") || !j["user"].is_number_integer()) return std::nullopt;
  return Meta{access::UserId{j["user"].get<std::int64_t>()}, j.value("kind", std::string()),
              j.value("file_name", std::string()), *saved};
}

bool expired(Instant saved_at, Instant now) {
  return now - saved_at > kStagedUploadLifetime || saved_at - now > kStagedUploadLifetime;
}

void sweep(const fs::path& dir, Instant now) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path p = entry.path();
    if (p.extension() != ".json" || !is_token(p.stem().string())) continue;
    auto meta = read_meta(p);
    if (!meta || expired(meta->saved_at, now)) discard_staged_upload(dir, p.stem().string());
  }
}

}  // namespace

fs::path staging_directory(const Config& config) {
  const bool file_db = config.db.rfind("postgres", 0) != 0;
  const fs::path base = fs::path(file_db ? config.db : config.key_file).parent_path();
  return base / "import-staging";
}

Result<std::string> stage_upload(const fs::path& dir, StagedUpload upload, Instant now) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::kInternal, "cannot create the import staging directory", "file");
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  sweep(dir, now);
  const std::string token = new_token();
  if (!is_token(token)) return fail(ErrorCode::kInternal, "no random source", "file");
  const nlohmann::json meta = {{"user", upload.user.value},
                               {"kind", upload.kind},
                               {"file_name", upload.file_name},
                               {"saved_at", format_instant(now)}};
  // The data first: a side file never points at a missing upload.
  if (!write_private(data_path(dir, token), upload.bytes) ||
      !write_private(meta_path(dir, token), meta.dump())) {
    discard_staged_upload(dir, token);
    return fail(ErrorCode::kInternal, "cannot keep the uploaded file", "file");
  }
  return token;
}

Result<StagedUpload> load_staged_upload(const fs::path& dir, std::string_view token,
                                        access::UserId user, Instant now) {
  const Error gone{ErrorCode::kNotFound, "no such upload, or it has expired", "token"};
  if (!is_token(token)) return tl::unexpected(gone);
  auto meta = read_meta(meta_path(dir, token));
  if (!meta || meta->user != user || expired(meta->saved_at, now)) return tl::unexpected(gone);
  auto bytes = read_all(data_path(dir, token));
  if (!bytes) return tl::unexpected(gone);
  return StagedUpload{meta->user, meta->kind, meta->file_name, std::move(*bytes), meta->saved_at};
}

void discard_staged_upload(const fs::path& dir, std::string_view token) {
  if (!is_token(token)) return;
  std::error_code ec;
  fs::remove(data_path(dir, token), ec);
  fs::remove(meta_path(dir, token), ec);
}

}  // namespace nansen::web
