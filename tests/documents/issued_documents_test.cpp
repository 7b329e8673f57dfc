// SPDX-License-Identifier: Apache-2.0
// Issuing, renewing and revoking documents on a real database: numbering, validity from
// the procedure, the 16+ rule of the stateless-person certificate, an MRZ on travel
// documents, history, scope. The documents a procedure ends in come from its decision
// (outcome_documents_test.cpp has the rules of that path).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "support/temp_database.h"

#include "documents/support.h"

namespace nansen::documents {
namespace {

using testing::day;
using testing::officer;

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
  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  procedures::Catalog catalog_;
  Instant now_;
  registry::PersonId adult_, teen_;
  access::Actor issuer_ = officer(3, access::Role::kDecisionMaker);
};

TEST_F(DocumentsTest, AStatelessPersonCertificateIsValidFiveYearsFromSixteen) {
  const auto c = testing::recognised_stateless(*db_, catalog_, adult_, {teen_}, now_, false);
  auto mine = *person_documents(*db_, issuer_, adult_, now_);
  ASSERT_EQ(mine.size(), 1u);
  const IssuedDocument& cert = mine[0];
  EXPECT_EQ(cert.type, DocumentType::kStatelessPersonCertificate);
  EXPECT_EQ(cert.number, "SP0000001");
  EXPECT_EQ(cert.case_id, c);
  EXPECT_EQ(format_civil_date(cert.issued_on), "2024-12-05");
  EXPECT_EQ(format_civil_date(cert.valid_until), "2029-12-05");
  EXPECT_FALSE(cert.mrz);
  EXPECT_TRUE(person_documents(*db_, issuer_, teen_, now_)->empty()) << "14 years old";
  // The case issues no other type by hand.
  auto wrong_type = issue_document(
      *db_, catalog_, issuer_,
      {DocumentType::kAsylumSeekerCertificate, adult_, c, day("2024-12-10"), 0}, now_);
  EXPECT_EQ(wrong_type.error().field, "type");
}

TEST_F(DocumentsTest, ATravelDocumentCarriesAValidMrz) {
  testing::recognised_stateless(*db_, catalog_, adult_, {teen_}, now_);
  auto docs = *person_documents(*db_, issuer_, adult_, now_);
  ASSERT_EQ(docs.size(), 2u);
  const IssuedDocument& td = docs[1];
  ASSERT_EQ(td.type, DocumentType::kTravelDocument1954);
  ASSERT_TRUE(td.mrz);
  EXPECT_EQ(td.mrz->line1, "P<KAZABDRASHOV<<ZHANIBEK<<<<<<<<<<<<<<<<<<<<");
  auto reading = read_td3(td.mrz->line1, td.mrz->line2);
  ASSERT_TRUE(reading);
  EXPECT_TRUE(reading->valid());
  EXPECT_EQ(reading->nationality, "XXA");
  EXPECT_EQ(reading->document_number, "TS0000001");
  EXPECT_EQ(reading->expiry_date, "291206");
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
  const IssueRequest r{DocumentType::kAsylumSeekerCertificate, adult_, std::nullopt,
                       day("2025-03-10"), 3};
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
