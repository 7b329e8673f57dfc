// SPDX-License-Identifier: Apache-2.0
// Private to web/: an uploaded import file kept on the server between its dry-run preview
// and the confirmation, so that the official does not choose the file twice.
//
// Decision: the bytes go to a file under the node's data directory (the SQLite database's
// directory; for PostgreSQL, the key file's directory), in "import-staging/", named by a
// random 256-bit token. A JSON side file records the uploading user, the import kind, the
// file name and when it was saved. Only that user may use the token, for one hour; the
// confirmed import deletes it, and every new upload sweeps the expired ones. Nothing of it
// is in the database, so a staged file is never part of a backup or the audit chain, and
// a restart loses nothing that matters (the official uploads again).
#pragma once

#include <filesystem>
#include <string>

#include "access/access.h"
#include "base/base.h"

namespace nansen::web {

struct StagedUpload {
  access::UserId user;
  std::string kind;       // "pledges", "entities", "consultations"
  std::string file_name;  // as the browser sent it (display only)
  std::string bytes;
  Instant saved_at{};
};

inline constexpr std::chrono::seconds kStagedUploadLifetime{3600};

// Where staged uploads live for this configuration.
std::filesystem::path staging_directory(const Config& config);

// Saves `upload` (saved_at = now) and returns its token (64 hex digits). Removes the
// expired uploads first. Internal if the directory cannot be written. Thread-safe.
Result<std::string> stage_upload(const std::filesystem::path& dir, StagedUpload upload,
                                 Instant now);
// NotFound — the same for an unknown token, another user's, and an expired one, so a
// token reveals nothing — naming "token".
Result<StagedUpload> load_staged_upload(const std::filesystem::path& dir, std::string_view token,
                                        access::UserId user, Instant now);
// Removes the upload (no error if it is already gone).
void discard_staged_upload(const std::filesystem::path& dir, std::string_view token);

}  // namespace nansen::web
