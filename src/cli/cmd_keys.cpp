// SPDX-License-Identifier: Apache-2.0
// nansen keys create | rotate | reencrypt — the sensitive-field key file (docs/procedures.md,
// "The key file and rotation"): create the first key, rotate to a new current key keeping
// the old ones for reading, then re-encrypt the stored entries under the current key.
//
// Exit codes as in cli.h: 2 for bad usage or a key file that cannot be used as given
// (missing, malformed, already there), 3 for a database failure.
#include <iostream>
#include <memory>

#include "access/access.h"
#include "cli/open_database.h"
#include "registry/registry.h"

namespace nansen::cli {
namespace {

struct KeyArgs {
  std::string key_file;
  std::string id;
};

// A key file problem is the operator's to fix: always exit 2, naming the file.
int key_file_error(const Error& e, const std::string& key_file) {
  std::cerr << "error: " << e.message;
  if (!e.field.empty()) std::cerr << " (" << e.field << ")";
  if (e.field.find(key_file) == std::string::npos) std::cerr << " [key file " << key_file << "]";
  std::cerr << "\n";
  return 2;
}

// "k" and today's date: a readable default id that sorts by age.
std::string default_key_id() {
  std::string day = format_instant(system_clock()()).substr(0, 10);
  std::string id = "k";
  for (char c : day)
    if (c != '-') id.push_back(c);
  return id;
}

int create(const KeyArgs& a) {
  const std::string id = a.id.empty() ? default_key_id() : a.id;
  if (auto made = registry::create_key_file(a.key_file, id); !made)
    return key_file_error(made.error(), a.key_file);
  std::cout << "created key " << id << " in " << a.key_file
            << " (mode 0600). Keep it outside the database and its backups, and back it up "
               "separately: without it no sensitive entry can be read.\n";
  return 0;
}

int rotate(const KeyArgs& a) {
  if (auto rotated = registry::rotate_key_file(a.key_file, a.id); !rotated)
    return key_file_error(rotated.error(), a.key_file);
  std::cout << "key " << a.id << " is now the current key of " << a.key_file
            << "; the older keys stay for reading. Restart the server, then run: nansen keys "
               "reencrypt --key-file "
            << a.key_file << "\n";
  return 0;
}

void reencrypt(Context& ctx, const KeyArgs& a) {
  auto keys = registry::load_keyring(a.key_file);
  if (!keys) {
    ctx.exit_code = key_file_error(keys.error(), a.key_file);
    return;
  }
  // The new key must be on disk before any entry is rewritten under it: a crash after the
  // commit must not leave rows that only a key lost with the page cache could open.
  if (auto synced = registry::sync_key_file(a.key_file); !synced) {
    ctx.exit_code = key_file_error(synced.error(), a.key_file);
    return;
  }
  auto db = open_database(ctx);
  if (!db) return;
  auto count =
      registry::reencrypt_sensitive_entries(*db, access::system_actor(), *keys, system_clock()());
  if (!count) {
    ctx.exit_code = report_error(count.error());
    return;
  }
  std::cout << "re-encrypted " << *count << " sensitive entries under key " << keys->current.id
            << "\n";
  if (*count == 0 && !keys->previous.empty())
    std::cout << "every entry uses the current key: the older keys' lines may now be deleted\n";
}

}  // namespace

void add_key_commands(CLI::App& app, Context& ctx) {
  auto* keys =
      app.add_subcommand("keys", "The sensitive-field key file: create, rotate, re-encrypt");
  keys->require_subcommand(1);

  auto c = std::make_shared<KeyArgs>();
  auto* create_cmd = keys->add_subcommand("create", "Write a new key file holding one fresh key");
  create_cmd->add_option("--key-file", c->key_file, "The key file to create (must not exist)")
      ->required();
  create_cmd->add_option("--id", c->id, "Key id: 1-32 of A-Z a-z 0-9 - _ . (default k<date>)");
  create_cmd->callback([&ctx, c] { ctx.exit_code = create(*c); });

  auto r = std::make_shared<KeyArgs>();
  auto* rotate_cmd =
      keys->add_subcommand("rotate", "Add a fresh current key, keeping the old ones for reading");
  rotate_cmd->add_option("--key-file", r->key_file, "The existing key file")->required();
  rotate_cmd->add_option("--id", r->id, "Id of the new key (unused so far)")->required();
  rotate_cmd->callback([&ctx, r] { ctx.exit_code = rotate(*r); });

  auto e = std::make_shared<KeyArgs>();
  auto* reencrypt_cmd = keys->add_subcommand(
      "reencrypt",
      "Re-encrypt every sensitive entry not under the current key or in the old format");
  reencrypt_cmd->add_option("--db", ctx.db, "Database file or postgresql:// URL");
  reencrypt_cmd->add_option("--key-file", e->key_file, "The key file after rotation")->required();
  reencrypt_cmd->callback([&ctx, e] { reencrypt(ctx, *e); });
}

}  // namespace nansen::cli
