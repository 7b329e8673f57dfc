// SPDX-License-Identifier: Apache-2.0
// nansen import entities|pledges|consultations and nansen export pledges, as a script
// runs them: exit codes, every problem named by row and column, nothing written on error.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "run.h"

namespace nansen::cli::testing {
namespace {

// The sample files the demo ships are the reference import format.
const std::string kSamples = std::string(NANSEN_SOURCE_DIR) + "/share/data/pledges/";
const std::string kBad = std::string(NANSEN_SOURCE_DIR) + "/tests/data/pledges/";

TEST(PledgesCli, ImportsTheSampleDryRunFirstThenExportsCsvAndXlsx) {
  const auto dir = temp_dir("pledges");
  const std::string db = " --db " + (dir / "n.db").string();
  auto entities = run("import entities " + kSamples + "entities.csv" + db);
  ASSERT_EQ(entities.exit_code, 0) << entities.out;
  auto dry = run("import pledges " + kSamples + "pledges.csv --dry-run" + db);
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_NE(dry.out.find("dry run: 11 to create"), std::string::npos) << dry.out;
  auto real = run("import pledges " + kSamples + "pledges.csv" + db);
  ASSERT_EQ(real.exit_code, 0) << real.out;
  EXPECT_NE(real.out.find("11 to create"), std::string::npos) << real.out;
  auto again = run("import pledges " + kSamples + "pledges.csv" + db);
  EXPECT_NE(again.out.find("0 to create, 0 to change, 11 unchanged"), std::string::npos)
      << again.out;
  EXPECT_EQ(run("import consultations " + kSamples + "consultations.csv" + db).exit_code, 0);

  auto csv = run("export pledges --format csv --country KAZ" + db);
  ASSERT_EQ(csv.exit_code, 0) << csv.out;
  EXPECT_EQ(csv.out.rfind("pledge_id,title,description", 0), 0u) << csv.out;
  std::size_t lines = 0;
  for (char c : csv.out) lines += c == '\n';
  EXPECT_EQ(lines, 1u + 4u);

  const auto xlsx = dir / "pledges.xlsx";
  auto out = run("export pledges --format xlsx --out " + xlsx.string() + db);
  ASSERT_EQ(out.exit_code, 0) << out.out;
  std::ifstream in(xlsx, std::ios::binary);
  std::string head(2, '\0');
  in.read(head.data(), 2);
  EXPECT_EQ(head, "PK");
  // The workbook imports back unchanged.
  auto back = run("import pledges " + xlsx.string() + " --dry-run" + db);
  EXPECT_EQ(back.exit_code, 0) << back.out;
  EXPECT_NE(back.out.find("11 unchanged"), std::string::npos) << back.out;
}

TEST(PledgesCli, AMalformedFileExitsOneNamingEveryRowAndColumnAndWritesNothing) {
  const auto dir = temp_dir("pledges-bad");
  const std::string db = " --db " + (dir / "n.db").string();
  ASSERT_EQ(run("import entities " + kSamples + "entities.csv" + db).exit_code, 0);
  auto bad = run("import pledges " + kBad + "unknown_enumerations.csv" + db);
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  for (const char* named :
       {"row 2, column forum", "row 3, column pledge_type", "row 4, column serves",
        "row 5, column stage", "row 8, column submitting_entity", "nothing was written"})
    EXPECT_NE(bad.out.find(named), std::string::npos) << named << "\n" << bad.out;
  auto dates = run("import pledges " + kBad + "bad_dates.csv" + db);
  EXPECT_EQ(dates.exit_code, 1);
  EXPECT_NE(dates.out.find("row 3, column target_date"), std::string::npos) << dates.out;
  auto csv = run("export pledges --format csv" + db);
  EXPECT_EQ(csv.out.find('\n'), csv.out.size() - 1) << "only the header: nothing was written\n"
                                                    << csv.out;
  EXPECT_NE(run("export pledges --format pdf" + db).exit_code, 0);
  EXPECT_NE(run("import pledges /no/such/file.csv" + db).exit_code, 0);
}

}  // namespace
}  // namespace nansen::cli::testing
