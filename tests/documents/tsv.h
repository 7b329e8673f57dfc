// Reads the tab-separated case files under tests/data/documents/ ('#' lines are comments).
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/base.h"

namespace nansen::documents::testing {

inline std::vector<std::vector<std::string>> read_tsv(const std::string& name) {
  std::ifstream in(std::string(NANSEN_SOURCE_DIR) + "/tests/data/documents/" + name);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    rows.push_back(split(line, '\t'));
  }
  return rows;
}

}  // namespace nansen::documents::testing
