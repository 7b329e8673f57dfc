// SPDX-License-Identifier: Apache-2.0
// nansen audit verify | keygen | checkpoint — the audit chain from the operator's shell.
//
//   audit keygen --key K                 a new Ed25519 checkpoint key (mode 0600); prints
//                                        the public key to keep off the machine
//   audit checkpoint --key K --checkpoints F
//                                        verifies the chain against F's earlier checkpoints,
//                                        signs the head, appends the line to F and prints it
//                                        on stdout (so a cron job can also send it elsewhere)
//   audit verify [--checkpoints F [--public-key HEX]]
//
// Exit codes as in cli.h: 1 when the chain is broken or a checkpoint does not hold (a
// problem found: a rewritten log, an altered or foreign checkpoint line), 2 for bad usage
// or a key or checkpoint file that cannot be read, 3 for a database failure.
#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "access/access.h"
#include "cli/open_database.h"

namespace nansen::cli {
namespace {

struct AuditArgs {
  std::string key;
  std::string checkpoints;
  std::string public_key;
};

// A file the operator named: exit 2 when it cannot be used at all.
int file_error(const std::string& message, const std::string& path) {
  std::cerr << "error: " << message << " (" << path << ")\n";
  return 2;
}

// A checkpoint that does not hold, or a broken chain: exit 1.
int problem(const std::string& message) {
  std::cout << message << "\n";
  return 1;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void print_broken(const access::ChainCheck& check) {
  std::cout << "audit chain BROKEN";
  if (check.first_broken_seq) std::cout << " at row " << *check.first_broken_seq;
  std::cout << ": " << check.reason << "\n";
}

// Appends `line` to the checkpoint file (created if missing) and flushes it to disk.
Status append_line(const std::string& path, const std::string& existing, const std::string& line) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return fail(ErrorCode::kUnavailable, "cannot open the checkpoint file", path);
  const std::string text = (existing.empty() || existing.ends_with('\n') ? "" : "\n") + line + "\n";
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return fail(ErrorCode::kUnavailable, "cannot write the checkpoint file", path);
  return {};
}

int keygen(const AuditArgs& a) {
  auto made = access::create_checkpoint_key(a.key);
  if (!made) return report_error(made.error());
  std::cout << "created audit checkpoint key " << a.key << " (mode 0600)\n"
            << "public key: " << *made << "\n"
            << "Keep the key file outside the database and its backups. Write the public key "
               "down off this machine: `nansen audit verify --checkpoints FILE --public-key "
            << *made << "` checks the checkpoints against it.\n";
  return 0;
}

void checkpoint(Context& ctx, const AuditArgs& a) {
  auto public_key = access::checkpoint_public_key(a.key);
  if (!public_key) {
    ctx.exit_code = report_error(public_key.error());
    return;
  }
  std::string existing;
  if (std::filesystem::exists(a.checkpoints)) {
    auto text = read_file(a.checkpoints);
    if (!text) {
      ctx.exit_code = file_error("cannot read the checkpoint file", a.checkpoints);
      return;
    }
    existing = std::move(*text);
  }
  auto earlier = access::parse_audit_checkpoints(existing, a.checkpoints, *public_key);
  if (!earlier) {
    ctx.exit_code = problem("checkpoint NOT signed: " + earlier.error().message + " (" +
                            earlier.error().field + ")");
    return;
  }
  auto db = open_database(ctx);
  if (!db) return;
  auto outcome = access::sign_audit_checkpoint(
      *db, a.key, access::checkpoint_anchors(*earlier, a.checkpoints), system_clock()());
  if (!outcome) {
    ctx.exit_code = report_error(outcome.error());
    return;
  }
  if (!outcome->checkpoint) {
    print_broken(outcome->chain);
    ctx.exit_code = problem("checkpoint NOT signed: the log must be investigated first");
    return;
  }
  const std::string line = outcome->checkpoint->line();
  if (auto appended = append_line(a.checkpoints, existing, line); !appended) {
    ctx.exit_code = report_error(appended.error());
    return;
  }
  std::cout << line << "\n";
  std::cerr << "checkpoint of row " << outcome->checkpoint->seq << " appended to " << a.checkpoints
            << "; copy it off this machine\n";
}

void verify(Context& ctx, const AuditArgs& a) {
  if (!a.public_key.empty() && a.checkpoints.empty()) {
    ctx.exit_code = 2;
    std::cerr << "error: --public-key checks checkpoints: give --checkpoints FILE too\n";
    return;
  }
  std::string trusted = a.public_key;
  for (char& c : trusted) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!trusted.empty() && (trusted.size() != 64 ||
                           trusted.find_first_not_of("0123456789abcdef") != std::string::npos)) {
    ctx.exit_code = 2;
    std::cerr << "error: --public-key must be the 64 hex digits `nansen audit keygen` printed\n";
    return;
  }
  std::vector<access::AuditCheckpoint> checkpoints;
  if (!a.checkpoints.empty()) {
    auto text = read_file(a.checkpoints);
    if (!text) {
      ctx.exit_code = file_error("cannot read the checkpoint file", a.checkpoints);
      return;
    }
    auto parsed = access::parse_audit_checkpoints(*text, a.checkpoints, trusted);
    if (!parsed) {
      ctx.exit_code = problem("checkpoint file REJECTED: " + parsed.error().message + " (" +
                              parsed.error().field + ")");
      return;
    }
    if (parsed->empty()) {
      ctx.exit_code = problem("checkpoint file REJECTED: " + a.checkpoints +
                              " holds no checkpoint (emptied or truncated?)");
      return;
    }
    checkpoints = std::move(*parsed);
  }
  auto db = open_database(ctx);
  if (!db) return;
  access::ChainVerifyOptions options;
  options.anchors = access::checkpoint_anchors(checkpoints, a.checkpoints);
  auto check = access::verify_audit_chain(*db, options);
  if (!check) {
    ctx.exit_code = report_error(check.error());
    return;
  }
  if (!check->intact) {
    print_broken(*check);
    ctx.exit_code = 1;
    return;
  }
  std::cout << "audit chain intact: " << check->rows_checked << " rows verified\n";
  if (!checkpoints.empty()) {
    const access::AuditCheckpoint& last = checkpoints.back();
    std::cout << "consistent with all " << checkpoints.size() << " checkpoints of " << a.checkpoints
              << " (the last: row " << last.seq << ", signed " << last.time << ") signed by key "
              << last.public_key << "\n";
    if (trusted.empty())
      std::cout << "compare that key with the public key kept off this machine, or pass "
                   "--public-key\n";
  }
}

}  // namespace

void add_audit_commands(CLI::App& app, Context& ctx) {
  auto* audit = app.add_subcommand("audit", "Audit log tools: verify, signed checkpoints");
  audit->require_subcommand(1);

  auto v = std::make_shared<AuditArgs>();
  auto* verify_cmd = audit->add_subcommand(
      "verify",
      "Check the audit log's hash chain (and signed checkpoints); exit 1 naming the first "
      "problem");
  verify_cmd->add_option("--db", ctx.db, "Database file or postgresql:// URL");
  verify_cmd->add_option("--checkpoints", v->checkpoints,
                         "Checkpoint file (`nansen audit checkpoint`): the log must still "
                         "contain every checkpointed row unchanged");
  verify_cmd->add_option("--public-key", v->public_key,
                         "The checkpoint key's public key (hex): every checkpoint must carry it");
  verify_cmd->callback([&ctx, v] { verify(ctx, *v); });

  auto k = std::make_shared<AuditArgs>();
  auto* keygen_cmd =
      audit->add_subcommand("keygen", "Create an Ed25519 key for signing audit checkpoints");
  keygen_cmd->add_option("--key", k->key, "The key file to create (must not exist)")->required();
  keygen_cmd->callback([&ctx, k] { ctx.exit_code = keygen(*k); });

  auto c = std::make_shared<AuditArgs>();
  auto* checkpoint_cmd = audit->add_subcommand(
      "checkpoint",
      "Verify the chain, sign its head and append the checkpoint line to a file (and stdout)");
  checkpoint_cmd->add_option("--db", ctx.db, "Database file or postgresql:// URL");
  checkpoint_cmd->add_option("--key", c->key, "The checkpoint key file (`nansen audit keygen`)")
      ->required();
  checkpoint_cmd
      ->add_option("--checkpoints", c->checkpoints,
                   "The checkpoint file to append to (created if missing)")
      ->required();
  checkpoint_cmd->callback([&ctx, c] { checkpoint(ctx, *c); });
}

}  // namespace nansen::cli
