// SPDX-License-Identifier: Apache-2.0
// The demo population: persons from match::generate_population (names in Cyrillic, the
// national Latin alphabets and MRZ form, with realistic spelling variation), grouped into
// households per country, each with the claims, documents, languages and consents that
// fit the procedure the household is in.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "documents/demo_internal.h"
#include "match/match.h"

namespace nansen::documents::demo {
namespace {

using Records = std::vector<const match::SyntheticRecord*>;

const std::map<std::string, std::vector<std::string>, std::less<>> kPlaces = {
    {"KAZ", {"Алматы", "Шымкент", "Астана", "Туркестан", "Тараз", "Сарыагаш"}},
    {"KGZ", {"Бишкек", "Ош", "Жалал-Абад", "Баткен"}},
    {"TJK", {"Душанбе", "Худжанд", "Куляб", "Бохтар"}},
    {"TKM", {"Ашхабад", "Мары", "Дашогуз", "Туркменабат"}},
    {"UZB", {"Ташкент", "Самарканд", "Андижан", "Наманган"}},
    {"AFG", {"Мазари-Шариф", "Кундуз", "Кабул", "Шибирган", "Файзабад"}},
};
const std::map<std::string, std::string, std::less<>> kLocalLanguage = {
    {"KAZ", "kk"}, {"KGZ", "ky"}, {"TJK", "tg"}, {"TKM", "tk"}, {"UZB", "uz"}};
const std::map<std::string, std::string, std::less<>> kPhonePrefix = {{"KAZ", "+7 70"},
                                                                      {"KGZ", "+996 55"},
                                                                      {"TJK", "+992 93"},
                                                                      {"TKM", "+993 65"},
                                                                      {"UZB", "+998 90"}};
const std::vector<std::string> kAdultNeeds = {"disability",           "serious_medical_condition",
                                              "older_person_at_risk", "woman_at_risk",
                                              "single_parent",        "survivor_of_torture"};

bool is_rsd(const std::string& procedure) {
  return procedure == "kz_asylum" || procedure == "unhcr_mandate_rsd";
}

int birth_year(const std::optional<CivilDate>& d) {
  return d ? d->year : 1980;
}

// Records grouped by the person they describe, in order of first appearance.
std::vector<Records> group_by_person(const std::vector<match::SyntheticRecord>& records) {
  std::vector<Records> out;
  std::unordered_map<std::int64_t, std::size_t> index;
  for (const auto& r : records) {
    auto [it, added] = index.emplace(r.person_id, out.size());
    if (added) out.emplace_back();
    out[it->second].push_back(&r);
  }
  return out;
}

// The record registered as the person: the Cyrillic one if there is one.
const match::SyntheticRecord& official_record(const Records& records) {
  for (const auto* r : records)
    if (r->script == "cyrillic") return *r;
  for (const auto* r : records)
    if (r->script != "mrz") return *r;
  return *records.front();
}

// A record of the same person in another script, for a deliberate near-duplicate.
const match::SyntheticRecord* other_script_record(const Records& records,
                                                  const match::SyntheticRecord& official) {
  for (const auto* r : records)
    if (r != &official && r->script != "mrz" && r->script != official.script) return r;
  return nullptr;
}

registry::PersonName name_of(const match::SyntheticRecord& r, registry::NameKind kind) {
  return {kind, r.full_name, r.given_name, r.family_name, r.patronymic, ""};
}

std::vector<registry::PersonName> names_of(const Records& records,
                                           const match::SyntheticRecord& official) {
  std::vector<registry::PersonName> names = {name_of(official, registry::NameKind::kOfficial)};
  for (const auto* r : records) {
    if (r == &official || names.size() >= 3) continue;
    if (std::any_of(names.begin(), names.end(),
                    [&](const auto& n) { return n.full_name == r->full_name; }))
      continue;
    names.push_back(name_of(*r, r->script == "mrz"        ? registry::NameKind::kMrz
                                : r->script == "cyrillic" ? registry::NameKind::kAlias
                                                          : registry::NameKind::kDocument));
  }
  return names;
}

std::string digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.between(0, 9)));
  return s;
}

CivilDate day_of(int year, Rng& rng) {
  return CivilDate{year, rng.between(1, 12), rng.between(1, 28), DatePrecision::kDay};
}

// Claims, identity documents and languages that fit the person's procedure.
void fill_status(registry::PersonInput& p, const match::SyntheticRecord& r,
                 const std::string& procedure, bool adult, Rng& rng) {
  const int born = birth_year(p.birth_date);
  if (is_rsd(procedure)) {
    p.nationalities.push_back({"AFG", rng.chance(0.3) ? "passport" : "declared"});
    p.birth_place = rng.pick(kPlaces.at("AFG"));
    if (adult && rng.chance(0.3)) {
      const CivilDate from = day_of(std::max(born + 18, 2016), rng);
      p.documents.push_back({"passport", "P" + digits(rng, 8), "AFG", from, add_months(from, 120)});
    }
    p.languages = {r.country == "TJK" || rng.chance(0.5) ? "prs" : "uz"};
    if (rng.chance(0.1)) p.languages.push_back("ps");
    if (rng.chance(0.35)) p.languages.push_back("ru");
    p.interpreter_needed =
        std::find(p.languages.begin(), p.languages.end(), "ru") == p.languages.end();
    return;
  }
  p.languages = {kLocalLanguage.at(p.country), "ru"};
  if (procedure == "kz_statelessness" || procedure == "kz_naturalization") {
    p.nationalities.push_back(
        {rng.chance(0.6) ? "stateless" : "undetermined", rng.chance(0.5) ? "declared" : ""});
    if (born < 1975 && rng.chance(0.5))
      p.documents.push_back({"ussr_passport", "IV-ЖА " + digits(rng, 6), "SUN",
                             day_of(std::min(born + 16, 1990), rng), std::nullopt});
    if (adult && rng.chance(0.5)) {
      // Permanent residence granted before 1995 makes a bulk-eligibility demo possible.
      const CivilDate from = day_of(std::max(born + 16, rng.chance(0.4) ? 1992 : 2001), rng);
      p.documents.push_back(
          {"residence_permit", "RP" + digits(rng, 7), p.country, from, std::nullopt});
    }
    return;
  }
  if (procedure == "kz_late_birth_registration") {
    p.nationalities.push_back({"undetermined", ""});
    p.birth_place = rng.pick(kPlaces.at("KAZ"));
    return;
  }
  // Registered only: what the record claims.
  const std::string& n = r.nationality;
  p.nationalities.push_back(n == "XXA"  ? registry::NationalityClaim{"stateless", "declared"}
                            : n.empty() ? registry::NationalityClaim{"undetermined", ""}
                                        : registry::NationalityClaim{n, "passport"});
  if (n.size() == 3 && n != "XXA" && adult) {
    const CivilDate from = day_of(std::max(born + 18, 2014), rng);
    p.documents.push_back({"passport", "N" + digits(rng, 8), n, from, add_months(from, 120)});
  }
}

registry::PersonInput person_input(const Records& records, const match::SyntheticRecord& official,
                                   const std::string& country, const std::string& procedure,
                                   const DemoRegistryOptions& o, Rng& rng) {
  registry::PersonInput p;
  p.country = country;
  p.names = names_of(records, official);
  p.sex = official.sex == text::Sex::kFemale ? 'F' : 'M';
  p.birth_date = official.birth_date;
  const bool adult = procedures::possibly_adult(p.birth_date, o.today) &&
                     (!p.birth_date || o.today.year - p.birth_date->year >= 18);
  p.birth_place = rng.pick(kPlaces.at(country));
  fill_status(p, official, procedure, adult, rng);
  if (adult && rng.chance(0.1)) p.specific_needs.push_back(rng.pick(kAdultNeeds));
  if (adult && rng.chance(0.6))
    p.contact = kPhonePrefix.at(country) + digits(rng, 1) + " " + digits(rng, 3) + " " +
                digits(rng, 2) + " " + digits(rng, 2);
  return p;
}

std::vector<registry::Purpose> case_purposes(const std::string& procedure) {
  if (is_rsd(procedure)) return {registry::Purpose::kRsd, registry::Purpose::kDocumentation};
  if (procedure == "kz_statelessness")
    return {registry::Purpose::kStatelessness, registry::Purpose::kDocumentation};
  if (procedure.empty()) return {};
  return {registry::Purpose::kDocumentation};
}

Status record_consents(Seeding& s, const access::Actor& registrar, registry::PersonId person,
                       const std::string& procedure) {
  for (auto purpose : case_purposes(procedure)) {
    NANSEN_TRY(
        registry::record_consent(s.db, registrar, person, {purpose, true, "consent", ""}, s.now));
    ++s.counts.consents;
  }
  if (s.rng.chance(0.6)) {
    NANSEN_TRY(registry::record_consent(
        s.db, registrar, person,
        {registry::Purpose::kStatistics, s.rng.chance(0.85), "consent", ""}, s.now));
    ++s.counts.consents;
  }
  return {};
}

// Head first (the oldest); the others' relationship from age and sex.
void assign_relationships(std::vector<Member>& members, const CivilDate& today) {
  std::stable_sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
    return birth_year(a.birth) < birth_year(b.birth);
  });
  members[0].relationship = "head";
  bool spouse = false;
  const int head_year = birth_year(members[0].birth);
  for (std::size_t i = 1; i < members.size(); ++i) {
    Member& m = members[i];
    const int year = birth_year(m.birth);
    const bool adult = today.year - year >= 18;
    if (year - head_year >= 16) {
      m.relationship = "child";
    } else if (!spouse && adult && m.sex != members[0].sex) {
      m.relationship = "spouse";
      spouse = true;
    } else {
      m.relationship = adult ? "sibling" : "other";
    }
  }
}

int household_size(Rng& rng) {
  const double u = rng.uniform();
  return u < 0.35 ? 1 : u < 0.5 ? 2 : u < 0.65 ? 3 : u < 0.8 ? 4 : u < 0.92 ? 5 : 6;
}

}  // namespace

std::string pick_procedure(Rng& rng, const std::string& country) {
  const double u = rng.uniform();
  if (country == "KAZ")
    return u < 0.30   ? "kz_asylum"
           : u < 0.62 ? "kz_statelessness"
           : u < 0.75 ? "kz_naturalization"
           : u < 0.85 ? "kz_late_birth_registration"
                      : "";
  return u < 0.55 ? "unhcr_mandate_rsd" : "";
}

Result<std::vector<Household>> register_population(Seeding& s) {
  const DemoRegistryOptions& o = s.options;
  match::PopulationOptions po;
  po.records = o.persons * 4 + 64;
  po.seed = o.seed;
  po.min_records_per_person = 2;
  po.max_records_per_person = 4;
  po.typo_rate = 0.08;
  po.hard_negative_rate = 0.05;
  const auto records = match::generate_population(po);
  const auto people = group_by_person(records);

  std::vector<Household> households;
  std::map<std::string, std::vector<const Records*>> waiting;  // per country
  std::map<std::string, int> wanted;                           // next household's size
  std::size_t pending = 0;  // persons waiting in `waiting`, not yet registered

  auto flush = [&](const std::string& country) -> Status {
    auto& group = waiting[country];
    if (group.empty()) return {};
    const DemoOfficers& officers = o.officers.find(country)->second;
    Household h{country, pick_procedure(s.rng, country), {}};
    for (const Records* recs : group) {
      const auto& official = official_record(*recs);
      auto input = person_input(*recs, official, country, h.procedure, o, s.rng);
      input.organisation = officers.registrar.scope.organisation;
      auto id = registry::register_person(s.db, officers.registrar, input, s.now);
      if (!id) return fail(id.error());
      ++s.counts.persons;
      --pending;
      ++s.counts.persons_by_country[country];
      h.members.push_back(Member{*id, input.birth_date, input.sex, "",
                                 !official.family_name.empty() && official.script != "mrz"});
      NANSEN_TRY(record_consents(s, officers.registrar, *id, h.procedure));
      // A few persons registered a second time from a record in another script (a
      // Latin passport spelling of a Cyrillic name): the duplicate warning's material.
      const auto* again = other_script_record(*recs, official);
      if (again && static_cast<std::size_t>(s.counts.persons) + pending < o.persons &&
          s.rng.chance(0.006)) {
        registry::PersonInput dup = person_input(*recs, *again, country, "", o, s.rng);
        dup.names = {name_of(*again, registry::NameKind::kOfficial)};
        dup.organisation = input.organisation;
        auto dup_id = registry::register_person(s.db, officers.registrar, dup, s.now);
        if (!dup_id) return fail(dup_id.error());
        ++s.counts.persons;
        ++s.counts.near_duplicates;
        ++s.counts.persons_by_country[country];
      }
    }
    group.clear();
    wanted.erase(country);
    assign_relationships(h.members, o.today);
    std::vector<registry::HouseholdMember> members;
    for (const auto& m : h.members) members.push_back({m.id, m.relationship});
    auto hid = registry::create_household(s.db, officers.registrar, country, members, s.now);
    if (!hid) return fail(hid.error());
    ++s.counts.households;
    households.push_back(std::move(h));
    return {};
  };

  for (const auto& recs : people) {
    if (static_cast<std::size_t>(s.counts.persons) + pending >= o.persons) break;
    const std::string& country = recs.front()->country;
    if (!o.officers.count(country)) continue;
    if (!wanted.count(country)) wanted[country] = household_size(s.rng);
    waiting[country].push_back(&recs);
    ++pending;
    if (static_cast<int>(waiting[country].size()) >= wanted[country]) {
      NANSEN_TRY(flush(country));
      if (s.options.progress && households.size() % 100 == 0)
        s.options.progress("persons", static_cast<std::size_t>(s.counts.persons), o.persons);
    }
  }
  for (const auto& [country, group] : waiting) NANSEN_TRY(flush(country));
  return households;
}

}  // namespace nansen::documents::demo
