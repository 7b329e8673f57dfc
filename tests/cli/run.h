// SPDX-License-Identifier: Apache-2.0
// Runs the real `nansen` binary (NANSEN_BIN) the way an operator's script would.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace nansen::cli::testing {

struct Ran {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

inline std::string binary() {
  const char* bin = std::getenv("NANSEN_BIN");
  return bin ? bin : "nansen";
}

// Runs `nansen ARGS` with `input` on stdin; ARGS is passed to the shell as written.
inline Ran run(const std::string& args, const std::string& input = "") {
  const auto in = std::filesystem::temp_directory_path() / ("nansen-stdin-" + std::to_string(::getpid()));
  std::ofstream(in) << input;
  const std::string cmd = binary() + " " + args + " < " + in.string() + " 2>&1";
  Ran r;
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::filesystem::remove(in);
  return r;
}

inline std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("nansen-cli-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace nansen::cli::testing
