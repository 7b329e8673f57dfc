// SPDX-License-Identifier: Apache-2.0
// nansen dedup, search and translit as an operator runs them on plain CSV files: the
// output files, the exit codes, and every bad input named by row, line and column
// without echoing the personal data found there.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "run.h"

namespace nansen::cli::testing {
namespace {

const std::string kData = std::string(NANSEN_SOURCE_DIR) + "/tests/data/match/";

// Runs `nansen ARGS` keeping stdout and stderr apart (dedup reports progress on stderr
// and must leave stdout free for pipes).
struct Split {
  int exit_code = -1;
  std::string out, err;
};
Split run_split(const std::string& args) {
  const auto err_file = temp_dir("match-stderr") / "stderr.txt";
  const std::string cmd = binary() + " " + args + " < /dev/null 2> " + err_file.string();
  Split r;
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  std::stringstream ss;
  ss << in.rdbuf();
  r.err = ss.str();
  return r;
}

// id → cluster_id from a dedup output file; fails the test on a malformed line.
std::map<std::string, std::string> read_clusters(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "id,cluster_id");
  std::map<std::string, std::string> out;
  while (std::getline(in, line)) {
    const auto comma = line.rfind(',');
    EXPECT_NE(comma, std::string::npos) << line;
    if (comma == std::string::npos) continue;
    EXPECT_TRUE(out.emplace(line.substr(0, comma), line.substr(comma + 1)).second)
        << "id written twice: " << line;
  }
  return out;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(DedupCli, ClustersOnePersonAcrossScriptsAndWritesEveryRowWithProgressOnStderr) {
  const auto out = temp_dir("dedup") / "clusters.csv";
  auto r = run_split("dedup --in " + kData + "people.csv --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "") << "stdout stays free; progress goes to stderr";
  EXPECT_TRUE(contains(r.err, "read 16 rows")) << r.err;
  EXPECT_TRUE(contains(r.err, "clusters: ")) << r.err;
  const auto c = read_clusters(out);
  ASSERT_EQ(c.size(), 16u) << "every input row, singletons included";
  // Абдрашов / ABDRASHOV<<ZHANIBEK / Äbdirashov / Abdrashov: one man.
  EXPECT_EQ(c.at("1"), c.at("2"));
  EXPECT_EQ(c.at("1"), c.at("3"));
  // Юрий Соколов / IURII SOKOLOV / Yuriy Sokolov.
  EXPECT_EQ(c.at("14"), c.at("15"));
  EXPECT_EQ(c.at("14"), c.at("16"));
  // Usenova (F, 1990) and Usenov (M, 1962): same stem, different people.
  EXPECT_NE(c.at("5"), c.at("6"));
  // Nurlan is not Nursultan, though family and birth date agree.
  EXPECT_NE(c.at("13"), c.at("10"));
  // Singletons have a cluster of their own.
  for (const auto& [id, cluster] : c)
    if (id != "6") {
      EXPECT_NE(cluster, c.at("6")) << id;
    }
}

TEST(DedupCli, MapsFebrlHeadersWithColumnsAndComparesAttributes) {
  const auto out = temp_dir("dedup-febrl") / "clusters.csv";
  auto r = run_split("dedup --in " + kData + "febrl_style.csv --out " + out.string() +
                     " --veto none --columns "
                     "id=rec_id,given_name=given_name,family_name=surname,dob=date_of_birth,"
                     "attr=soc_sec_id,attr=postcode");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto c = read_clusters(out);
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c.at("rec-1-org"), c.at("rec-1-dup-0"));
  EXPECT_EQ(c.at("rec-2-org"), c.at("rec-2-dup-0")) << "typos in the given name and the date";
  EXPECT_NE(c.at("rec-1-org"), c.at("rec-2-org"));
  EXPECT_NE(c.at("rec-3-org"), c.at("rec-1-org"));
  EXPECT_NE(c.at("rec-3-org"), c.at("rec-2-org"));
}

TEST(DedupCli, LearnsTheNameFieldsOfAFileWithoutFamilies) {
  // FEBRL 1: 1000 records, 500 originals with up to 9 corrupted duplicates each. With EM on
  // the name fields too (no twins or households here) the clusters match the truth well.
  const auto out = temp_dir("dedup-febrl1") / "clusters.csv";
  const std::string febrl1 = std::string(NANSEN_SOURCE_DIR) + "/tests/data/match/febrl/dataset1.csv";
  auto r = run_split("dedup --in " + febrl1 + " --out " + out.string() +
                     " --learn-names --lenient --veto none --same-at 12 --ambiguity-margin 0"
                     " --columns id=rec_id,given_name=given_name,family_name=surname,"
                     "dob=date_of_birth,attr=soc_sec_id,attr=postcode,attr=address_1,attr=suburb");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto clusters = read_clusters(out);
  ASSERT_EQ(clusters.size(), 1000u);
  // "rec-17-dup-3" belongs to person 17.
  std::map<std::string, std::vector<std::string>> by_person;
  for (const auto& [id, cluster] : clusters)
    by_person[id.substr(0, id.find('-', 4))].push_back(cluster);
  std::size_t true_pairs = 0, found = 0;
  for (const auto& [person, cs] : by_person)
    for (std::size_t i = 0; i < cs.size(); ++i)
      for (std::size_t j = i + 1; j < cs.size(); ++j) {
        ++true_pairs;
        found += cs[i] == cs[j];
      }
  std::map<std::string, std::size_t> cluster_size;
  for (const auto& [id, cluster] : clusters) ++cluster_size[cluster];
  std::size_t predicted_pairs = 0;
  for (const auto& [cluster, n] : cluster_size) predicted_pairs += n * (n - 1) / 2;
  EXPECT_GT(double(found) / double(true_pairs), 0.95) << "recall";
  EXPECT_GT(double(found) / double(predicted_pairs), 0.99) << "precision";
}

TEST(DedupCli, AMissingColumnIsNamedAndNothingIsWritten) {
  const auto out = temp_dir("dedup-missing") / "clusters.csv";
  auto r = run_split("dedup --in " + kData + "people.csv --out " + out.string() +
                     " --columns id=rec_id");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "no column 'rec_id'")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));

  r = run_split("dedup --in " + kData + "people.csv --out " + out.string() +
                " --columns name=full_name");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "need a name column")) << r.err;

  r = run_split("dedup --in " + kData + "people.csv --out " + out.string() +
                " --columns id=id,attr=passport");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "no column 'passport'")) << r.err;

  r = run_split("dedup --in " + kData + "people.csv --out " + out.string() + " --columns surname");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "--columns")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(DedupCli, ABadRowIsNamedByRowLineAndColumnWithoutItsValue) {
  const auto out = temp_dir("dedup-bad") / "clusters.csv";
  auto r = run_split("dedup --in " + kData + "bad_dob.csv --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "row 3, column dob")) << r.err;
  EXPECT_FALSE(contains(r.err, "1985-13-45")) << "no personal data in messages";
  EXPECT_FALSE(contains(r.err, "Janibek"));
  EXPECT_FALSE(std::filesystem::exists(out));

  // A quoted name spanning two lines: the bad row starts on line 4.
  r = run_split("dedup --in " + kData + "bad_dob_multiline.csv --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "row 3 (line 4), column dob")) << r.err;

  r = run_split("dedup --in " + kData + "bad_field_count.csv --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "row 3")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));

  r = run_split("dedup --in " + kData + "no_such_file.csv --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "cannot open")) << r.err;
}

TEST(DedupCli, LenientKeepsGoingAndWritesUnreadableRowsAsSingletons) {
  const auto dir = temp_dir("dedup-lenient");
  auto strict =
      run_split("dedup --in " + kData + "nameless.csv --out " + (dir / "strict.csv").string());
  EXPECT_EQ(strict.exit_code, 2) << strict.err;
  EXPECT_TRUE(contains(strict.err, "row 3, column name")) << strict.err;

  auto r = run_split("dedup --lenient --in " + kData + "nameless.csv --out " +
                     (dir / "lenient.csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "1 unreadable values ignored")) << r.err;
  const auto c = read_clusters(dir / "lenient.csv");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c.at("1"), c.at("3"));
  EXPECT_NE(c.at("2"), c.at("1"));

  auto bad = run_split("dedup --lenient --in " + kData + "bad_dob.csv --out " +
                       (dir / "dob.csv").string());
  ASSERT_EQ(bad.exit_code, 0) << bad.err;
  EXPECT_EQ(read_clusters(dir / "dob.csv").size(), 3u);
}

TEST(SearchCli, RanksEverySpellingOfThePersonFirst) {
  auto r = run_split("search --in " + kData +
                     "people.csv --query 'ÄBDIRASHOV Zhanibek' --dob 1985 --top 4");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line.rfind("rank\tid\tweight", 0), 0u) << line;
  std::vector<std::string> ids;
  while (std::getline(lines, line)) {
    const auto a = line.find('\t'), b = line.find('\t', a + 1);
    ids.push_back(line.substr(a + 1, b - a - 1));
  }
  ASSERT_EQ(ids.size(), 4u) << r.out;
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "2", "3", "4"})) << r.out;
}

TEST(SearchCli, ExplainsTheFieldsAndRejectsBadQueries) {
  auto r =
      run_split("search --in " + kData + "people.csv --query 'Юрий Соколов' --top 1 --explain");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "family=")) << r.out;
  EXPECT_TRUE(contains(r.out, "given=")) << r.out;

  auto none = run_split("search --in " + kData + "people.csv --query 'Zzyzx Qwerty'");
  EXPECT_EQ(none.exit_code, 1) << none.out << none.err;
  EXPECT_TRUE(contains(none.err, "no candidates")) << none.err;

  auto dob = run_split("search --in " + kData + "people.csv --query 'Юрий' --dob 1955-13-01");
  EXPECT_EQ(dob.exit_code, 2) << dob.err;
  EXPECT_TRUE(contains(dob.err, "--dob")) << dob.err;

  auto empty = run_split("search --in " + kData + "people.csv --query '😀'");
  EXPECT_EQ(empty.exit_code, 2) << empty.err;
  EXPECT_TRUE(contains(empty.err, "--query")) << empty.err;

  auto sex = run_split("search --in " + kData + "people.csv --query 'Юрий' --sex X");
  EXPECT_EQ(sex.exit_code, 2) << sex.err;
}

TEST(TranslitCli, PrintsTheSkeletonAndTheMrzNameField) {
  struct Case {
    std::string in, skeleton, mrz;
  };
  for (const Case& c : std::vector<Case>{
           {"Абдрашов Жанибек Серикович", "abdrashov janibek serikovich", "ABDRASHOV<<ZHANIBEK"},
           {"Жанибек Серикович Абдрашов", "janibek serikovich abdrashov", "ABDRASHOV<<ZHANIBEK"},
           {"Äbdirashov Janibek", "abdirashov janibek", "AEBDIRASHOV<<JANIBEK"},
           {"ABDRASHOV<<ZHANIBEK", "abdrashov janibek", "ABDRASHOV<<ZHANIBEK"},
           {"Шерзод Ғуломов", "sherzod gulomov", "GULOMOV<<SHERZOD"},
           {"Усенова Айгүл Маратовна", "usenova aigul maratovna", "USENOVA<<AIGUL"},
           {"Нұрсұлтан", "nursultan", "NURSULTAN"},
       }) {
    auto r = run_split("translit '" + c.in + "'");
    ASSERT_EQ(r.exit_code, 0) << c.in << r.err;
    EXPECT_TRUE(contains(r.out, "skeleton: " + c.skeleton + "\n")) << c.in << "\n" << r.out;
    EXPECT_TRUE(contains(r.out, "mrz:      " + c.mrz + "\n")) << c.in << "\n" << r.out;
  }
}

TEST(TranslitCli, PrintsEverySchemeOnRequestAndRefusesBadText) {
  auto all = run_split("translit --all 'Өмірзақ'");
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_TRUE(contains(all.out, "kk2021:   Ömırzaq")) << all.out;  // the 2021 dotless ı
  EXPECT_TRUE(contains(all.out, "icao:     Omirzak")) << all.out;

  auto bad = run_split("translit \"$(printf '\\303\\050')\"");
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_TRUE(contains(bad.err, "error: ")) << bad.err;

  auto huge = run_split("translit " + std::string(10'000, 'x'));
  EXPECT_EQ(huge.exit_code, 2) << huge.err;
}

}  // namespace
}  // namespace nansen::cli::testing
