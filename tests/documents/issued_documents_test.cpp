// SPDX-License-Identifier: Apache-2.0
// Issuing, renewing and revoking documents on a real database: numbering, validity from
// the procedure, the 16+ rule of the stateless-person certificate, an MRZ on travel
// documents, history, scope.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "support/temp_database.h"

#include "documents/documents.h"
#include "procedures/support.h"

namespace nansen::documents {
namespace {

using procedures::testing::day;
using procedures::testing::officer;

class DocumentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = nansen::testing::open_temp_database(dir_, "docs");
    ASSERT_TRUE(db_);
    catalog_ = *procedures::load_builtin_definitions();
    now_ = *parse_instant("2025-03-10T06:00:00Z");
    adult_ = add("Абдрашов", "Жанибек", "1988-03-15");
    teen_ = add("Абдрашова", "Айлин", "2010-06-01");
  }
  void TearDown() override { nansen::testing::close_temp_database(db_, dir_); }
  registry::PersonId add(const char* family, const char* given, const char* birth) {
    registry::PersonInput p;
    p.country = "KAZ";
    p.names.push_back(
        {registry::NameKind::kOfficial, std::string(family) + " " + given, given, family, "", ""});
    p.birth_date = day(birth);
    p.sex = 'M';
    p.nationalities.push_back({"stateless", ""});
    return *registry::register_person(*db_, access::system_actor(), p, now_);
  }
  // A statelessness case taken to recognition (six months without an answer).
  procedures::CaseId recognised_case() {
    auto sys = access::system_actor();
    procedures::CaseOpening o{"kz_statelessness", "KAZ", "", adult_, {teen_}, {}, std::nullopt};
    auto id = *procedures::open_case(*db_, catalog_, sys, o, now_);
    auto take = [&](const char* t, const char* on, std::map<std::string, std::string> f = {}) {
      auto r = procedures::take_transition(
          *db_, catalog_,
          t == std::string("approve_stateless") ? officer(7, access::Role::kDecisionMaker) : sys,
          id, {t, std::move(f)}, day(on), now_);
      ASSERT_TRUE(r) << t << ": " << r.error().message;
    };
    take("apply", "2024-06-01");
    take("register", "2024-06-02");
    take("send_enquiry", "2024-06-03", {{"enquiry_state", "UZB"}});
    take("draft_decision", "2024-12-04", {{"outcome", "stateless"}, {"reasons", "no answer"}});
    take("approve_stateless", "2024-12-05");
    return id;
  }
  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  procedures::Catalog catalog_;
  Instant now_;
  registry::PersonId adult_, teen_;
  access::Actor issuer_ = officer(3, access::Role::kDecisionMaker);
};

TEST_F(DocumentsTest, AStatelessPersonCertificateIsValidFiveYearsFromSixteen) {
  const auto c = recognised_case();
  auto cert = issue_document(
      *db_, catalog_, issuer_,
      {DocumentType::kStatelessPersonCertificate, adult_, c, day("2024-12-10"), 0}, now_);
  ASSERT_TRUE(cert) << cert.error().message;
  EXPECT_EQ(cert->number, "SP0000001");
  EXPECT_EQ(format_civil_date(cert->valid_until), "2029-12-10");
  EXPECT_FALSE(cert->mrz);
  auto teen = issue_document(
      *db_, catalog_, issuer_,
      {DocumentType::kStatelessPersonCertificate, teen_, c, day("2024-12-10"), 0}, now_);
  ASSERT_FALSE(teen);
  EXPECT_EQ(teen.error().field, "person");
  auto wrong_type =
      issue_document(*db_, catalog_, issuer_,
                     {DocumentType::kRefugeeCertificate, adult_, c, day("2024-12-10"), 0}, now_);
  EXPECT_EQ(wrong_type.error().field, "type");
}

TEST_F(DocumentsTest, ATravelDocumentCarriesAValidMrz) {
  auto td = issue_document(
      *db_, catalog_, issuer_,
      {DocumentType::kTravelDocument1954, adult_, std::nullopt, day("2025-03-10"), 60}, now_);
  ASSERT_TRUE(td) << td.error().message;
  ASSERT_TRUE(td->mrz);
  EXPECT_EQ(td->mrz->line1, "P<KAZABDRASHOV<<ZHANIBEK<<<<<<<<<<<<<<<<<<<<");
  auto reading = read_td3(td->mrz->line1, td->mrz->line2);
  ASSERT_TRUE(reading);
  EXPECT_TRUE(reading->valid());
  EXPECT_EQ(reading->nationality, "XXA");
  EXPECT_EQ(reading->document_number, "TS0000001");
  EXPECT_EQ(reading->expiry_date, "300310");
}

TEST_F(DocumentsTest, RenewAndRevokeKeepTheHistory) {
  auto first = *issue_document(
      *db_, catalog_, issuer_,
      {DocumentType::kAsylumSeekerCertificate, adult_, std::nullopt, day("2025-01-31"), 3}, now_);
  EXPECT_EQ(format_civil_date(first.valid_until), "2025-04-30");
  auto second = renew_document(*db_, catalog_, issuer_, first.id, day("2025-04-30"), now_);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->replaces, first.id);
  EXPECT_EQ(second->number, "AS0000002");
  EXPECT_EQ(format_civil_date(second->valid_until), "2025-07-30");
  EXPECT_EQ(renew_document(*db_, catalog_, issuer_, first.id, day("2025-05-01"), now_).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(revoke_document(*db_, issuer_, second->id, " ", day("2025-05-01"), now_).error().field,
            "reason");
  ASSERT_TRUE(
      revoke_document(*db_, issuer_, second->id, "status cessation", day("2025-05-01"), now_));
  auto history = person_documents(*db_, issuer_, adult_, now_);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->at(0).status, DocumentStatus::kRenewed);
  EXPECT_EQ(history->at(1).status, DocumentStatus::kRevoked);
  EXPECT_EQ(history->at(1).revoke_reason, "status cessation");
}

TEST_F(DocumentsTest, OtherCountriesAndRolesCannotIssue) {
  const auto kgz = officer(9, access::Role::kDecisionMaker, "KGZ");
  const IssueRequest r{DocumentType::kRefugeeCertificate, adult_, std::nullopt, day("2025-03-10"),
                       12};
  EXPECT_EQ(issue_document(*db_, catalog_, kgz, r, now_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(
      issue_document(*db_, catalog_, officer(2, access::Role::kCaseworker), r, now_).error().code,
      ErrorCode::kForbidden);
  auto doc = *issue_document(*db_, catalog_, issuer_, r, now_);
  EXPECT_EQ(revoke_document(*db_, kgz, doc.id, "x", day("2025-03-11"), now_).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(person_documents(*db_, kgz, adult_, now_).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace nansen::documents
