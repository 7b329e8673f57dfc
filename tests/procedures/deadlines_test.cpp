// SPDX-License-Identifier: Apache-2.0
// Deadlines are calendar arithmetic: month ends clamp, leap years count, hours count from
// the instant, extensions need a reason and stop at their cap.
#include "procedures/support.h"

namespace nansen::procedures {
namespace {

using testing::day;
using testing::event;
using testing::find_due;
using testing::shipped;

Definition one_deadline(Duration d, std::optional<int> cap = std::nullopt) {
  Definition def;
  def.id = "t";
  def.external_events = {"start", "done"};
  Deadline dl;
  dl.id = "x";
  dl.from_event = "start";
  dl.met_by = {"done"};
  dl.duration = d;
  dl.max_extended_months = cap;
  def.deadlines.push_back(dl);
  return def;
}

CivilDate due_of(const Definition& def, const char* start) {
  Timeline t;
  t.events = {event("start", start)};
  auto dues = compute_due_dates(def, t);
  EXPECT_TRUE(dues);
  return dues->at(0).due;
}

struct MonthCase {
  const char* start;
  int months;
  int days;
  const char* due;
};

TEST(DueDates, AddMonthsClampToTheMonthsEnd) {
  const MonthCase cases[] = {
      {"2023-01-31", 1, 0, "2023-02-28"},  {"2024-01-31", 1, 0, "2024-02-29"},
      {"2024-02-29", 12, 0, "2025-02-28"}, {"2024-02-29", 48, 0, "2028-02-29"},
      {"2024-08-31", 6, 0, "2025-02-28"},  {"2024-03-31", 1, 0, "2024-04-30"},
      {"2023-12-15", 3, 0, "2024-03-15"},  {"2024-02-26", 0, 5, "2024-03-02"},
      {"2023-02-26", 0, 5, "2023-03-03"},  {"2024-12-30", 0, 3, "2025-01-02"},
      {"2024-01-31", 1, 1, "2024-03-01"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(format_civil_date(due_of(one_deadline({c.months, c.days, 0}), c.start)), c.due)
        << c.start << " + " << c.months << " months " << c.days << " days";
}

TEST(KzAsylum, ApplicationWithinFiveDaysOfArrival) {
  Timeline t;
  t.events = {event("arrival", "2024-02-26")};
  auto dues = compute_due_dates(shipped("kz_asylum"), t);
  ASSERT_TRUE(dues);
  EXPECT_EQ(format_civil_date(find_due(*dues, "application")->due), "2024-03-02");
  EXPECT_EQ(find_due(*dues, "application")->party, DeadlineParty::kApplicant);
}

TEST(KzAsylum, TwentyFourHoursAfterAnIrregularCrossingCountFromTheInstant) {
  Timeline t;
  t.facts = {"irregular_crossing"};
  CaseEvent arrival = event("arrival", "2024-03-11");
  arrival.at = *parse_instant("2024-03-10T22:30:00Z");  // 03:30 on 11 March in Almaty
  t.events = {arrival};
  auto dues = compute_due_dates(shipped("kz_asylum"), t, "Asia/Almaty");
  ASSERT_TRUE(dues) << dues.error().message;
  const DueDate* d = find_due(*dues, "application");
  ASSERT_TRUE(d->due_at);
  EXPECT_EQ(format_instant(*d->due_at), "2024-03-11T22:30:00Z");
  EXPECT_EQ(format_civil_date(d->due), "2024-03-12");  // Almaty is UTC+5
}

TEST(KzAsylum, TwentyFourHoursWithoutAKnownTimeEndTheNextDay) {
  Timeline t;
  t.facts = {"irregular_crossing"};
  t.events = {event("arrival", "2024-02-28")};
  auto dues = compute_due_dates(shipped("kz_asylum"), t);
  ASSERT_TRUE(dues);
  EXPECT_EQ(format_civil_date(find_due(*dues, "application")->due), "2024-02-29");
  EXPECT_FALSE(find_due(*dues, "application")->due_at);
}

Timeline registered_and_fingerprinted() {
  Timeline t;
  t.events = {event("arrival", "2024-01-29"), event("apply", "2024-01-30"),
              event("register", "2024-01-31"), event("fingerprint", "2024-02-02")};
  return t;
}

TEST(KzAsylum, DecisionDeadlineStartsOnlyOnceFingerprintingIsDone) {
  Timeline t = registered_and_fingerprinted();
  t.events.pop_back();
  auto dues = compute_due_dates(shipped("kz_asylum"), t);
  ASSERT_TRUE(dues);
  EXPECT_EQ(find_due(*dues, "decision"), nullptr);
  EXPECT_EQ(format_civil_date(find_due(*dues, "fingerprinting")->due), "2024-02-03");
  EXPECT_EQ(find_due(*dues, "application")->met_on, day("2024-01-30"));
}

TEST(KzAsylum, DecisionWithinThreeMonthsOfRegistration) {
  auto dues = compute_due_dates(shipped("kz_asylum"), registered_and_fingerprinted());
  ASSERT_TRUE(dues);
  EXPECT_EQ(format_civil_date(find_due(*dues, "decision")->due), "2024-04-30");
  EXPECT_EQ(find_due(*dues, "fingerprinting")->met_on, day("2024-02-02"));
}

TEST(KzAsylum, ExtensionsWithReasonsUpToTwelveMonths) {
  Timeline t = registered_and_fingerprinted();
  t.extensions = {{"decision", {6, 0, 0}, "country information requested", day("2024-04-20")},
                  {"decision", {3, 0, 0}, "second interview", day("2024-10-01")},
                  {"decision", {0, 1, 0}, "interpreter unavailable", day("2025-01-20")}};
  auto dues = compute_due_dates(shipped("kz_asylum"), t);
  ASSERT_TRUE(dues) << dues.error().message;
  EXPECT_EQ(format_civil_date(find_due(*dues, "decision")->due), "2025-01-31");  // the cap
  EXPECT_EQ(find_due(*dues, "decision")->extensions, 3);

  t.extensions.push_back({"decision", {0, 1, 0}, "one more day", day("2025-01-30")});
  auto beyond = compute_due_dates(shipped("kz_asylum"), t);
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.error().field, "extensions[3]");
  EXPECT_NE(beyond.error().message.find("12 months (2025-01-31)"), std::string::npos)
      << beyond.error().message;
}

TEST(KzAsylum, AnExtensionNeedsAReasonAndAnExtendableDeadline) {
  Timeline t = registered_and_fingerprinted();
  t.extensions = {{"decision", {1, 0, 0}, "  ", day("2024-04-01")}};
  auto no_reason = compute_due_dates(shipped("kz_asylum"), t);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "extensions[0]");
  t.extensions = {{"fingerprinting", {0, 2, 0}, "queue", day("2024-02-01")}};
  EXPECT_FALSE(compute_due_dates(shipped("kz_asylum"), t));
  t.extensions = {{"nonexistent", {0, 2, 0}, "queue", day("2024-02-01")}};
  EXPECT_FALSE(compute_due_dates(shipped("kz_asylum"), t));
}

TEST(KzStatelessness, SixMonthEnquiry) {
  Timeline t;
  t.events = {event("apply", "2024-08-01"), event("register", "2024-08-02"),
              event("send_enquiry", "2024-08-31")};
  auto dues = compute_due_dates(shipped("kz_statelessness"), t);
  ASSERT_TRUE(dues);
  EXPECT_EQ(format_civil_date(find_due(*dues, "enquiry_answer")->due), "2025-02-28");
}

TEST(UnhcrRsd, ThirtyDayAppealWithASixWeekLateWindow) {
  Timeline t;
  t.events = {event("register", "2023-09-01"), event("notify_rejection", "2024-01-15")};
  auto dues = compute_due_dates(shipped("unhcr_mandate_rsd"), t);
  ASSERT_TRUE(dues);
  const DueDate* appeal = find_due(*dues, "appeal");
  EXPECT_EQ(format_civil_date(appeal->due), "2024-02-14");
  EXPECT_EQ(format_civil_date(*appeal->late_until), "2024-03-27");
  EXPECT_EQ(deadline_status(*appeal, day("2024-02-06")), DeadlineStatus::kOpen);
  EXPECT_EQ(deadline_status(*appeal, day("2024-02-07")), DeadlineStatus::kDueSoon);
  EXPECT_EQ(deadline_status(*appeal, day("2024-02-14")), DeadlineStatus::kDueSoon);
  EXPECT_EQ(deadline_status(*appeal, day("2024-02-15")), DeadlineStatus::kLateWindow);
  EXPECT_EQ(deadline_status(*appeal, day("2024-03-27")), DeadlineStatus::kLateWindow);
  EXPECT_EQ(deadline_status(*appeal, day("2024-03-28")), DeadlineStatus::kOverdue);
}

TEST(DeadlineStatus, MetOverdueAndDueWithinSevenDays) {
  DueDate d;
  d.due = day("2024-05-10");
  EXPECT_EQ(deadline_status(d, day("2024-05-02")), DeadlineStatus::kOpen);
  EXPECT_EQ(deadline_status(d, day("2024-05-03")), DeadlineStatus::kDueSoon);
  EXPECT_EQ(deadline_status(d, day("2024-05-10")), DeadlineStatus::kDueSoon);
  EXPECT_EQ(deadline_status(d, day("2024-05-11")), DeadlineStatus::kOverdue);
  d.met_on = day("2024-05-20");
  EXPECT_EQ(deadline_status(d, day("2024-06-01")), DeadlineStatus::kMet);
  EXPECT_EQ(deadline_status_name(DeadlineStatus::kDueSoon), "due_soon");
}

}  // namespace
}  // namespace nansen::procedures
