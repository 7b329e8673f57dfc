// SPDX-License-Identifier: Apache-2.0
// The registration form: reading the posted fields, turning them into registry inputs
// (checking what the officer can fix on the form), and its template data.
#include "web/registry_person_form.h"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "web/registry_views.h"

namespace nansen::web {
namespace {

constexpr std::size_t kMaxRows = 20;

std::string get(const std::map<std::string, std::string>& f, const std::string& key) {
  auto it = f.find(key);
  return it == f.end() ? std::string() : trim(it->second);
}

std::size_t count(const std::map<std::string, std::string>& f, const std::string& key,
                  std::size_t fallback) {
  const std::string s = get(f, key);
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return fallback;
  return std::min(n, kMaxRows);
}

std::string row_key(const char* kind, std::size_t i, const char* field) {
  return std::string(kind) + "_" + std::to_string(i) + "_" + field;
}

Status check_text(const std::string& value, const std::string& field, bool required) {
  if (!is_valid_utf8(value)) return fail(ErrorCode::kInvalid, "not valid UTF-8", field);
  if (value.size() > registry::kMaxTextBytes)
    return fail(ErrorCode::kInvalid, "is longer than 4096 bytes", field);
  if (required && value.empty()) return fail(ErrorCode::kInvalid, "is required", field);
  return {};
}

Result<std::optional<CivilDate>> optional_date(const std::string& text, const std::string& field,
                                               bool approximate = false) {
  if (text.empty()) return std::optional<CivilDate>{};
  auto d = parse_civil_date(text, field);
  if (!d) return fail(ErrorCode::kInvalid, "not a possible date", field);
  d->approximate = d->approximate || approximate;
  return std::optional<CivilDate>{*d};
}

std::string joined_name(const std::string& family, const std::string& given,
                        const std::string& patronymic) {
  std::string out = family;
  for (const std::string* part : {&given, &patronymic})
    if (!part->empty()) out += (out.empty() ? "" : " ") + *part;
  return out;
}

bool is_claim(const std::string& c) {
  if (c == "stateless" || c == "undetermined") return true;
  return c.size() == 3 &&
         std::all_of(c.begin(), c.end(), [](char x) { return x >= 'A' && x <= 'Z'; });
}

Result<registry::PersonInput> member_input(const MemberRow& m, std::size_t i,
                                           const registry::PersonInput& principal) {
  const auto key = [i](const char* f) { return row_key("member", i, f); };
  NANSEN_TRY(check_text(m.family, key("family"), false));
  NANSEN_TRY(check_text(m.given, key("given"), false));
  NANSEN_TRY(check_text(m.patronymic, key("patronymic"), false));
  registry::PersonInput p;
  p.country = principal.country;
  p.organisation = principal.organisation;
  registry::PersonName n;
  n.family = m.family;
  n.given = m.given;
  n.patronymic = m.patronymic;
  n.full_name = joined_name(m.family, m.given, m.patronymic);
  if (n.full_name.empty()) return fail(ErrorCode::kInvalid, "is required", key("given"));
  p.names.push_back(n);
  p.sex = m.sex.size() == 1 ? m.sex[0] : 'U';
  auto birth = optional_date(m.birth_date, key("birth_date"));
  if (!birth) return fail(birth.error());
  p.birth_date = *birth;
  if (!m.claim.empty()) {
    if (!is_claim(m.claim)) return fail(ErrorCode::kInvalid, "must be one of", key("claim"));
    p.nationalities.push_back({m.claim, ""});
  } else {
    p.nationalities = principal.nationalities;  // a family usually shares its situation
  }
  p.languages = principal.languages;
  p.interpreter_needed = principal.interpreter_needed;
  if (std::find(relationships().begin(), relationships().end(), m.relationship) ==
      relationships().end())
    return fail(ErrorCode::kInvalid, "must be one of", key("relationship"));
  return p;
}

}  // namespace

PersonForm empty_person_form(std::string country) {
  PersonForm f;
  f.country = std::move(country);
  f.names.emplace_back();
  f.nationalities.emplace_back();
  f.documents.emplace_back();
  return f;
}

PersonForm read_person_form(const std::map<std::string, std::string>& f) {
  PersonForm form;
  form.country = get(f, "country");
  for (std::size_t i = 0, n = count(f, "names_count", 1); i < n; ++i) {
    NameRow r;
    r.kind = get(f, row_key("name", i, "kind"));
    r.family = get(f, row_key("name", i, "family"));
    r.given = get(f, row_key("name", i, "given"));
    r.patronymic = get(f, row_key("name", i, "patronymic"));
    r.full_name = get(f, row_key("name", i, "full_name"));
    form.names.push_back(r);
  }
  form.sex = get(f, "sex");
  form.birth_date = get(f, "birth_date");
  form.birth_approximate = !get(f, "birth_approximate").empty();
  form.birth_place = get(f, "birth_place");
  for (std::size_t i = 0, n = count(f, "nationalities_count", 1); i < n; ++i)
    form.nationalities.push_back(
        {get(f, row_key("nationality", i, "claim")), get(f, row_key("nationality", i, "basis"))});
  for (std::size_t i = 0, n = count(f, "documents_count", 1); i < n; ++i) {
    IdDocumentRow r;
    r.type = get(f, row_key("document", i, "type"));
    r.number = get(f, row_key("document", i, "number"));
    r.issuer = get(f, row_key("document", i, "issuer"));
    r.valid_from = get(f, row_key("document", i, "valid_from"));
    r.valid_until = get(f, row_key("document", i, "valid_until"));
    form.documents.push_back(r);
  }
  for (const std::string& code : specific_need_codes())
    if (!get(f, "need_" + code).empty()) form.needs.push_back(code);
  for (const std::string& code : language_codes())
    if (!get(f, "lang_" + code).empty()) form.languages.push_back(code);
  form.interpreter = !get(f, "interpreter").empty();
  form.contact = get(f, "contact");
  for (std::size_t i = 0, n = count(f, "members_count", 0); i < n; ++i) {
    MemberRow m;
    m.family = get(f, row_key("member", i, "family"));
    m.given = get(f, row_key("member", i, "given"));
    m.patronymic = get(f, row_key("member", i, "patronymic"));
    m.sex = get(f, row_key("member", i, "sex"));
    m.birth_date = get(f, row_key("member", i, "birth_date"));
    m.relationship = get(f, row_key("member", i, "relationship"));
    m.claim = get(f, row_key("member", i, "claim"));
    m.existing = get(f, row_key("member", i, "existing"));
    form.members.push_back(m);
  }
  form.principal_existing = get(f, "principal_existing");
  const std::string submit = get(f, "submit");
  if (!submit.empty()) form.submit = submit;
  return form;
}

Result<PersonFormInputs> person_form_inputs(const PersonForm& form, const access::Actor& actor) {
  PersonFormInputs out;
  registry::PersonInput& p = out.principal;
  p.country = actor.scope.country ? *actor.scope.country : form.country;
  p.organisation = actor.scope.organisation;
  for (std::size_t i = 0; i < form.names.size(); ++i) {
    const NameRow& r = form.names[i];
    const auto key = [i](const char* f) { return row_key("name", i, f); };
    NANSEN_TRY(check_text(r.family, key("family"), false));
    NANSEN_TRY(check_text(r.given, key("given"), false));
    NANSEN_TRY(check_text(r.patronymic, key("patronymic"), false));
    NANSEN_TRY(check_text(r.full_name, key("full_name"), false));
    registry::PersonName n;
    auto kind = registry::parse_name_kind(r.kind);
    if (!kind) return fail(ErrorCode::kInvalid, "must be one of", key("kind"));
    n.kind = *kind;
    n.family = r.family;
    n.given = r.given;
    n.patronymic = r.patronymic;
    n.full_name = r.full_name.empty() ? joined_name(r.family, r.given, r.patronymic) : r.full_name;
    if (n.full_name.empty()) continue;  // an unused row
    p.names.push_back(n);
    out.name_rows.push_back(i);
  }
  if (p.names.empty()) return fail(ErrorCode::kInvalid, "is required", "name_0_family");
  if (form.sex.size() != 1 || std::string("FMXU").find(form.sex[0]) == std::string::npos)
    return fail(ErrorCode::kInvalid, "must be one of", "sex");
  p.sex = form.sex[0];
  auto birth = optional_date(form.birth_date, "birth_date", form.birth_approximate);
  if (!birth) return fail(birth.error());
  p.birth_date = *birth;
  NANSEN_TRY(check_text(form.birth_place, "birth_place", false));
  p.birth_place = form.birth_place;
  for (std::size_t i = 0; i < form.nationalities.size(); ++i) {
    const NationalityRow& r = form.nationalities[i];
    if (r.claim.empty()) continue;
    if (!is_claim(r.claim))
      return fail(ErrorCode::kInvalid, "must be one of", row_key("nationality", i, "claim"));
    NANSEN_TRY(check_text(r.basis, row_key("nationality", i, "basis"), false));
    p.nationalities.push_back({r.claim, r.basis});
    out.nationality_rows.push_back(i);
  }
  for (std::size_t i = 0; i < form.documents.size(); ++i) {
    const IdDocumentRow& r = form.documents[i];
    const auto key = [i](const char* f) { return row_key("document", i, f); };
    if (r.number.empty() && r.issuer.empty() && r.valid_from.empty() && r.valid_until.empty())
      continue;
    NANSEN_TRY(check_text(r.number, key("number"), true));
    NANSEN_TRY(check_text(r.issuer, key("issuer"), false));
    registry::IdentityDocument d;
    d.type = r.type;
    d.number = r.number;
    d.issuer = r.issuer;
    auto from = optional_date(r.valid_from, key("valid_from"));
    if (!from) return fail(from.error());
    auto until = optional_date(r.valid_until, key("valid_until"));
    if (!until) return fail(until.error());
    d.valid_from = *from;
    d.valid_until = *until;
    p.documents.push_back(d);
    out.document_rows.push_back(i);
  }
  p.specific_needs = form.needs;
  p.languages = form.languages;
  p.interpreter_needed = form.interpreter;
  NANSEN_TRY(check_text(form.contact, "contact", false));
  p.contact = form.contact;
  for (std::size_t i = 0; i < form.members.size(); ++i) {
    auto m = member_input(form.members[i], i, p);
    if (!m) return fail(m.error());
    out.members.push_back(std::move(*m));
  }
  return out;
}

Error form_field_error(const PersonFormInputs& inputs, Error e, std::optional<std::size_t> member) {
  // "names[2].full_name" → "name_<row>_full_name"; a member has one name and one claim.
  const auto list_field = [&](const char* list, const char* row_kind,
                              const std::vector<std::size_t>& rows) -> std::optional<std::string> {
    const std::string prefix = std::string(list) + "[";
    if (e.field.rfind(prefix, 0) != 0) return std::nullopt;
    const auto close = e.field.find("].");
    if (close == std::string::npos) return std::nullopt;
    std::size_t k = 0;
    std::from_chars(e.field.data() + prefix.size(), e.field.data() + close, k);
    const std::string sub = e.field.substr(close + 2);
    if (member) return row_key("member", *member, sub == "full_name" ? "given" : sub.c_str());
    return row_key(row_kind, k < rows.size() ? rows[k] : k, sub.c_str());
  };
  for (auto [list, kind, rows] :
       {std::tuple{"names", "name", &inputs.name_rows},
        std::tuple{"nationalities", "nationality", &inputs.nationality_rows},
        std::tuple{"documents", "document", &inputs.document_rows}})
    if (auto f = list_field(list, kind, *rows)) {
      e.field = *f;
      return e;
    }
  if (member && !e.field.empty()) e.field = row_key("member", *member, e.field.c_str());
  return e;
}

Error family_field_error(const PersonFormInputs& inputs, Error e) {
  const std::string prefix = "members[";
  const auto close = e.field.find(']');
  std::size_t member = 0;
  if (e.field.rfind(prefix, 0) != 0 || close == std::string::npos ||
      std::from_chars(e.field.data() + prefix.size(), e.field.data() + close, member).ec !=
          std::errc() ||
      member >= inputs.members.size())
    return form_field_error(inputs, std::move(e));
  e.field = close + 2 <= e.field.size() ? e.field.substr(close + 2) : "";
  if (e.field == "person") e.field = "existing";
  return form_field_error(inputs, std::move(e), member);
}

namespace {

std::string error_at(const nlohmann::json& errors, const std::string& key) {
  auto it = errors.find(key);
  return it == errors.end() ? std::string() : it->get<std::string>();
}

// One repeated row: its index, its values, and "<field>_error" for each field in error.
nlohmann::json row_json(const char* kind, std::size_t i,
                        const std::vector<std::pair<const char*, std::string>>& values,
                        const nlohmann::json& errors) {
  nlohmann::json row = {{"i", i}, {"n", i + 1}};
  for (const auto& [field, value] : values) {
    row[field] = value;
    const std::string message = error_at(errors, row_key(kind, i, field));
    if (!message.empty()) row[std::string(field) + "_error"] = message;
  }
  return row;
}

nlohmann::json checkboxes(const App& app, const Request& req, const std::vector<std::string>& all,
                          const std::vector<std::string>& chosen, const char* key_prefix,
                          const char* name_prefix) {
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& code : all)
    out.push_back({{"name", std::string(name_prefix) + code},
                   {"label", label_or(app, req, key_prefix + code, code)},
                   {"checked", std::find(chosen.begin(), chosen.end(), code) != chosen.end()}});
  return out;
}

}  // namespace

nlohmann::json person_form_json(const App& app, const Request& req, const PersonForm& form,
                                const nlohmann::json& errors) {
  nlohmann::json names = nlohmann::json::array();
  for (std::size_t i = 0; i < form.names.size(); ++i) {
    const NameRow& r = form.names[i];
    nlohmann::json row = row_json("name", i,
                                  {{"family", r.family},
                                   {"given", r.given},
                                   {"patronymic", r.patronymic},
                                   {"full_name", r.full_name}},
                                  errors);
    row["kinds"] = options(app, req, name_kinds(), "reg_name_kind_", r.kind);
    names.push_back(row);
  }
  nlohmann::json nationalities = nlohmann::json::array();
  for (std::size_t i = 0; i < form.nationalities.size(); ++i) {
    const NationalityRow& r = form.nationalities[i];
    nlohmann::json row = row_json("nationality", i, {{"basis", r.basis}}, errors);
    row["claims"] = claim_options(app, req, r.claim, true);
    const std::string e = error_at(errors, row_key("nationality", i, "claim"));
    if (!e.empty()) row["claim_error"] = e;
    nationalities.push_back(row);
  }
  nlohmann::json docs = nlohmann::json::array();
  for (std::size_t i = 0; i < form.documents.size(); ++i) {
    const IdDocumentRow& r = form.documents[i];
    nlohmann::json row = row_json("document", i,
                                  {{"number", r.number},
                                   {"issuer", r.issuer},
                                   {"valid_from", r.valid_from},
                                   {"valid_until", r.valid_until}},
                                  errors);
    row["types"] = options(app, req, identity_document_types(), "reg_id_type_", r.type);
    docs.push_back(row);
  }
  nlohmann::json members = nlohmann::json::array();
  for (std::size_t i = 0; i < form.members.size(); ++i) {
    const MemberRow& m = form.members[i];
    nlohmann::json row = row_json("member", i,
                                  {{"family", m.family},
                                   {"given", m.given},
                                   {"patronymic", m.patronymic},
                                   {"birth_date", m.birth_date},
                                   {"existing", m.existing}},
                                  errors);
    row["sexes"] = options(app, req, sexes(), "reg_sex_", m.sex);
    row["relationships"] = options(app, req, relationships(), "reg_rel_", m.relationship);
    row["claims"] = claim_options(app, req, m.claim, true);
    for (const char* f : {"sex", "relationship", "claim"}) {
      const std::string e = error_at(errors, row_key("member", i, f));
      if (!e.empty()) row[std::string(f) + "_error"] = e;
    }
    members.push_back(row);
  }
  nlohmann::json out = {
      {"country", form.country},
      {"names", names},
      {"names_count", form.names.size()},
      {"sexes", options(app, req, sexes(), "reg_sex_", form.sex)},
      {"birth_date", form.birth_date},
      {"birth_approximate", form.birth_approximate},
      {"birth_place", form.birth_place},
      {"nationalities", nationalities},
      {"nationalities_count", form.nationalities.size()},
      {"documents", docs},
      {"documents_count", form.documents.size()},
      {"needs", checkboxes(app, req, specific_need_codes(), form.needs, "reg_need_", "need_")},
      {"languages", checkboxes(app, req, language_codes(), form.languages, "reg_lang_", "lang_")},
      {"interpreter", form.interpreter},
      {"contact", form.contact},
      {"members", members},
      {"members_count", form.members.size()},
      {"principal_existing", form.principal_existing},
  };
  return out;
}

}  // namespace nansen::web
