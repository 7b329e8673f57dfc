// SPDX-License-Identifier: Apache-2.0
// Verifying the audit chain. The walk reads rows in seq order from 1; a census afterwards
// counts every row of audit_log, so a row the walk cannot reach (no seq, seq 0 or below, a
// second copy of a seq) still fails the check. All of it reads one snapshot: on a live
// server rows are appended while the walk runs, and seeing them half-way (a head read
// before, rows read after) would be a false alarm.
#include <algorithm>

#include "access/access.h"
#include "access/audit_chain.h"

namespace nansen::access {
namespace {

// The columns verify reads: the hashed fields in their hashing order, then three more.
using enum chain::Fields::Index;
enum Column { kPrevHash = chain::Fields::kCount, kHash, kEncoding };
constexpr const char* kColumnNames[] = {"seq",    "at",          "actor_user_id", "actor_login",
                                        "action", "record_type", "record_id",     "country",
                                        "detail", "prev_hash",   "hash",          "encoding"};

std::string row_name(std::int64_t seq) {
  return "row " + std::to_string(seq);
}

std::string short_hash(const std::string& hash) {
  return hash.size() > 16 ? hash.substr(0, 16) + "..." : hash;
}

std::string type_name(const db::Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return "NULL";
  if (std::holds_alternative<std::int64_t>(v)) return "an integer";
  if (std::holds_alternative<double>(v)) return "a real number";
  if (std::holds_alternative<std::string>(v)) return "text";
  return "a blob";
}

// A column holding a type Nansen never writes there. On PostgreSQL the column types rule
// this out; SQLite stores what it is given, and encoding 1 would hash the text 5 and the
// integer 5 alike.
std::optional<std::string> type_problem(const db::Row& r) {
  for (std::size_t i = kAt; i <= kEncoding; ++i) {
    const db::Value& v = r.value(i);
    bool ok = false;
    switch (i) {
      case kActorUserId:
        ok = std::holds_alternative<std::monostate>(v) || std::holds_alternative<std::int64_t>(v);
        break;
      case kCountry:
        ok = std::holds_alternative<std::monostate>(v) || std::holds_alternative<std::string>(v);
        break;
      case kEncoding:
        ok = std::holds_alternative<std::int64_t>(v);
        break;
      default:
        ok = std::holds_alternative<std::string>(v);
    }
    if (!ok)
      return std::string(kColumnNames[i]) + " holds " + type_name(v) +
             ", which Nansen never writes there (edited behind Nansen's back)";
  }
  return std::nullopt;
}

// Encoding 1 cannot tell NULL from empty text, nor a field holding 0x1f from two fields.
// The releases that wrote it never stored either, so a legacy row that holds one was
// edited to exploit exactly that ambiguity.
std::optional<std::string> legacy_problem(const db::Row& r) {
  if (const auto* country = std::get_if<std::string>(&r.value(kCountry));
      country && country->empty())
    return std::string(
        "country is empty text where Nansen wrote NULL or a country code "
        "(edited behind Nansen's back)");
  for (std::size_t i = kAt; i <= kDetail; ++i)
    if (const auto* s = std::get_if<std::string>(&r.value(i)); s && s->find('\x1f') != s->npos)
      return std::string(kColumnNames[i]) +
             " holds a unit separator (0x1f), which Nansen never wrote (edited to shift fields)";
  return std::nullopt;
}

chain::Fields fields_of(const db::Row& r) {
  chain::Fields f;
  for (std::size_t i = 0; i < f.values.size(); ++i) f.values[i] = r.value(i);
  return f;
}

class Verifier {
 public:
  Verifier(db::Transaction& tx, const ChainVerifyOptions& options)
      : tx_(tx), options_(options), anchors_(options.anchors) {
    std::stable_sort(anchors_.begin(), anchors_.end(),
                     [](const AuditAnchor& a, const AuditAnchor& b) { return a.seq < b.seq; });
  }

  Result<ChainCheck> run() {
    auto head = tx_.query("SELECT seq, hash FROM audit_head WHERE id = 1");
    if (!head) return fail(head.error());
    if (head->empty())
      return broken(std::nullopt,
                    "the chain head (audit_head, id 1) is missing: it was deleted behind "
                    "Nansen's back");
    head_seq_ = head->front().integer(0);
    const std::string head_hash = head->front().text(1);

    if (auto problem = check_anchors(0, "genesis")) return broken(0, *problem);
    auto walked = walk();
    if (!walked) return fail(walked.error());
    if (*walked) return **walked;

    const std::int64_t last = expected_ - 1;
    if (last < head_seq_)
      return broken(last + 1, (last + 1 == head_seq_ ? row_name(head_seq_) + " is"
                                                     : "rows " + std::to_string(last + 1) + " to " +
                                                           std::to_string(head_seq_) + " are") +
                                  " missing (deleted from the end of the log)");
    if (head_hash != prev_)
      return broken(head_seq_, "the chain head records hash " + short_hash(head_hash) + " for " +
                                   row_name(head_seq_) + ", but the row hashes to " +
                                   short_hash(prev_) + " (the head or the row was edited)");
    auto census = count_every_row();
    if (!census) return fail(census.error());
    if (*census) return **census;
    if (next_anchor_ < anchors_.size()) {
      const AuditAnchor& a = anchors_[next_anchor_];
      return broken(head_seq_ + 1, "the log ends at " + row_name(head_seq_) + ", before " +
                                       a.label + " at " + row_name(a.seq) +
                                       ": rows were deleted and the head moved back (the log "
                                       "was rolled back or rewritten)");
    }
    check_.head_seq = head_seq_;
    check_.head_hash = prev_;
    return check_;
  }

 private:
  ChainCheck broken(std::optional<std::int64_t> seq, std::string reason) {
    check_.intact = false;
    check_.first_broken_seq = seq;
    check_.reason = std::move(reason);
    return check_;
  }

  // Every anchor at `seq` must name `hash`.
  std::optional<std::string> check_anchors(std::int64_t seq, const std::string& hash) {
    for (; next_anchor_ < anchors_.size() && anchors_[next_anchor_].seq == seq; ++next_anchor_) {
      const AuditAnchor& a = anchors_[next_anchor_];
      if (a.hash != hash)
        return row_name(seq) + " no longer matches " + a.label +
               ": the log was rewritten at or "
               "before " +
               row_name(seq) + " (hash then " + short_hash(a.hash) + ", now " + short_hash(hash) +
               ")";
      ++check_.anchors_matched;
    }
    return std::nullopt;
  }

  // Walks rows 1, 2, ... in seq order, a page at a time. Returns a result when it finds a
  // problem, nullopt when every row it reached is sound.
  Result<std::optional<ChainCheck>> walk() {
    while (true) {
      auto rows = tx_.query(
          "SELECT seq, at, actor_user_id, actor_login, action, record_type, record_id, country, "
          "detail, prev_hash, hash, encoding FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
          {expected_ - 1, options_.page_size});
      if (!rows) return fail(rows.error());
      for (const auto& r : *rows)
        if (auto problem = check_row(r)) return problem;
      if (options_.on_page) options_.on_page(check_.rows_checked);
      if (static_cast<std::int64_t>(rows->size()) < options_.page_size)
        return std::optional<ChainCheck>();
    }
  }

  std::optional<ChainCheck> check_row(const db::Row& r) {
    const auto* seq_value = std::get_if<std::int64_t>(&r.value(kSeq));
    if (!seq_value)
      return broken(std::nullopt, "a row's seq holds " + type_name(r.value(kSeq)) + " ('" +
                                      r.text(kSeq) +
                                      "'), not a sequence number: it was inserted or edited "
                                      "behind Nansen's back");
    const std::int64_t seq = *seq_value;
    if (seq > head_seq_)
      return broken(seq, row_name(seq) + " lies beyond the head of the chain (" +
                             row_name(head_seq_) +
                             "): it was added behind Nansen's back, or the head was moved back");
    if (seq < expected_)
      return broken(seq, row_name(seq) +
                             " appears more than once (a copy was inserted behind Nansen's back)");
    if (seq > expected_)
      return broken(expected_, row_name(expected_) +
                                   " is missing (deleted); the chain resumes at " + row_name(seq));
    if (auto problem = type_problem(r)) return broken(seq, row_name(seq) + ": " + *problem);
    const std::int64_t encoding = r.integer(kEncoding);
    if (encoding != chain::kLegacyEncoding && encoding != chain::kTypedEncoding)
      return broken(seq, row_name(seq) + ": unknown encoding " + std::to_string(encoding) +
                             " (edited behind Nansen's back)");
    if (encoding < highest_encoding_)
      return broken(seq, row_name(seq) + ": encoding " + std::to_string(encoding) +
                             " after rows of encoding " + std::to_string(highest_encoding_) +
                             ": Nansen never goes back to an older encoding (edited)");
    highest_encoding_ = encoding;
    if (encoding == chain::kLegacyEncoding)
      if (auto problem = legacy_problem(r)) return broken(seq, row_name(seq) + ": " + *problem);
    if (r.text(kPrevHash) != prev_)
      return broken(seq, row_name(seq) +
                             ": its link to the previous row does not match (a row before it "
                             "was edited, inserted or deleted)");
    const std::string hash = *chain::row_hash(static_cast<int>(encoding), prev_, fields_of(r));
    if (hash != r.text(kHash))
      return broken(seq, row_name(seq) + ": content does not match its hash (edited)");
    if (auto problem = check_anchors(seq, hash)) return broken(seq, *problem);
    prev_ = hash;
    ++expected_;
    ++check_.rows_checked;
    return std::nullopt;
  }

  // The walk reached rows 1..head. Any other row (no seq, seq below 1, a duplicate the
  // walk stepped over) makes the table hold more rows than that.
  Result<std::optional<ChainCheck>> count_every_row() {
    auto total = tx_.query_one("SELECT COUNT(*) FROM audit_log");
    if (!total) return fail(total.error());
    const std::int64_t rows = total->integer(0);
    if (rows == check_.rows_checked) return std::optional<ChainCheck>();
    const std::string extra = "not part of the chain: inserted behind Nansen's back";
    if (auto none = tx_.query_one("SELECT COUNT(*) FROM audit_log WHERE seq IS NULL");
        none && none->integer(0) > 0)
      return broken(std::nullopt,
                    std::to_string(none->integer(0)) + " row(s) without a seq, " + extra);
    if (auto low = tx_.query("SELECT seq FROM audit_log WHERE seq < 1 ORDER BY seq LIMIT 1");
        low && !low->empty())
      return broken(low->front().integer(0), "a row with seq " + low->front().text(0) +
                                                 " lies before the start of the chain (row 1), " +
                                                 extra);
    if (auto twice =
            tx_.query("SELECT seq, COUNT(*) FROM audit_log WHERE seq IS NOT NULL GROUP BY seq "
                      "HAVING COUNT(*) > 1 ORDER BY seq LIMIT 1");
        twice && !twice->empty())
      return broken(twice->front().integer(0),
                    row_name(twice->front().integer(0)) + " appears " + twice->front().text(1) +
                        " times (copies were inserted behind Nansen's back)");
    return broken(std::nullopt, "the log holds " + std::to_string(rows) +
                                    " rows but the chain accounts for " +
                                    std::to_string(check_.rows_checked) + ", " + extra);
  }

  db::Transaction& tx_;
  const ChainVerifyOptions& options_;
  std::vector<AuditAnchor> anchors_;
  std::size_t next_anchor_ = 0;
  ChainCheck check_;
  std::int64_t head_seq_ = 0;
  std::int64_t expected_ = 1;
  std::int64_t highest_encoding_ = chain::kLegacyEncoding;
  std::string prev_ = "genesis";
};

}  // namespace

Result<ChainCheck> verify_audit_chain(db::Database& db, const ChainVerifyOptions& options) {
  if (options.page_size < 1)
    return fail(ErrorCode::kInvalid, "the page size must be at least 1", "page_size");
  for (const AuditAnchor& a : options.anchors)
    if (a.seq < 0 || a.hash.empty())
      return fail(ErrorCode::kInvalid, a.label + ": an anchor needs a seq of 0 or more and a hash",
                  "anchors");
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  // SQLite (WAL) reads one snapshot from a deferred transaction's first SELECT on;
  // PostgreSQL's read transactions are READ COMMITTED (a snapshot per statement) unless
  // told otherwise before the first query.
  if (db.backend() == db::Backend::kPostgres)
    NANSEN_TRY((*tx)->execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
  return Verifier(**tx, options).run();
}

}  // namespace nansen::access
