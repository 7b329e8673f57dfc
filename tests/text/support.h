// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the text/ tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "text/text.h"

namespace nansen::testing {

// The skeleton of `s`, failing the test (and answering "<error>") if there is none.
inline std::string sk(std::string_view s) {
  auto r = text::skeleton(s);
  EXPECT_TRUE(r) << s;
  return r ? *r : std::string("<error>");
}

}  // namespace nansen::testing
