// SPDX-License-Identifier: Apache-2.0
// Progress updates: the only place a pledge's stage comes from.
#include "pledges/internal.h"

namespace nansen::pledges {

bool is_stale(Stage stage, std::optional<CivilDate> last_news, Instant now) {
  if (stage == Stage::kFulfilled || !last_news) return false;
  CivilDate from = *last_news;
  if (from.precision != DatePrecision::kDay)
    from = CivilDate{from.year, from.month ? from.month : 1, 1};
  return days_from_civil(add_months(from, 12)) < days_from_civil(detail::today(now));
}

namespace detail {

std::vector<FieldProblem> validate_update(const UpdateInput& in, Instant now) {
  std::vector<FieldProblem> out;
  if (in.reported_on.precision != DatePrecision::kDay)
    out.push_back({"reported_on", "the date of an update must be a full date (YYYY-MM-DD)"});
  else if (days_from_civil(in.reported_on) > days_from_civil(today(now)))
    out.push_back({"reported_on", "the date of an update cannot be in the future"});
  const std::pair<const std::string*, const char*> texts[] = {
      {&in.done, "done"}, {&in.challenges, "challenges"}, {&in.next_steps, "next_steps"}};
  for (const auto& [value, field] : texts) {
    if (!is_valid_utf8(*value))
      out.push_back({field, "invalid UTF-8 text"});
    else if (utf8_length(*value) > 10000)
      out.push_back({field, "longer than 10000 characters"});
  }
  if (!is_valid_utf8(in.author) || trim(in.author).empty() || utf8_length(in.author) > 200)
    out.push_back({"author", "the author is required (at most 200 characters)"});
  if (!is_language(in.language)) out.push_back({"language", "the language must be en, ru or kk"});
  if (in.evidence_links.size() > 20) out.push_back({"evidence_links", "at most 20 links"});
  for (const auto& link : in.evidence_links) {
    const bool web = link.rfind("https://", 0) == 0 || link.rfind("http://", 0) == 0;
    const bool clean = is_valid_utf8(link) && link.size() <= 2000 &&
                       link.find_first_of(" \t\r\n\"<>") == std::string::npos;
    if (!web || !clean)
      out.push_back({"evidence_links", "each evidence link must be an http(s) address"});
  }
  return out;
}

Result<UpdateId> insert_update(db::Transaction& tx, PledgeId pledge, const UpdateInput& in,
                               const access::Actor& actor, Instant now) {
  std::string links;
  for (const auto& l : in.evidence_links) links += (links.empty() ? "" : "\n") + l;
  auto id = tx.insert(
      "INSERT INTO pledge_updates (pledge_id, reported_on, stage, done, challenges, next_steps, "
      "evidence_links, author, language, illustrative, created_at, created_by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {pledge.value, format_civil_date(in.reported_on), std::string(code(in.stage)), in.done,
       in.challenges, in.next_steps, links, in.author, in.language,
       std::int64_t{in.illustrative ? 1 : 0}, format_instant(now), actor.login});
  if (!id) return fail(id.error());
  return UpdateId{*id};
}

Result<std::vector<ProgressUpdate>> load_updates(db::Transaction& tx,
                                                 std::optional<PledgeId> pledge) {
  const std::string sql =
      "SELECT id, pledge_id, reported_on, stage, done, challenges, next_steps, evidence_links, "
      "author, "
      "language, illustrative, created_at, created_by FROM pledge_updates" +
      std::string(pledge ? " WHERE pledge_id = ?" : "") + " ORDER BY pledge_id, reported_on, id";
  auto rows = pledge ? tx.query(sql, {pledge->value}) : tx.query(sql);
  if (!rows) return fail(rows.error());
  std::vector<ProgressUpdate> out;
  for (const auto& r : *rows) {
    ProgressUpdate u;
    u.id = UpdateId{r.integer(0)};
    u.pledge = PledgeId{r.integer(1)};
    u.reported_on = parse_civil_date(r.text(2)).value_or(CivilDate{1970, 1, 1});
    u.stage = parse_stage(r.text(3)).value_or(Stage::kNotReported);
    u.done = r.text(4);
    u.challenges = r.text(5);
    u.next_steps = r.text(6);
    u.evidence_links = split(r.text(7), '\n');
    std::erase_if(u.evidence_links, [](const std::string& l) { return l.empty(); });
    u.author = r.text(8);
    u.language = r.text(9);
    u.illustrative = r.integer(10) != 0;
    u.created_at = r.text(11);
    u.created_by = r.text(12);
    if (!out.empty() && out.back().pledge == u.pledge) u.previous_stage = out.back().stage;
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace detail

Result<ProgressUpdate> add_progress_update(db::Database& db, const access::Actor& actor,
                                           PledgeId pledge, const UpdateInput& in, Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  if (auto problems = detail::validate_update(in, now); !problems.empty())
    return fail(detail::first_invalid(problems));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto stored = detail::load_pledge(**tx, pledge, now);
  if (!stored) return fail(stored.error());
  NANSEN_TRY(detail::authorize_edit(actor, stored->entity));
  auto id = detail::insert_update(**tx, pledge, in, actor, now);
  if (!id) return fail(id.error());
  NANSEN_TRY(detail::audit(**tx, actor, "pledge.progress", "pledge", std::to_string(pledge.value),
                           stored->entity.country,
                           "{\"update_id\":" + std::to_string(id->value) + ",\"stage\":\"" +
                               std::string(code(in.stage)) + "\"}",
                           now));
  auto all = detail::load_updates(**tx, pledge);
  if (!all) return fail(all.error());
  NANSEN_TRY((*tx)->commit());
  for (auto& u : *all)
    if (u.id == *id) return std::move(u);
  return fail(ErrorCode::kInternal, "the new update vanished");
}

Result<std::vector<ProgressUpdate>> list_updates(db::Database& db, const access::Actor& actor,
                                                 PledgeId pledge) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto exists = (*tx)->query("SELECT id FROM pledges WHERE id = ?", {pledge.value});
  if (!exists) return fail(exists.error());
  if (exists->empty()) return fail(ErrorCode::kNotFound, "no such pledge", "pledge_id");
  return detail::load_updates(**tx, pledge);
}

}  // namespace nansen::pledges
