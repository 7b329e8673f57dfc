// SPDX-License-Identifier: Apache-2.0
// nansen demo seed — fills a new database with the demo's data: the real Central Asia
// pledges, entities and the two Almaty consultations (with progress updates labelled
// illustrative), and a synthetic registry of persons, households, cases and documents
// (documents::seed_demo_registry) acted out by the demo officers.
#include <iostream>
#include <random>

#include "access/access.h"
#include "cli/open_database.h"
#include "documents/documents.h"
#include "pledges/pledges.h"

namespace nansen::cli {
namespace {

struct SeedArgs {
  std::size_t persons = 10'000;
  std::uint64_t seed = 1951;
};

// A password nobody knows: officers the seed had to create itself can log in only after
// an administrator sets one (`nansen user passwd`). scripts/demo.sh creates them first.
std::string unknown_password() {
  std::random_device random;
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
  std::string out;
  for (int i = 0; i < 32; ++i) out.push_back(kAlphabet[random() % (sizeof kAlphabet - 1)]);
  return out;
}

// The officer with this login, created (with an unknown password) if missing.
Result<access::Actor> demo_officer(db::Database& db, const std::string& login, access::Role role,
                                   const std::string& country, const std::string& title,
                                   Instant now) {
  auto user = access::find_user_by_login(db, access::system_actor(), login);
  if (!user && user.error().code == ErrorCode::kNotFound) {
    access::NewUser nu;
    nu.login = login;
    nu.display_name = title + " (" + country + ", demo)";
    nu.password = unknown_password();
    nu.role = role;
    nu.scope = access::Scope{country, "MIA-" + country};
    nu.language = "ru";
    user = access::create_user(db, access::system_actor(), nu, now);
  }
  if (!user) return fail(user.error());
  return access::Actor{user->id,       user->login, user->role, user->scope,
                       user->language, false,       false};
}

Result<std::map<std::string, documents::DemoOfficers, std::less<>>> demo_officers(db::Database& db,
                                                                                  Instant now) {
  std::map<std::string, documents::DemoOfficers, std::less<>> out;
  for (std::string country : {"KAZ", "KGZ", "TJK", "TKM", "UZB"}) {
    std::string cc = country;
    for (char& c : cc) c = static_cast<char>(c - 'A' + 'a');
    documents::DemoOfficers o;
    auto take = [&](access::Actor& slot, const std::string& prefix, access::Role role,
                    const std::string& title) -> Status {
      auto a = demo_officer(db, prefix + "." + cc, role, country, title, now);
      if (!a) return fail(a.error());
      slot = *a;
      return {};
    };
    NANSEN_TRY(take(o.registrar, "registrar", access::Role::kRegistrar, "Registration officer"));
    NANSEN_TRY(take(o.caseworker, "caseworker", access::Role::kCaseworker, "Caseworker"));
    NANSEN_TRY(take(o.decision_maker, "decision", access::Role::kDecisionMaker, "Supervisor"));
    NANSEN_TRY(take(o.appeal_officer, "appeals", access::Role::kDecisionMaker, "Appeals officer"));
    out[country] = o;
  }
  return out;
}

// The seed writes some 150 000 rows in tens of thousands of small transactions; waiting
// for the disk after each would take minutes. A half-written seed is simply run again on
// a new file, so its connection skips the flush (SQLite: synchronous=OFF, which may only
// change outside a transaction; PostgreSQL: synchronous_commit=off for the session). The
// server opens its own connections with the ordinary, durable settings.
Status relax_durability_for_seeding(db::Database& db) {
  auto tx = db.begin(true);
  if (!tx) return fail(tx.error());
  if (db.backend() == db::Backend::kPostgres) {
    NANSEN_TRY((*tx)->execute("SET synchronous_commit = off"));
    return (*tx)->commit();
  }
  NANSEN_TRY((*tx)->execute("COMMIT"));
  NANSEN_TRY((*tx)->execute("PRAGMA synchronous = OFF"));
  NANSEN_TRY((*tx)->execute("BEGIN IMMEDIATE"));
  return (*tx)->commit();
}

void print_counts(const documents::DemoRegistryCounts& c) {
  std::cout << "demo registry: " << c.persons << " persons (";
  const char* sep = "";
  for (const auto& [country, n] : c.persons_by_country) {
    std::cout << sep << country << " " << n;
    sep = ", ";
  }
  std::cout << "), " << c.near_duplicates << " near-duplicates, " << c.households << " households, "
            << c.consents << " consents, " << c.cases << " cases, " << c.transitions
            << " transitions, " << c.member_assessments << " individual assessments, "
            << c.extensions << " extensions, " << c.documents << " documents ("
            << c.travel_documents << " travel documents with MRZ), " << c.sensitive_entries
            << " encrypted interview notes\n";
  for (const auto& [state, n] : c.cases_by_state) std::cout << "  " << state << "\t" << n << "\n";
}

void seed_registry(Context& ctx, db::Database& db, const Config& config, const SeedArgs& a,
                   Instant now) {
  auto catalog = procedures::load_builtin_definitions();
  if (!catalog) {
    ctx.exit_code = report_error(catalog.error());
    return;
  }
  auto officers = demo_officers(db, now);
  if (!officers) {
    ctx.exit_code = report_error(officers.error());
    return;
  }
  auto today = civil_date_in_zone(now, config.time_zone);
  if (!today) {
    ctx.exit_code = report_error(today.error());
    return;
  }
  std::optional<registry::Keyring> keys;
  if (auto loaded = registry::load_keyring(config.key_file)) {
    keys = std::move(*loaded);
  } else {
    std::cerr << "no usable key file at " << config.key_file
              << ": the demo gets no encrypted interview notes\n";
  }
  documents::DemoRegistryOptions o;
  o.persons = a.persons;
  o.seed = a.seed;
  o.today = *today;
  o.officers = std::move(*officers);
  o.keys = keys ? &*keys : nullptr;
  int shown_stage = -1, shown_tenth = -1;
  o.progress = [&](std::string_view stage, std::size_t done, std::size_t total) {
    const int stage_no = stage == "persons" ? 0 : 1;
    const int tenth = total ? static_cast<int>(done * 10 / total) : 10;
    if (stage_no == shown_stage && tenth == shown_tenth) return;
    shown_stage = stage_no;
    shown_tenth = tenth;
    std::cerr << "demo registry: " << stage << " " << done << "/" << total << "\n";
  };
  auto counts = documents::seed_demo_registry(db, *catalog, o, now);
  if (!counts) {
    ctx.exit_code = report_error(counts.error());
    return;
  }
  print_counts(*counts);
}

}  // namespace

void add_demo_commands(CLI::App& app, Context& ctx) {
  auto* demo = app.add_subcommand("demo", "Demo data");
  demo->require_subcommand(1);
  auto* seed = demo->add_subcommand("seed", "Load the demo data into a new database");
  seed->add_option("--db", ctx.db, "Database file or postgresql:// URL");
  auto args = std::make_shared<SeedArgs>();
  seed->add_option("--persons", args->persons,
                   "Persons in the synthetic registry (default 10000; 0 for none)");
  seed->add_option("--seed", args->seed, "Seed of the synthetic registry (default 1951)");
  seed->callback([&ctx, args] {
    auto config = ctx.config();
    if (!config) {
      ctx.exit_code = 2;
      report_error(config.error());
      return;
    }
    // One connection, so the relaxed flushing below covers every write of the seed.
    auto db = db::open(config->db, db::builtin_migrations(), true, 1);
    if (!db) {
      ctx.exit_code = report_error(db.error());
      return;
    }
    if (auto relaxed = relax_durability_for_seeding(**db); !relaxed) {
      ctx.exit_code = report_error(relaxed.error());
      return;
    }
    const Instant now = system_clock()();
    if (auto done = pledges::seed_demo(**db, now); !done) {
      ctx.exit_code = report_error(done.error());
      return;
    }
    std::cout << "demo pledges, entities and consultations loaded\n";
    if (args->persons > 0) seed_registry(ctx, **db, *config, *args, now);
  });
}

}  // namespace nansen::cli
