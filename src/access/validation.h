// SPDX-License-Identifier: Apache-2.0
// Private to access/: field checks shared by users and tokens.
#pragma once

#include "access/access.h"

namespace nansen::access {

Status check_login(std::string_view login);
Status check_password(std::string_view password);
Status check_scope(const Scope& scope);
Status check_language(std::string_view language);
Status check_display_name(std::string_view name);

}  // namespace nansen::access
