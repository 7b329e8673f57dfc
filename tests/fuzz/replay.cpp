// SPDX-License-Identifier: Apache-2.0
// The unit test behind ctest's fuzz_replay.<target>: every file of the given directories
// (fuzz/seeds/<target>/ and the crash inputs kept in tests/data/fuzz/<target>/) goes
// through the target's LLVMFuzzerTestOneInput, compiled with g++ into the ordinary
// ASan/UBSan build. A fixed crash stays fixed: its input fails this test if it returns.
//
//   test_fuzz_replay <target> <dir>...
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_entry_points.h"  // generated: kFuzzTargets, one entry point per target

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <target> <dir>...\n", argv[0]);
    return 2;
  }
  const std::string_view name = argv[1];
  const auto* target = std::find_if(std::begin(kFuzzTargets), std::end(kFuzzTargets),
                                    [&](const FuzzTarget& t) { return t.name == name; });
  if (target == std::end(kFuzzTargets)) {
    std::fprintf(stderr, "unknown fuzz target %s\n", argv[1]);
    return 2;
  }
  std::vector<std::filesystem::path> inputs;
  for (int i = 2; i < argc; ++i) {
    if (!std::filesystem::is_directory(argv[i])) continue;  // no regressions yet
    for (const auto& entry : std::filesystem::directory_iterator(argv[i]))
      if (entry.is_regular_file()) inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  for (const auto& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::printf("%s\n", path.c_str());
    std::fflush(stdout);  // the last name printed is the input that crashed
    target->run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("%zu inputs replayed through %s\n", inputs.size(), argv[1]);
  return inputs.empty() ? 1 : 0;  // a target without seeds is a mistake
}
