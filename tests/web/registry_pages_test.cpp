// SPDX-License-Identifier: Apache-2.0
// The registry, case and document pages, in process: who sees which page, the
// registration form with its duplicate warning and field errors, the case page with
// four eyes, printable documents with their MRZ, bulk eligibility, sensitive entries
// without a key file, a country-scoped officer who cannot reach another country's
// records through any page, and Kazakh pages without English.
#include <atomic>
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "documents/documents.h"
#include "procedures/procedures.h"
#include "registry/registry.h"
#include "web/app_fixture.h"

namespace nansen::web {
namespace {

using testing::contains;
using testing::expect_no_english;
using testing::visible_text;

constexpr const char* kPassword = "registry pages password";

class RegistryPagesTest : public testing::AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    add_user("registrar.kaz", access::Role::kRegistrar, "KAZ");
    add_user("caseworker.kaz", access::Role::kCaseworker, "KAZ");
    add_user("decision.kaz", access::Role::kDecisionMaker, "KAZ");
    add_user("decision2.kaz", access::Role::kDecisionMaker, "KAZ");
    add_user("caseworker.uzb", access::Role::kCaseworker, "UZB");
    add_user("observer", access::Role::kObserver, std::nullopt);
  }

  void add_user(const std::string& login, access::Role role, std::optional<std::string> country) {
    access::NewUser u;
    u.login = login;
    u.display_name = login;
    u.password = kPassword;
    u.role = role;
    u.scope.country = std::move(country);
    u.scope.organisation = "MIA-KAZ";
    auto made = access::create_user(*db_, access::system_actor(), u, now_);
    ASSERT_TRUE(made.has_value()) << made.error().message;
  }

  void log_in_as(const std::string& login) { AppTest::log_in_as(login, kPassword); }

  Response post(const std::string& target, const std::string& form) {
    return post_form(target, "csrf=" + csrf_ + "&" + form);
  }

  access::UserId user_id(const std::string& login) {
    auto u = access::find_user_by_login(*db_, access::system_actor(), login);
    EXPECT_TRUE(u.has_value());
    return u->id;
  }

  static std::int64_t id_in(const std::string& location, const std::string& prefix) {
    EXPECT_EQ(location.rfind(prefix, 0), 0u) << location;
    return std::stoll(location.substr(prefix.size()));
  }

  // A person registered directly through the domain (the pages are tested elsewhere).
  registry::PersonId seed_person(const std::string& country, const std::string& family,
                                 const std::string& given, const std::string& birth) {
    registry::PersonInput in;
    in.country = country;
    registry::PersonName n;
    n.family = family;
    n.given = given;
    n.full_name = family + " " + given;
    in.names.push_back(n);
    in.sex = 'M';
    in.birth_date = *parse_civil_date(birth);
    in.nationalities.push_back({"stateless", "declared"});
    std::string number = "KZ" + birth;  // "KZ1988-03-15": searchable as KZ19880315
    in.documents.push_back({"passport", number, country, std::nullopt, std::nullopt});
    auto id = registry::register_person(*db_, access::system_actor(), in, now_);
    EXPECT_TRUE(id.has_value()) << id.error().message;
    EXPECT_TRUE(registry::refresh_index(*db_, *app_->persons, *id).has_value());
    return *id;
  }

  std::int64_t open_case(registry::PersonId person, const std::string& procedure) {
    Response r = post("/cases", "person=" + std::to_string(person.value) +
                                    "&procedure_id=" + procedure + "&modality=&assign_me=1");
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 2000);
    return id_in(r.header("Location"), "/cases/");
  }

  // The person recognised as stateless and notified through the domain calls the case
  // pages make: the notification issues the 1954 travel document. Returns its id.
  std::int64_t travel_document_of(registry::PersonId person) {
    const auto sys = access::system_actor();
    procedures::CaseOpening o{"kz_statelessness", "KAZ", "", person, {}, {}, std::nullopt};
    auto c = procedures::open_case(*db_, app_->procedures, sys, o, now_);
    EXPECT_TRUE(c.has_value());
    const std::vector<std::pair<const char*, std::map<std::string, std::string>>> steps = {
        {"apply", {}},
        {"register", {}},
        {"send_enquiry", {{"enquiry_state", "UZB"}}},
        {"draft_decision", {{"outcome", "stateless"}, {"reasons", "no answer"}}},
        {"approve_stateless", {}},
        {"notify_recognition", {}}};
    const char* dates[] = {"2024-06-01", "2024-06-02", "2024-06-03",
                           "2024-12-04", "2024-12-05", "2024-12-06"};
    for (std::size_t i = 0; i < steps.size(); ++i) {
      auto done = documents::take_transition_with_documents(*db_, app_->procedures, sys, *c,
                                                            {steps[i].first, steps[i].second},
                                                            *parse_civil_date(dates[i]), now_);
      EXPECT_TRUE(done.has_value()) << steps[i].first << ": " << done.error().message;
    }
    auto docs = documents::person_documents(*db_, sys, person, now_);
    EXPECT_TRUE(docs.has_value() && !docs->empty());
    EXPECT_EQ(docs->back().type, documents::DocumentType::kTravelDocument1954);
    return docs->back().id.value;
  }

  Response take(std::int64_t case_id, const std::string& transition,
                const std::string& fields = "") {
    return post("/cases/" + std::to_string(case_id) + "/transitions",
                "transition=" + transition + (fields.empty() ? "" : "&" + fields));
  }
};

const char* kFamilyForm =
    "country=KAZ&names_count=1&name_0_kind=official&name_0_family=%D0%90%D0%B1%D0%B4%D1%80%D0%B0"
    "%D1%88%D0%BE%D0%B2&name_0_given=%D0%96%D0%B0%D0%BD%D0%B8%D0%B1%D0%B5%D0%BA"
    "&name_0_patronymic=&name_0_full_name=&sex=M&birth_date=1988-03-15&birth_place=Termez"
    "&nationalities_count=1&nationality_0_claim=stateless&nationality_0_basis=declared"
    "&documents_count=1&document_0_type=soviet_passport&document_0_number=IV-OJ+612345"
    "&document_0_issuer=UZB&document_0_valid_from=1990-05-01&document_0_valid_until="
    "&lang_ru=1&lang_uz=1&interpreter=1&contact=&need_disability=1"
    "&members_count=1&member_0_family=%D0%90%D0%B1%D0%B4%D1%80%D0%B0%D1%88%D0%BE%D0%B2%D0%B0"
    "&member_0_given=%D0%90%D0%B9%D0%B3%D1%83%D0%BB%D1%8C&member_0_sex=F"
    "&member_0_birth_date=2012-07&member_0_relationship=child&member_0_claim="
    "&submit=save";

TEST_F(RegistryPagesTest, EachPageOpensForTheRolesThatUseIt) {
  const auto person = seed_person("KAZ", "Nurlanov", "Timur", "1979-11-02");
  log_in_as("registrar.kaz");
  for (const char* path : {"/persons", "/persons/new", "/due", "/cases"})
    EXPECT_EQ(get(path).status, 200) << path;
  EXPECT_EQ(get("/persons/" + std::to_string(person.value)).status, 200);
  EXPECT_EQ(get("/eligibility").status, 403) << "registrars take no decisions";

  log_in_as("decision.kaz");
  EXPECT_EQ(get("/persons/new").status, 403) << "decision makers do not register persons";
  EXPECT_EQ(get("/eligibility").status, 200);
  EXPECT_EQ(get("/cases/new?person=" + std::to_string(person.value)).status, 200);

  log_in_as("observer");
  for (const char* path : {"/persons", "/persons/new", "/cases", "/eligibility"})
    EXPECT_EQ(get(path).status, 403) << path;

  cookie_.clear();
  log_in();  // the administrator holds no registry permission: separation of duties
  EXPECT_EQ(get("/persons").status, 403);
  EXPECT_EQ(get("/persons/" + std::to_string(person.value)).status, 403);
}

TEST_F(RegistryPagesTest, ARegistrarRegistersAFamilyAsOneHousehold) {
  log_in_as("registrar.kaz");
  Response r = post("/persons", kFamilyForm);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  const auto id = id_in(r.header("Location"), "/persons/");
  Response page = get("/persons/" + std::to_string(id) + "?lang=ru");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Абдрашов Жанибек"));
  EXPECT_TRUE(contains(page.body, "Абдрашова Айгуль")) << "the child is in the household";
  EXPECT_TRUE(contains(page.body, "глава семьи"));
  EXPECT_TRUE(contains(page.body, "IV-OJ 612345"));
  EXPECT_TRUE(contains(page.body, "Лицо без гражданства"));

  // Searchable by the other script and by the document number.
  Response latin = get("/persons?q=Abdrashov");
  EXPECT_TRUE(contains(latin.body, "/persons/" + std::to_string(id) + "\""));
  Response by_number = get("/persons?q=IVOJ612345");
  EXPECT_TRUE(contains(by_number.body, "/persons/" + std::to_string(id) + "\""));
}

TEST_F(RegistryPagesTest, AFamilyWithOneBadMemberSavesNothingAndShowsTheErrorBesideIt) {
  log_in_as("registrar.kaz");
  // A second member whose sex the form passes on and the domain refuses: saved one by one,
  // the principal and the first member would stay behind.
  const auto family_with_second = [](const std::string& sex) {
    std::string form = kFamilyForm;
    form.replace(form.find("&members_count=1"), 16, "&members_count=2");
    form.replace(form.find("&submit=save"), 12,
                 "&member_1_family=Abdrashov&member_1_given=Timur&member_1_sex=" + sex +
                     "&member_1_birth_date=2016-01-20&member_1_relationship=child"
                     "&member_1_claim=&submit=save");
    return form;
  };
  auto count = [&](const char* table) {
    auto rows = db_->query(std::string("SELECT COUNT(*) FROM ") + table);
    return rows->front().integer(0);
  };

  Response refused = post("/persons", family_with_second("Q"));
  EXPECT_EQ(refused.status, 422) << refused.body.substr(0, 2000);
  EXPECT_TRUE(contains(refused.body, "id=\"member_1_sex-error\""))
      << "the error is beside the field";
  EXPECT_FALSE(contains(refused.body, "id=\"member_0_sex-error\""));
  EXPECT_TRUE(contains(refused.body, "value=\"Timur\"")) << "the typed values stay";
  EXPECT_TRUE(contains(refused.body, "value=\"Termez\""));
  EXPECT_EQ(count("persons"), 0) << "neither the principal nor the first member is saved";
  EXPECT_EQ(count("households"), 0);
  auto audited = db_->query("SELECT COUNT(*) FROM audit_log WHERE action = 'person.create'");
  EXPECT_EQ(audited->front().integer(0), 0);

  // Two members the domain refuses: both errors at once, each beside its own field.
  std::string two_bad = family_with_second("Q");
  two_bad.replace(two_bad.find("&member_0_sex=F"), 15, "&member_0_sex=Q");
  Response both = post("/persons", two_bad);
  EXPECT_EQ(both.status, 422) << both.body.substr(0, 2000);
  EXPECT_TRUE(contains(both.body, "id=\"member_0_sex-error\"")) << both.body.substr(0, 3000);
  EXPECT_TRUE(contains(both.body, "id=\"member_1_sex-error\""));
  EXPECT_EQ(count("persons"), 0);

  Response saved = post("/persons", family_with_second("M"));
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 2000);
  EXPECT_EQ(count("persons"), 3);
  EXPECT_EQ(count("households"), 1);
  EXPECT_EQ(count("household_members"), 3);
}

TEST_F(RegistryPagesTest, AMemberJoinsTheHouseholdFromThePersonPage) {
  log_in_as("registrar.kaz");
  Response registered = post("/persons", kFamilyForm);
  ASSERT_EQ(registered.status, 303) << registered.body.substr(0, 2000);
  const auto head = id_in(registered.header("Location"), "/persons/");
  const std::string page = "/persons/" + std::to_string(head);
  EXPECT_TRUE(contains(get(page).body, "action=\"" + page + "/household\""));
  const auto grandmother = seed_person("KAZ", "Абдрашова", "Роза", "1950-07-07");
  const std::string form = "member=" + std::to_string(grandmother.value) + "&relationship=parent";

  Response added = post(page + "/household", form);
  ASSERT_EQ(added.status, 303) << added.body.substr(0, 2000);
  EXPECT_EQ(added.header("Location"), page + "?done=member_added");
  EXPECT_TRUE(contains(get(page).body, "Абдрашова Роза")) << "listed in the household";

  Response twice = post(page + "/household?lang=en", form);
  EXPECT_EQ(twice.status, 409);
  EXPECT_TRUE(contains(twice.body, "id=\"member-error\""));
  EXPECT_TRUE(contains(twice.body, "This person is already in the household."));
  Response kazakh = post(page + "/household?lang=kk", form);
  EXPECT_TRUE(contains(kazakh.body, "id=\"member-error\""));
  expect_no_english(kazakh.body, "the household form in Kazakh, with its error");
  ASSERT_EQ(get("/?lang=en").status, 200);
  const auto uzbek = seed_person("UZB", "Karimov", "Aziz", "1985-05-05");
  Response foreign = post(page + "/household?lang=en",
                          "member=" + std::to_string(uzbek.value) + "&relationship=other");
  EXPECT_EQ(foreign.status, 422);
  EXPECT_TRUE(contains(foreign.body, "There is no person with this number in the household"));
  Response typo = post(page + "/household", "member=12a&relationship=other");
  EXPECT_EQ(typo.status, 422);
  EXPECT_TRUE(contains(typo.body, "id=\"member-error\""));

  // An officer of another country cannot reach the household through the page.
  log_in_as("caseworker.uzb");
  EXPECT_EQ(
      post(page + "/household", "member=" + std::to_string(uzbek.value) + "&relationship=other")
          .status,
      404);
  auto rows = db_->query("SELECT COUNT(*) FROM household_members");
  EXPECT_EQ(rows->front().integer(0), 3) << "head, child and grandmother only";
}

TEST_F(RegistryPagesTest, ALatinSpellingOfARegisteredPersonShowsTheDuplicateWarning) {
  const auto existing = seed_person("KAZ", "Абдрашов", "Жанибек", "1988-03-15");
  log_in_as("registrar.kaz");
  const std::string form =
      "country=KAZ&names_count=1&name_0_kind=official&name_0_family=Abdrashov"
      "&name_0_given=Zhanibek&sex=M&birth_date=1988-03-15&nationalities_count=1"
      "&nationality_0_claim=stateless&documents_count=1&document_0_type=passport"
      "&document_0_number=&members_count=0";
  Response warned = post("/persons", form + "&submit=save");
  ASSERT_EQ(warned.status, 200);
  EXPECT_TRUE(contains(warned.body, "duplicate-warning"));
  EXPECT_TRUE(contains(warned.body, "/persons/" + std::to_string(existing.value)));
  EXPECT_TRUE(contains(warned.body, "value=\"Zhanibek\"")) << "the typed values stay";
  auto count = [&] {
    auto rows = db_->query("SELECT COUNT(*) FROM persons");
    return rows->front().integer(0);
  };
  EXPECT_EQ(count(), 1) << "nothing saved before the officer decides";

  // Linking the existing person saves nothing new and opens that person.
  Response linked =
      post("/persons",
           form + "&principal_existing=" + std::to_string(existing.value) + "&submit=confirm");
  ASSERT_EQ(linked.status, 303);
  EXPECT_EQ(linked.header("Location"),
            "/persons/" + std::to_string(existing.value) + "?done=registered");
  EXPECT_EQ(count(), 1);

  // "This is a new person" saves.
  Response confirmed = post("/persons", form + "&principal_existing=&submit=confirm");
  ASSERT_EQ(confirmed.status, 303);
  EXPECT_EQ(count(), 2);
}

TEST_F(RegistryPagesTest, FormErrorsAreShownInTheUsersLanguageWithTheValuesKept) {
  log_in_as("registrar.kaz");
  Response bad_date = post(
      "/persons?lang=ru",
      "country=KAZ&names_count=1&name_0_kind=official&name_0_family=" + url_encode("Иванов") +
          "&name_0_given=" + url_encode("Пётр") + "&sex=M&birth_date=2023-02-29&members_count=0");
  EXPECT_EQ(bad_date.status, 422);
  EXPECT_TRUE(contains(bad_date.body, "field-error"));
  EXPECT_TRUE(contains(bad_date.body, "value=\"2023-02-29\""));
  EXPECT_TRUE(contains(bad_date.body, "value=\"Пётр\""));
  EXPECT_FALSE(contains(visible_text(bad_date.body), "not a possible date"));

  Response no_name = post("/persons", "country=KAZ&names_count=1&name_0_kind=official&sex=F");
  EXPECT_EQ(no_name.status, 422);
  EXPECT_TRUE(contains(no_name.body, "name_0_family-error"));

  Response bad_member =
      post("/persons",
           "country=KAZ&names_count=1&name_0_kind=official&name_0_family=Kim&sex=F"
           "&members_count=1&member_0_given=Li&member_0_sex=M"
           "&member_0_birth_date=2019-13-01&member_0_relationship=child");
  EXPECT_EQ(bad_member.status, 422);
  EXPECT_TRUE(contains(bad_member.body, "value=\"2019-13-01\""));

  Response add_row = post("/persons",
                          "country=KAZ&names_count=1&name_0_kind=official"
                          "&name_0_family=Kim&sex=F&submit=add_name");
  EXPECT_EQ(add_row.status, 200);
  EXPECT_TRUE(contains(add_row.body, "name=\"name_1_family\"")) << "one more name row";
  auto rows = db_->query("SELECT COUNT(*) FROM persons");
  EXPECT_EQ(rows->front().integer(0), 0);

  Response no_csrf = post_form("/persons", kFamilyForm);
  EXPECT_EQ(no_csrf.status, 403);
}

TEST_F(RegistryPagesTest, ACaseMovesToADecisionThatAnotherOfficerApproves) {
  const auto person = seed_person("KAZ", "Абдрашов", "Жанибек", "1988-03-15");
  log_in_as("caseworker.kaz");
  const auto case_id = open_case(person, "kz_asylum");
  EXPECT_EQ(take(case_id, "apply", "field_arrival_date=").status, 422) << "required field";
  ASSERT_EQ(take(case_id, "apply", "field_arrival_date=2026-05-20").status, 303);
  log_in_as("registrar.kaz");
  ASSERT_EQ(take(case_id, "register").status, 303);
  ASSERT_EQ(take(case_id, "fingerprint").status, 303);
  log_in_as("decision.kaz");
  ASSERT_EQ(take(case_id, "interview").status, 303);
  ASSERT_EQ(
      take(case_id, "draft_decision", "field_outcome=recognise&field_reasons=Persecution").status,
      303);

  Response refused = take(case_id, "approve_recognition");
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(contains(refused.body, "four-eyes-refusal"));
  Response page = get("/cases/" + std::to_string(case_id));
  EXPECT_TRUE(contains(page.body, "four-eyes-waiting"));
  EXPECT_FALSE(contains(page.body, "value=\"approve_recognition\""));

  log_in_as("decision2.kaz");
  page = get("/cases/" + std::to_string(case_id) + "?lang=ru");
  EXPECT_TRUE(contains(page.body, "value=\"approve_recognition\""));
  // The draft recognises: approving a refusal is not offered, and refused when posted.
  EXPECT_FALSE(contains(page.body, "value=\"approve_refusal\""));
  Response disagrees = take(case_id, "approve_refusal");
  EXPECT_EQ(disagrees.status, 409);
  EXPECT_TRUE(contains(disagrees.body, "не совпадает с решением, предложенным в проекте"));
  ASSERT_EQ(take(case_id, "approve_recognition").status, 303);
  page = get("/cases/" + std::to_string(case_id) + "?lang=ru");
  EXPECT_TRUE(contains(page.body, "Признан беженцем"));
  EXPECT_TRUE(contains(page.body, "Persecution")) << "the history keeps the reasons";
  EXPECT_TRUE(contains(page.body, "decision.kaz"));

  // Out of order: the approval cannot be taken again.
  Response again = take(case_id, "approve_recognition");
  EXPECT_EQ(again.status, 409);
}

TEST_F(RegistryPagesTest, DeadlinesShowOnTheCaseAndTheDueList) {
  const auto person = seed_person("KAZ", "Каримов", "Алишер", "1990-01-01");
  log_in_as("registrar.kaz");
  const auto case_id = open_case(person, "kz_asylum");
  ASSERT_EQ(take(case_id, "apply", "field_arrival_date=2026-05-20").status, 303);
  ASSERT_EQ(take(case_id, "register").status, 303);
  // Fingerprinting is due within 3 days of registration: on today's due list.
  Response due = get("/due");
  ASSERT_EQ(due.status, 200);
  EXPECT_TRUE(contains(due.body, "/cases/" + std::to_string(case_id)));
  EXPECT_TRUE(contains(due.body, "deadline-status--due_soon"));

  // Extending needs a reason, and only the decision deadline is extendable.
  ASSERT_EQ(take(case_id, "fingerprint").status, 303);
  log_in_as("decision.kaz");
  Response no_reason = post("/cases/" + std::to_string(case_id) + "/extensions",
                            "deadline=decision&months=3&days=0&reason=");
  EXPECT_EQ(no_reason.status, 422);
  Response past_cap = post("/cases/" + std::to_string(case_id) + "/extensions",
                           "deadline=decision&months=12&days=0&reason=Waiting+for+COI");
  EXPECT_EQ(past_cap.status, 422);
  Response ok = post("/cases/" + std::to_string(case_id) + "/extensions",
                     "deadline=decision&months=3&days=0&reason=Waiting+for+COI");
  EXPECT_EQ(ok.status, 303);
  EXPECT_TRUE(contains(get("/cases/" + std::to_string(case_id)).body, "Waiting for COI"));
}

TEST_F(RegistryPagesTest, ATravelDocumentPrintsItsMrz) {
  const auto person = seed_person("KAZ", "Абдрашов", "Жанибек", "1988-03-15");
  log_in_as("registrar.kaz");
  // Typed in by hand, a document a procedure ends in is refused, in the user's language.
  Response by_hand = post("/documents?lang=ru", "person=" + std::to_string(person.value) +
                                                    "&type=travel_document_1954&valid_months=24");
  EXPECT_EQ(by_hand.status, 409);
  EXPECT_TRUE(contains(by_hand.body, "выдаётся только решением"));
  const auto doc = travel_document_of(person);
  Response page = get("/documents/" + std::to_string(doc));
  ASSERT_EQ(page.status, 200);
  // The filler '<' is HTML-escaped in the page source.
  const std::string body = std::regex_replace(page.body, std::regex("&lt;"), "<");
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(body, m, std::regex("<div class=\"mrz__line\">(P[A-Z0-9<]{43})</div>")));
  EXPECT_TRUE(contains(m[1].str(), "ABDRASHOV<<ZHANIBEK")) << m[1].str();
  EXPECT_TRUE(contains(page.body, "/static/registry.css"));

  Response bad =
      post("/documents", "person=" + std::to_string(person.value) +
                             "&type=asylum_seeker_certificate&case_id=&valid_months=500");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "value=\"500\""));

  Response no_reason = post("/documents/" + std::to_string(doc) + "/revoke", "reason=");
  EXPECT_EQ(no_reason.status, 422);
  Response renewed = post("/documents/" + std::to_string(doc) + "/renew", "");
  ASSERT_EQ(renewed.status, 303);
  const auto successor = id_in(renewed.header("Location"), "/documents/");
  EXPECT_NE(successor, doc);
  Response revoke =
      post("/documents/" + std::to_string(successor) + "/revoke", "reason=Issued+in+error");
  EXPECT_EQ(revoke.status, 303);
  EXPECT_TRUE(contains(get("/documents/" + std::to_string(successor)).body, "Issued in error"));
}

TEST_F(RegistryPagesTest, AnOfficerOfAnotherCountryFindsAndOpensNothing) {
  const auto person = seed_person("KAZ", "Абдрашов", "Жанибек", "1988-03-15");
  log_in_as("registrar.kaz");
  const auto case_id = open_case(person, "kz_asylum");
  Response issued = post("/documents", "person=" + std::to_string(person.value) +
                                           "&type=asylum_seeker_certificate&valid_months=3");
  ASSERT_EQ(issued.status, 303);
  const auto doc = id_in(issued.header("Location"), "/documents/");
  auto c = procedures::get_case(*db_, access::system_actor(), procedures::CaseId{case_id}, now_);
  ASSERT_TRUE(c.has_value());

  log_in_as("caseworker.uzb");
  const std::string p = std::to_string(person.value);
  for (const std::string& path :
       {"/persons/" + p, "/cases/" + std::to_string(case_id), "/documents/" + std::to_string(doc),
        "/cases/new?person=" + p, "/cases?number=" + c->number})
    EXPECT_EQ(get(path).status, 404) << path;
  for (const std::string& q :
       {std::string("Abdrashov"), std::string("Абдрашов"), std::string("KZ19880315"), c->number}) {
    Response r = get("/persons?q=" + url_encode(q));
    EXPECT_EQ(r.status, 200);
    EXPECT_FALSE(contains(r.body, "/persons/" + p + "\"")) << q;
    EXPECT_TRUE(contains(r.body, "registry-empty")) << q;
  }
  EXPECT_EQ(post("/persons/" + p + "/consents", "purpose=rsd&given=yes&legal_basis=consent").status,
            404);
  EXPECT_EQ(take(case_id, "close", "field_reasons=x").status, 404);
  const int revoke = post("/documents/" + std::to_string(doc) + "/revoke", "reason=x").status;
  EXPECT_TRUE(revoke == 403 || revoke == 404) << revoke;  // nothing told about the document
  // Registering a Latin spelling in Uzbekistan shows no Kazakh candidate.
  Response form = post("/persons",
                       "names_count=1&name_0_kind=official&name_0_family=Abdrashov"
                       "&name_0_given=Zhanibek&sex=M&birth_date=1988-03-15");
  EXPECT_EQ(form.status, 303);
}

TEST_F(RegistryPagesTest, SensitiveEntriesNeedThePermissionAndTheKeyFile) {
  const auto person = seed_person("KAZ", "Абдрашов", "Жанибек", "1988-03-15");
  const std::string path = "/persons/" + std::to_string(person.value);
  log_in_as("caseworker.kaz");
  ASSERT_FALSE(app_->keyring.has_value());
  Response page = get(path);
  EXPECT_TRUE(contains(page.body, "key file is missing")) << "says the key file is missing";
  EXPECT_FALSE(contains(page.body, app_->config.key_file)) << "but not where it lives";
  EXPECT_EQ(post(path + "/notes", "kind=interview_notes&case_id=&text=Hello").status, 503);

  registry::Keyring ring;
  ring.current.id = "k1";
  ring.current.bytes.fill(7);
  app_->keyring = ring;
  ASSERT_EQ(post(path + "/notes", "kind=interview_notes&case_id=&text=Fled+in+2019").status, 303);
  EXPECT_TRUE(contains(get(path).body, "Fled in 2019"));
  EXPECT_EQ(post(path + "/notes", "kind=interview_notes&case_id=&text=").status, 422);

  log_in_as("registrar.kaz");
  Response registrar = get(path);
  EXPECT_EQ(registrar.status, 200);
  EXPECT_FALSE(contains(registrar.body, "Fled in 2019"));
  EXPECT_FALSE(contains(registrar.body, "registry-sensitive"));
}

TEST_F(RegistryPagesTest, ConsentMergeAndUnmerge) {
  const auto a = seed_person("KAZ", "Абдрашов", "Жанибек", "1988-03-15");
  const auto b = seed_person("KAZ", "Abdrashov", "Zhanibek", "1988-03-15");
  log_in_as("registrar.kaz");
  const std::string pa = "/persons/" + std::to_string(a.value);
  const std::string pb = "/persons/" + std::to_string(b.value);
  EXPECT_EQ(post(pa + "/consents", "purpose=rsd&legal_basis=consent").status, 422);
  EXPECT_EQ(post(pa + "/consents", "purpose=rsd&given=yes&legal_basis=consent").status, 303);
  EXPECT_TRUE(contains(get(pa).body, "consent given"));

  EXPECT_EQ(post(pb + "/merge", "survivor=" + std::to_string(a.value)).status, 422)
      << "the merge must be confirmed";
  ASSERT_EQ(post(pb + "/merge", "survivor=" + std::to_string(a.value) + "&confirm=yes").status,
            303);
  EXPECT_FALSE(contains(get("/persons?q=Abdrashov").body, pb + "\""));
  ASSERT_EQ(post(pb + "/unmerge", "confirm=yes").status, 303);
  EXPECT_TRUE(contains(get("/persons?q=Zhanibek").body, pb + "\""));
}

TEST_F(RegistryPagesTest, BulkEligibilityPreviewsThenRunsAsAJob) {
  for (int i = 0; i < 3; ++i)
    seed_person("KAZ", "Сапаров", "Ерлан", "1960-01-0" + std::to_string(i + 1));
  log_in_as("decision.kaz");
  const std::string rule =
      "claim_stateless=1&document_type=passport&born_before=1990-01-01"
      "&decision=eligible_for_citizenship&legal_basis=Law+on+Citizenship+art.+3";
  Response bad = post("/eligibility/preview",
                      "claim_stateless=1&born_before=1990-02-30"
                      "&decision=eligible_for_citizenship&legal_basis=x");
  EXPECT_EQ(bad.status, 422);
  Response preview = post("/eligibility/preview", rule);
  ASSERT_EQ(preview.status, 200) << preview.body.substr(0, 2000);
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(preview.body, m, std::regex("name=\"fingerprint\" value=\"([^\"]+)\"")));
  EXPECT_TRUE(contains(preview.body, "<dd class=\"count-persons\">3</dd>"));

  Response started = post("/eligibility/apply", rule + "&fingerprint=" + m[1].str());
  ASSERT_EQ(started.status, 303);
  const auto job = id_in(started.header("Location"), "/eligibility/jobs/");
  std::optional<JobStatus> status;
  for (int i = 0; i < 2000; ++i) {  // the job records three decisions: milliseconds
    status = app_->jobs.status(user_id("decision.kaz"), job);
    if (status && status->state != JobStatus::State::kRunning) break;
    std::this_thread::yield();
  }
  ASSERT_TRUE(status && status->state == JobStatus::State::kDone);
  EXPECT_EQ(status->result, "3");
  Response fragment = get("/eligibility/jobs/" + std::to_string(job) + "/progress");
  EXPECT_EQ(fragment.status, 200);
  EXPECT_TRUE(contains(fragment.body, "job-done"));
  EXPECT_FALSE(contains(fragment.body, "hx-trigger")) << "a finished job stops polling";

  log_in_as("caseworker.kaz");
  EXPECT_EQ(get("/eligibility/jobs/" + std::to_string(job)).status, 404)
      << "only the owner sees a job";
}

TEST_F(RegistryPagesTest, ABulkJobBeyondTheUsersLimitIsRefusedWith429AndStartsNothing) {
  for (int i = 0; i < 2; ++i)
    seed_person("KAZ", "Сапаров", "Ерлан", "1960-01-0" + std::to_string(i + 1));
  log_in_as("decision.kaz");
  ASSERT_EQ(get("/?lang=ru").status, 200);
  const std::string rule =
      "claim_stateless=1&document_type=passport&born_before=1990-01-01"
      "&decision=eligible_for_citizenship&legal_basis=Law+on+Citizenship+art.+3";
  Response preview = post("/eligibility/preview", rule);
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(preview.body, m, std::regex("name=\"fingerprint\" value=\"([^\"]+)\"")));
  const std::string fingerprint = m[1].str();

  // The officer already runs as many jobs as allowed (server.max_jobs_per_user).
  // Shared with the jobs, which the App (torn down after this body) outlives us with.
  auto release = std::make_shared<std::atomic<bool>>(false);
  struct ReleaseOnExit {
    std::shared_ptr<std::atomic<bool>> flag;
    ~ReleaseOnExit() { *flag = true; }
  } guard{release};
  const auto busy = [release](const auto&) -> Result<std::string> {
    while (!*release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return std::string("0");
  };
  const access::UserId officer = user_id("decision.kaz");
  for (int i = 0; i < app_->config.max_jobs_per_user; ++i)
    ASSERT_TRUE(app_->jobs.start(officer, "eligibility", busy));

  Response page = post("/eligibility/apply", rule + "&fingerprint=" + fingerprint);
  EXPECT_EQ(page.status, 429);
  EXPECT_TRUE(contains(page.body, "фоновых задач")) << visible_text(page.body).substr(0, 3000);
  Response api = send("POST", "/api/v1/eligibility/apply",
                      R"({"country":"KAZ","nationality_claims":["stateless"],)"
                      R"("document_type":"passport","born_before":"1990-01-01",)"
                      R"("decision":"eligible_for_citizenship","legal_basis":"x","fingerprint":")" +
                          fingerprint + R"("})",
                      "application/json", {{"x-csrf-token", csrf_}});
  EXPECT_EQ(api.status, 429) << api.body;
  EXPECT_TRUE(contains(api.body, R"("code":"rate_limited")")) << api.body;
  EXPECT_TRUE(contains(api.body, R"("field":"jobs")")) << api.body;
  auto decisions = db_->query("SELECT COUNT(*) FROM eligibility_decisions");
  ASSERT_TRUE(decisions);
  EXPECT_EQ(decisions->at(0).integer(0), 0) << "a refused start writes nothing";
}

TEST_F(RegistryPagesTest, KazakhPagesShowNoEnglish) {
  const auto person = seed_person("KAZ", "Абдрашов", "Жанибек", "1988-03-15");
  log_in_as("registrar.kaz");
  const auto case_id = open_case(person, "kz_asylum");
  const auto doc = travel_document_of(person);
  log_in_as("decision.kaz");
  ASSERT_EQ(get("/?lang=kk").status, 200);
  const std::string p = std::to_string(person.value);
  const std::vector<std::string> paths = {"/persons",
                                          "/persons?q=" + url_encode("Абдрашов"),
                                          "/persons/" + p,
                                          "/cases/" + std::to_string(case_id),
                                          "/cases/new?person=" + p,
                                          "/cases",
                                          "/due",
                                          "/documents/" + std::to_string(doc),
                                          "/documents/new?person=" + p,
                                          "/eligibility",
                                          "/persons/999999"};
  for (const std::string& path : paths) {
    Response r = get(path);
    EXPECT_TRUE(r.status == 200 || r.status == 404) << path << " " << r.status;
    expect_no_english(r.body, path);
  }
  log_in_as("registrar.kaz");
  ASSERT_EQ(get("/?lang=kk").status, 200);
  Response form = get("/persons/new");
  expect_no_english(form.body, "/persons/new");
  Response warned = post("/persons",
                         "names_count=1&name_0_kind=official&name_0_family=Abdrashov"
                         "&name_0_given=Zhanibek&sex=M&birth_date=1988-03-15");
  EXPECT_TRUE(contains(warned.body, "duplicate-warning"));
  expect_no_english(warned.body, "duplicate warning");
  Response invalid = post("/persons", "names_count=1&name_0_kind=official&sex=M");
  expect_no_english(invalid.body, "form errors");
}

}  // namespace
}  // namespace nansen::web
