// SPDX-License-Identifier: Apache-2.0
// `nansen mrz check|make` as an operator's script runs them. Needs the built binary in
// NANSEN_BIN (ctest sets it); skipped when run without it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

struct Ran {
  int exit_code = -1;
  std::string out;
};

Ran run(const std::string& args) {
  Ran r;
  const std::string cmd = std::string(std::getenv("NANSEN_BIN")) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class MrzCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("NANSEN_BIN")) GTEST_SKIP() << "NANSEN_BIN not set";
  }
};

TEST_F(MrzCli, CheckAcceptsTheUtopiaSpecimen) {
  auto r =
      run("mrz check 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' "
          "'L898902C36UTO7408122F1204159ZE184226B<<<<<10'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST_F(MrzCli, CheckNamesEachFailingDigit) {
  auto r =
      run("mrz check 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' "
          "'L898902C37UTO7408122F1204159ZE184226B<<<<<10'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("document number (expected 6, found 7)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("composite"), std::string::npos) << r.out;
  EXPECT_EQ(run("mrz check 'P<UTO' 'L898'").exit_code, 1);
}

TEST_F(MrzCli, MakePrintsTheTwoLines) {
  auto r =
      run("mrz make --type P --country KAZ --surname 'Абдрашов' --given 'Жанибек' "
          "--number N0012345 --nationality XXA --birth 1988-03-15 --sex M "
          "--expiry 2031-06-30");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out,
            "P<KAZABDRASHOV<<ZHANIBEK<<<<<<<<<<<<<<<<<<<<\n"
            "N0012345<0XXA8803159M3106305<<<<<<<<<<<<<<<6\n");
}

TEST_F(MrzCli, MakeNamesTheBadFlag) {
  const std::string base =
      "mrz make --country KAZ --surname Abdrashov --number N0012345 --nationality XXA "
      "--expiry 2031-06-30 ";
  auto birth = run(base + "--sex M --birth 2023-02-29");
  EXPECT_EQ(birth.exit_code, 2);
  EXPECT_NE(birth.out.find("--birth"), std::string::npos) << birth.out;
  auto nat =
      run("mrz make --country KAZ --surname A --number N1 --nationality K1Z --sex M "
          "--birth 1988 --expiry 2031-06-30");
  EXPECT_EQ(nat.exit_code, 2);
  EXPECT_NE(nat.out.find("--nationality"), std::string::npos) << nat.out;
  auto sex = run(base + "--birth 1988-03-15 --sex Q");
  EXPECT_EQ(sex.exit_code, 2);
  EXPECT_NE(sex.out.find("--sex"), std::string::npos) << sex.out;
}

}  // namespace
