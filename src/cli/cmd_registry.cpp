// SPDX-License-Identifier: Apache-2.0
// nansen mrz check | make — ICAO 9303 TD3 machine-readable zones from the shell.
//
// `check` exits 0 when every check digit agrees and 1 naming each one that does not (or
// the line that is malformed); `make` prints the two lines, or exits 2 naming the flag
// whose value is wrong.
#include <iostream>
#include <map>
#include <memory>

#include "cli/cli.h"
#include "documents/documents.h"

namespace nansen::cli {
namespace {

struct MakeArgs {
  std::string type = "P", country, surname, given, number, nationality, birth, sex, expiry,
              optional;
};

// The flag a caller typed for each Td3Input field, so errors name what they can fix.
std::string flag_for(const std::string& field) {
  static const std::map<std::string, std::string> flags = {
      {"document_code", "--type"},     {"issuing_state", "--country"},
      {"surname", "--surname"},        {"given_names", "--given"},
      {"document_number", "--number"}, {"nationality", "--nationality"},
      {"birth_date", "--birth"},       {"sex", "--sex"},
      {"expiry_date", "--expiry"},     {"optional_data", "--optional"},
  };
  auto it = flags.find(field);
  return it == flags.end() ? field : it->second;
}

int usage_error(const Error& e) {
  std::cerr << "error: " << e.message << " (" << flag_for(e.field) << ")\n";
  return 2;
}

int check(const std::string& line1, const std::string& line2) {
  auto reading = documents::read_td3(line1, line2);
  if (!reading) {
    std::cerr << "invalid MRZ: " << reading.error().message << " (" << reading.error().field
              << ")\n";
    return 1;
  }
  if (reading->valid()) {
    std::cout << "valid TD3 MRZ\n";
    return 0;
  }
  for (const auto& f : reading->failures)
    std::cout << "check digit failed: " << documents::mrz_check_name(f.check) << " (expected "
              << f.expected << ", found " << f.found << ")\n";
  return 1;
}

int make(const MakeArgs& a) {
  documents::Td3Input in;
  in.document_code = a.type;
  in.issuing_state = a.country;
  in.surname = a.surname;
  in.given_names = a.given;
  in.document_number = a.number;
  in.nationality = a.nationality;
  in.optional_data = a.optional;
  auto birth = parse_civil_date(a.birth, "birth_date");
  if (!birth) return usage_error(birth.error());
  in.birth_date = *birth;
  auto expiry = parse_civil_date(a.expiry, "expiry_date");
  if (!expiry) return usage_error(expiry.error());
  in.expiry_date = *expiry;
  if (a.sex.size() != 1)
    return usage_error(Error{ErrorCode::kInvalid, "sex must be M, F or X", "sex"});
  in.sex = static_cast<char>(std::toupper(static_cast<unsigned char>(a.sex[0])));
  if (in.sex == '<') return usage_error(Error{ErrorCode::kInvalid, "sex must be M, F or X", "sex"});
  auto td3 = documents::make_td3(in);
  if (!td3) return usage_error(td3.error());
  std::cout << td3->line1 << '\n' << td3->line2 << '\n';
  return 0;
}

void add_mrz_commands(CLI::App& app, Context& ctx) {
  auto* mrz = app.add_subcommand("mrz", "ICAO 9303 machine-readable zones (TD3 travel documents)");
  mrz->require_subcommand(1);

  auto lines = std::make_shared<std::pair<std::string, std::string>>();
  auto* check_cmd =
      mrz->add_subcommand("check", "Verify the check digits of a TD3; exit 1 naming each failure");
  check_cmd->add_option("LINE1", lines->first, "First line (44 characters)")->required();
  check_cmd->add_option("LINE2", lines->second, "Second line (44 characters)")->required();
  check_cmd->callback([&ctx, lines] { ctx.exit_code = check(lines->first, lines->second); });

  auto a = std::make_shared<MakeArgs>();
  auto* make_cmd = mrz->add_subcommand("make", "Print the two MRZ lines of a TD3 travel document");
  make_cmd->add_option("--type", a->type, "Document code: P, or P and a type letter (default P)");
  make_cmd->add_option("--country", a->country, "Issuing state (ICAO 3-letter code)")->required();
  make_cmd->add_option("--surname", a->surname, "Primary identifier, any script")->required();
  make_cmd->add_option("--given", a->given, "Given names, any script");
  make_cmd->add_option("--number", a->number, "Document number (up to 9 characters)")->required();
  make_cmd
      ->add_option("--nationality", a->nationality,
                   "ICAO 3-letter code; XXA stateless, XXB refugee (1951), XXC refugee "
                   "(other), XXX unspecified")
      ->required();
  make_cmd->add_option("--birth", a->birth, "Date of birth YYYY-MM-DD (YYYY or YYYY-MM if unknown)")
      ->required();
  make_cmd->add_option("--sex", a->sex, "M, F or X")->required();
  make_cmd->add_option("--expiry", a->expiry, "Date of expiry YYYY-MM-DD")->required();
  make_cmd->add_option("--optional", a->optional, "Optional data / personal number (up to 14)");
  make_cmd->callback([&ctx, a] { ctx.exit_code = make(*a); });
}

}  // namespace

void add_registry_commands(CLI::App& app, Context& ctx) {
  add_mrz_commands(app, ctx);
}

}  // namespace nansen::cli
