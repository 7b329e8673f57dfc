// SPDX-License-Identifier: Apache-2.0
// The sensitive-field key file: one "<key id> <64 hex digits>" per line, the first line
// current. It is born 0600 (never readable by others, not even for a moment), replaced
// only whole (a temporary file, fsync, rename, fsync of the directory), and refused when
// group or others have any access to it.
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <sstream>

#include "registry/internal.h"

namespace nansen::registry {

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

namespace {

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

bool valid_key_id(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

Status io_failure(const std::string& what, const std::string& path) {
  return fail(ErrorCode::kUnavailable, what + ": " + std::strerror(errno), path);
}

// The directory holding `path` ("." for a bare file name).
std::string directory_of(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

Status fsync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_failure("cannot open the key file's directory", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return io_failure("cannot flush the key file's directory", dir);
  return {};
}

// Writes `content` to a new temporary file beside `path`, created 0600 with O_EXCL by
// mkstemp (so a planted file or symbolic link is never written through), and flushed to
// disk. Returns the temporary file's name.
Result<std::string> write_temporary(const std::string& path, const std::string& content) {
  std::string name = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return fail(io_failure("cannot create a file beside the key file", path).error());
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  const bool ok = written == content.size() && ::fchmod(fd, 0600) == 0 && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(name.c_str());
    errno = saved;
    return fail(io_failure("cannot write the key file", path).error());
  }
  return name;
}

enum class Replace { kNever, kAlways };

// Puts `content` at `path` atomically: readers see the old file or the new one, never
// half of one; after a crash the new file is either complete or absent. kNever refuses
// (Conflict) if `path` exists, atomically too (link() fails on an existing name).
Status install_key_file(const std::string& path, const std::string& content, Replace replace) {
  auto tmp = write_temporary(path, content);
  if (!tmp) return fail(tmp.error());
  int rc = 0;
  if (replace == Replace::kNever) {
    rc = ::link(tmp->c_str(), path.c_str());
    const int saved = errno;
    ::unlink(tmp->c_str());
    errno = saved;
    if (rc != 0 && errno == EEXIST)
      return fail(ErrorCode::kConflict, "the key file already exists", path);
  } else {
    rc = ::rename(tmp->c_str(), path.c_str());
    if (rc != 0) ::unlink(tmp->c_str());
  }
  if (rc != 0) return io_failure("cannot put the key file in place", path);
  return fsync_directory(directory_of(path));
}

std::string fresh_key_line(std::string_view id) {
  std::array<unsigned char, crypto_secretbox_KEYBYTES> key{};
  crypto_secretbox_keygen(key.data());
  std::string line = std::string(id) + " " + to_hex(key.data(), key.size()) + "\n";
  sodium_memzero(key.data(), key.size());
  return line;
}

constexpr std::string_view kHeader = "# Nansen sensitive-field keys: first line = current\n";

// Reads the whole key file through one descriptor, after checking on that same
// descriptor that it is a regular file no one but its owner can open.
Result<std::string> read_private_file(const std::string& key_file) {
  const int fd = ::open(key_file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return fail(ErrorCode::kUnavailable, "cannot read the key file", key_file);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(ErrorCode::kInvalid, "the key file is not a regular file", key_file);
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    return fail(ErrorCode::kInvalid,
                "the key file " + key_file + " has mode " + octal_mode(st.st_mode) +
                    ": group and others must have no access to it (chmod 600 " + key_file + ")",
                key_file);
  }
  std::string content;
  std::array<char, 4096> buf{};
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return fail(ErrorCode::kUnavailable, "cannot read the key file", key_file);
    }
    if (n == 0) break;
    content.append(buf.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  return content;
}

}  // namespace

const SecretKey* Keyring::find(std::string_view id) const {
  if (current.id == id) return &current;
  for (const auto& k : previous)
    if (k.id == id) return &k;
  return nullptr;
}

Result<Keyring> load_keyring(const std::string& key_file) {
  if (!sodium_ready()) return fail(ErrorCode::kInternal, "libsodium failed to initialise");
  auto content = read_private_file(key_file);
  if (!content) return fail(content.error());
  Keyring ring;
  std::istringstream in(*content);
  std::string line;
  int number = 0;
  bool have_current = false;
  while (std::getline(in, line)) {
    ++number;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const std::string where = key_file + ":" + std::to_string(number);
    const auto space = t.find(' ');
    SecretKey key;
    key.id = t.substr(0, space);
    const std::string hex = space == std::string::npos ? "" : trim(t.substr(space + 1));
    std::size_t len = 0;
    if (!valid_key_id(key.id) || hex.size() != 64 ||
        sodium_hex2bin(key.bytes.data(), key.bytes.size(), hex.data(), hex.size(), nullptr, &len,
                       nullptr) != 0 ||
        len != key.bytes.size())
      return fail(ErrorCode::kInvalid, "expected '<key id> <64 hex digits>'", where);
    if (ring.find(key.id)) return fail(ErrorCode::kInvalid, "duplicate key id", where);
    if (!have_current) {
      ring.current = key;
      have_current = true;
    } else {
      ring.previous.push_back(key);
    }
  }
  sodium_memzero(content->data(), content->size());
  if (!have_current) return fail(ErrorCode::kInvalid, "the key file holds no key", key_file);
  return ring;
}

Status create_key_file(const std::string& key_file, std::string_view key_id) {
  if (!sodium_ready()) return fail(ErrorCode::kInternal, "libsodium failed to initialise");
  if (!valid_key_id(key_id))
    return fail(ErrorCode::kInvalid, "1–32 of A–Z a–z 0–9 - _ .", "key_id");
  std::error_code ec;
  if (std::filesystem::symlink_status(key_file, ec).type() != std::filesystem::file_type::not_found)
    return fail(ErrorCode::kConflict, "the key file already exists", key_file);
  std::string content = std::string(kHeader) + fresh_key_line(key_id);
  Status done = install_key_file(key_file, content, Replace::kNever);
  sodium_memzero(content.data(), content.size());
  return done;
}

Status rotate_key_file(const std::string& key_file, std::string_view new_key_id) {
  auto ring = load_keyring(key_file);
  if (!ring) return fail(ring.error());
  if (!valid_key_id(new_key_id) || ring->find(new_key_id))
    return fail(ErrorCode::kInvalid, "a new, unused key id is required", "key_id");
  std::string content = std::string(kHeader) + fresh_key_line(new_key_id);
  content += ring->current.id + " " + to_hex(ring->current.bytes.data(), 32) + "\n";
  for (const auto& k : ring->previous) content += k.id + " " + to_hex(k.bytes.data(), 32) + "\n";
  Status done = install_key_file(key_file, content, Replace::kAlways);
  sodium_memzero(content.data(), content.size());
  return done;
}

Status sync_key_file(const std::string& key_file) {
  const int fd = ::open(key_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_failure("cannot open the key file", key_file);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return io_failure("cannot flush the key file", key_file);
  return fsync_directory(directory_of(key_file));
}

Status check_keyring_covers(db::Database& db, const Keyring& keys, const std::string& key_file) {
  auto rows = db.query("SELECT DISTINCT key_id FROM sensitive_entries ORDER BY key_id");
  if (!rows) return fail(rows.error());
  std::string missing;
  for (const auto& r : *rows) {
    if (keys.find(r.text(0))) continue;
    missing += (missing.empty() ? "" : ", ") + r.text(0);
  }
  if (missing.empty()) return {};
  return fail(ErrorCode::kInvalid,
              "the database holds sensitive entries under key id(s) " + missing +
                  " that the key file " + key_file +
                  " lacks: restore the key file that has them (or add their lines back)",
              key_file);
}

}  // namespace nansen::registry
