// SPDX-License-Identifier: Apache-2.0
// The audit chain: every change leaves a row, and any edit or deletion made behind
// Nansen's back is found and named by verify_audit_chain.
#include <gtest/gtest.h>

#include "fixture.h"

namespace nansen::access::testing {
namespace {

class Audit : public AccessTest {
 protected:
  void write_events(int n) {
    for (int i = 0; i < n; ++i) {
      auto tx = db_->begin(true);
      ASSERT_TRUE(tx);
      ASSERT_TRUE(record_audit(**tx, system_actor(),
                               AuditEvent{"person.read", "person", std::to_string(i), "KAZ", "{}"}, now_));
      ASSERT_TRUE((*tx)->commit());
    }
  }
  void tamper(const std::string& sql) {
    auto tx = db_->begin(true);
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->execute(sql));
    ASSERT_TRUE((*tx)->commit());
  }
};

TEST_F(Audit, IntactChainVerifies) {
  make_user("amina", Role::kCaseworker, "KAZ");
  write_events(10);
  auto c = verify_audit_chain(*db_);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->intact) << c->reason;
  EXPECT_EQ(c->rows_checked, 11);
}

TEST_F(Audit, EditedRowIsNamed) {
  write_events(10);
  tamper("UPDATE audit_log SET record_id = '999' WHERE seq = 4");
  auto c = verify_audit_chain(*db_);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->intact);
  EXPECT_EQ(c->first_broken_seq, 4);
}

TEST_F(Audit, DeletedRowIsNamed) {
  write_events(10);
  tamper("DELETE FROM audit_log WHERE seq = 6");
  auto c = verify_audit_chain(*db_);
  EXPECT_FALSE(c->intact);
  EXPECT_EQ(c->first_broken_seq, 6);
}

TEST_F(Audit, DeletedTailIsNamed) {
  write_events(10);
  tamper("DELETE FROM audit_log WHERE seq >= 9");
  auto c = verify_audit_chain(*db_);
  EXPECT_FALSE(c->intact);
  EXPECT_EQ(c->first_broken_seq, 9);
}

TEST_F(Audit, RolledBackChangeLeavesNoAuditRow) {
  {
    auto tx = db_->begin(true);
    ASSERT_TRUE(record_audit(**tx, system_actor(), AuditEvent{"x.y", "x", "1", {}, "{}"}, now_));
    // no commit: the change and its record vanish together
  }
  auto rows = list_audit(*db_, system_actor(), AuditFilter{});
  ASSERT_TRUE(rows);
  EXPECT_TRUE(rows->empty());
  EXPECT_TRUE(verify_audit_chain(*db_)->intact);
}

TEST_F(Audit, FiltersAndCountryScope) {
  make_user("amina", Role::kCaseworker, "KAZ");
  write_events(3);
  {
    auto tx = db_->begin(true);
    ASSERT_TRUE(record_audit(**tx, system_actor(), AuditEvent{"person.read", "person", "77", "KGZ", "{}"}, now_));
    ASSERT_TRUE((*tx)->commit());
  }
  AuditFilter f;
  f.action = "user.";
  EXPECT_EQ(list_audit(*db_, system_actor(), f)->size(), 1u);
  f = {};
  f.record_type = "person";
  f.record_id = "1";
  EXPECT_EQ(list_audit(*db_, system_actor(), f)->size(), 1u);
  f = {};
  f.from = "2024-10-05";
  EXPECT_TRUE(list_audit(*db_, system_actor(), f)->empty());
  f.from = "2024-13-05";
  EXPECT_EQ(list_audit(*db_, system_actor(), f).error().field, "from");
  const User kz_admin = make_user("admin.kz", Role::kAdmin, "KAZ");
  auto scoped = list_audit(*db_, actor_of(kz_admin), AuditFilter{});
  ASSERT_TRUE(scoped);
  for (const auto& r : *scoped) EXPECT_NE(r.country.value_or(""), "KGZ");
  EXPECT_FALSE(list_audit(*db_, Actor{UserId{99}, "x", Role::kCaseworker, {}, "en", false, false}, {}));
}

}  // namespace
}  // namespace nansen::access::testing
