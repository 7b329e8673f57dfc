// SPDX-License-Identifier: Apache-2.0
// Entities: the states and organisations that make pledges.
#include "pledges/internal.h"

namespace nansen::pledges {
namespace {

constexpr std::string_view kEntityColumns =
    "id, code, name_en, name_ru, name_kk, kind, country, region";

Entity entity_from_row(const db::Row& r) {
  Entity e;
  e.id = EntityId{r.integer(0)};
  e.code = r.text(1);
  e.name_en = r.text(2);
  e.name_ru = r.text(3);
  e.name_kk = r.text(4);
  e.kind = parse_entity_kind(r.text(5)).value_or(EntityKind::kOther);
  e.country = r.optional_text(6);
  e.region = r.text(7);
  return e;
}

}  // namespace

std::vector<detail::FieldProblem> detail::validate_entity(const EntityInput& in) {
  std::vector<detail::FieldProblem> problems;
  if (!detail::is_entity_code(in.code))
    problems.push_back({"entity_id", "the entity id must be 2–40 letters, digits, '-' or '_'"});
  const std::pair<const std::string*, const char*> names[] = {
      {&in.name_en, "name_en"}, {&in.name_ru, "name_ru"}, {&in.name_kk, "name_kk"}};
  for (const auto& [value, field] : names) {
    if (!is_valid_utf8(*value))
      problems.push_back({field, "invalid UTF-8 text"});
    else if (utf8_length(*value) > 300)
      problems.push_back({field, "longer than 300 characters"});
  }
  if (trim(in.name_en).empty()) problems.push_back({"name_en", "the English name is required"});
  if (in.country && !detail::is_country_code(*in.country))
    problems.push_back(
        {"country", "the country must be an ISO 3166 alpha-3 code such as KAZ, or empty"});
  if (!is_valid_utf8(in.region) || utf8_length(in.region) > 100)
    problems.push_back({"region", "the region must be valid text of at most 100 characters"});
  return problems;
}

const std::string& Entity::name(std::string_view language) const {
  if (language == "ru" && !name_ru.empty()) return name_ru;
  if (language == "kk" && !name_kk.empty()) return name_kk;
  return name_en;
}

namespace detail {

Result<std::vector<Entity>> load_entities(db::Transaction& tx) {
  auto rows =
      tx.query("SELECT " + std::string(kEntityColumns) + " FROM pledge_entities ORDER BY code");
  if (!rows) return fail(rows.error());
  std::vector<Entity> out;
  for (const auto& r : *rows) out.push_back(entity_from_row(r));
  return out;
}

Result<std::optional<Entity>> load_entity(db::Transaction& tx, std::string_view code) {
  auto rows =
      tx.query("SELECT " + std::string(kEntityColumns) + " FROM pledge_entities WHERE code = ?",
               {std::string(code)});
  if (!rows) return fail(rows.error());
  if (rows->empty()) return std::optional<Entity>{};
  return std::optional<Entity>{entity_from_row(rows->front())};
}

std::map<std::string, Entity> entities_by_code(const std::vector<Entity>& entities) {
  std::map<std::string, Entity> out;
  for (const auto& e : entities) out.emplace(e.code, e);
  return out;
}

Status authorize_entity_save(const access::Actor& actor, const std::optional<Entity>& stored,
                             const EntityInput& in) {
  NANSEN_TRY(authorize_country_write(actor, in.country, "entities", "country"));
  if (stored) NANSEN_TRY(authorize_country_write(actor, stored->country, "entities", "country"));
  return {};
}

Result<Entity> save_entity_in(db::Transaction& tx, const access::Actor& actor,
                              const EntityInput& in, Instant now) {
  if (auto problems = validate_entity(in); !problems.empty()) return fail(first_invalid(problems));
  auto existing = load_entity(tx, in.code);
  if (!existing) return fail(existing.error());
  NANSEN_TRY(authorize_entity_save(actor, *existing, in));
  const std::string at = format_instant(now);
  const db::Value country = in.country ? db::Value{*in.country} : db::Value{};
  std::string action = "entity.create";
  if (*existing) {
    action = "entity.update";
    auto done = tx.execute(
        "UPDATE pledge_entities SET name_en = ?, name_ru = ?, name_kk = ?, kind = ?, country = ?, "
        "region = ?, updated_at = ? WHERE code = ?",
        {in.name_en, in.name_ru, in.name_kk, std::string(code(in.kind)), country, in.region, at,
         in.code});
    if (!done) return fail(done.error());
  } else {
    auto id = tx.insert(
        "INSERT INTO pledge_entities (code, name_en, name_ru, name_kk, kind, country, region, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {in.code, in.name_en, in.name_ru, in.name_kk, std::string(code(in.kind)), country,
         in.region, at, at});
    if (!id) return fail(id.error());
  }
  NANSEN_TRY(audit(tx, actor, action, "entity", in.code, in.country, "{}", now));
  auto saved = load_entity(tx, in.code);
  if (!saved) return fail(saved.error());
  return **saved;
}

}  // namespace detail

Result<Entity> save_entity(db::Database& db, const access::Actor& actor, const EntityInput& in,
                           Instant now) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeReview));
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  auto saved = detail::save_entity_in(**tx, actor, in, now);
  if (!saved) return saved;
  NANSEN_TRY((*tx)->commit());
  return saved;
}

Result<std::vector<Entity>> list_entities(db::Database& db, const access::Actor& actor) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  return detail::load_entities(**tx);
}

Result<Entity> get_entity(db::Database& db, const access::Actor& actor, std::string_view code) {
  NANSEN_TRY(access::authorize(actor, access::Permission::kPledgeRead));
  auto tx = db.begin(false);
  if (!tx) return fail(tx.error());
  auto e = detail::load_entity(**tx, code);
  if (!e) return fail(e.error());
  if (!*e) return fail(ErrorCode::kNotFound, "no entity with that id", "entity_id");
  return **e;
}

}  // namespace nansen::pledges
