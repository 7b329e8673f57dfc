// SPDX-License-Identifier: Apache-2.0
// The audit chain: every change leaves a row, and any edit, insertion or deletion made
// behind Nansen's back — whatever the row's seq — is found and named by
// verify_audit_chain; a rewritten chain is caught by anchors (signed checkpoints). Rows
// written by the first releases (encoding 1) still verify. A country-scoped auditor
// sees its own country's rows only, account events included.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include "fixture.h"
#include "support/audit_forgery.h"

namespace nansen::access::testing {
namespace {

using nansen::testing::forge_audit_chain_from;
using nansen::testing::testing_on_postgres;

class Audit : public AccessTest {
 protected:
  void write_events(int n, std::optional<std::string> country = "KAZ") {
    for (int i = 0; i < n; ++i) {
      auto tx = db_->begin(true);
      ASSERT_TRUE(tx);
      ASSERT_TRUE(record_audit(
          **tx, system_actor(),
          AuditEvent{"person.read", "person", std::to_string(i), country, "{}"}, now_));
      ASSERT_TRUE((*tx)->commit());
    }
  }
  void tamper(const std::string& sql, const db::Params& params = {}) {
    auto tx = db_->begin(true);
    ASSERT_TRUE(tx);
    auto done = (*tx)->execute(sql, params);
    ASSERT_TRUE(done) << sql << ": " << done.error().message;
    ASSERT_TRUE((*tx)->commit());
  }
  // The 0x1f separator of encoding 1, in the backend's SQL.
  std::string separator_sql() const { return testing_on_postgres() ? "chr(31)" : "char(31)"; }
  // What a full-access attacker does before inserting a second row with an existing seq:
  // remove the primary key (SQLite cannot drop a constraint, so the table is rebuilt).
  void drop_seq_key() {
    if (testing_on_postgres()) {
      tamper("ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey");
      tamper("ALTER TABLE audit_log ALTER COLUMN seq DROP NOT NULL");
    } else {
      tamper("CREATE TABLE audit_copy AS SELECT * FROM audit_log");
      tamper("DROP TABLE audit_log");
      tamper("ALTER TABLE audit_copy RENAME TO audit_log");
    }
  }
  // A copy of row `from` under another seq (or NULL), leaving the head alone.
  void copy_row(std::int64_t from, const db::Value& seq) {
    tamper(
        "INSERT INTO audit_log (seq, at, actor_user_id, actor_login, action, record_type, "
        "record_id, country, detail, prev_hash, hash, encoding) SELECT ?, at, actor_user_id, "
        "actor_login, action, record_type, record_id, country, detail, prev_hash, hash, encoding "
        "FROM audit_log WHERE seq = ?",
        {seq, from});
  }
  std::string hash_of(std::int64_t seq) {
    auto r = db_->query("SELECT hash FROM audit_log WHERE seq = ?", {seq});
    EXPECT_TRUE(r && r->size() == 1u);
    return r && !r->empty() ? r->front().text(0) : "";
  }
  ChainCheck verify(const ChainVerifyOptions& options = {}) {
    auto c = verify_audit_chain(*db_, options);
    EXPECT_TRUE(c) << c.error().message;
    return c ? *c : ChainCheck{};
  }
  void expect_broken(const ChainCheck& c, std::optional<std::int64_t> seq,
                     const std::string& words) {
    EXPECT_FALSE(c.intact);
    EXPECT_EQ(c.first_broken_seq, seq) << c.reason;
    EXPECT_NE(c.reason.find(words), std::string::npos) << c.reason;
  }
  // Rows as the first releases wrote them (encoding 1), copied from a database made by
  // the release before migration 0020: system and user actors, NULL and set countries.
  void load_legacy_rows() {
    const char* rows[][11] = {
        {"1", "2026-12-05T03:24:40Z", nullptr, "system", "user.create", "user", "1", nullptr,
         R"({"country":"KAZ","organisation":"MIA","role":"caseworker"})", "genesis",
         "04e117ad3453ce288b201be060cc7dad6ee1f4bc3929c9ae4f576fbe55ac3c99"},
        {"2", "2026-12-05T03:24:41Z", nullptr, "system", "user.create", "user", "2", nullptr,
         R"({"country":"","organisation":"","role":"admin"})",
         "04e117ad3453ce288b201be060cc7dad6ee1f4bc3929c9ae4f576fbe55ac3c99",
         "1ebde649c338785fb575109feb4e55a6d384a5986745cb91c91ec9be98d990a3"},
        {"3", "2026-12-05T03:24:42Z", nullptr, "system", "user.disable", "user", "1", nullptr, "{}",
         "1ebde649c338785fb575109feb4e55a6d384a5986745cb91c91ec9be98d990a3",
         "2735bea56b77e54fb10926cb60b2863ecda0ba16e6167a81fade13a862de2536"},
        {"4", "2026-12-05T03:24:55Z", "2", "bakyt", "session.login", "user", "2", nullptr, "{}",
         "2735bea56b77e54fb10926cb60b2863ecda0ba16e6167a81fade13a862de2536",
         "6d5c76cd2d5ba4130000f829c045c29e2e476f38be838577be50773a787a4c91"},
        {"5", "2026-12-05T03:27:31Z", "2", "bakyt", "user.create", "user", "3", nullptr,
         R"({"country":"KAZ","organisation":"MIA-KAZ","role":"registrar"})",
         "6d5c76cd2d5ba4130000f829c045c29e2e476f38be838577be50773a787a4c91",
         "123144c8006af5299c8be30e99da130e97c9b9ed0ae49d8dcee756b27bc4995b"},
        {"6", "2026-12-05T03:27:31Z", "3", "reg.kaz", "session.login", "user", "3", nullptr, "{}",
         "123144c8006af5299c8be30e99da130e97c9b9ed0ae49d8dcee756b27bc4995b",
         "fd6f3a81b2381f15f5049cc359986b4a2d55efd7c28648a922773d68f5f9637e"},
        {"7", "2026-12-05T03:27:32Z", "3", "reg.kaz", "person.create", "person", "1", "KAZ",
         R"({"names":1})", "fd6f3a81b2381f15f5049cc359986b4a2d55efd7c28648a922773d68f5f9637e",
         "62acaba3329e041014b33db7271a6e2821552ba8e8a190cb5c1b45dc70513355"},
        {"8", "2026-12-05T03:27:32Z", "3", "reg.kaz", "person.read", "person", "1", "KAZ", "{}",
         "62acaba3329e041014b33db7271a6e2821552ba8e8a190cb5c1b45dc70513355",
         "161e5f37cf0021cd5de783cc06dace791fdea5984e1f4722932eb80990401fb8"},
    };
    for (const auto& r : rows) {
      db::Params p;
      for (int i = 0; i < 11; ++i) {
        if (!r[i])
          p.emplace_back(std::monostate{});
        else if (i == 0 || i == 2)
          p.emplace_back(std::int64_t{std::stoll(r[i])});
        else
          p.emplace_back(std::string(r[i]));
      }
      // No encoding column: the migration's default (1) marks them, as it does existing rows.
      tamper(
          "INSERT INTO audit_log (seq, at, actor_user_id, actor_login, action, record_type, "
          "record_id, country, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
          p);
    }
    tamper("UPDATE audit_head SET seq = 8, hash = ? WHERE id = 1", {std::string(rows[7][10])});
  }
};

TEST_F(Audit, IntactChainVerifies) {
  make_user("amina", Role::kCaseworker, "KAZ");
  write_events(10);
  auto c = verify();
  EXPECT_TRUE(c.intact) << c.reason;
  EXPECT_EQ(c.rows_checked, 11);
  EXPECT_EQ(c.head_seq, 11);
  EXPECT_EQ(c.head_hash, hash_of(11));
}

TEST_F(Audit, EmptyLogVerifies) {
  auto c = verify();
  EXPECT_TRUE(c.intact) << c.reason;
  EXPECT_EQ(c.rows_checked, 0);
  EXPECT_EQ(c.head_hash, "genesis");
}

TEST_F(Audit, EditedRowIsNamed) {
  write_events(10);
  tamper("UPDATE audit_log SET record_id = '999' WHERE seq = 4");
  expect_broken(verify(), 4, "row 4: content does not match its hash");
}

TEST_F(Audit, DeletedRowIsNamed) {
  write_events(10);
  tamper("DELETE FROM audit_log WHERE seq = 6");
  expect_broken(verify(), 6, "row 6 is missing (deleted)");
}

TEST_F(Audit, DeletedTailIsNamed) {
  write_events(10);
  tamper("DELETE FROM audit_log WHERE seq >= 9");
  expect_broken(verify(), 9, "rows 9 to 10 are missing (deleted from the end");
}

// Encoding 2 types every field: NULL and empty text hash differently.
TEST_F(Audit, NullAndEmptyDiffer) {
  write_events(3, std::nullopt);
  tamper("UPDATE audit_log SET country = '' WHERE seq = 2");
  expect_broken(verify(), 2, "row 2: content does not match its hash");
}

// Encoding 2 length-prefixes every field: moving text across a field boundary shows.
TEST_F(Audit, FieldsCannotShiftAcrossBoundaries) {
  write_events(3);
  tamper("UPDATE audit_log SET action = action || " + separator_sql() +
         " || record_type, record_type = '' WHERE seq = 2");
  expect_broken(verify(), 2, "row 2: content does not match its hash");
}

TEST_F(Audit, NewRowsAreWrittenInTheTypedEncoding) {
  write_events(2);
  auto rows = db_->query("SELECT DISTINCT encoding FROM audit_log");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().integer(0), 2);
}

// A database from before migration 0020 keeps verifying, and new rows chain onto it.
TEST_F(Audit, LegacyRowsStillVerifyAndNewRowsChainOntoThem) {
  load_legacy_rows();
  auto legacy = verify();
  EXPECT_TRUE(legacy.intact) << legacy.reason;
  EXPECT_EQ(legacy.rows_checked, 8);
  write_events(3);
  auto c = verify();
  EXPECT_TRUE(c.intact) << c.reason;
  EXPECT_EQ(c.rows_checked, 11);
  auto enc = db_->query("SELECT seq, encoding FROM audit_log ORDER BY seq");
  ASSERT_TRUE(enc);
  for (const auto& r : *enc) EXPECT_EQ(r.integer(1), r.integer(0) <= 8 ? 1 : 2) << r.integer(0);
}

TEST_F(Audit, EditedLegacyRowIsNamed) {
  load_legacy_rows();
  tamper("UPDATE audit_log SET record_id = '2' WHERE seq = 3");
  expect_broken(verify(), 3, "row 3: content does not match its hash");
}

// Encoding 1 hashes NULL and '' alike, and a 0x1f inside a field like a boundary. The
// releases that wrote it never stored either, so such a legacy row is refused although its
// hash still matches.
TEST_F(Audit, LegacyAmbiguitiesAreRefused) {
  load_legacy_rows();
  tamper("UPDATE audit_log SET country = '' WHERE seq = 4");
  expect_broken(verify(), 4, "country is empty text");
  tamper("UPDATE audit_log SET country = NULL WHERE seq = 4");
  EXPECT_TRUE(verify().intact);
  tamper("UPDATE audit_log SET action = action || " + separator_sql() +
         " || record_type, record_type = '' WHERE seq = 5");
  expect_broken(verify(), 5, "action holds a unit separator");
}

// SQLite stores any type in any column; encoding 1 hashes the text '' like NULL.
TEST_F(Audit, LegacyColumnOfTheWrongTypeIsRefused) {
  if (testing_on_postgres()) GTEST_SKIP() << "PostgreSQL's column types rule this out";
  load_legacy_rows();
  tamper("UPDATE audit_log SET actor_user_id = '' WHERE seq = 2");
  expect_broken(verify(), 2, "actor_user_id holds text");
}

TEST_F(Audit, EncodingCannotBeChangedOrDowngraded) {
  load_legacy_rows();
  write_events(3);
  tamper("UPDATE audit_log SET encoding = 1 WHERE seq = 10");
  expect_broken(verify(), 10, "encoding 1 after rows of encoding 2");
  tamper("UPDATE audit_log SET encoding = 7 WHERE seq = 10");
  expect_broken(verify(), 10, "unknown encoding 7");
  tamper("UPDATE audit_log SET encoding = 2 WHERE seq = 10");
  EXPECT_TRUE(verify().intact);
}

TEST_F(Audit, RowBeyondTheHeadIsNamed) {
  write_events(5);
  copy_row(5, std::int64_t{6});
  expect_broken(verify(), 6, "row 6 lies beyond the head of the chain (row 5)");
}

// A properly chained extra row, appended without moving the head.
TEST_F(Audit, ChainedRowBeyondTheHeadIsNamed) {
  write_events(5);
  auto head = db_->query("SELECT seq, hash FROM audit_head");
  ASSERT_TRUE(head);
  write_events(1);
  tamper("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1",
         {head->front().integer(0), head->front().text(1)});
  expect_broken(verify(), 6, "row 6 lies beyond the head");
}

TEST_F(Audit, RowsBeforeTheStartAreFound) {
  write_events(4);
  copy_row(2, std::int64_t{0});
  expect_broken(verify(), 0, "a row with seq 0 lies before the start of the chain");
  copy_row(3, std::int64_t{-3});
  expect_broken(verify(), -3, "a row with seq -3 lies before the start of the chain");
}

TEST_F(Audit, RowWithoutSeqIsFound) {
  write_events(4);
  if (testing_on_postgres()) drop_seq_key();  // SQLite lets a non-INTEGER key be NULL as it is
  copy_row(2, std::monostate{});
  expect_broken(verify(), std::nullopt, "1 row(s) without a seq");
}

TEST_F(Audit, DuplicatedSeqIsFoundWhereverThePageEnds) {
  write_events(6);
  drop_seq_key();
  copy_row(3, std::int64_t{3});
  // The walk meets both copies on one page ...
  expect_broken(verify(), 3, "row 3 appears more than once");
  // ... or steps over the second at a page boundary, and the census finds it.
  ChainVerifyOptions small;
  small.page_size = 3;
  expect_broken(verify(small), 3, "row 3 appears 2 times");
}

TEST_F(Audit, ReorderedRowsAreFound) {
  write_events(6);
  tamper("UPDATE audit_log SET seq = -1 WHERE seq = 3");
  tamper("UPDATE audit_log SET seq = 3 WHERE seq = 4");
  tamper("UPDATE audit_log SET seq = 4 WHERE seq = -1");
  expect_broken(verify(), 3, "row 3: its link to the previous row does not match");
}

TEST_F(Audit, NonNumericSeqIsFound) {
  if (testing_on_postgres()) GTEST_SKIP() << "PostgreSQL's column types rule this out";
  write_events(3);
  copy_row(2, std::string("x"));
  expect_broken(verify(), std::nullopt, "seq holds text ('x'), not a sequence number");
}

TEST_F(Audit, EditedOrMissingHeadIsNamed) {
  write_events(4);
  tamper("UPDATE audit_head SET hash = 'feed' WHERE id = 1");
  expect_broken(verify(), 4, "the chain head records hash feed for row 4");
  tamper("DELETE FROM audit_head");
  expect_broken(verify(), std::nullopt, "the chain head (audit_head, id 1) is missing");
}

// Reads are recorded through the group commit from many threads at once: every entry is
// there once, and the chain is whole and in order.
TEST_F(Audit, ConcurrentReadEntriesAreAllDurableAndChained) {
  constexpr int kThreads = 8, kEach = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const AuditEvent e{"person.read", "person", std::to_string(t * 100 + i), "KAZ", "{}"};
        if (!record_read_audit(*db_, system_actor(), e, now_)) ++failures;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto c = verify();
  EXPECT_TRUE(c.intact) << c.reason;
  EXPECT_EQ(c.rows_checked, kThreads * kEach);
  AuditFilter all;
  all.limit = 1000;
  auto rows = list_audit(*db_, system_actor(), all);
  ASSERT_TRUE(rows);
  std::set<std::string> ids;
  for (const auto& r : *rows) ids.insert(r.record_id);
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kThreads * kEach));
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
  EXPECT_TRUE(verify().intact);
}

// Someone with write access edits an early row and recomputes the chain: it verifies on
// its own, but no longer matches an anchor (a checkpoint) taken before.
TEST_F(Audit, RewrittenChainIsCaughtByAnAnchor) {
  write_events(6);
  ChainVerifyOptions anchored;
  anchored.anchors = {AuditAnchor{4, hash_of(4), "checkpoint cp:1"},
                      AuditAnchor{0, "genesis", "checkpoint cp:0"}};
  auto before = verify(anchored);
  EXPECT_TRUE(before.intact) << before.reason;
  EXPECT_EQ(before.anchors_matched, 2);

  tamper("UPDATE audit_log SET record_id = '999' WHERE seq = 2");
  forge_audit_chain_from(*db_, 2);
  auto plain = verify();
  EXPECT_TRUE(plain.intact) << "the forgery should pass a plain check: " << plain.reason;
  expect_broken(verify(anchored), 4, "row 4 no longer matches checkpoint cp:1");
}

// Deleting the newest rows and moving the head back leaves a consistent chain.
TEST_F(Audit, RolledBackLogIsCaughtByAnAnchor) {
  write_events(6);
  ChainVerifyOptions anchored;
  anchored.anchors = {AuditAnchor{6, hash_of(6), "checkpoint cp:2"}};
  tamper("DELETE FROM audit_log WHERE seq > 4");
  tamper("UPDATE audit_head SET seq = 4, hash = ? WHERE id = 1", {hash_of(4)});
  EXPECT_TRUE(verify().intact);
  expect_broken(verify(anchored), 5, "the log ends at row 4, before checkpoint cp:2 at row 6");
}

TEST_F(Audit, MalformedAnchorIsRefused) {
  ChainVerifyOptions bad;
  bad.anchors = {AuditAnchor{-1, "x", "checkpoint cp:1"}};
  auto c = verify_audit_chain(*db_, bad);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kInvalid);
  ChainVerifyOptions zero;
  zero.page_size = 0;
  EXPECT_FALSE(verify_audit_chain(*db_, zero));
}

// Rows appended while a verification runs are not part of its snapshot: no false alarm
// (on PostgreSQL this needs the REPEATABLE READ transaction).
TEST_F(Audit, AppendsDuringVerificationAreNoFalseAlarm) {
  write_events(6);
  ChainVerifyOptions options;
  options.page_size = 2;
  int pages = 0;
  options.on_page = [&](std::int64_t) {
    if (++pages == 1) write_events(3);  // another connection commits mid-walk
  };
  auto c = verify(options);
  EXPECT_TRUE(c.intact) << c.reason;
  EXPECT_EQ(c.rows_checked, 6);
  EXPECT_EQ(c.head_seq, 6);
  EXPECT_GE(pages, 3);
  auto after = verify();
  EXPECT_TRUE(after.intact) << after.reason;
  EXPECT_EQ(after.rows_checked, 9);
}

TEST_F(Audit, FiltersAndCountryScope) {
  make_user("amina", Role::kCaseworker, "KAZ");
  write_events(3);
  {
    auto tx = db_->begin(true);
    ASSERT_TRUE(record_audit(**tx, system_actor(),
                             AuditEvent{"person.read", "person", "77", "KGZ", "{}"}, now_));
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
  EXPECT_FALSE(
      list_audit(*db_, Actor{UserId{99}, "x", Role::kCaseworker, {}, "en", false, false}, {}));
}

// Account events carry the account's country: a national auditor sees those of its own
// country's accounts, and neither another country's nor regional ones.
TEST_F(Audit, ScopedAuditorSeesOnlyItsCountryIncludingAccountEvents) {
  const User amina = make_user("amina", Role::kCaseworker, "KAZ");
  const User bek = make_user("bek", Role::kCaseworker, "KGZ");
  const User reg = make_user("regional", Role::kAnalyst);
  ASSERT_TRUE(set_disabled(*db_, system_actor(), bek.id, true, now_));
  ASSERT_TRUE(set_language(*db_, system_actor(), amina.id, "ru", now_));
  ASSERT_TRUE(login(*db_, "amina", "correct horse battery", SecurityPolicy{}, now_));
  ASSERT_TRUE(issue_token(*db_, system_actor(), reg.id, "feed", Scope{}, std::nullopt, now_));
  write_events(1, "KGZ");
  write_events(1, std::nullopt);
  const User kz_admin = make_user("admin.kz", Role::kAdmin, "KAZ");

  AuditFilter all;
  all.limit = 1000;
  auto scoped = list_audit(*db_, actor_of(kz_admin), all);
  ASSERT_TRUE(scoped);
  std::set<std::string> seen;
  for (const auto& r : *scoped) {
    EXPECT_EQ(r.country, "KAZ") << r.action << " " << r.record_id;
    seen.insert(r.action + " " + r.record_id);
  }
  const std::string a = std::to_string(amina.id.value);
  for (const std::string& expected :
       {"user.create " + a, "user.language " + a, "session.login " + a,
        "user.create " + std::to_string(kz_admin.id.value)})
    EXPECT_TRUE(seen.count(expected)) << expected;
  EXPECT_EQ(seen.size(), 4u);
  // The regional auditor sees everything, with each account event's country.
  auto everything = list_audit(*db_, system_actor(), all);
  ASSERT_TRUE(everything);
  EXPECT_EQ(everything->size(), 10u);
  for (const auto& r : *everything) {
    if (r.action.starts_with("user.") && r.record_id == std::to_string(bek.id.value)) {
      EXPECT_EQ(r.country, "KGZ") << r.action;
    }
    if (r.action == "token.issue") {
      EXPECT_EQ(r.country, std::nullopt);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Checkpoints

class Checkpoints : public Audit {
 protected:
  std::string key_file(const std::string& name = "audit.key") {
    const std::string path = (dir_ / name).string();
    if (!std::filesystem::exists(path)) {
      auto made = create_checkpoint_key(path);
      EXPECT_TRUE(made) << made.error().message;
    }
    return path;
  }
  AuditCheckpoint sign(const std::string& key, const std::vector<AuditAnchor>& anchors = {}) {
    auto out = sign_audit_checkpoint(*db_, key, anchors, now_);
    EXPECT_TRUE(out) << out.error().message;
    EXPECT_TRUE(out && out->checkpoint) << (out ? out->chain.reason : "");
    return out && out->checkpoint ? *out->checkpoint : AuditCheckpoint{};
  }
};

TEST_F(Checkpoints, KeyFileIsPrivateAndNeverOverwritten) {
  const std::string path = (dir_ / "audit.key").string();
  auto made = create_checkpoint_key(path);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->size(), 64u);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(checkpoint_public_key(path).value_or(""), *made);
  auto again = create_checkpoint_key(path);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(checkpoint_public_key(path).value_or(""), *made);  // untouched
  ::chmod(path.c_str(), 0644);
  auto exposed = checkpoint_public_key(path);
  ASSERT_FALSE(exposed);
  EXPECT_NE(exposed.error().message.find("readable by others"), std::string::npos);
  std::ofstream(dir_ / "bad.key") << "seed 12\n";
  ::chmod((dir_ / "bad.key").c_str(), 0600);
  auto bad = checkpoint_public_key((dir_ / "bad.key").string());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().field.find("bad.key:1"), std::string::npos) << bad.error().field;
}

TEST_F(Checkpoints, SignedLineParsesAndAnchorsTheChain) {
  write_events(3);
  const std::string key = key_file();
  const AuditCheckpoint c = sign(key);
  EXPECT_EQ(c.seq, 3);
  EXPECT_EQ(c.hash, hash_of(3));
  EXPECT_EQ(c.time, "2024-10-04T09:00:00Z");
  EXPECT_EQ(c.public_key, checkpoint_public_key(key).value_or(""));
  EXPECT_TRUE(c.line().starts_with("nansen-audit-checkpoint/1 seq=3 hash=" + c.hash +
                                   " time=2024-10-04T09:00:00Z key="));
  const std::string file = "# kept by the operator\n\n" + c.line() + "\n";
  auto parsed = parse_audit_checkpoints(file, "cp", c.public_key);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].source_line, 3);
  auto anchors = checkpoint_anchors(*parsed, "cp");
  EXPECT_EQ(anchors[0].label, "checkpoint cp:3 (signed 2024-10-04T09:00:00Z)");
  ChainVerifyOptions options;
  options.anchors = anchors;
  EXPECT_TRUE(verify(options).intact);
  // The next checkpoint is signed only if the chain still holds the earlier ones.
  write_events(2);
  EXPECT_EQ(sign(key, anchors).seq, 5);
  tamper("UPDATE audit_log SET record_id = '9' WHERE seq = 1");
  forge_audit_chain_from(*db_, 1);
  auto refused = sign_audit_checkpoint(*db_, key, anchors, now_);
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->checkpoint);
  expect_broken(refused->chain, 3, "no longer matches checkpoint cp:3");
}

TEST_F(Checkpoints, EmptyLogCanBeCheckpointed) {
  const AuditCheckpoint c = sign(key_file());
  EXPECT_EQ(c.seq, 0);
  EXPECT_EQ(c.hash, "genesis");
  EXPECT_TRUE(parse_audit_checkpoints(c.line(), "cp"));
}

TEST_F(Checkpoints, BrokenChainIsNeverSigned) {
  write_events(3);
  tamper("DELETE FROM audit_log WHERE seq = 2");
  auto out = sign_audit_checkpoint(*db_, key_file(), {}, now_);
  ASSERT_TRUE(out);
  EXPECT_FALSE(out->checkpoint);
  expect_broken(out->chain, 2, "row 2 is missing");
}

TEST_F(Checkpoints, AlteredLineIsRefused) {
  write_events(3);
  const AuditCheckpoint c = sign(key_file());
  std::string line = c.line();
  line.replace(line.find("seq=3"), 5, "seq=2");
  auto r = parse_audit_checkpoints("\n" + line + "\n", "cp");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "cp:2");
  EXPECT_NE(r.error().message.find("signature does not verify"), std::string::npos);
  for (const std::string& broken : {c.line().substr(0, c.line().size() - 2), c.line() + " extra",
                                    std::string("seq=3"), c.line() + "\r"}) {
    auto m = parse_audit_checkpoints(broken, "cp");
    EXPECT_FALSE(m) << broken;
  }
}

TEST_F(Checkpoints, LineOfAnotherKeyIsRefused) {
  write_events(3);
  const AuditCheckpoint mine = sign(key_file("mine.key"));
  const AuditCheckpoint theirs = sign(key_file("theirs.key"));
  auto wrong = parse_audit_checkpoints(theirs.line(), "cp", mine.public_key);
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("not the trusted key"), std::string::npos);
  auto mixed = parse_audit_checkpoints(mine.line() + "\n" + theirs.line() + "\n", "cp");
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().field, "cp:2");
}

}  // namespace
}  // namespace nansen::access::testing
