// SPDX-License-Identifier: Apache-2.0
// Private to web/: long work (bulk eligibility decisions, large imports) that runs on its
// own thread while the page polls its progress. A job belongs to the user who started
// it; no one else can see it.
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

  // Starts `work` on a new thread; returns the job's id.
  std::int64_t start(access::UserId owner, std::string kind, Work work);
  // The job's status; nullopt if there is no such job or it belongs to someone else.
  std::optional<JobStatus> status(access::UserId owner, std::int64_t id) const;

 private:
  struct Entry {
    access::UserId owner;
    JobStatus status;
  };
  mutable std::mutex mutex_;
  std::map<std::int64_t, Entry> jobs_;
  std::vector<std::thread> threads_;
  std::int64_t next_id_ = 1;
};

}  // namespace nansen::web
