// SPDX-License-Identifier: Apache-2.0
// The HTML forms of the pledges module, in process: creating and editing pledges, posting
// progress, importing a file through a preview and a confirmation, and running
// consultations with their follow-ups. Each form: it saves, it names the field of every
// problem (keeping what was typed), it refuses whom the domain refuses — and its Kazakh
// page shows no English interface text.
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pledges/pledges.h"
#include "web/app_fixture.h"
#include "web/pledges_form_staging.h"

namespace nansen::web {
namespace {

using testing::contains;
using testing::expect_no_english;
using testing::visible_text;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::filesystem::path kSample =
    std::filesystem::path(NANSEN_SOURCE_DIR) / "share" / "data" / "pledges";
const std::filesystem::path kTestData =
    std::filesystem::path(NANSEN_SOURCE_DIR) / "tests" / "data" / "web";

class PledgeForms : public testing::AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    // Staged uploads go beside the database: this test's temporary directory.
    app_->config.db = (dir_ / "test.db").string();
    add_user("focal.kaz", access::Role::kFocalPoint, "KAZ", "KAZ-GOV");
    add_user("focal.kgz", access::Role::kFocalPoint, "KGZ", "KGZ-GOV");
    add_user("unhcr.almaty", access::Role::kAnalyst, std::nullopt, "UNHCR-CA");
    add_user("observer", access::Role::kObserver, std::nullopt, "");
    for (const char* kind : {"entities", "pledges"}) {
      const std::string bytes = read_file(kSample / (std::string(kind) + ".csv"));
      auto fn =
          std::string(kind) == "entities" ? pledges::import_entities : pledges::import_pledges;
      auto r = fn(*db_, access::system_actor(), bytes, pledges::FileFormat::kCsv, false, now_, {});
      ASSERT_TRUE(r && r->problems.empty()) << kind;
    }
  }

  void add_user(const std::string& login, access::Role role, std::optional<std::string> country,
                const std::string& org) {
    access::NewUser u;
    u.login = login;
    u.display_name = login;
    u.password = testing::kAdminPassword;
    u.role = role;
    u.scope = {std::move(country), org};
    ASSERT_TRUE(access::create_user(*db_, access::system_actor(), u, now_));
  }

  void log_in_as(const std::string& login) { AppTest::log_in_as(login, testing::kAdminPassword); }

  Response post(const std::string& target, const std::string& fields) {
    return post_form(target, "csrf=" + csrf_ + "&" + fields);
  }

  Response upload(const std::string& kind, const std::string& file_name, const std::string& bytes) {
    const std::string b = "----nansen-test-boundary";
    std::string body =
        "--" + b + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf_ + "\r\n--" +
        b + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n" + kind + "\r\n--" + b +
        "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name +
        "\"\r\nContent-Type: text/csv\r\n\r\n" + bytes + "\r\n--" + b + "--\r\n";
    return send("POST", "/pledges/import", body, "multipart/form-data; boundary=" + b);
  }

  pledges::Pledge pledge_titled(const std::string& title) {
    auto list = pledges::search_pledges(*db_, access::system_actor(), {}, now_);
    EXPECT_TRUE(list);
    for (const auto& p : list->pledges)
      if (p.title == title) return p;
    ADD_FAILURE() << "no pledge " << title;
    return {};
  }

  std::int64_t count(const std::string& table) {
    auto rows = db_->query("SELECT COUNT(*) FROM " + table);
    return rows ? rows->front().integer(0) : -1;
  }

  std::int64_t id_from(const std::string& location, const std::string& prefix) {
    EXPECT_EQ(location.rfind(prefix, 0), 0u) << location;
    return std::stoll(location.substr(prefix.size()));
  }

  // A complete, valid pledge form for the Kazakh government, with checkbox groups.
  static std::string kaz_pledge_form(const std::string& title) {
    return "title=" + url_encode(title) + "&description=" +
           url_encode("Рассматривать заявления о признании лицом без гражданства.") +
           "&language=ru&forum=GRF+2023&submitting_entity=KAZ-GOV&co_pledgers=AUCA"
           "&pledge_type=policy&serves=stateless&serves=children+at+risk+of+statelessness"
           "&gcr_areas=protection_capacity&gcr_objectives=1&countries=KAZ&other_countries=kgz"
           "&target_date=2026&tags=" +
           url_encode("procedure; stateless") + "&ibelong_actions=6&ibelong_actions=2&source=MFA";
  }
};

// ---- pledges --------------------------------------------------------------------------

TEST_F(PledgeForms, AFocalPointCreatesAPledgeOfTheirOwnEntityThroughTheForm) {
  log_in_as("focal.kaz");
  Response form = get("/pledges/new");
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "name=\"csrf\" value=\"" + csrf_ + "\""));
  EXPECT_TRUE(contains(form.body, "<option value=\"KAZ-GOV\" selected>"));  // their own entity

  Response r = post("/pledges", kaz_pledge_form("Процедура определения статуса апатрида"));
  ASSERT_EQ(r.status, 303) << r.body;
  const std::int64_t id = id_from(r.header("Location"), "/pledges/");
  EXPECT_TRUE(contains(r.header("Location"), "?done=created"));
  Response shown = get(r.header("Location"));
  EXPECT_TRUE(contains(shown.body, "The record was created."));

  auto p = pledges::get_pledge(*db_, actor_, pledges::PledgeId{id}, now_);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->language, "ru");
  EXPECT_EQ(p->co_pledgers, std::vector<std::string>{"AUCA"});
  EXPECT_EQ(p->serves.size(), 2u);
  EXPECT_EQ(p->target_countries, (std::vector<std::string>{"KAZ", "KGZ"}));
  EXPECT_EQ(p->ibelong_actions, (std::vector<int>{2, 6}));
  EXPECT_EQ(p->tags, (std::vector<std::string>{"procedure", "stateless"}));
  ASSERT_TRUE(p->target_date);
  EXPECT_EQ(p->target_date->precision, DatePrecision::kYear);
  EXPECT_EQ(p->external_id.rfind("NSN-", 0), 0u);
}

TEST_F(PledgeForms, EveryProblemOfThePledgeFormIsShownBesideItsFieldWithTheTypedValuesKept) {
  log_in_as("unhcr.almaty");
  const std::int64_t before = count("pledges");
  Response r = post("/pledges",
                    "title=&description=" + url_encode("Описание <сохранено>") +
                        "&language=ru&forum=GRF+2023&submitting_entity=KAZ-GOV&pledge_type=policy"
                        "&other_countries=Kazakhstan&target_date=31.12.2026&ibelong_actions=11");
  EXPECT_EQ(r.status, 422);
  for (const char* field : {"title", "target_countries", "target_date", "ibelong_actions"})
    EXPECT_TRUE(contains(r.body, std::string("id=\"") + field + "-error\"")) << field;
  EXPECT_TRUE(contains(r.body, "4 fields need your attention"));
  EXPECT_TRUE(contains(r.body, "Описание &lt;сохранено&gt;</textarea>"));
  EXPECT_TRUE(contains(r.body, "value=\"Kazakhstan\""));
  EXPECT_TRUE(contains(r.body, "value=\"31.12.2026\""));
  EXPECT_TRUE(contains(r.body, "Write a year (2026), a month (2026-06) or a day (2026-06-30)."));
  EXPECT_EQ(count("pledges"), before);
}

TEST_F(PledgeForms, AKyrgyzFocalPointCannotEditAKazakhPledgeThroughTheForm) {
  const pledges::Pledge kaz = pledge_titled("Birth registration for every child");
  log_in_as("focal.kgz");
  const std::string edit = "/pledges/" + std::to_string(kaz.id.value) + "/edit";
  Response page = get(edit);
  EXPECT_EQ(page.status, 403);
  EXPECT_TRUE(contains(page.body, "this pledge belongs to KAZ-GOV")) << page.body;
  Response post_edit = post(edit, kaz_pledge_form("Taken over"));
  EXPECT_EQ(post_edit.status, 403);
  EXPECT_EQ(pledge_titled("Birth registration for every child").updated_at, kaz.updated_at);
  // Nor create one for Kazakhstan: the form says why, beside the entity.
  const std::int64_t before = count("pledges");
  Response created = post("/pledges", kaz_pledge_form("Not theirs"));
  EXPECT_EQ(created.status, 403);
  EXPECT_TRUE(contains(created.body, "id=\"submitting_entity-error\""));
  EXPECT_TRUE(contains(created.body, "your own entity (KGZ-GOV)"));
  EXPECT_EQ(count("pledges"), before);
  // The pledge page offers no edit button either.
  EXPECT_FALSE(contains(get("/pledges/" + std::to_string(kaz.id.value)).body, edit));
}

TEST_F(PledgeForms, AReviewerEditsAPledgeAndAnUntouchedFormChangesNothing) {
  const pledges::Pledge p = pledge_titled("Free state legal aid");
  log_in_as("unhcr.almaty");
  const std::string edit = "/pledges/" + std::to_string(p.id.value) + "/edit";
  Response page = get(edit);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "value=\"Free state legal aid\""));
  EXPECT_TRUE(contains(get("/pledges/" + std::to_string(p.id.value)).body, edit));

  // The stored values sent back as the form would send them: no write, no audit row.
  std::string same =
      "title=" + url_encode(p.title) + "&description=" + url_encode(p.description) +
      "&language=" + p.language + "&forum=" + url_encode(std::string(pledges::code(p.forum))) +
      "&submitting_entity=" + p.entity_code + "&pledge_type=" + std::string(pledges::code(p.type)) +
      "&multistakeholder_pledge=" + url_encode(p.multistakeholder_pledge) +
      "&source=" + url_encode(p.source) +
      "&target_date=" + (p.target_date ? format_civil_date(*p.target_date) : "");
  for (auto s : p.serves) same += "&serves=" + url_encode(std::string(pledges::code(s)));
  for (auto o : p.gcr_objectives) same += "&gcr_objectives=" + std::to_string(o);
  for (auto a : p.ibelong_actions) same += "&ibelong_actions=" + std::to_string(a);
  std::string others;
  for (const auto& c : p.target_countries) {
    if (c == "KAZ" || c == "KGZ" || c == "TJK" || c == "TKM" || c == "UZB")
      same += "&countries=" + c;
    else
      others += c + ";";
  }
  same += "&other_countries=" + url_encode(others);
  for (const auto& c : p.co_pledgers) same += "&co_pledgers=" + c;
  const std::int64_t audits = count("audit_log");
  Response untouched = post(edit, same);
  ASSERT_EQ(untouched.status, 303) << untouched.body;
  EXPECT_EQ(count("audit_log"), audits);

  Response saved =
      post(edit, kaz_pledge_form("Бесплатная юридическая помощь") + "&submitting_entity=KGZ-GOV");
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_TRUE(contains(saved.header("Location"), "?done=saved"));
  EXPECT_EQ(pledge_titled("Бесплатная юридическая помощь").external_id, p.external_id);
  EXPECT_TRUE(contains(get(saved.header("Location")).body, "The changes were saved."));
}

TEST_F(PledgeForms, ObserversSeeNoButtonsAndAreRefusedTheForms) {
  const pledges::Pledge p = pledge_titled("Free state legal aid");
  log_in_as("observer");
  Response list = get("/pledges");
  EXPECT_FALSE(contains(list.body, "href=\"/pledges/new\""));
  EXPECT_FALSE(contains(list.body, "href=\"/pledges/import\""));
  EXPECT_FALSE(contains(list.body, "/api/v1/pledges/export"));  // observers may not export
  EXPECT_FALSE(contains(get("/pledges/" + std::to_string(p.id.value)).body, "/edit\""));
  EXPECT_EQ(get("/pledges/new").status, 403);
  EXPECT_TRUE(contains(get("/pledges/new").body, "You do not have permission to do this."));
  EXPECT_EQ(post("/pledges", kaz_pledge_form("x")).status, 403);
  EXPECT_EQ(get("/pledges/import").status, 403);
  EXPECT_EQ(get("/consultations/new").status, 403);
}

TEST_F(PledgeForms, TheListExportsTheCurrentFilterAsCsvAndXlsx) {
  log_in_as("focal.kgz");
  Response list = get("/pledges?country=KGZ&stage=not_reported");
  EXPECT_TRUE(contains(list.body,
                       "/api/v1/pledges/export?format=csv&amp;country=KGZ&amp;stage=not_reported"));
  EXPECT_TRUE(contains(list.body, "/api/v1/pledges/export?format=xlsx&amp;country=KGZ"));
  EXPECT_TRUE(contains(list.body, "href=\"/pledges/new\""));
  Response csv = get("/api/v1/pledges/export?format=csv&country=KGZ");
  ASSERT_EQ(csv.status, 200);
  EXPECT_TRUE(contains(csv.body, "Free state legal aid"));
  EXPECT_FALSE(contains(csv.body, "Birth registration for every child"));
}

// ---- progress updates -----------------------------------------------------------------

TEST_F(PledgeForms, TheProgressFormNamesEveryBadFieldKeepsTheTextAndThenPosts) {
  const pledges::Pledge p = pledge_titled("Free state legal aid");
  log_in_as("focal.kgz");
  const std::string target = "/pledges/" + std::to_string(p.id.value) + "/updates";
  const std::int64_t none = count("pledge_updates");
  Response bad =
      post(target, "reported_on=2030-01-01&stage=in_progress&done=" + url_encode("Центры открыты") +
                       "&evidence_links=" + url_encode("ftp://example.org/x") +
                       "&challenges=" + url_encode("Кадры") + "&next_steps=&language=ru");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "id=\"reported_on-error\""));
  EXPECT_TRUE(contains(bad.body, "id=\"evidence_links-error\""));
  EXPECT_TRUE(contains(bad.body, "Центры открыты</textarea>"));
  EXPECT_TRUE(contains(bad.body, "Кадры</textarea>"));
  EXPECT_TRUE(contains(bad.body, "value=\"2030-01-01\""));
  EXPECT_EQ(count("pledge_updates"), none);
  EXPECT_TRUE(contains(bad.body, "<option value=\"in_progress\" selected>"));

  const std::int64_t before = count("pledge_updates");
  Response ok = post(
      target, "reported_on=2026-05-01&stage=in_progress&done=" + url_encode("Центры открыты") +
                  "&evidence_links=" + url_encode("https://example.org/a\nhttps://example.org/b") +
                  "&author=" + url_encode("Минюст КР") + "&language=ru");
  ASSERT_EQ(ok.status, 303) << ok.body;
  EXPECT_EQ(count("pledge_updates"), before + 1);
  auto updates = pledges::list_updates(*db_, actor_, p.id);
  ASSERT_TRUE(updates);
  EXPECT_EQ(updates->back().evidence_links.size(), 2u);
  EXPECT_EQ(updates->back().author, "Минюст КР");
}

// ---- import ---------------------------------------------------------------------------

TEST_F(PledgeForms, AnImportPreviewWritesNothingAndTheConfirmationWritesOnce) {
  log_in_as("unhcr.almaty");
  ASSERT_EQ(get("/pledges/import").status, 200);
  const std::string consultations = read_file(kSample / "consultations.csv");
  Response staged = upload("consultations", "consultations.csv", consultations);
  ASSERT_EQ(staged.status, 303) << staged.body;
  const std::string preview_url = staged.header("Location");
  ASSERT_EQ(preview_url.rfind("/pledges/import/", 0), 0u);
  const std::string token = preview_url.substr(16);

  Response preview = get(preview_url);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_TRUE(contains(preview.body, "The import would create 2, change 0 and leave 0 unchanged."));
  EXPECT_TRUE(contains(preview.body, "action=\"/pledges/import/" + token + "/confirm\""));
  EXPECT_EQ(count("consultations"), 0);

  // The token is bound to its uploader.
  const std::string unhcr_cookie = cookie_, unhcr_csrf = csrf_;
  log_in_as("admin");
  EXPECT_EQ(get(preview_url).status, 404);
  EXPECT_EQ(post(preview_url + "/confirm", "").status, 404);
  EXPECT_EQ(count("consultations"), 0);
  cookie_ = unhcr_cookie;
  csrf_ = unhcr_csrf;

  Response confirmed = post(preview_url + "/confirm", "");
  ASSERT_EQ(confirmed.status, 303) << confirmed.body;
  EXPECT_TRUE(contains(confirmed.header("Location"), "created=2"));
  EXPECT_EQ(count("consultations"), 2);
  EXPECT_TRUE(contains(get(confirmed.header("Location")).body,
                       "The import was saved: 2 created, 0 changed, 0 unchanged."));
  // Confirmed once: the staged file is gone.
  EXPECT_EQ(post(preview_url + "/confirm", "").status, 404);
  EXPECT_FALSE(std::filesystem::exists(staging_directory(app_->config) / (token + ".upload")));
}

TEST_F(PledgeForms, AStagedUploadExpiresAfterAnHour) {
  log_in_as("unhcr.almaty");
  Response staged = upload("pledges", "pledges.csv", read_file(kSample / "pledges.csv"));
  ASSERT_EQ(staged.status, 303);
  EXPECT_EQ(get(staged.header("Location")).status, 200);
  now_ += std::chrono::minutes(61);
  log_in_as("unhcr.almaty");
  Response expired = get(staged.header("Location"));
  EXPECT_EQ(expired.status, 404);
  EXPECT_TRUE(contains(expired.body, "This upload has expired"));
  // The next upload sweeps it away.
  ASSERT_EQ(upload("pledges", "pledges.csv", "pledge_id\n").status, 303);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& f :
       std::filesystem::directory_iterator(staging_directory(app_->config)))
    ++files;
  EXPECT_EQ(files, 2u);  // the new upload and its side file
}

TEST_F(PledgeForms, ABadFileShowsEveryBadRowAndColumnAndCannotBeConfirmed) {
  log_in_as("unhcr.almaty");
  const std::int64_t before = count("pledges");
  Response staged = upload("pledges", "bad.csv", read_file(kTestData / "pledges_import_bad.csv"));
  ASSERT_EQ(staged.status, 303);
  Response preview = get(staged.header("Location"));
  EXPECT_EQ(preview.status, 422);
  const std::string text = visible_text(preview.body);
  const std::pair<int, const char*> expected[] = {{2, "forum"},       {3, "submitting_entity"},
                                                  {3, "target_date"}, {4, "language"},
                                                  {4, "serves"},      {4, "stage"}};
  for (const auto& [row, column] : expected)
    EXPECT_TRUE(std::regex_search(
        preview.body,
        std::regex("<tr><td>" + std::to_string(row) + "</td><td>[^<]*\\(" + column + "\\)</td>")))
        << "row " << row << " column " << column;
  EXPECT_TRUE(contains(preview.body, "Nothing was saved."));
  EXPECT_FALSE(contains(preview.body, "/confirm\""));
  // Confirming anyway writes nothing.
  Response forced = post(staged.header("Location") + "/confirm", "");
  EXPECT_EQ(forced.status, 422);
  EXPECT_EQ(count("pledges"), before);
}

TEST_F(PledgeForms, TheUploadFormNamesAMissingFileOrKind) {
  log_in_as("focal.kaz");
  Response page = get("/pledges/import");
  EXPECT_TRUE(contains(page.body, "value=\"pledges\""));
  EXPECT_FALSE(contains(page.body, "value=\"entities\""));  // focal points import pledges only
  Response no_file = upload("pledges", "", "");
  EXPECT_EQ(no_file.status, 422);
  EXPECT_TRUE(contains(no_file.body, "id=\"file-error\""));
  Response wrong_kind = upload("entities", "entities.csv", "entity_id,name_en,kind\n");
  EXPECT_EQ(wrong_kind.status, 422);
  EXPECT_TRUE(contains(wrong_kind.body, "id=\"kind-error\""));
}

// ---- consultations --------------------------------------------------------------------

TEST_F(PledgeForms, AReviewerCreatesAConsultationThatReviewsItsCountriesPledges) {
  log_in_as("unhcr.almaty");
  ASSERT_EQ(get("/consultations/new").status, 200);
  EXPECT_TRUE(contains(get("/consultations").body, "href=\"/consultations/new\""));
  Response bad = post("/consultations", "title=&date=2025-13-01&place=" + url_encode("Алматы") +
                                            "&participants=KGZ-GOV&other_countries=Kyrgyzstan");
  EXPECT_EQ(bad.status, 422);
  for (const char* field : {"title", "date", "countries"})
    EXPECT_TRUE(contains(bad.body, std::string("id=\"") + field + "-error\"")) << field;
  EXPECT_TRUE(contains(bad.body, "value=\"Алматы\""));
  EXPECT_EQ(count("consultations"), 0);

  Response r = post("/consultations", "title=" + url_encode("Обзор обязательств Кыргызстана") +
                                          "&date=2026-05-20&place=Bishkek&organiser=UNHCR-CA"
                                          "&participants=KGZ-GOV&participants=FVLWB&notes=");
  ASSERT_EQ(r.status, 303) << r.body;
  const std::int64_t id = id_from(r.header("Location"), "/consultations/");
  auto c = pledges::get_consultation(*db_, actor_, pledges::ConsultationId{id});
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->pledges.empty());
  for (const auto& p : c->pledges) {
    auto pledge = pledges::get_pledge(*db_, actor_, p, now_);
    ASSERT_TRUE(pledge);
    const bool kgz_pledge =
        pledge->country() == "KGZ" ||
        std::count(pledge->target_countries.begin(), pledge->target_countries.end(), "KGZ") > 0;
    EXPECT_TRUE(kgz_pledge) << pledge->title;
  }
  Response page = get(r.header("Location"));
  EXPECT_TRUE(contains(page.body, "The record was created."));
  EXPECT_TRUE(contains(page.body, "href=\"/consultations/" + std::to_string(id) + "/edit\""));

  // The outcome notes are edited on the edit form; the pledges under review stay.
  Response saved =
      post("/consultations/" + std::to_string(id) + "/edit",
           "title=" + url_encode(c->title) +
               "&date=2026-05-20&place=Bishkek"
               "&organiser=UNHCR-CA&participants=KGZ-GOV&participants=FVLWB&countries=KGZ"
               "&notes=" +
               url_encode("Договорились о дорожной карте."));
  ASSERT_EQ(saved.status, 303) << saved.body;
  auto after = pledges::get_consultation(*db_, actor_, pledges::ConsultationId{id});
  EXPECT_EQ(after->notes, "Договорились о дорожной карте.");
  EXPECT_EQ(after->pledges, c->pledges);
}

TEST_F(PledgeForms, FocalPointsCannotRunConsultations) {
  log_in_as("focal.kaz");
  EXPECT_FALSE(contains(get("/consultations").body, "href=\"/consultations/new\""));
  EXPECT_EQ(get("/consultations/new").status, 403);
  EXPECT_EQ(post("/consultations", "title=X&date=2026-01-01").status, 403);
  EXPECT_EQ(count("consultations"), 0);
}

TEST_F(PledgeForms, FollowUpsAreAddedAndMarkedDoneFromTheConsultationPage) {
  pledges::ConsultationInput in;
  in.title = "Review";
  in.held_on = CivilDate{2026, 5, 1};
  in.participants = {"KAZ-GOV"};
  auto c = pledges::create_consultation(*db_, access::system_actor(), in, now_);
  ASSERT_TRUE(c);
  const std::string base = "/consultations/" + std::to_string(c->id.value);
  log_in_as("unhcr.almaty");
  ASSERT_EQ(get(base + "/follow-ups/new").status, 200);
  Response bad = post(base + "/follow-ups", "action=&owner=MFA&due_on=next+week&pledge=");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "id=\"action-error\""));
  EXPECT_TRUE(contains(bad.body, "id=\"due_on-error\""));
  EXPECT_TRUE(contains(bad.body, "value=\"MFA\""));

  Response added = post(base + "/follow-ups", "action=" + url_encode("Подготовить дорожную карту") +
                                                  "&owner=MFA&due_on=2026-09-01&pledge=" +
                                                  std::to_string(c->pledges.front().value));
  ASSERT_EQ(added.status, 303) << added.body;
  EXPECT_EQ(added.header("Location"), base + "?done=follow_up#follow-ups");
  Response page = get(base + "?done=follow_up");  // a browser sends no #fragment
  EXPECT_TRUE(contains(page.body, "Подготовить дорожную карту"));
  EXPECT_TRUE(contains(page.body, "The follow-up action was added."));
  auto stored = pledges::get_consultation(*db_, actor_, c->id);
  ASSERT_EQ(stored->follow_ups.size(), 1u);
  EXPECT_EQ(stored->follow_ups[0].pledge, c->pledges.front());
  const std::string done =
      "/follow-ups/" + std::to_string(stored->follow_ups[0].id.value) + "/done";
  EXPECT_TRUE(contains(page.body, "action=\"" + done + "\""));
  Response marked = post(done, "");
  ASSERT_EQ(marked.status, 303);
  EXPECT_TRUE(pledges::get_consultation(*db_, actor_, c->id)->follow_ups[0].done);
  EXPECT_TRUE(contains(get(base + "?done=follow_up_done").body, "marked as done"));
  // A focal point may look but not mark.
  log_in_as("focal.kaz");
  EXPECT_EQ(post(done, "").status, 403);
}

// ---- language -------------------------------------------------------------------------

TEST_F(PledgeForms, EveryFormInKazakhHasNoEnglishText) {
  pledges::ConsultationInput in;
  in.title = "Шолу";
  in.held_on = CivilDate{2026, 5, 1};
  in.participants = {"KAZ-GOV"};
  in.pledges = std::vector<pledges::PledgeId>{};
  auto c = pledges::create_consultation(*db_, access::system_actor(), in, now_);
  ASSERT_TRUE(c);
  log_in_as("unhcr.almaty");
  ASSERT_EQ(post("/pledges", kaz_pledge_form("Апатридтерді анықтау рәсімі")).status, 303);
  const pledges::Pledge mine = pledge_titled("Апатридтерді анықтау рәсімі");
  const std::string pledge = "/pledges/" + std::to_string(mine.id.value);
  const std::string consultation = "/consultations/" + std::to_string(c->id.value);
  ASSERT_EQ(get("/?lang=kk").status, 200);
  Response staged = upload("pledges", "bad.csv", read_file(kTestData / "pledges_import_bad.csv"));
  ASSERT_EQ(staged.status, 303);
  for (const std::string& path :
       {std::string("/pledges/new"), pledge + "/edit", pledge, std::string("/pledges/import"),
        std::string("/consultations/new"), consultation + "/edit", consultation + "/follow-ups/new",
        consultation}) {
    Response r = get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_TRUE(contains(r.body, "<html lang=\"kk\">")) << path;
    expect_no_english(r.body, path);
  }
  // The pages that show problems, too.
  Response form_errors = post("/pledges", "title=&forum=GRF+2023&pledge_type=policy&target_date=x");
  EXPECT_EQ(form_errors.status, 422);
  EXPECT_TRUE(contains(form_errors.body, "Жылды (2026)"));
  expect_no_english(form_errors.body, "POST /pledges");
  Response update_errors = post(pledge + "/updates", "reported_on=&stage=planning");
  EXPECT_EQ(update_errors.status, 422);
  expect_no_english(update_errors.body, "POST " + pledge + "/updates");
  Response refused = post("/consultations", "title=&date=");
  expect_no_english(refused.body, "POST /consultations");
  Response preview = get(staged.header("Location"));
  EXPECT_EQ(preview.status, 422);
  EXPECT_TRUE(contains(preview.body, "Тізімнен форумды таңдаңыз."));
  expect_no_english(preview.body, "import preview");
}

}  // namespace
}  // namespace nansen::web
