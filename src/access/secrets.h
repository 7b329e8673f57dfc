// SPDX-License-Identifier: Apache-2.0
// Private to access/: random secrets and their stored digests (libsodium).
#pragma once

#include <string>
#include <string_view>

namespace nansen::access {

std::string random_secret();                    // 32 random bytes, hex
std::string digest_hex(std::string_view data);  // generichash (BLAKE2b-256), hex
bool constant_time_equal(std::string_view a, std::string_view b);
std::string hash_password(std::string_view password);  // Argon2id, encoded string
bool verify_password(std::string_view encoded, std::string_view password);
// Spends the time a verification would, so unknown logins answer as slowly as wrong
// passwords (no user enumeration by timing).
void burn_password_time(std::string_view password);

}  // namespace nansen::access
