// SPDX-License-Identifier: Apache-2.0
// Signed audit checkpoints (access.h): Ed25519 (libsodium crypto_sign) over the head's
// seq, hash and the signing time. The key file holds the 32-byte seed; the public key is
// derived from it, so the file cannot hold a mismatched pair.
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "access/access.h"

namespace nansen::access {
namespace {

constexpr std::string_view kMagic = "nansen-audit-checkpoint/1";
constexpr std::string_view kSeedLabel = "seed ";

struct KeyPair {
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> public_key{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> secret_key{};
  ~KeyPair() { sodium_memzero(secret_key.data(), secret_key.size()); }
};

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

// Exactly 2*N lowercase hex digits (one spelling per value, so a signed line has one form).
template <std::size_t N>
bool from_hex(std::string_view hex, std::array<unsigned char, N>& out) {
  if (hex.size() != 2 * N) return false;
  for (char c : hex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  std::size_t len = 0;
  return sodium_hex2bin(out.data(), N, hex.data(), hex.size(), nullptr, &len, nullptr) == 0 &&
         len == N;
}

std::string signed_text(const AuditCheckpoint& c) {
  return std::string(kMagic) + " seq=" + std::to_string(c.seq) + " hash=" + c.hash +
         " time=" + c.time + " key=" + c.public_key;
}

Result<KeyPair> load_key(const std::string& key_file) {
  if (!sodium_ready()) return fail(ErrorCode::kInternal, "libsodium failed to initialise");
  struct stat st {};
  if (::stat(key_file.c_str(), &st) != 0)
    return fail(ErrorCode::kInvalid, "cannot read the checkpoint key file", key_file);
  if ((st.st_mode & 077) != 0)
    return fail(ErrorCode::kInvalid,
                "the checkpoint key file is readable by others: chmod 600 it (and consider the "
                "key exposed)",
                key_file);
  std::ifstream in(key_file, std::ios::binary);
  if (!in) return fail(ErrorCode::kInvalid, "cannot read the checkpoint key file", key_file);
  std::optional<KeyPair> pair;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
    const bool ok = !pair && line.starts_with(kSeedLabel) &&
                    from_hex(std::string_view(line).substr(kSeedLabel.size()), seed);
    if (ok) {
      pair.emplace();
      crypto_sign_seed_keypair(pair->public_key.data(), pair->secret_key.data(), seed.data());
    }
    sodium_memzero(seed.data(), seed.size());
    if (!ok)
      return fail(ErrorCode::kInvalid, "expected one line 'seed <64 hex digits>'",
                  key_file + ":" + std::to_string(number));
  }
  if (!pair) return fail(ErrorCode::kInvalid, "the checkpoint key file holds no key", key_file);
  return std::move(*pair);
}

// Writes `content` to a new file `path` with mode 0600: written to a private temporary
// file, then linked into place, which fails if `path` exists. No moment exists in which
// the path holds a partial key or a key readable by others.
Status create_private_file(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return fail(ErrorCode::kUnavailable,
                std::string("cannot create the key file: ") + std::strerror(errno), path);
  const bool written =
      ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
      ::fsync(fd) == 0;
  ::close(fd);
  const int linked = written ? ::link(tmp.c_str(), path.c_str()) : -1;
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (!written) return fail(ErrorCode::kUnavailable, "cannot write the key file", path);
  if (linked != 0)
    return link_errno == EEXIST
               ? fail(ErrorCode::kConflict, "the key file already exists", path)
               : fail(ErrorCode::kUnavailable,
                      std::string("cannot create the key file: ") + std::strerror(link_errno),
                      path);
  return {};
}

Result<AuditCheckpoint> parse_line(std::string_view line, const std::string& where) {
  const auto bad = [&](const std::string& what) {
    return fail(ErrorCode::kInvalid, "not a valid checkpoint line: " + what, where);
  };
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t space = line.find(' ', start);
    parts.push_back(line.substr(start, space - start));
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  if (parts.size() != 6 || parts[0] != kMagic)
    return bad("expected '" + std::string(kMagic) + " seq= hash= time= key= sig='");
  const char* names[] = {"seq=", "hash=", "time=", "key=", "sig="};
  std::string_view value[5];
  for (int i = 0; i < 5; ++i) {
    if (!parts[i + 1].starts_with(names[i])) return bad(std::string("expected ") + names[i]);
    value[i] = parts[i + 1].substr(std::strlen(names[i]));
  }
  AuditCheckpoint c;
  const auto [end, ec] = std::from_chars(value[0].data(), value[0].data() + value[0].size(), c.seq);
  if (ec != std::errc() || end != value[0].data() + value[0].size() || c.seq < 0 ||
      std::to_string(c.seq) != value[0])
    return bad("seq must be a whole number");
  c.hash = value[1];
  std::array<unsigned char, crypto_generichash_BYTES> hash_bytes{};
  if (!(c.seq == 0 ? c.hash == "genesis" : from_hex(c.hash, hash_bytes)))
    return bad("hash must be 64 hex digits (\"genesis\" at seq 0)");
  c.time = value[2];
  if (auto t = parse_instant(c.time); !t || format_instant(*t) != c.time)
    return bad("time must be an instant like 2024-10-04T09:00:00Z");
  c.public_key = value[3];
  c.signature = value[4];
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  if (!from_hex(c.public_key, pk)) return bad("key must be 64 hex digits");
  if (!from_hex(c.signature, sig)) return bad("sig must be 128 hex digits");
  const std::string message = signed_text(c);
  if (crypto_sign_verify_detached(sig.data(),
                                  reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size(), pk.data()) != 0)
    return fail(ErrorCode::kInvalid,
                "the signature does not verify: the checkpoint line was altered", where);
  return c;
}

}  // namespace

std::string AuditCheckpoint::line() const {
  return signed_text(*this) + " sig=" + signature;
}

Result<std::string> create_checkpoint_key(const std::string& key_file) {
  if (!sodium_ready()) return fail(ErrorCode::kInternal, "libsodium failed to initialise");
  std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
  randombytes_buf(seed.data(), seed.size());
  KeyPair pair;
  crypto_sign_seed_keypair(pair.public_key.data(), pair.secret_key.data(), seed.data());
  const std::string public_hex = to_hex(pair.public_key.data(), pair.public_key.size());
  std::string content =
      "# Nansen audit checkpoint key (Ed25519): signs the audit chain's head.\n"
      "# Keep it outside the database and its backups. Keep the public key off this machine:\n"
      "# public " +
      public_hex + "\n" + std::string(kSeedLabel) + to_hex(seed.data(), seed.size()) + "\n";
  sodium_memzero(seed.data(), seed.size());
  auto made = create_private_file(key_file, content);
  sodium_memzero(content.data(), content.size());
  if (!made) return fail(made.error());
  return public_hex;
}

Result<std::string> checkpoint_public_key(const std::string& key_file) {
  auto key = load_key(key_file);
  if (!key) return fail(key.error());
  return to_hex(key->public_key.data(), key->public_key.size());
}

Result<std::vector<AuditCheckpoint>> parse_audit_checkpoints(std::string_view text,
                                                             std::string_view source,
                                                             std::string_view trusted_key) {
  if (!sodium_ready()) return fail(ErrorCode::kInternal, "libsodium failed to initialise");
  std::vector<AuditCheckpoint> out;
  std::string key(trusted_key);
  std::istringstream in{std::string(text)};
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    const std::string where = std::string(source) + ":" + std::to_string(number);
    auto c = parse_line(line, where);
    if (!c) return fail(c.error());
    if (key.empty()) key = c->public_key;
    if (c->public_key != key)
      return fail(
          ErrorCode::kInvalid,
          "signed by key " + c->public_key.substr(0, 16) + "..., not " +
              (trusted_key.empty() ? "the key of the first checkpoint " : "the trusted key ") +
              key.substr(0, 16) + "...",
          where);
    c->source_line = number;
    out.push_back(std::move(*c));
  }
  return out;
}

std::vector<AuditAnchor> checkpoint_anchors(const std::vector<AuditCheckpoint>& checkpoints,
                                            std::string_view source) {
  std::vector<AuditAnchor> anchors;
  for (const AuditCheckpoint& c : checkpoints)
    anchors.push_back(AuditAnchor{c.seq, c.hash,
                                  "checkpoint " + std::string(source) + ":" +
                                      std::to_string(c.source_line) + " (signed " + c.time + ")"});
  return anchors;
}

Result<CheckpointOutcome> sign_audit_checkpoint(db::Database& db, const std::string& key_file,
                                                const std::vector<AuditAnchor>& anchors,
                                                Instant now) {
  auto key = load_key(key_file);  // before the walk: a bad key file fails fast
  if (!key) return fail(key.error());
  ChainVerifyOptions options;
  options.anchors = anchors;
  auto chain = verify_audit_chain(db, options);
  if (!chain) return fail(chain.error());
  CheckpointOutcome outcome{*chain, std::nullopt};
  if (!chain->intact) return outcome;
  AuditCheckpoint c;
  c.seq = chain->head_seq;
  c.hash = chain->head_hash;
  c.time = format_instant(now);
  c.public_key = to_hex(key->public_key.data(), key->public_key.size());
  const std::string message = signed_text(c);
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), key->secret_key.data());
  c.signature = to_hex(sig.data(), sig.size());
  outcome.checkpoint = std::move(c);
  return outcome;
}

}  // namespace nansen::access
