// SPDX-License-Identifier: Apache-2.0
// Procedure definitions are data: every shipped file validates, broken files are refused
// with a message naming the file and the JSON path at fault.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "procedures/support.h"

namespace nansen::procedures {
namespace {

using testing::shipped;

const std::string kData = std::string(NANSEN_SOURCE_DIR) + "/tests/data/procedures/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ShippedDefinitions, AllFiveLoadAndValidate) {
  auto catalog = load_builtin_definitions();
  ASSERT_TRUE(catalog) << catalog.error().message;
  for (const char* id : {"kz_asylum", "kz_statelessness", "unhcr_mandate_rsd", "kz_naturalization",
                         "kz_late_birth_registration"})
    EXPECT_TRUE(catalog->count(id)) << id;
}

TEST(ShippedDefinitions, CarryTheLegalFactsOfTheIssue) {
  const Definition& asylum = testing::shipped("kz_asylum");
  EXPECT_EQ(asylum.country, "KAZ");
  EXPECT_TRUE(asylum.assess_adults_individually);
  const Deadline* decision = asylum.deadline("decision");
  ASSERT_NE(decision, nullptr);
  EXPECT_EQ(decision->duration.months, 3);
  EXPECT_EQ(decision->max_extended_months, 12);
  EXPECT_EQ(decision->requires_events, std::vector<std::string>{"fingerprint"});
  EXPECT_EQ(asylum.deadline("fingerprinting")->duration.days, 3);
  EXPECT_EQ(asylum.deadline("application")->duration.days, 5);
  EXPECT_EQ(asylum.deadline("application")->variants.at(0).duration.hours, 24);

  const Definition& stateless = testing::shipped("kz_statelessness");
  EXPECT_EQ(stateless.deadline("enquiry_answer")->duration.months, 6);
  ASSERT_FALSE(stateless.documents.empty());
  EXPECT_EQ(stateless.documents[0].valid_months, 60);
  EXPECT_EQ(stateless.documents[0].min_age_years, 16);

  const Definition& rsd = testing::shipped("unhcr_mandate_rsd");
  EXPECT_EQ(rsd.country, std::nullopt);
  EXPECT_EQ(rsd.modalities, (std::vector<std::string>{"regular", "accelerated", "simplified"}));
  EXPECT_EQ(rsd.deadline("interview")->duration.months, 6);
  EXPECT_EQ(rsd.deadline("appeal")->duration.days, 30);
  EXPECT_EQ(rsd.deadline("appeal")->late_window_days, 42);
}

TEST(ShippedDefinitions, DecisionsAreApprovedByAnotherOfficer) {
  for (const auto& [id, def] : shipped())
    for (const auto& t : def.transitions)
      if (t.permission == access::Permission::kCaseApprove) {
        EXPECT_FALSE(t.not_by_actor_of.empty()) << id << ": " << t.id;
      }
}

TEST(ShippedDefinitions, TheDocumentsAProcedureEndsInComeFromItsDecisions) {
  auto catalog = load_builtin_definitions();
  ASSERT_TRUE(catalog);
  for (const char* type : {"refugee_certificate", "stateless_person_certificate",
                           "travel_document_1951", "travel_document_1954"})
    EXPECT_TRUE(issued_only_by_procedure(*catalog, type)) << type;
  EXPECT_FALSE(issued_only_by_procedure(*catalog, "asylum_seeker_certificate"));
  const Definition& stateless = shipped("kz_statelessness");
  EXPECT_EQ(stateless.documents[0].on_transitions,
            (std::vector<std::string>{"approve_stateless", "overturn_on_appeal"}));
  // Each approval names the outcome it approves, and a draft proposes it.
  EXPECT_EQ(stateless.transition("approve_stateless")->approves_outcome, "stateless");
  EXPECT_EQ(stateless.transition("draft_decision")->outcomes,
            (std::vector<std::string>{"stateless", "refuse"}));
  for (const auto& [id, def] : shipped())
    for (const auto& t : def.transitions)
      if (t.permission == access::Permission::kCaseApprove && t.id.rfind("approve_", 0) == 0 &&
          def.transition("draft_decision")) {
        EXPECT_TRUE(t.approves_outcome) << id << ": " << t.id;
      }
}

TEST(BrokenDefinitions, ADocumentTypeIsAnOutcomeEverywhereOrNowhere) {
  std::string mini = read_file(kData + "mini.json");
  const std::string tail = "\n  ]\n}\n";
  ASSERT_EQ(mini.substr(mini.size() - tail.size()), tail);
  auto with_document = [&](const std::string& id, bool outcome) {
    std::string d = mini.substr(0, mini.size() - 2) + ",\n  \"documents\": [{\"type\": " +
                    "\"refugee_certificate\", \"on_transition\": \"end\", \"valid_months\": 12" +
                    (outcome ? ", \"outcome\": true" : "") + "}]\n}\n";
    return d.replace(d.find("\"mini\""), 6, "\"" + id + "\"");
  };
  ASSERT_TRUE(load_definitions({{"procedures/a.json", with_document("a", true)}}));
  auto mixed = load_definitions({{"procedures/a.json", with_document("a", true)},
                                 {"procedures/b.json", with_document("b", false)}});
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().message,
            "procedures/b.json: documents[0].outcome: 'refugee_certificate' is not a "
            "procedure's outcome here but in procedures/a.json");
}

TEST(BrokenDefinitions, AreRefusedWithFileAndPath) {
  std::ifstream manifest(kData + "broken/expected.tsv");
  std::string line;
  int cases = 0;
  while (std::getline(manifest, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto cols = split(line, '\t');
    ASSERT_EQ(cols.size(), 2u) << line;
    const std::string content = read_file(kData + "broken/" + cols[0]);
    ASSERT_FALSE(content.empty()) << cols[0];
    auto result = load_definitions({{"procedures/" + cols[0], content}});
    ASSERT_FALSE(result) << cols[0] << " was accepted";
    EXPECT_EQ(result.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(result.error().message.substr(0, cols[1].size()), cols[1]) << cols[0];
    ++cases;
  }
  EXPECT_GE(cases, 15);
}

TEST(BrokenDefinitions, TheMinimalBaseOfTheBrokenFilesIsItselfValid) {
  auto result = load_definitions({{"procedures/mini.json", read_file(kData + "mini.json")}});
  ASSERT_TRUE(result) << result.error().message;
}

TEST(BrokenDefinitions, ADuplicateProcedureIdAcrossFilesIsRefused) {
  const std::string mini = read_file(kData + "mini.json");
  auto result = load_definitions({{"procedures/a.json", mini}, {"procedures/b.json", mini}});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "procedures/b.json: id: duplicate procedure id 'mini' (also in procedures/a.json)");
}

TEST(BrokenDefinitions, FilesOutsideProceduresAreIgnored) {
  auto result = load_definitions({{"i18n/en.json", "{not json"}});
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->empty());
}

}  // namespace
}  // namespace nansen::procedures
