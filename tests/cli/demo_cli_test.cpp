// SPDX-License-Identifier: Apache-2.0
// nansen demo seed: the pledges and a (small) synthetic registry into a new database,
// acted out by the demo officers, with progress on stderr and the counts on stdout.
#include <gtest/gtest.h>

#include <fstream>

#include "run.h"

namespace nansen::cli::testing {
namespace {

TEST(DemoCli, SeedsASmallRegistryWithItsOfficersAndTheKeyFile) {
  const auto dir = temp_dir("demo-seed");
  const auto key = dir / "nansen.key";
  ASSERT_EQ(run("keys create --key-file " + key.string()).exit_code, 0);
  const auto config = dir / "nansen.toml";
  std::ofstream(config) << "[security]\nkey_file = \"" << key.string() << "\"\n";
  const std::string db = "--db " + (dir / "demo.db").string();

  auto seeded = run("--config " + config.string() + " demo seed --persons 60 --seed 3 " + db);
  ASSERT_EQ(seeded.exit_code, 0) << seeded.out;
  EXPECT_NE(seeded.out.find("demo registry: 60 persons"), std::string::npos) << seeded.out;
  EXPECT_NE(seeded.out.find("demo registry: cases"), std::string::npos) << seeded.out;
  EXPECT_EQ(seeded.out.find("no usable key file"), std::string::npos) << seeded.out;

  // Officers the seed had to create itself exist afterwards (scripts/demo.sh makes them
  // first, with the demo password).
  auto users = run("user list " + db);
  ASSERT_EQ(users.exit_code, 0);
  for (const char* login : {"registrar.kaz", "caseworker.kgz", "decision.tjk", "appeals.uzb"})
    EXPECT_NE(users.out.find(login), std::string::npos) << login;
  EXPECT_EQ(run("audit verify " + db).exit_code, 0);

  auto without_key =
      run("demo seed --persons 20 --db " + (dir / "other.db").string() + " --seed 4");
  EXPECT_EQ(without_key.exit_code, 0) << without_key.out;
  EXPECT_NE(without_key.out.find("no usable key file"), std::string::npos) << without_key.out;
  EXPECT_EQ(run("demo seed --persons many " + db).exit_code, 2);
}

}  // namespace
}  // namespace nansen::cli::testing
