// SPDX-License-Identifier: Apache-2.0
// Reads the tab-separated case files under tests/data/ (comments start with '#').
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/base.h"

namespace nansen::testing {

inline std::vector<std::vector<std::string>> read_cases(const std::string& relative) {
  std::ifstream in(std::string(NANSEN_SOURCE_DIR) + "/tests/data/" + relative);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    rows.push_back(split(line, '\t'));
  }
  return rows;
}

}  // namespace nansen::testing
