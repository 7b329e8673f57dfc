// SPDX-License-Identifier: Apache-2.0
// Background jobs: progress is visible while the work runs, the result or the error
// after, and only to the user who started the job; a user runs only a few at once.
#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "web/jobs.h"

namespace nansen::web {
namespace {

JobStatus wait_until_finished(const Jobs& jobs, access::UserId owner, std::int64_t id) {
  for (;;) {
    auto s = jobs.status(owner, id);
    if (!s || s->state != JobStatus::State::kRunning) return s.value_or(JobStatus{});
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

TEST(Jobs, ReportProgressThenTheResult) {
  Jobs jobs;
  std::atomic<bool> release{false};
  const access::UserId alice{1};
  const auto id = *jobs.start(alice, "count", [&](const auto& progress) -> Result<std::string> {
    progress(3, 10);
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return std::string("10 decisions");
  });
  for (;;) {  // the progress call has happened once done is 3
    auto s = jobs.status(alice, id);
    ASSERT_TRUE(s.has_value());
    if (s->done == 3) {
      EXPECT_EQ(s->total, 10);
      EXPECT_EQ(s->state, JobStatus::State::kRunning);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  release = true;
  const JobStatus s = wait_until_finished(jobs, alice, id);
  EXPECT_EQ(job_state_name(s.state), "done");
  EXPECT_EQ(s.result, "10 decisions");
  EXPECT_EQ(s.done, 10);
}

TEST(Jobs, AFailureKeepsItsErrorAndAnExceptionBecomesOne) {
  Jobs jobs;
  const access::UserId alice{1};
  const auto failed = *jobs.start(alice, "x", [](const auto&) -> Result<std::string> {
    return fail(ErrorCode::kConflict, "the registry changed since the preview");
  });
  const auto thrown = *jobs.start(
      alice, "x", [](const auto&) -> Result<std::string> { throw std::runtime_error("boom"); });
  const JobStatus a = wait_until_finished(jobs, alice, failed);
  ASSERT_EQ(a.state, JobStatus::State::kFailed);
  EXPECT_EQ(a.error->code, ErrorCode::kConflict);
  const JobStatus b = wait_until_finished(jobs, alice, thrown);
  ASSERT_EQ(b.state, JobStatus::State::kFailed);
  EXPECT_EQ(b.error->code, ErrorCode::kInternal);
  // An internal failure's message is for the log; the status shows a request id only.
  EXPECT_EQ(b.error->message.find("boom"), std::string::npos) << b.error->message;
  EXPECT_NE(b.error->message.find("request id "), std::string::npos) << b.error->message;
}

TEST(Jobs, AnotherUserCannotSeeTheJob) {
  Jobs jobs;
  const auto id = *jobs.start(access::UserId{1}, "x",
                              [](const auto&) -> Result<std::string> { return std::string(); });
  EXPECT_FALSE(jobs.status(access::UserId{2}, id).has_value());
  EXPECT_FALSE(jobs.status(access::UserId{1}, id + 1).has_value());
  EXPECT_TRUE(jobs.status(access::UserId{1}, id).has_value());
}

// A job that runs until `release` is set.
Jobs::Work held(const std::atomic<bool>& release) {
  return [&release](const auto&) -> Result<std::string> {
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return std::string("done");
  };
}

// Sets its flag when the test leaves, however it leaves, so no held job outlives it.
struct ReleaseOnExit {
  std::atomic<bool>& flag;
  ~ReleaseOnExit() { flag = true; }
};

TEST(Jobs, EachUserRunsAtMostTheConfiguredNumberAtOnce) {
  std::atomic<bool> release_first{false}, release_rest{false};  // outlive the jobs
  Jobs jobs;
  const ReleaseOnExit guard_first{release_first}, guard_rest{release_rest};
  jobs.set_max_running_per_user(2);
  const access::UserId alice{1}, bob{2};
  const auto first = jobs.start(alice, "x", held(release_first));
  ASSERT_TRUE(first);
  ASSERT_TRUE(jobs.start(alice, "x", held(release_rest)));
  auto third = jobs.start(alice, "x", held(release_rest));
  ASSERT_FALSE(third) << "a third running job for one user is refused";
  EXPECT_EQ(third.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(third.error().field, "jobs");
  EXPECT_FALSE(jobs.status(alice, *first + 2).has_value()) << "nothing was started";
  EXPECT_TRUE(jobs.start(bob, "x", held(release_rest))) << "other users are not affected";

  release_first = true;  // once one of alice's jobs has finished, she may start another
  EXPECT_EQ(wait_until_finished(jobs, alice, *first).state, JobStatus::State::kDone);
  EXPECT_TRUE(jobs.start(alice, "x", held(release_rest)));
}

TEST(Jobs, OnlyTheNewestFinishedJobsOfAUserAreKept) {
  Jobs jobs;
  const access::UserId alice{1};
  std::vector<std::int64_t> ids;
  const std::size_t n = Jobs::kFinishedKeptPerUser + 5;
  for (std::size_t i = 0; i < n; ++i) {
    auto id = jobs.start(alice, "x", [](const auto&) -> Result<std::string> { return "1"; });
    ASSERT_TRUE(id);
    wait_until_finished(jobs, alice, *id);
    ids.push_back(*id);
  }
  // Starting job i forgets finished ones beyond the newest kFinishedKeptPerUser (then i
  // itself finishes): after the last start, the oldest four are gone.
  for (std::size_t i = 0; i < n; ++i)
    EXPECT_EQ(jobs.status(alice, ids[i]).has_value(), i >= n - Jobs::kFinishedKeptPerUser - 1)
        << "job " << i;
}

}  // namespace
}  // namespace nansen::web
