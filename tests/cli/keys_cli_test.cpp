// SPDX-License-Identifier: Apache-2.0
// nansen keys create | rotate | reencrypt: the documented key rotation from the shell,
// and usage mistakes answered with exit 2 and a message naming what to fix.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "run.h"

namespace nansen::cli::testing {
namespace {

std::vector<std::string> key_ids(const std::filesystem::path& file) {
  std::vector<std::string> ids;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') ids.push_back(line.substr(0, line.find(' ')));
  return ids;
}

TEST(KeysCli, CreateRotateAndReencrypt) {
  const auto dir = temp_dir("keys");
  const auto key = dir / "nansen.key";
  auto made = run("keys create --key-file " + key.string() + " --id k2024");
  ASSERT_EQ(made.exit_code, 0) << made.out;
  EXPECT_EQ(key_ids(key), std::vector<std::string>{"k2024"});
  struct stat st {};
  ASSERT_EQ(::stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto again = run("keys create --key-file " + key.string());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.out.find("already exists"), std::string::npos) << again.out;

  auto rotated = run("keys rotate --key-file " + key.string() + " --id k2025");
  ASSERT_EQ(rotated.exit_code, 0) << rotated.out;
  EXPECT_EQ(key_ids(key), (std::vector<std::string>{"k2025", "k2024"}));

  const std::string db = "--db " + (dir / "n.db").string();
  auto re = run("keys reencrypt " + db + " --key-file " + key.string());
  EXPECT_EQ(re.exit_code, 0) << re.out;
  EXPECT_NE(re.out.find("re-encrypted 0 sensitive entries under key k2025"), std::string::npos)
      << re.out;
}

TEST(KeysCli, UsageMistakesExitTwoNamingTheProblem) {
  const auto dir = temp_dir("keys-usage");
  const auto key = (dir / "nansen.key").string();
  EXPECT_EQ(run("keys").exit_code, 2);
  auto no_file = run("keys create");
  EXPECT_EQ(no_file.exit_code, 2);
  EXPECT_NE(no_file.out.find("--key-file"), std::string::npos) << no_file.out;
  auto bad_id = run("keys create --key-file " + key + " --id 'no spaces'");
  EXPECT_EQ(bad_id.exit_code, 2);
  EXPECT_NE(bad_id.out.find("key_id"), std::string::npos) << bad_id.out;
  auto missing = run("keys rotate --key-file " + key + " --id k2");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.out.find(key), std::string::npos) << missing.out;
  EXPECT_EQ(run("keys rotate --key-file " + key).exit_code, 2);  // no --id
  ASSERT_EQ(run("keys create --key-file " + key + " --id k1").exit_code, 0);
  auto reused = run("keys rotate --key-file " + key + " --id k1");
  EXPECT_EQ(reused.exit_code, 2);
  EXPECT_NE(reused.out.find("unused key id"), std::string::npos) << reused.out;
  std::ofstream(dir / "broken.key") << "k1 not-hex\n";
  ::chmod((dir / "broken.key").c_str(), 0600);
  auto broken = run("keys reencrypt --db " + (dir / "n.db").string() + " --key-file " +
                    (dir / "broken.key").string());
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.out.find("broken.key:1"), std::string::npos) << broken.out;
}

TEST(KeysCli, AKeyFileOthersCanReadIsRefusedNamingItsMode) {
  const auto dir = temp_dir("keys-mode");
  const auto key = dir / "nansen.key";
  ASSERT_EQ(run("keys create --key-file " + key.string() + " --id k1").exit_code, 0);
  ASSERT_EQ(::chmod(key.c_str(), 0644), 0);
  const std::string db = "--db " + (dir / "n.db").string();
  for (const std::string& cmd : {"keys reencrypt " + db + " --key-file " + key.string(),
                                 "keys rotate --id k2 --key-file " + key.string()}) {
    auto refused = run(cmd);
    EXPECT_EQ(refused.exit_code, 2) << cmd << ": " << refused.out;
    EXPECT_NE(refused.out.find("mode 0644"), std::string::npos) << refused.out;
    EXPECT_NE(refused.out.find(key.string()), std::string::npos) << refused.out;
  }
}

}  // namespace
}  // namespace nansen::cli::testing
