// SPDX-License-Identifier: Apache-2.0
// nansen user add|list|passwd|disable|enable|token — account administration from the
// server's shell, acting as the system actor (the operator owns the machine).
#include <iostream>

#include "access/access.h"
#include "cli/open_database.h"

namespace nansen::cli {
namespace {

struct UserArgs {
  std::string login, role = "observer", country, org, name, language = "en", token_name;
  int days = 0;
};

Result<access::User> user_by_login(db::Database& db, const std::string& login) {
  return access::find_user_by_login(db, access::system_actor(), login);
}

void add(Context& ctx, const UserArgs& a) {
  auto db = open_database(ctx);
  if (!db) return;
  auto role = access::parse_role(a.role);
  if (!role) {
    ctx.exit_code = report_error(role.error());
    return;
  }
  access::NewUser nu;
  nu.login = a.login;
  nu.display_name = a.name.empty() ? a.login : a.name;
  nu.role = *role;
  if (!a.country.empty()) nu.scope.country = a.country;
  nu.scope.organisation = a.org;
  nu.language = a.language;
  nu.password = read_password("password for " + a.login);
  auto user = access::create_user(*db, access::system_actor(), nu, system_clock()());
  if (!user) {
    ctx.exit_code = report_error(user.error());
    return;
  }
  std::cout << "created user " << user->login << " (id " << user->id.value << ", role "
            << access::role_name(user->role) << ", scope "
            << user->scope.country.value_or("regional") << ")\n";
}

void list(Context& ctx) {
  auto db = open_database(ctx);
  if (!db) return;
  auto users = access::list_users(*db, access::system_actor());
  if (!users) {
    ctx.exit_code = report_error(users.error());
    return;
  }
  std::cout << "login\trole\tcountry\torganisation\tlanguage\tstatus\n";
  for (const auto& u : *users)
    std::cout << u.login << '\t' << access::role_name(u.role) << '\t'
              << u.scope.country.value_or("regional") << '\t' << u.scope.organisation << '\t'
              << u.language << '\t' << (u.disabled ? "disabled" : "active") << '\n';
}

// Opens the database and finds the user named on the command line, then runs `act`,
// which returns the error to report or nothing.
template <typename Act>
void on_user(Context& ctx, const std::string& login, Act act) {
  auto db = open_database(ctx);
  if (!db) return;
  auto user = user_by_login(*db, login);
  if (!user) {
    ctx.exit_code = report_error(user.error());
    return;
  }
  if (Status done = act(*db, *user); !done) ctx.exit_code = report_error(done.error());
}

void passwd(Context& ctx, const UserArgs& a) {
  on_user(ctx, a.login, [&](db::Database& db, const access::User& user) -> Status {
    // The operator resets: no current password, audited as user.password_reset.
    NANSEN_TRY(access::change_password(db, access::system_actor(), user.id,
                                       {read_password("new password for " + a.login), {}},
                                       access::SecurityPolicy{}, system_clock()()));
    std::cout << "password changed; the user's sessions were ended\n";
    return {};
  });
}

void set_disabled(Context& ctx, const UserArgs& a, bool disabled) {
  on_user(ctx, a.login, [&](db::Database& db, const access::User& user) -> Status {
    NANSEN_TRY(
        access::set_disabled(db, access::system_actor(), user.id, disabled, system_clock()()));
    std::cout << a.login << (disabled ? " disabled\n" : " enabled\n");
    return {};
  });
}

void token(Context& ctx, const UserArgs& a) {
  on_user(ctx, a.login, [&](db::Database& db, const access::User& user) -> Status {
    auto t = access::issue_token(db, access::system_actor(), user.id, a.token_name, user.scope,
                                 a.days > 0 ? std::optional<int>(a.days) : std::nullopt,
                                 system_clock()());
    if (!t) return fail(t.error());
    std::cerr << "API token for " << a.login << " (shown once; store it safely):\n";
    std::cout << t->secret << "\n";
    return {};
  });
}

}  // namespace

void add_user_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<UserArgs>();
  auto* user = app.add_subcommand("user", "Manage user accounts");
  user->require_subcommand(1);

  auto* add_cmd = user->add_subcommand(
      "add", "Create a user; the password is read from stdin when it is not a terminal");
  add_cmd->add_option("login", args->login, "Login name")->required();
  add_cmd
      ->add_option("--role", args->role,
                   "admin, focal_point, registrar, caseworker, decision_maker, analyst or observer")
      ->required();
  add_cmd->add_option("--country", args->country,
                      "ISO 3166 alpha-3 country of the user's scope; omit for regional");
  add_cmd->add_option("--org", args->org, "Organisation of the user's scope");
  add_cmd->add_option("--name", args->name, "Display name");
  add_cmd->add_option("--language", args->language, "en, ru or kk");
  add_cmd->add_option("--db", ctx.db, "Database file or postgresql:// URL");
  add_cmd->callback([&ctx, args] { add(ctx, *args); });

  auto* list_cmd = user->add_subcommand("list", "List users");
  list_cmd->add_option("--db", ctx.db, "Database file or postgresql:// URL");
  list_cmd->callback([&ctx] { list(ctx); });

  auto* passwd_cmd =
      user->add_subcommand("passwd", "Set a user's password (stdin when not a terminal)");
  passwd_cmd->add_option("login", args->login, "Login name")->required();
  passwd_cmd->add_option("--db", ctx.db, "Database file or postgresql:// URL");
  passwd_cmd->callback([&ctx, args] { passwd(ctx, *args); });

  for (bool disabled : {true, false}) {
    auto* cmd = user->add_subcommand(
        disabled ? "disable" : "enable",
        disabled ? "Disable a user, ending their sessions and tokens" : "Enable a disabled user");
    cmd->add_option("login", args->login, "Login name")->required();
    cmd->add_option("--db", ctx.db, "Database file or postgresql:// URL");
    cmd->callback([&ctx, args, disabled] { set_disabled(ctx, *args, disabled); });
  }

  auto* token_cmd =
      user->add_subcommand("token", "Issue an API token bound to the user and their scope");
  token_cmd->add_option("login", args->login, "Login name")->required();
  token_cmd->add_option("--name", args->token_name, "What the token is for")->required();
  token_cmd->add_option("--days", args->days, "Validity in days (default: until revoked)")
      ->check(CLI::Range(1, 3650));
  token_cmd->add_option("--db", ctx.db, "Database file or postgresql:// URL");
  token_cmd->callback([&ctx, args] { token(ctx, *args); });
}

}  // namespace nansen::cli
