// SPDX-License-Identifier: Apache-2.0
// Background jobs: progress is visible while the work runs, the result or the error
// after, and only to the user who started the job.
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
  const auto id = jobs.start(alice, "count", [&](const auto& progress) -> Result<std::string> {
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
  const auto failed = jobs.start(alice, "x", [](const auto&) -> Result<std::string> {
    return fail(ErrorCode::kConflict, "the registry changed since the preview");
  });
  const auto thrown = jobs.start(
      alice, "x", [](const auto&) -> Result<std::string> { throw std::runtime_error("boom"); });
  const JobStatus a = wait_until_finished(jobs, alice, failed);
  ASSERT_EQ(a.state, JobStatus::State::kFailed);
  EXPECT_EQ(a.error->code, ErrorCode::kConflict);
  const JobStatus b = wait_until_finished(jobs, alice, thrown);
  ASSERT_EQ(b.state, JobStatus::State::kFailed);
  EXPECT_EQ(b.error->message, "boom");
}

TEST(Jobs, AnotherUserCannotSeeTheJob) {
  Jobs jobs;
  const auto id = jobs.start(access::UserId{1}, "x",
                             [](const auto&) -> Result<std::string> { return std::string(); });
  EXPECT_FALSE(jobs.status(access::UserId{2}, id).has_value());
  EXPECT_FALSE(jobs.status(access::UserId{1}, id + 1).has_value());
  EXPECT_TRUE(jobs.status(access::UserId{1}, id).has_value());
}

}  // namespace
}  // namespace nansen::web
