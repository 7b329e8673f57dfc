// SPDX-License-Identifier: Apache-2.0
// Request bodies of the registry API → domain inputs (see registry_json.h). Flat fields go
// through body.h's parser; list fields are checked here item by item with the same
// parser, so a bad item gets the same messages as a bad flat field.
#include <nlohmann/json.hpp>

#include "web/registry_json.h"

namespace nansen::web {
namespace {

HttpError bad(int status, std::string message, std::string field) {
  return HttpError{status, Error{ErrorCode::kInvalid, std::move(message), std::move(field)}};
}

// One item of a list, checked against the list's item specs; errors are renamed
// "list[i]" (plain values) or "list[i].field" (objects).
HttpResult<FieldValues> check_item(const FieldSpec& list, std::size_t i,
                                   const nlohmann::json& item) {
  const std::string where = list.name + "[" + std::to_string(i) + "]";
  const bool plain = list.items.size() == 1 && list.items[0].name.empty();
  nlohmann::json object = item;
  if (plain) {
    object = nlohmann::json::object({{"", item}});
  } else if (!item.is_object()) {
    return tl::unexpected(bad(422, "must be an object", where));
  }
  auto values = parse_fields("application/json", object.dump(), list.items);
  if (!values) {
    HttpError e = values.error();
    e.error.field = plain ? where : where + "." + e.error.field;
    return tl::unexpected(e);
  }
  return values;
}

HttpResult<std::vector<FieldValues>> check_list(const FieldSpec& list, const nlohmann::json& v) {
  if (!v.is_array()) return tl::unexpected(bad(422, "must be a list", list.name));
  if (v.size() > list.max_length)
    return tl::unexpected(
        bad(422, "holds more than " + std::to_string(list.max_length) + " items", list.name));
  std::vector<FieldValues> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto item = check_item(list, i, v[i]);
    if (!item) return tl::unexpected(item.error());
    out.push_back(std::move(*item));
  }
  return out;
}

const FieldSpec* find_list(const std::vector<FieldSpec>& lists, std::string_view name) {
  for (const FieldSpec& l : lists)
    if (l.name == name) return &l;
  return nullptr;
}

std::vector<FieldSpec> joined(const std::vector<FieldSpec>& a, const std::vector<FieldSpec>& b) {
  std::vector<FieldSpec> out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

}  // namespace

FieldSpec list_field(std::string name, std::size_t max_items, std::vector<FieldSpec> items,
                     bool required) {
  FieldSpec s;
  s.name = std::move(name);
  s.type = FieldType::kList;
  s.max_length = max_items;
  s.items = std::move(items);
  s.required = required;
  return s;
}

FieldSpec value_list_field(std::string name, std::size_t max_items, FieldSpec item) {
  item.name.clear();
  return list_field(std::move(name), max_items, {std::move(item)});
}

HttpResult<SplitBody> split_list_fields(const Request& req, const std::vector<FieldSpec>& lists) {
  const std::string type = media_type(req.header("content-type"));
  if (!is_valid_utf8(req.body))
    return tl::unexpected(bad(400, "the body is not valid UTF-8", "body"));
  SplitBody out;
  nlohmann::json doc = nlohmann::json::object();
  if (!trim(req.body).empty()) {
    if (type != "application/json")
      return tl::unexpected(
          HttpError{415, Error{ErrorCode::kInvalid, "send application/json", "content-type"}});
    auto parsed = parse_json_object(req.body);
    if (!parsed) return tl::unexpected(parsed.error());
    doc = std::move(*parsed);
  }
  nlohmann::json flat = nlohmann::json::object();
  for (const auto& [key, value] : doc.items()) {
    const FieldSpec* list = find_list(lists, key);
    if (!list) {
      flat[key] = value;
      continue;
    }
    if (value.is_null()) continue;
    auto items = check_list(*list, value);
    if (!items) return tl::unexpected(items.error());
    out.lists[key] = std::move(*items);
  }
  for (const FieldSpec& l : lists)
    if (l.required && (!out.lists.count(l.name) || out.lists[l.name].empty()))
      return tl::unexpected(bad(422, "needs at least one item", l.name));
  out.flat = flat.dump();
  return out;
}

std::string text_value(const FieldValues& v, const std::string& name, const std::string& fallback) {
  auto it = v.find(name);
  if (it == v.end() || !std::holds_alternative<std::string>(it->second)) return fallback;
  return std::get<std::string>(it->second);
}

std::optional<std::int64_t> int_value(const FieldValues& v, const std::string& name) {
  auto it = v.find(name);
  if (it == v.end() || !std::holds_alternative<std::int64_t>(it->second)) return std::nullopt;
  return std::get<std::int64_t>(it->second);
}

Result<std::optional<CivilDate>> optional_date(const std::optional<std::string>& text,
                                               std::string_view field) {
  if (!text || trim(*text).empty()) return std::optional<CivilDate>{};
  auto d = parse_civil_date(trim(*text), field);
  if (!d) return fail(d.error());
  return std::optional<CivilDate>{*d};
}

// ---------------------------------------------------------------------------------------
// Persons

namespace {

struct PersonFlat {
  std::string country;
  std::optional<std::string> organisation, sex, birth_date, birth_place, contact;
  bool interpreter_needed = false;
  bool confirm_new = false;
};

const BodySchema<PersonFlat>& person_flat_schema() {
  static const BodySchema<PersonFlat> s =
      BodySchema<PersonFlat>()
          .field(text_field("country", 3, kRequired), &PersonFlat::country)
          .field(text_field("organisation", 200), &PersonFlat::organisation)
          .field(choice_field("sex", {"M", "F", "X", "U"}), &PersonFlat::sex)
          .field(text_field("birth_date", 11), &PersonFlat::birth_date)
          .field(text_field("birth_place", 500), &PersonFlat::birth_place)
          .field(text_field("contact", 1000), &PersonFlat::contact)
          .field(bool_field("interpreter_needed"), &PersonFlat::interpreter_needed)
          .field(bool_field("confirm_new"), &PersonFlat::confirm_new);
  return s;
}

const std::vector<FieldSpec>& person_lists() {
  static const std::vector<FieldSpec> lists = {
      list_field("names", 20,
                 {choice_field("kind", {"official", "document", "mrz", "alias", "previous"}),
                  text_field("full_name", 500, kRequired), text_field("given", 200),
                  text_field("family", 200), text_field("patronymic", 200)},
                 kRequired),
      list_field("nationalities", 10,
                 {text_field("claim", 12, kRequired), text_field("basis", 200)}),
      list_field(
          "identity_documents", 20,
          {text_field("type", 64, kRequired), text_field("number", 64, kRequired),
           text_field("issuer", 100), text_field("valid_from", 10), text_field("valid_until", 10)}),
      value_list_field("specific_needs", 20, text_field("", 64)),
      value_list_field("languages", 20, text_field("", 16)),
  };
  return lists;
}

std::optional<std::string> optional_text(const FieldValues& v, const std::string& name) {
  auto it = v.find(name);
  if (it == v.end()) return std::nullopt;
  return std::get<std::string>(it->second);
}

Result<registry::PersonInput> person_input(const PersonFlat& flat, const SplitBody& split) {
  registry::PersonInput in;
  in.country = flat.country;
  in.organisation = flat.organisation.value_or("");
  in.sex = flat.sex ? (*flat.sex)[0] : 'U';
  auto birth = optional_date(flat.birth_date, "birth_date");
  if (!birth) return fail(birth.error());
  in.birth_date = *birth;
  in.birth_place = flat.birth_place.value_or("");
  in.contact = flat.contact.value_or("");
  in.interpreter_needed = flat.interpreter_needed;
  const auto list = [&](const char* name) -> const std::vector<FieldValues>& {
    static const std::vector<FieldValues> none;
    auto it = split.lists.find(name);
    return it == split.lists.end() ? none : it->second;
  };
  for (const auto& n : list("names")) {
    auto kind = registry::parse_name_kind(text_value(n, "kind", "official"));
    if (!kind) return fail(kind.error());
    in.names.push_back({*kind, text_value(n, "full_name"), text_value(n, "given"),
                        text_value(n, "family"), text_value(n, "patronymic"), ""});
  }
  for (const auto& c : list("nationalities"))
    in.nationalities.push_back({text_value(c, "claim"), text_value(c, "basis")});
  const auto& docs = list("identity_documents");
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const std::string where = "identity_documents[" + std::to_string(i) + "].";
    auto from = optional_date(optional_text(docs[i], "valid_from"), where + "valid_from");
    if (!from) return fail(from.error());
    auto until = optional_date(optional_text(docs[i], "valid_until"), where + "valid_until");
    if (!until) return fail(until.error());
    in.documents.push_back({text_value(docs[i], "type"), text_value(docs[i], "number"),
                            text_value(docs[i], "issuer"), *from, *until});
  }
  for (const auto& v : list("specific_needs")) in.specific_needs.push_back(text_value(v, ""));
  for (const auto& v : list("languages")) in.languages.push_back(text_value(v, ""));
  return in;
}

}  // namespace

const std::vector<FieldSpec>& person_body_specs() {
  static const std::vector<FieldSpec> specs = joined(person_flat_schema().specs(), person_lists());
  return specs;
}

HttpResult<PersonRequest> parse_person_request(const Request& req) {
  auto split = split_list_fields(req, person_lists());
  if (!split) return tl::unexpected(split.error());
  auto flat = person_flat_schema().parse("application/json", split->flat);
  if (!flat) return tl::unexpected(flat.error());
  auto input = person_input(*flat, *split);
  if (!input) return tl::unexpected(http_error(input.error()));
  return PersonRequest{std::move(*input), flat->confirm_new};
}

Error person_body_error(Error e) {
  if (e.field.rfind("documents[", 0) == 0) e.field = "identity_" + e.field;
  return e;
}

// ---------------------------------------------------------------------------------------
// Bulk eligibility

namespace {

struct RuleFlat {
  std::string country;
  std::optional<std::string> document_type, document_valid_from_before, born_before;
  std::optional<std::string> decision, legal_basis, fingerprint;
};

BodySchema<RuleFlat> rule_schema(bool with_decision) {
  auto s = BodySchema<RuleFlat>()
               .field(text_field("country", 3, kRequired), &RuleFlat::country)
               .field(text_field("document_type", 64), &RuleFlat::document_type)
               .field(text_field("document_valid_from_before", 10),
                      &RuleFlat::document_valid_from_before)
               .field(text_field("born_before", 10), &RuleFlat::born_before);
  if (with_decision)
    s.field(text_field("decision", 64, kRequired), &RuleFlat::decision)
        .field(text_field("legal_basis", procedures::kMaxLegalBasisBytes, kRequired),
               &RuleFlat::legal_basis)
        .field(text_field("fingerprint", 128, kRequired), &RuleFlat::fingerprint);
  return s;
}

const BodySchema<RuleFlat>& rule_schema_for(bool with_decision) {
  static const BodySchema<RuleFlat> preview = rule_schema(false);
  static const BodySchema<RuleFlat> apply = rule_schema(true);
  return with_decision ? apply : preview;
}

const std::vector<FieldSpec>& rule_lists() {
  static const std::vector<FieldSpec> lists = {
      value_list_field("nationality_claims", 20, text_field("", 12))};
  return lists;
}

}  // namespace

const std::vector<FieldSpec>& eligibility_rule_specs() {
  static const std::vector<FieldSpec> specs = joined(rule_schema_for(false).specs(), rule_lists());
  return specs;
}

const std::vector<FieldSpec>& eligibility_apply_specs() {
  static const std::vector<FieldSpec> specs = joined(rule_schema_for(true).specs(), rule_lists());
  return specs;
}

HttpResult<EligibilityRequest> parse_eligibility_request(const Request& req, bool with_decision) {
  auto split = split_list_fields(req, rule_lists());
  if (!split) return tl::unexpected(split.error());
  auto flat = rule_schema_for(with_decision).parse("application/json", split->flat);
  if (!flat) return tl::unexpected(flat.error());
  EligibilityRequest out;
  out.rule.country = flat->country;
  if (auto it = split->lists.find("nationality_claims"); it != split->lists.end())
    for (const auto& v : it->second) out.rule.nationality_claims.push_back(text_value(v, ""));
  out.rule.document_type = flat->document_type;
  auto before = optional_date(flat->document_valid_from_before, "document_valid_from_before");
  if (!before) return tl::unexpected(http_error(before.error()));
  out.rule.document_valid_from_before = *before;
  auto born = optional_date(flat->born_before, "born_before");
  if (!born) return tl::unexpected(http_error(born.error()));
  out.rule.born_before = *born;
  out.decision = {flat->decision.value_or(""), flat->legal_basis.value_or("")};
  out.fingerprint = flat->fingerprint.value_or("");
  return out;
}

}  // namespace nansen::web
