// SPDX-License-Identifier: Apache-2.0
// Private to web/: the registration form of a person and their family, as typed. The
// form works without JavaScript: its repeated rows (names, nationality claims, identity
// documents, family members) are numbered fields ("name_0_family"), and the "add a row"
// buttons post the form back to be shown with one more empty row.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "registry/registry.h"
#include "web/routes.h"

namespace nansen::web {

struct NameRow {
  std::string kind = "official";
  std::string family, given, patronymic, full_name;
};
struct NationalityRow {
  std::string claim, basis;
};
struct IdDocumentRow {
  std::string type = "passport";
  std::string number, issuer, valid_from, valid_until;
};
struct MemberRow {
  std::string family, given, patronymic;
  std::string sex = "U";
  std::string birth_date;
  std::string relationship = "child";
  std::string claim;     // empty = the principal's claims
  std::string existing;  // id of an existing person linked instead of a new one
};

struct PersonForm {
  std::string country;
  std::vector<NameRow> names;
  std::string sex = "U";
  std::string birth_date;
  bool birth_approximate = false;
  std::string birth_place;
  std::vector<NationalityRow> nationalities;
  std::vector<IdDocumentRow> documents;
  std::vector<std::string> needs;
  std::vector<std::string> languages;
  bool interpreter = false;
  std::string contact;
  std::vector<MemberRow> members;
  std::string principal_existing;  // id of an existing person chosen as the principal
  // "save" (check duplicates first), "confirm" (the officer has seen the candidates),
  // or "add_name" / "add_nationality" / "add_document" / "add_member".
  std::string submit = "save";
};

// A new, empty form for `country` (one row of each repeated kind, no members).
PersonForm empty_person_form(std::string country);
// The posted form; unknown fields are ignored, rows beyond 20 of a kind dropped.
PersonForm read_person_form(const std::map<std::string, std::string>& fields);

// What the form would register: the principal and each family member not linked to an
// existing person. Errors name the form's field ("name_0_family", "member_1_birth_date").
struct PersonFormInputs {
  registry::PersonInput principal;
  std::vector<registry::PersonInput> members;  // one per MemberRow (unused when linked)
  // The form row of each entry of principal.names / nationalities / documents (empty rows
  // are left out), to name the form's field when the domain refuses an entry.
  std::vector<std::size_t> name_rows, nationality_rows, document_rows;
};
Result<PersonFormInputs> person_form_inputs(const PersonForm& form, const access::Actor& actor);
// A domain error on member `member` (nullopt = the principal) in the form's field names.
Error form_field_error(const PersonFormInputs& inputs, Error e,
                       std::optional<std::size_t> member = std::nullopt);
// A registry::register_family error in the form's field names: "members[1].birth_date"
// → "member_1_birth_date", "members[1].person" (a linked person) → "member_1_existing",
// the principal's fields as form_field_error names them.
Error family_field_error(const PersonFormInputs& inputs, Error e);

// The template data of the form, with `errors` (field → message) attached to the rows.
nlohmann::json person_form_json(const App& app, const Request& req, const PersonForm& form,
                                const nlohmann::json& errors);

}  // namespace nansen::web
