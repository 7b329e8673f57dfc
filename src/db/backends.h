// SPDX-License-Identifier: Apache-2.0
// Private to db/: the constructors of the two backends. Callers use db::open().
#pragma once

#include <memory>
#include <string>

#include "db/db.h"

namespace nansen::db {

Result<std::shared_ptr<Database>> open_sqlite(const std::string& path, int pool_size);
Result<std::shared_ptr<Database>> open_postgres(const std::string& url, int pool_size);

// Rewrites `?` placeholders outside quoted literals to $1, $2 ... (PostgreSQL).
std::string to_numbered_placeholders(std::string_view sql);

}  // namespace nansen::db
