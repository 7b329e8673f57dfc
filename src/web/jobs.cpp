// SPDX-License-Identifier: Apache-2.0
// Background jobs with progress (see jobs.h).
#include "web/jobs.h"

namespace nansen::web {

std::string_view job_state_name(JobStatus::State s) {
  switch (s) {
    case JobStatus::State::kRunning:
      return "running";
    case JobStatus::State::kDone:
      return "done";
    case JobStatus::State::kFailed:
      return "failed";
  }
  return "failed";
}

Jobs::~Jobs() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(threads_);
  }
  for (auto& t : threads) t.join();
}

std::int64_t Jobs::start(access::UserId owner, std::string kind, Work work) {
  std::lock_guard lock(mutex_);
  const std::int64_t id = next_id_++;
  Entry& entry = jobs_[id];
  entry.owner = owner;
  entry.status.id = id;
  entry.status.kind = std::move(kind);
  threads_.emplace_back([this, id, work = std::move(work)] {
    const auto progress = [this, id](std::int64_t done, std::int64_t total) {
      std::lock_guard lock(mutex_);
      jobs_[id].status.done = done;
      jobs_[id].status.total = total;
    };
    Result<std::string> result = [&]() -> Result<std::string> {
      try {
        return work(progress);
      } catch (const std::exception& e) {
        return fail(ErrorCode::kInternal, e.what());
      }
    }();
    std::lock_guard lock(mutex_);
    JobStatus& s = jobs_[id].status;
    if (result) {
      s.state = JobStatus::State::kDone;
      s.result = std::move(*result);
      s.done = s.total;
    } else {
      s.state = JobStatus::State::kFailed;
      s.error = result.error();
    }
  });
  return id;
}

std::optional<JobStatus> Jobs::status(access::UserId owner, std::int64_t id) const {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second.owner != owner) return std::nullopt;
  return it->second.status;
}

}  // namespace nansen::web
