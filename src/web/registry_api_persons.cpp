// SPDX-License-Identifier: Apache-2.0
// /api/v1/persons, /api/v1/households: search, registration with the duplicate check,
// merge and unmerge, households, consent per purpose and the encrypted sensitive entries.
// Handlers that change who is an unmerged person refresh app.persons (registry::refresh_index)
// after the domain call committed, so search and the duplicate check see the registry as
// committed.
#include <nlohmann/json.hpp>

#include "web/registry_api.h"
#include "web/registry_json.h"

namespace nansen::web {
namespace {

using registry::PersonId;

Response search_persons(App& app, Request& req) {
  auto hits = registry::search_persons(*app.persons, *app.db, actor_of(req), req.query_value("q"),
                                       app.now());
  if (!hits) return json_error(hits.error());
  return Response::json(200, {{"persons", person_summaries_json(*hits)}});
}

Response get_person(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto p = registry::get_person(*app.db, actor_of(req), PersonId{*id}, app.now());
  if (!p) return json_error(p.error());
  return Response::json(200, person_json(*p));
}

Response check_duplicates(App& app, Request& req) {
  auto body = parse_person_request(req);
  if (!body) return json_error(body.error());
  auto candidates =
      registry::likely_duplicates(*app.persons, *app.db, actor_of(req), body->input, app.now());
  if (!candidates) return json_error(person_body_error(candidates.error()));
  return Response::json(200, {{"candidates", person_summaries_json(*candidates)}});
}

// Registration shows likely duplicates before saving: with candidates and without
// "confirm_new": true the answer is 409 with the candidates, and nothing is written.
Response register_person(App& app, Request& req) {
  auto body = parse_person_request(req);
  if (!body) return json_error(body.error());
  const access::Actor& actor = actor_of(req);
  auto done = registry::register_checked(*app.persons, *app.db, actor, {body->input, {}}, {},
                                         body->confirm_new, app.now());
  if (!done) return json_error(person_body_error(done.error()));
  if (!done->problems.empty()) {
    // The first problem in the one error shape, and every problem beside it.
    nlohmann::json problems = nlohmann::json::array();
    for (const Error& e : done->problems) {
      const Error named = person_body_error(e);
      problems.push_back({{"code", std::string(error_code_name(named.code))},
                          {"message", named.message},
                          {"field", named.field}});
    }
    const nlohmann::json first = problems.front();
    return Response::json(http_status(done->problems.front().code),
                          {{"error", first}, {"problems", problems}});
  }
  if (done->stopped()) {
    nlohmann::json out = {
        {"error",
         {{"code", "conflict"},
          {"message",
           "likely duplicates exist: link or merge, or send \"confirm_new\": true to register "
           "a new person"},
          {"field", "confirm_new"}}},
        {"candidates", person_summaries_json(done->candidates.front())}};
    return Response::json(409, out);
  }
  const PersonId id = *done->principal;
  auto person = registry::get_person(*app.db, actor, id, app.now());
  if (!person) return json_error(person.error());
  Response r = Response::json(201, person_json(*person));
  r.set_header("Location", "/api/v1/persons/" + std::to_string(id.value));
  return r;
}

struct MergeBody {
  std::int64_t into = 0;
};

const BodySchema<MergeBody>& merge_schema() {
  static const BodySchema<MergeBody> s =
      BodySchema<MergeBody>().field(int_field("into", 1, INT64_MAX, kRequired), &MergeBody::into);
  return s;
}

Response merge_person(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = merge_schema().parse(req);
  if (!body) return json_error(body.error());
  const access::Actor& actor = actor_of(req);
  auto duplicate = registry::get_person(*app.db, actor, PersonId{*id}, app.now());
  if (!duplicate) return json_error(duplicate.error());
  auto merged = registry::merge_persons(*app.persons, *app.db, actor, PersonId{*id},
                                        PersonId{body->into}, app.now());
  if (!merged) {
    Error e = merged.error();
    if (e.field == "survivor") e.field = "into";
    return json_error(e);
  }
  auto after = registry::get_person(*app.db, actor, PersonId{*id}, app.now());
  if (!after) return json_error(after.error());
  return Response::json(200, person_json(*after));
}

Response unmerge_person(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  const access::Actor& actor = actor_of(req);
  auto done = registry::unmerge_person(*app.persons, *app.db, actor, PersonId{*id}, app.now());
  if (!done) return json_error(done.error());
  auto person = registry::get_person(*app.db, actor, PersonId{*id}, app.now());
  if (!person) return json_error(person.error());
  return Response::json(200, person_json(*person));
}

// ---------------------------------------------------------------------------------------
// Households

struct HouseholdBody {
  std::string country;
};

const BodySchema<HouseholdBody>& household_schema() {
  static const BodySchema<HouseholdBody> s = BodySchema<HouseholdBody>().field(
      text_field("country", 3, kRequired), &HouseholdBody::country);
  return s;
}

FieldSpec relationship_field() {
  return choice_field("relationship",
                      {"head", "spouse", "child", "parent", "sibling", "grandchild", "other"},
                      kRequired);
}

const std::vector<FieldSpec>& household_lists() {
  static const std::vector<FieldSpec> lists = {
      list_field("members", 50,
                 {int_field("person", 1, INT64_MAX, kRequired), relationship_field()}, kRequired)};
  return lists;
}

const std::vector<FieldSpec>& household_specs() {
  static const std::vector<FieldSpec> specs = [] {
    auto s = household_schema().specs();
    s.insert(s.end(), household_lists().begin(), household_lists().end());
    return s;
  }();
  return specs;
}

Response create_household(App& app, Request& req) {
  auto split = split_list_fields(req, household_lists());
  if (!split) return json_error(split.error());
  auto body = household_schema().parse("application/json", split->flat);
  if (!body) return json_error(body.error());
  std::vector<registry::HouseholdMember> members;
  for (const auto& m : split->lists["members"])
    members.push_back(
        {PersonId{int_value(m, "person").value_or(0)}, text_value(m, "relationship")});
  const access::Actor& actor = actor_of(req);
  auto id = registry::create_household(*app.db, actor, body->country, members, app.now());
  if (!id) return json_error(id.error());
  auto stored = registry::household_members(*app.db, actor, *id, app.now());
  if (!stored) return json_error(stored.error());
  Response r = Response::json(201, household_json(*id, *stored));
  r.set_header("Location", "/api/v1/households/" + std::to_string(id->value));
  return r;
}

Response get_household(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto members =
      registry::household_members(*app.db, actor_of(req), registry::HouseholdId{*id}, app.now());
  if (!members) return json_error(members.error());
  return Response::json(200, household_json(registry::HouseholdId{*id}, *members));
}

struct NewMemberBody {
  std::int64_t person_id = 0;
  std::string relationship;
};

const BodySchema<NewMemberBody>& new_member_schema() {
  static const BodySchema<NewMemberBody> s =
      BodySchema<NewMemberBody>()
          .field(int_field("person_id", 1, INT64_MAX, kRequired), &NewMemberBody::person_id)
          .field(relationship_field(), &NewMemberBody::relationship);
  return s;
}

// A household outside the caller's scope is 404 exactly as a missing one (the domain
// answers both alike), and so is a person of another country.
Response add_household_member(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = new_member_schema().parse(req);
  if (!body) return json_error(body.error());
  const access::Actor& actor = actor_of(req);
  const registry::HouseholdId household{*id};
  auto added = registry::add_household_member(*app.db, actor, household, PersonId{body->person_id},
                                              body->relationship, app.now());
  if (!added) {
    Error e = added.error();
    if (e.field == "person") e.field = "person_id";
    return json_error(e);
  }
  auto stored = registry::household_members(*app.db, actor, household, app.now());
  if (!stored) return json_error(stored.error());
  return Response::json(201, household_json(household, *stored));
}

// ---------------------------------------------------------------------------------------
// Consent

struct ConsentBody {
  std::string purpose;
  bool given = false;  // absent = not given: a refusal is the safe default
  std::string legal_basis;
};

const BodySchema<ConsentBody>& consent_schema() {
  static const BodySchema<ConsentBody> s =
      BodySchema<ConsentBody>()
          .field(choice_field("purpose", {"rsd", "statelessness", "documentation", "statistics"},
                              kRequired),
                 &ConsentBody::purpose)
          .field(bool_field("given"), &ConsentBody::given)
          .field(text_field("legal_basis", 500, kRequired), &ConsentBody::legal_basis);
  return s;
}

Response list_consents(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto list = registry::consents(*app.db, actor_of(req), PersonId{*id}, app.now());
  if (!list) return json_error(list.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : *list) out.push_back(consent_json(c));
  return Response::json(200, {{"consents", out}});
}

Response record_consent(App& app, Request& req) {
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = consent_schema().parse(req);
  if (!body) return json_error(body.error());
  auto purpose = registry::parse_purpose(body->purpose);
  if (!purpose) return json_error(purpose.error());
  registry::Consent c{*purpose, body->given, body->legal_basis, ""};
  auto done = registry::record_consent(*app.db, actor_of(req), PersonId{*id}, c, app.now());
  if (!done) return json_error(done.error());
  Response r = list_consents(app, req);
  if (r.status == 200) r.status = 201;
  return r;
}

// ---------------------------------------------------------------------------------------
// Sensitive entries

struct SensitiveBody {
  std::string kind;
  std::string text;
  std::optional<std::int64_t> case_id;
};

const BodySchema<SensitiveBody>& sensitive_schema() {
  static const BodySchema<SensitiveBody> s =
      BodySchema<SensitiveBody>()
          .field(choice_field("kind", {"interview_notes", "claim_narrative", "health", "sgbv"},
                              kRequired),
                 &SensitiveBody::kind)
          // Characters here, bytes in the domain (TooLarge over kMaxSensitiveBytes).
          .field(text_field("text", registry::kMaxSensitiveBytes, kRequired), &SensitiveBody::text)
          .field(int_field("case_id", 1, INT64_MAX), &SensitiveBody::case_id);
  return s;
}

// Without the key file nothing sensitive can be written or read; the same answer for
// every person, so it says nothing about who exists.
std::optional<Response> keys_missing(const App& app) {
  if (app.keyring) return std::nullopt;
  return json_error(Error{ErrorCode::kUnavailable,
                          "sensitive entries are unavailable: the key file " + app.config.key_file +
                              " is missing ([security] key_file)",
                          "key_file"});
}

Response read_sensitive(App& app, Request& req) {
  if (auto missing = keys_missing(app)) return *missing;
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto entries = registry::read_sensitive_entries(*app.db, actor_of(req), *app.keyring,
                                                  PersonId{*id}, app.now());
  if (!entries) return json_error(entries.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : *entries) out.push_back(sensitive_entry_json(e));
  return Response::json(200, {{"entries", out}});
}

Response add_sensitive(App& app, Request& req) {
  if (auto missing = keys_missing(app)) return *missing;
  auto id = id_param(req);
  if (!id) return json_error(id.error());
  auto body = sensitive_schema().parse(req);
  if (!body) return json_error(body.error());
  auto kind = registry::parse_sensitive_kind(body->kind);
  if (!kind) return json_error(kind.error());
  auto entry = registry::add_sensitive_entry(*app.db, actor_of(req), *app.keyring, PersonId{*id},
                                             *kind, body->case_id, body->text, app.now());
  if (!entry) return json_error(entry.error());
  // The id only: the text goes back to the client that just sent it, nowhere else.
  return Response::json(201, {{"id", *entry}, {"kind", body->kind}});
}

}  // namespace

void register_registry_person_api(Router& router, App& app) {
  const ApiRoutes routes{router, app, "registry"};
  routes.add("GET", "/api/v1/persons", search_persons,
             "Search persons through the match index, ranked with the matcher's reason, or by "
             "document or case number (person.read; your scope; audited)",
             {},
             {{"q",
               "a name in any script, spelling or order (typos, MRZ, ISO 9, German, French, "
               "Polish, Czech, Turkish papers), a surname or given name alone, optionally with "
               "a birth date or year; or a document or case number. At most 256 bytes, no "
               "control characters"}});
  routes.add("POST", "/api/v1/persons", register_person,
             "Register a person; 409 with the likely duplicates unless confirm_new is true "
             "(person.write)",
             person_body_specs(), {}, 201);
  routes.add("POST", "/api/v1/persons/duplicates", check_duplicates,
             "Likely duplicates of a person being registered, with the matcher's reasons "
             "(person.read; audited like a search)",
             person_body_specs());
  routes.add("GET", "/api/v1/persons/{id}", get_person, "One person (person.read; audited)");
  routes.add("POST", "/api/v1/persons/{id}/merge", merge_person,
             "Record that this person is the same as person `into` (reversible; person.write; "
             "audited)",
             merge_schema().specs());
  routes.add("POST", "/api/v1/persons/{id}/unmerge", unmerge_person,
             "Undo a merge (person.write; audited)");
  routes.add("POST", "/api/v1/households", create_household,
             "Register a household: one head, members of one country (person.write)",
             household_specs(), {}, 201);
  routes.add("GET", "/api/v1/households/{id}", get_household,
             "A household's members and relationships (person.read; audited)");
  routes.add("POST", "/api/v1/households/{id}/members", add_household_member,
             "Add a registered person to a household: same country, nobody twice, one head "
             "(person.write; audited)",
             new_member_schema().specs(), {}, 201);
  routes.add("GET", "/api/v1/persons/{id}/consents", list_consents,
             "The latest consent and legal basis per purpose (person.read)");
  routes.add("POST", "/api/v1/persons/{id}/consents", record_consent,
             "Record consent (or its refusal) and the legal basis for a purpose (person.write)",
             consent_schema().specs(), {}, 201);
  routes.add("GET", "/api/v1/persons/{id}/sensitive", read_sensitive,
             "Decrypted sensitive entries (sensitive.read; every read audited; 503 without the key "
             "file)");
  routes.add("POST", "/api/v1/persons/{id}/sensitive", add_sensitive,
             "Add an encrypted sensitive entry, at most 64 KiB (case.write and sensitive.read; 503 "
             "without the key file)",
             sensitive_schema().specs(), {}, 201);
}

}  // namespace nansen::web
