// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the TOML configuration file an operator edits (load_config). The
// loader reads a path, so each input is written to one scratch file of this process
// first. Any text must give a Config or an Invalid error — no exception escapes, and an
// accepted configuration holds values inside their documented ranges.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/base.h"

namespace {

const std::string& scratch_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/nansen-config-fuzz-" +
           std::to_string(::getpid()) + ".toml";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = scratch_path();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  auto config = nansen::load_config(path, {});
  std::remove(path.c_str());
  if (!config) {
    if (config.error().field.empty()) std::abort();
    return 0;
  }
  if (config->threads < 1 || config->threads > 256) std::abort();
  if (config->max_jobs_per_user < 1 || config->max_jobs_per_user > 64) std::abort();
  if (nansen::serves_https(*config) && !config->secure_cookies) std::abort();
  return 0;
}
