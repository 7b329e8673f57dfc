// SPDX-License-Identifier: Apache-2.0
// Consultations: who met, which pledges they reviewed, each pledge's stage when the
// consultation was opened, outcome notes and follow-up actions.
#include <algorithm>
#include <set>

#include "pledges/internal.h"

namespace nansen::pledges {
namespace detail {

Result<std::vector<std::string>> consultation_countries(db::Transaction& tx,
                                                        const ConsultationInput& in) {
  std::set<std::string> countries(in.countries.begin(), in.countries.end());
  for (const auto& code : in.participants) {
    auto e = load_entity(tx, code);
    if (!e) return fail(e.error());
    if (*e && (*e)->country) countries.insert(*(*e)->country);
  }
  return std::vector<std::string>(countries.begin(), countries.end());
}

Status authorize_consultation_write(db::Transaction& tx, const access::Actor& actor,
                                    std::optional<ConsultationId> stored,
                                    const ConsultationInput* in) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeReview));
  std::vector<std::vector<std::string>> country_sets;
  if (stored) {
    auto c = load_consultation(tx, *stored);  // NotFound before any scope answer
    if (!c) return fail(c.error());
    country_sets.push_back(c->countries);
  }
  if (in) {
    auto countries = consultation_countries(tx, *in);
    if (!countries) return fail(countries.error());
    country_sets.push_back(*countries);
  }
  for (const auto& countries : country_sets) {
    if (countries.empty())
      NANSEN_TRY(authorize_country_write(actor, std::nullopt, "consultations", "countries"));
    for (const auto& c : countries)
      NANSEN_TRY(authorize_country_write(actor, c, "consultations", "countries"));
  }
  return {};
}

namespace {

// The pledges of the participating countries that had been made by the consultation.
Result<std::vector<PledgeId>> default_pledges(db::Transaction& tx,
                                              const std::vector<std::string>& countries,
                                              const CivilDate& held_on) {
  auto all = load_pledges(tx, Instant{});
  if (!all) return fail(all.error());
  std::vector<PledgeId> out;
  for (const auto& p : *all) {
    const auto made = forum_date(p.forum);
    if (made && days_from_civil(*made) > days_from_civil(held_on)) continue;
    const auto c = p.country();
    bool ours = c && std::find(countries.begin(), countries.end(), *c) != countries.end();
    for (const auto& t : p.target_countries)
      ours = ours || std::find(countries.begin(), countries.end(), t) != countries.end();
    if (ours) out.push_back(p.id);
  }
  return out;
}

// On creation a consultation without an explicit list reviews the default pledges; on
// update, no list means "keep the list".
Status write_members(db::Transaction& tx, ConsultationId id, const ConsultationInput& in,
                     bool creating) {
  NANSEN_TRY(
      tx.execute("DELETE FROM consultation_participants WHERE consultation_id = ?", {id.value}));
  NANSEN_TRY(
      tx.execute("DELETE FROM consultation_countries WHERE consultation_id = ?", {id.value}));
  // Looked up first rather than INSERT ... SELECT ?: PostgreSQL cannot type a bare
  // parameter in a select list.
  for (const auto& code : in.participants) {
    auto entity = load_entity(tx, code);
    if (!entity) return fail(entity.error());
    if (!*entity) continue;  // validated by the caller
    NANSEN_TRY(tx.execute(
        "INSERT INTO consultation_participants (consultation_id, entity_id) VALUES (?, ?)",
        {id.value, (*entity)->id.value}));
  }
  auto countries = consultation_countries(tx, in);
  if (!countries) return fail(countries.error());
  for (const auto& c : *countries)
    NANSEN_TRY(
        tx.execute("INSERT INTO consultation_countries (consultation_id, country) VALUES (?, ?)",
                   {id.value, c}));
  if (in.pledges || creating) {
    std::vector<PledgeId> pledges;
    if (in.pledges) {
      pledges = *in.pledges;
    } else {
      auto d = default_pledges(tx, *countries, in.held_on);
      if (!d) return fail(d.error());
      pledges = *d;
    }
    // Keep the snapshot of pledges that stay under review.
    auto kept = tx.query("SELECT pledge_id FROM consultation_pledges WHERE consultation_id = ?",
                         {id.value});
    if (!kept) return fail(kept.error());
    for (const auto& r : *kept) {
      const PledgeId p{r.integer(0)};
      if (std::find(pledges.begin(), pledges.end(), p) == pledges.end())
        NANSEN_TRY(tx.execute(
            "DELETE FROM consultation_pledges WHERE consultation_id = ? AND pledge_id = ?",
            {id.value, p.value}));
      else
        std::erase(pledges, p);
    }
    for (const auto& p : pledges)
      NANSEN_TRY(
          tx.execute("INSERT INTO consultation_pledges (consultation_id, pledge_id) VALUES (?, ?)",
                     {id.value, p.value}));
  }
  return {};
}

db::Value organiser_id(db::Transaction& tx, const std::string& code) {
  if (code.empty()) return {};
  auto e = load_entity(tx, code);
  if (!e || !*e) return {};
  return (*e)->id.value;
}

std::string consultation_detail(const ConsultationInput& in) {
  return "{\"held_on\":\"" + format_civil_date(in.held_on) + "\"}";
}

FollowUp follow_up_from_row(const db::Row& r) {
  FollowUp f;
  f.id = FollowUpId{r.integer(0)};
  f.consultation = ConsultationId{r.integer(1)};
  if (auto p = r.optional_integer(2)) f.pledge = PledgeId{*p};
  f.action = r.text(3);
  f.owner = r.text(4);
  if (auto d = r.optional_text(5))
    if (auto parsed = parse_civil_date(*d)) f.due_on = *parsed;
  f.done = r.integer(6) != 0;
  return f;
}

}  // namespace

Result<std::vector<FieldProblem>> validate_consultation(db::Transaction& tx,
                                                        const ConsultationInput& in) {
  std::vector<FieldProblem> out;
  if (!is_valid_utf8(in.title) || trim(in.title).empty() || utf8_length(in.title) > 300)
    out.push_back({"title", "the title is required (at most 300 characters)"});
  if (in.held_on.precision != DatePrecision::kDay)
    out.push_back({"date", "the date must be a full date (YYYY-MM-DD)"});
  if (!is_valid_utf8(in.place) || utf8_length(in.place) > 200)
    out.push_back({"place", "the place must be valid text of at most 200 characters"});
  if (!is_valid_utf8(in.notes) || utf8_length(in.notes) > 20000)
    out.push_back({"notes", "the notes must be valid text of at most 20000 characters"});
  std::vector<std::pair<std::string, std::string>> codes;
  if (!in.organiser.empty()) codes.push_back({"organiser", in.organiser});
  for (const auto& p : in.participants) codes.push_back({"participants", p});
  for (const auto& [field, code] : codes) {
    auto e = load_entity(tx, code);
    if (!e) return fail(e.error());
    if (!*e)
      out.push_back(
          {field, "unknown entity '" + (is_valid_utf8(code) ? code.substr(0, 40) : "") + "'"});
  }
  for (const auto& c : in.countries)
    if (!is_country_code(c))
      out.push_back({"countries", "countries must be ISO alpha-3 codes such as KAZ"});
  if (in.pledges)
    for (const auto& p : *in.pledges) {
      auto row = tx.query("SELECT id FROM pledges WHERE id = ?", {p.value});
      if (!row) return fail(row.error());
      if (row->empty()) out.push_back({"pledges", "no pledge with id " + std::to_string(p.value)});
    }
  return out;
}

Result<ConsultationId> insert_consultation(db::Transaction& tx, const access::Actor& actor,
                                           const ConsultationInput& in, Instant now) {
  NANSEN_TRY(authorize_consultation_write(tx, actor, std::nullopt, &in));
  const std::string at = format_instant(now);
  auto id = tx.insert(
      "INSERT INTO consultations (title, held_on, place, organiser_entity_id, notes, created_at, "
      "updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {in.title, format_civil_date(in.held_on), in.place, organiser_id(tx, in.organiser), in.notes,
       at, at});
  if (!id) {
    if (id.error().code == ErrorCode::kConflict)
      return fail(ErrorCode::kConflict, "a consultation with this title and date exists", "title");
    return fail(id.error());
  }
  const ConsultationId cid{*id};
  NANSEN_TRY(write_members(tx, cid, in, true));
  NANSEN_TRY(audit(tx, actor, "consultation.create", "consultation", std::to_string(cid.value),
                   std::nullopt, consultation_detail(in), now));
  return cid;
}

Status rewrite_consultation(db::Transaction& tx, const access::Actor& actor, ConsultationId id,
                            const ConsultationInput& in, Instant now) {
  NANSEN_TRY(authorize_consultation_write(tx, actor, id, &in));
  auto done = tx.execute(
      "UPDATE consultations SET title = ?, held_on = ?, place = ?, organiser_entity_id = ?, notes "
      "= ?, "
      "updated_at = ? WHERE id = ?",
      {in.title, format_civil_date(in.held_on), in.place, organiser_id(tx, in.organiser), in.notes,
       format_instant(now), id.value});
  if (!done) return fail(done.error());
  if (*done == 0) return fail(ErrorCode::kNotFound, "no such consultation", "consultation_id");
  NANSEN_TRY(write_members(tx, id, in, false));
  return audit(tx, actor, "consultation.update", "consultation", std::to_string(id.value),
               std::nullopt, consultation_detail(in), now);
}

Result<Consultation> load_consultation(db::Transaction& tx, ConsultationId id) {
  auto row = tx.query(
      "SELECT c.id, c.title, c.held_on, c.place, e.code, c.notes, c.opened_at FROM consultations c "
      "LEFT JOIN pledge_entities e ON e.id = c.organiser_entity_id WHERE c.id = ?",
      {id.value});
  if (!row) return fail(row.error());
  if (row->empty()) return fail(ErrorCode::kNotFound, "no such consultation", "consultation_id");
  const auto& r = row->front();
  Consultation c;
  c.id = id;
  c.title = r.text(1);
  c.held_on = parse_civil_date(r.text(2)).value_or(CivilDate{1970, 1, 1});
  c.place = r.text(3);
  c.organiser = r.text(4);
  c.notes = r.text(5);
  c.opened_at = r.optional_text(6);
  auto parts = tx.query(
      "SELECT e.code FROM consultation_participants p JOIN pledge_entities e ON e.id = p.entity_id "
      "WHERE p.consultation_id = ? ORDER BY e.code",
      {id.value});
  if (!parts) return fail(parts.error());
  for (const auto& p : *parts) c.participants.push_back(p.text(0));
  auto countries = tx.query(
      "SELECT country FROM consultation_countries WHERE consultation_id = ? ORDER BY country",
      {id.value});
  if (!countries) return fail(countries.error());
  for (const auto& p : *countries) c.countries.push_back(p.text(0));
  auto pledges = tx.query(
      "SELECT pledge_id, stage_at_opening FROM consultation_pledges WHERE consultation_id = ? "
      "ORDER BY pledge_id",
      {id.value});
  if (!pledges) return fail(pledges.error());
  for (const auto& p : *pledges) {
    c.pledges.push_back(PledgeId{p.integer(0)});
    if (auto s = p.optional_text(1))
      if (auto stage = parse_stage(*s)) c.snapshot[PledgeId{p.integer(0)}] = *stage;
  }
  auto follow = tx.query(
      "SELECT id, consultation_id, pledge_id, action, owner, due_on, done FROM "
      "consultation_follow_ups "
      "WHERE consultation_id = ? ORDER BY due_on, id",
      {id.value});
  if (!follow) return fail(follow.error());
  for (const auto& f : *follow) c.follow_ups.push_back(follow_up_from_row(f));
  return c;
}

Result<std::optional<ConsultationId>> find_consultation(db::Transaction& tx, std::string_view title,
                                                        const CivilDate& held_on) {
  auto row = tx.query("SELECT id FROM consultations WHERE title = ? AND held_on = ?",
                      {std::string(title), format_civil_date(held_on)});
  if (!row) return fail(row.error());
  if (row->empty()) return std::optional<ConsultationId>{};
  return std::optional<ConsultationId>{ConsultationId{row->front().integer(0)}};
}

Result<std::vector<Consultation>> load_consultations(db::Transaction& tx) {
  auto ids = tx.query("SELECT id FROM consultations ORDER BY held_on DESC, id DESC");
  if (!ids) return fail(ids.error());
  std::vector<Consultation> out;
  for (const auto& r : *ids) {
    auto c = load_consultation(tx, ConsultationId{r.integer(0)});
    if (!c) return fail(c.error());
    out.push_back(std::move(*c));
  }
  return out;
}

Result<Consultation> open_consultation_as_of(db::Database& db, const access::Actor& actor,
                                             ConsultationId id, const CivilDate& as_of,
                                             Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeReview));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  NANSEN_TRY(authorize_consultation_write(**tx, actor, id, nullptr));
  auto c = load_consultation(**tx, id);
  if (!c) return c;
  if (c->opened_at)
    return fail(ErrorCode::kConflict, "the consultation was already opened on " + *c->opened_at,
                "opened_at");
  auto histories = load_histories(**tx);
  if (!histories) return fail(histories.error());
  for (const auto& p : c->pledges) {
    const auto h = histories->find(p.value);
    const Stage s = h == histories->end() ? Stage::kNotReported : stage_as_of(h->second, as_of);
    NANSEN_TRY(
        (*tx)->execute("UPDATE consultation_pledges SET stage_at_opening = ? WHERE consultation_id "
                       "= ? AND pledge_id = ?",
                       {std::string(code(s)), id.value, p.value}));
  }
  NANSEN_TRY((*tx)->execute("UPDATE consultations SET opened_at = ?, updated_at = ? WHERE id = ?",
                            {format_instant(now), format_instant(now), id.value}));
  NANSEN_TRY(audit(**tx, actor, "consultation.open", "consultation", std::to_string(id.value),
                   std::nullopt,
                   "{\"pledges\":" + std::to_string(c->pledges.size()) + ",\"as_of\":\"" +
                       format_civil_date(as_of) + "\"}",
                   now));
  auto opened = load_consultation(**tx, id);
  if (!opened) return opened;
  NANSEN_TRY((*tx)->commit());
  return opened;
}

}  // namespace detail

namespace {

Status authorize_review(const access::Actor& actor) {
  return access::authorize(actor, access::Permission::kPledgeReview);
}

template <typename F>
auto in_write(db::Database& db, F&& body) -> decltype(body(std::declval<db::Transaction&>())) {
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto result = body(**tx);
  if (!result) return result;
  NANSEN_TRY((*tx)->commit());
  return result;
}

}  // namespace

Result<Consultation> create_consultation(db::Database& db, const access::Actor& actor,
                                         const ConsultationInput& in, Instant now) {
  NANSEN_TRY(authorize_review(actor));
  return in_write(db, [&](db::Transaction& tx) -> Result<Consultation> {
    auto problems = detail::validate_consultation(tx, in);
    if (!problems) return fail(problems.error());
    if (!problems->empty()) return fail(detail::first_invalid(*problems));
    auto id = detail::insert_consultation(tx, actor, in, now);
    if (!id) return fail(id.error());
    return detail::load_consultation(tx, *id);
  });
}

Result<Consultation> update_consultation(db::Database& db, const access::Actor& actor,
                                         ConsultationId id, const ConsultationInput& in,
                                         Instant now) {
  NANSEN_TRY(authorize_review(actor));
  return in_write(db, [&](db::Transaction& tx) -> Result<Consultation> {
    auto problems = detail::validate_consultation(tx, in);
    if (!problems) return fail(problems.error());
    if (!problems->empty()) return fail(detail::first_invalid(*problems));
    NANSEN_TRY(detail::rewrite_consultation(tx, actor, id, in, now));
    return detail::load_consultation(tx, id);
  });
}

Result<Consultation> get_consultation(db::Database& db, const access::Actor& actor,
                                      ConsultationId id) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  return detail::load_consultation(**tx, id);
}

Result<std::vector<Consultation>> list_consultations(db::Database& db, const access::Actor& actor) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  return detail::load_consultations(**tx);
}

Result<Consultation> open_consultation(db::Database& db, const access::Actor& actor,
                                       ConsultationId id, Instant now) {
  return detail::open_consultation_as_of(db, actor, id, detail::today(now), now);
}

Result<FollowUp> add_follow_up(db::Database& db, const access::Actor& actor, ConsultationId id,
                               const FollowUpInput& in, Instant now) {
  NANSEN_TRY(authorize_review(actor));
  if (!is_valid_utf8(in.action) || trim(in.action).empty() || utf8_length(in.action) > 2000)
    return fail(ErrorCode::kInvalid, "the action is required (at most 2000 characters)", "action");
  if (!is_valid_utf8(in.owner) || utf8_length(in.owner) > 200)
    return fail(ErrorCode::kInvalid, "the owner must be valid text of at most 200 characters",
                "owner");
  if (in.due_on && in.due_on->precision != DatePrecision::kDay)
    return fail(ErrorCode::kInvalid, "the due date must be a full date (YYYY-MM-DD)", "due_on");
  return in_write(db, [&](db::Transaction& tx) -> Result<FollowUp> {
    NANSEN_TRY(detail::authorize_consultation_write(tx, actor, id, nullptr));
    if (in.pledge) {
      auto p = tx.query("SELECT id FROM pledges WHERE id = ?", {in.pledge->value});
      if (!p) return fail(p.error());
      if (p->empty()) return fail(ErrorCode::kInvalid, "no such pledge", "pledge_id");
    }
    const std::string at = format_instant(now);
    auto fid = tx.insert(
        "INSERT INTO consultation_follow_ups (consultation_id, pledge_id, action, owner, due_on, "
        "done, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
        {id.value, in.pledge ? db::Value{in.pledge->value} : db::Value{}, in.action, in.owner,
         in.due_on ? db::Value{format_civil_date(*in.due_on)} : db::Value{}, at, at});
    if (!fid) return fail(fid.error());
    NANSEN_TRY(detail::audit(tx, actor, "consultation.follow_up", "consultation",
                             std::to_string(id.value), std::nullopt,
                             "{\"follow_up_id\":" + std::to_string(*fid) + "}", now));
    FollowUp f;
    static_cast<FollowUpInput&>(f) = in;
    f.id = FollowUpId{*fid};
    f.consultation = id;
    return f;
  });
}

Result<FollowUp> set_follow_up_done(db::Database& db, const access::Actor& actor, FollowUpId id,
                                    bool done, Instant now) {
  NANSEN_TRY(authorize_review(actor));
  return in_write(db, [&](db::Transaction& tx) -> Result<FollowUp> {
    auto owner =
        tx.query("SELECT consultation_id FROM consultation_follow_ups WHERE id = ?", {id.value});
    if (!owner) return fail(owner.error());
    if (owner->empty())
      return fail(ErrorCode::kNotFound, "no such follow-up action", "follow_up_id");
    NANSEN_TRY(detail::authorize_consultation_write(
        tx, actor, ConsultationId{owner->front().integer(0)}, nullptr));
    auto changed =
        tx.execute("UPDATE consultation_follow_ups SET done = ?, updated_at = ? WHERE id = ?",
                   {std::int64_t{done ? 1 : 0}, format_instant(now), id.value});
    if (!changed) return fail(changed.error());
    if (*changed == 0)
      return fail(ErrorCode::kNotFound, "no such follow-up action", "follow_up_id");
    NANSEN_TRY(detail::audit(tx, actor,
                             done ? "consultation.follow_up_done" : "consultation.follow_up_reopen",
                             "follow_up", std::to_string(id.value), std::nullopt, "{}", now));
    auto row = tx.query_one(
        "SELECT id, consultation_id, pledge_id, action, owner, due_on, done FROM "
        "consultation_follow_ups WHERE id = ?",
        {id.value});
    if (!row) return fail(row.error());
    return detail::follow_up_from_row(*row);
  });
}

}  // namespace nansen::pledges
