// SPDX-License-Identifier: Apache-2.0
// Private to web/: long work (bulk eligibility decisions, large imports) that runs on its
// own thread while the page polls its progress. A job belongs to the user who started
// it; no one else can see it. Each user may run only a few at once (each is a thread and
// holds the write lock while it writes), and only their latest finished jobs are kept.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "access/access.h"
#include "base/base.h"

namespace nansen::web {

struct JobStatus {
  enum class State { kRunning, kDone, kFailed };
  std::int64_t id = 0;
  std::string kind;  // "eligibility" ...
  State state = State::kRunning;
  std::int64_t done = 0;
  std::int64_t total = 0;
  std::string result;          // on kDone: what the work returned, e.g. the number of decisions
  std::optional<Error> error;  // on kFailed
};
std::string_view job_state_name(JobStatus::State s);  // "running", "done", "failed"

// Thread-safe. The destructor waits for running jobs, so an App is never torn down under
// a job that still uses its database.
class Jobs {
 public:
  // The work reports progress through its argument and returns its result text.
  using Work = std::function<Result<std::string>(
      const std::function<void(std::int64_t done, std::int64_t total)>& progress)>;

  Jobs() = default;
  Jobs(const Jobs&) = delete;
  Jobs& operator=(const Jobs&) = delete;
  ~Jobs();

  // Finished jobs kept per user for their status pages; older ones are forgotten.
  static constexpr std::size_t kFinishedKeptPerUser = 20;

  // How many jobs one user may have running at once (config server.max_jobs_per_user).
  // REQUIRES: at least 1; set before the first start().
  void set_max_running_per_user(int n);

  // Starts `work` on a new thread; returns the job's id. RateLimited (field "jobs"),
  // with nothing started, when `owner` already has the maximum number running.
  Result<std::int64_t> start(access::UserId owner, std::string kind, Work work);
  // The job's status; nullopt if there is no such job or it belongs to someone else.
  std::optional<JobStatus> status(access::UserId owner, std::int64_t id) const;

 private:
  struct Entry {
    access::UserId owner;
    JobStatus status;
    std::thread thread;
  };
  // Removes `owner`'s finished jobs beyond kFinishedKeptPerUser (oldest first); returns
  // their threads, which have ended, to be joined outside the lock.
  std::vector<std::thread> forget_old_finished(access::UserId owner);

  mutable std::mutex mutex_;
  std::map<std::int64_t, Entry> jobs_;
  std::int64_t next_id_ = 1;
  int max_running_per_user_ = 2;
};

}  // namespace nansen::web
