// SPDX-License-Identifier: Apache-2.0
// Pledge rows: loading (with the derived stage), validation, writing, comparison.
#include <algorithm>

#include "pledges/internal.h"

namespace nansen::pledges {

std::optional<std::string> Pledge::country() const {
  if (entity.country) return entity.country;
  if (!target_countries.empty()) return target_countries.front();
  return std::nullopt;
}

std::string derive_external_id(std::string_view entity_code, Forum forum, std::string_view title) {
  std::string collapsed;
  for (const auto& word : split(detail::fold(title), ' ')) {
    const std::string w = trim(word);
    if (w.empty()) continue;
    if (!collapsed.empty()) collapsed += ' ';
    collapsed += w;
  }
  const std::string key =
      std::string(entity_code) + "|" + std::string(code(forum)) + "|" + collapsed;
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a, 64-bit
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out = "NSN-";
  for (int shift = 36; shift >= 0; shift -= 4) out += kHex[(hash >> shift) & 0xf];
  return out;
}

namespace detail {
namespace {

constexpr std::string_view kPledgeSelect =
    "SELECT p.id, p.external_id, p.title, p.description, p.language, p.forum, e.code, "
    "p.co_pledgers, p.multistakeholder_pledge, p.gcr_areas, p.gcr_objectives, p.pledge_type, "
    "p.serves, p.target_countries, p.target_date, p.tags, p.ibelong_actions, p.source, "
    "p.created_at, p.updated_at, e.id, e.name_en, e.name_ru, e.name_kk, e.kind, e.country, "
    "e.region FROM pledges p JOIN pledge_entities e ON e.id = p.entity_id";

template <typename E>
std::vector<E> parse_codes(std::string_view text, Result<E> (*parse)(std::string_view)) {
  std::vector<E> out;
  for (const auto& c : split_list(text))
    if (auto v = parse(c)) out.push_back(*v);
  return out;
}

std::vector<int> parse_ints(std::string_view text) {
  std::vector<int> out;
  for (const auto& c : split_list(text)) out.push_back(std::atoi(c.c_str()));
  return out;
}

Pledge pledge_from_row(const db::Row& r) {
  Pledge p;
  p.id = PledgeId{r.integer(0)};
  p.external_id = r.text(1);
  p.title = r.text(2);
  p.description = r.text(3);
  p.language = r.text(4);
  p.forum = parse_forum(r.text(5)).value_or(Forum::kNational);
  p.entity_code = r.text(6);
  p.co_pledgers = split_list(r.text(7));
  p.multistakeholder_pledge = r.text(8);
  p.gcr_areas = parse_codes<GcrArea>(r.text(9), parse_gcr_area);
  p.gcr_objectives = parse_ints(r.text(10));
  p.type = parse_pledge_type(r.text(11)).value_or(PledgeType::kOther);
  p.serves = parse_codes<Population>(r.text(12), parse_population);
  p.target_countries = split_list(r.text(13));
  if (auto d = r.optional_text(14))
    if (auto parsed = parse_civil_date(*d)) p.target_date = *parsed;
  p.tags = split_list(r.text(15));
  p.ibelong_actions = parse_ints(r.text(16));
  p.source = r.text(17);
  p.created_at = r.text(18);
  p.updated_at = r.text(19);
  p.entity.id = EntityId{r.integer(20)};
  p.entity.code = p.entity_code;
  p.entity.name_en = r.text(21);
  p.entity.name_ru = r.text(22);
  p.entity.name_kk = r.text(23);
  p.entity.kind = parse_entity_kind(r.text(24)).value_or(EntityKind::kOther);
  p.entity.country = r.optional_text(25);
  p.entity.region = r.text(26);
  return p;
}

// The date the pledge was made: its forum's, else the record's creation.
CivilDate made_on(const Pledge& p) {
  if (auto d = forum_date(p.forum)) return *d;
  if (auto t = parse_instant(p.created_at)) return today(*t);
  return CivilDate{1970, 1, 1};
}

db::Params pledge_params(const PledgeInput& in, const Entity& entity) {
  return {in.title,
          in.description,
          in.language,
          std::string(code(in.forum)),
          entity.id.value,
          join_list(in.co_pledgers),
          in.multistakeholder_pledge,
          join_codes(in.gcr_areas),
          join_ints(in.gcr_objectives),
          std::string(code(in.type)),
          join_codes(in.serves),
          join_list(in.target_countries),
          in.target_date ? db::Value{format_civil_date(*in.target_date)} : db::Value{},
          join_list(in.tags),
          join_ints(in.ibelong_actions),
          in.source};
}

void check_text(std::vector<FieldProblem>& out, const std::string& value, const char* field,
                std::size_t max_chars, bool required) {
  if (!is_valid_utf8(value))
    out.push_back({field, "invalid UTF-8 text"});
  else if (required && trim(value).empty())
    out.push_back({field, "required"});
  else if (utf8_length(value) > max_chars)
    out.push_back({field, "longer than " + std::to_string(max_chars) + " characters"});
}

}  // namespace

Stage stage_as_of(const StageHistory& history, const CivilDate& day) {
  Stage stage = Stage::kNotReported;
  const auto limit = days_from_civil(day);
  for (const auto& point : history)
    if (days_from_civil(point.on) <= limit) stage = point.stage;
  return stage;
}

Result<std::map<std::int64_t, StageHistory>> load_histories(db::Transaction& tx) {
  auto rows = tx.query(
      "SELECT pledge_id, reported_on, stage FROM pledge_updates ORDER BY pledge_id, reported_on, "
      "id");
  if (!rows) return fail(rows.error());
  std::map<std::int64_t, StageHistory> out;
  for (const auto& r : *rows) {
    auto on = parse_civil_date(r.text(1));
    if (!on) continue;
    out[r.integer(0)].push_back({*on, parse_stage(r.text(2)).value_or(Stage::kNotReported)});
  }
  return out;
}

Result<std::vector<Pledge>> load_pledges(db::Transaction& tx, Instant now,
                                         std::optional<PledgeId> only) {
  auto rows = only ? tx.query(std::string(kPledgeSelect) + " WHERE p.id = ?", {only->value})
                   : tx.query(std::string(kPledgeSelect) + " ORDER BY p.id");
  if (!rows) return fail(rows.error());
  auto histories = load_histories(tx);
  if (!histories) return fail(histories.error());
  std::vector<Pledge> out;
  for (const auto& r : *rows) {
    Pledge p = pledge_from_row(r);
    const auto h = histories->find(p.id.value);
    if (h != histories->end() && !h->second.empty()) {
      p.stage = h->second.back().stage;
      p.last_update_on = h->second.back().on;
    }
    p.stale = is_stale(p.stage, p.last_update_on ? *p.last_update_on : made_on(p), now);
    out.push_back(std::move(p));
  }
  return out;
}

Result<Pledge> load_pledge(db::Transaction& tx, PledgeId id, Instant now) {
  auto found = load_pledges(tx, now, id);
  if (!found) return fail(found.error());
  if (found->empty()) return fail(ErrorCode::kNotFound, "no such pledge", "pledge_id");
  return std::move(found->front());
}

std::vector<FieldProblem> validate_pledge(const PledgeInput& in,
                                          const std::map<std::string, Entity>& entities) {
  std::vector<FieldProblem> out;
  if (!in.external_id.empty()) {
    const bool ok = in.external_id.size() <= 40 && is_entity_code(in.external_id);
    if (!ok)
      out.push_back({"pledge_id",
                     "the pledge id must be up to 40 letters, digits, '-' or '_' (e.g. GRF-01547), "
                     "or empty"});
  }
  check_text(out, in.title, "title", 500, true);
  check_text(out, in.description, "description", 10000, false);
  if (!is_language(in.language)) out.push_back({"language", "the language must be en, ru or kk"});
  if (!entities.contains(in.entity_code))
    out.push_back({"submitting_entity",
                   "unknown entity '" +
                       (is_valid_utf8(in.entity_code) ? in.entity_code.substr(0, 40) : "") +
                       "'; import it with the entities first"});
  for (const auto& c : in.co_pledgers) {
    if (!entities.contains(c))
      out.push_back(
          {"co_pledgers", "unknown entity '" + (is_valid_utf8(c) ? c.substr(0, 40) : "") + "'"});
    else if (c == in.entity_code)
      out.push_back({"co_pledgers", "the submitting entity cannot also be a co-pledger"});
  }
  check_text(out, in.multistakeholder_pledge, "multistakeholder_pledge", 200, false);
  for (int o : in.gcr_objectives)
    if (o < 1 || o > 4) out.push_back({"gcr_objectives", "GCR objectives are numbered 1 to 4"});
  for (int a : in.ibelong_actions)
    if (a < 1 || a > 10)
      out.push_back({"ibelong_actions", "#IBelong actions are numbered 1 to 10"});
  for (const auto& c : in.target_countries)
    if (!is_country_code(c))
      out.push_back({"target_countries", "'" + (is_valid_utf8(c) ? c.substr(0, 20) : "") +
                                             "' is not an ISO 3166 alpha-3 code such as KAZ"});
  for (const auto& t : in.tags)
    if (!is_valid_utf8(t) || utf8_length(t) > 60 || t.find(';') != std::string::npos)
      out.push_back({"tags", "each tag must be valid text of at most 60 characters"});
  check_text(out, in.source, "source", 500, false);
  return out;
}

std::vector<std::string> changed_columns(const Pledge& s, const PledgeInput& in) {
  std::vector<std::string> out;
  auto diff = [&](bool differs, const char* column) {
    if (differs) out.push_back(column);
  };
  diff(s.title != in.title, "title");
  diff(s.description != in.description, "description");
  diff(s.language != in.language, "language");
  diff(s.forum != in.forum, "forum");
  diff(s.entity_code != in.entity_code, "submitting_entity");
  diff(s.co_pledgers != in.co_pledgers, "co_pledgers");
  diff(s.multistakeholder_pledge != in.multistakeholder_pledge, "multistakeholder_pledge");
  diff(s.gcr_areas != in.gcr_areas, "gcr_areas");
  diff(s.gcr_objectives != in.gcr_objectives, "gcr_objectives");
  diff(s.type != in.type, "pledge_type");
  diff(s.serves != in.serves, "serves");
  diff(s.target_countries != in.target_countries, "target_countries");
  diff(s.target_date != in.target_date, "target_date");
  diff(s.tags != in.tags, "tags");
  diff(s.ibelong_actions != in.ibelong_actions, "ibelong_actions");
  diff(s.source != in.source, "source");
  return out;
}

Result<PledgeId> insert_pledge(db::Transaction& tx, const PledgeInput& in, const Entity& entity,
                               Instant now) {
  db::Params params = {in.external_id};
  for (auto& v : pledge_params(in, entity)) params.push_back(std::move(v));
  params.push_back(format_instant(now));
  params.push_back(format_instant(now));
  auto id = tx.insert(
      "INSERT INTO pledges (external_id, title, description, language, forum, entity_id, "
      "co_pledgers, "
      "multistakeholder_pledge, gcr_areas, gcr_objectives, pledge_type, serves, target_countries, "
      "target_date, tags, ibelong_actions, source, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      params);
  if (!id) {
    if (id.error().code == ErrorCode::kConflict)
      return fail(ErrorCode::kConflict, "a pledge with the id " + in.external_id + " exists",
                  "pledge_id");
    return fail(id.error());
  }
  return PledgeId{*id};
}

Status write_pledge(db::Transaction& tx, PledgeId id, const PledgeInput& in, const Entity& entity,
                    Instant now) {
  db::Params params = pledge_params(in, entity);
  params.push_back(format_instant(now));
  params.push_back(id.value);
  auto done = tx.execute(
      "UPDATE pledges SET title = ?, description = ?, language = ?, forum = ?, entity_id = ?, "
      "co_pledgers = ?, multistakeholder_pledge = ?, gcr_areas = ?, gcr_objectives = ?, "
      "pledge_type = ?, "
      "serves = ?, target_countries = ?, target_date = ?, tags = ?, ibelong_actions = ?, source = "
      "?, "
      "updated_at = ? WHERE id = ?",
      params);
  if (!done) return fail(done.error());
  return {};
}

}  // namespace detail
}  // namespace nansen::pledges
