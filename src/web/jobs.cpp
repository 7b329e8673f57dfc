// SPDX-License-Identifier: Apache-2.0
// Background jobs with progress (see jobs.h).
#include "web/jobs.h"

#include <algorithm>

#include "web/routes.h"  // new_request_id

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
    for (auto& [id, entry] : jobs_)
      if (entry.thread.joinable()) threads.push_back(std::move(entry.thread));
  }
  for (auto& t : threads) t.join();
}

void Jobs::set_max_running_per_user(int n) {
  std::lock_guard lock(mutex_);
  max_running_per_user_ = std::max(1, n);
}

std::vector<std::thread> Jobs::forget_old_finished(access::UserId owner) {
  std::vector<std::int64_t> finished;  // ascending ids: oldest first
  for (const auto& [id, entry] : jobs_)
    if (entry.owner == owner && entry.status.state != JobStatus::State::kRunning)
      finished.push_back(id);
  std::vector<std::thread> ended;
  for (std::size_t i = 0; i + kFinishedKeptPerUser < finished.size(); ++i) {
    auto it = jobs_.find(finished[i]);
    if (it->second.thread.joinable()) ended.push_back(std::move(it->second.thread));
    jobs_.erase(it);
  }
  return ended;
}

Result<std::int64_t> Jobs::start(access::UserId owner, std::string kind, Work work) {
  std::vector<std::thread> ended;
  std::int64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    int running = 0;
    for (const auto& [other, entry] : jobs_)
      if (entry.owner == owner && entry.status.state == JobStatus::State::kRunning) ++running;
    if (running >= max_running_per_user_)
      return fail(ErrorCode::kRateLimited,
                  "you already have " + std::to_string(running) +
                      " background jobs running, the most allowed; start this one when one "
                      "of them has finished",
                  "jobs");
    ended = forget_old_finished(owner);
    id = next_id_++;
    Entry& entry = jobs_[id];
    entry.owner = owner;
    entry.status.id = id;
    entry.status.kind = std::move(kind);
    // The entry stays while its job runs (only finished jobs are forgotten), so the
    // thread may look it up by id under the lock.
    entry.thread = std::thread([this, id, work = std::move(work)] {
      const auto progress = [this, id](std::int64_t done, std::int64_t total) {
        std::lock_guard lock(mutex_);
        JobStatus& s = jobs_.at(id).status;
        s.done = done;
        s.total = total;
      };
      Result<std::string> result = [&]() -> Result<std::string> {
        try {
          return work(progress);
        } catch (const std::exception& e) {
          return fail(ErrorCode::kInternal, e.what());
        }
      }();
      std::lock_guard lock(mutex_);
      JobStatus& s = jobs_.at(id).status;
      if (result) {
        s.state = JobStatus::State::kDone;
        s.result = std::move(*result);
        s.done = s.total;
      } else {
        s.state = JobStatus::State::kFailed;
        s.error = result.error();
        // As for a 5xx answer: the status page shows an id, the log the real message.
        if (s.error->code == ErrorCode::kInternal || s.error->code == ErrorCode::kUnavailable) {
          const std::string request_id = new_request_id();
          log_error("job " + std::to_string(id) + " (" + s.kind +
                    ") failed, request=" + request_id + ": " + s.error->message);
          s.error->message =
              "the job failed; the server log has the details (request id " + request_id + ")";
          s.error->field.clear();
        }
      }
    });
  }
  for (auto& t : ended) t.join();
  return id;
}

std::optional<JobStatus> Jobs::status(access::UserId owner, std::int64_t id) const {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second.owner != owner) return std::nullopt;
  return it->second.status;
}

}  // namespace nansen::web
