// SPDX-License-Identifier: Apache-2.0
// get_document() and find_document_by_number(): one document as in its holder's
// history, never one of another country.
#include "support/temp_database.h"

#include "documents/support.h"

namespace nansen::documents {
namespace {

using testing::officer;

class DocumentLookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = nansen::testing::open_temp_database(dir_, "doc-lookup");
    ASSERT_TRUE(db_);
    catalog_ = *procedures::load_builtin_definitions();
    now_ = *parse_instant("2025-03-10T06:00:00Z");
    kaz_ = issue("KAZ", officer(3, access::Role::kDecisionMaker, "KAZ"));
    uzb_ = issue("UZB", officer(4, access::Role::kDecisionMaker, "UZB"));
    // A travel document comes from a recognition: the holder's second document.
    testing::recognised_stateless(*db_, catalog_, kaz_.person, {}, now_);
    travel_ = person_documents(*db_, access::system_actor(), kaz_.person, now_)->back();
  }
  void TearDown() override { nansen::testing::close_temp_database(db_, dir_); }

  IssuedDocument issue(const char* country, const access::Actor& issuer) {
    registry::PersonInput p;
    p.country = country;
    p.names.push_back(
        {registry::NameKind::kOfficial, "Abdrashov Zhanibek", "Zhanibek", "Abdrashov", "", ""});
    p.birth_date = *parse_civil_date("1988-03-15");
    p.sex = 'M';
    auto person = *registry::register_person(*db_, access::system_actor(), p, now_);
    auto d = issue_document(*db_, catalog_, issuer,
                            {DocumentType::kAsylumSeekerCertificate, person, std::nullopt,
                             *parse_civil_date("2025-03-10"), 3},
                            now_);
    EXPECT_TRUE(d) << (d ? "" : d.error().message);
    return *d;
  }

  std::filesystem::path dir_;
  std::shared_ptr<db::Database> db_;
  procedures::Catalog catalog_;
  Instant now_;
  IssuedDocument kaz_, uzb_, travel_;
};

TEST_F(DocumentLookupTest, ReadsOneDocumentWithItsMrz) {
  auto d = get_document(*db_, officer(5, access::Role::kCaseworker, "KAZ"), travel_.id, now_);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->number, "TS0000001");
  ASSERT_TRUE(d->mrz);
  EXPECT_EQ(d->mrz->line2, travel_.mrz->line2);
}

TEST_F(DocumentLookupTest, AnotherCountrysDocumentIsNotFoundByIdOrNumber) {
  const auto kaz_officer = officer(5, access::Role::kCaseworker, "KAZ");
  EXPECT_EQ(get_document(*db_, kaz_officer, uzb_.id, now_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(get_document(*db_, kaz_officer, DocumentId{999}, now_).error().code,
            ErrorCode::kNotFound);
  // Both countries number from AS0000001: the KAZ officer finds only the KAZ one.
  ASSERT_EQ(kaz_.number, uzb_.number);
  auto found = find_document_by_number(*db_, kaz_officer, " as0000001 ");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(*found, kaz_.id);
  auto uzb_officer = officer(6, access::Role::kCaseworker, "UZB");
  EXPECT_EQ(*find_document_by_number(*db_, uzb_officer, kaz_.number), uzb_.id);
  EXPECT_EQ(find_document_by_number(*db_, kaz_officer, "AS0000002").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(find_document_by_number(*db_, kaz_officer, "  ").error().field, "number");
}

TEST_F(DocumentLookupTest, NeedsPersonRead) {
  EXPECT_EQ(
      get_document(*db_, officer(7, access::Role::kObserver, "KAZ"), kaz_.id, now_).error().code,
      ErrorCode::kForbidden);
}

}  // namespace
}  // namespace nansen::documents
