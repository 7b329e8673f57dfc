// SPDX-License-Identifier: Apache-2.0
// Private to web/: request counters and a latency histogram in Prometheus text format.
// Routes are counted by pattern ("/api/v1/users/{id}"), never by raw path, so the label
// set stays small and carries no ids; a path that matched no route is "unmatched", and a
// method outside the standard set is "other", so made-up requests cannot grow /metrics.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace nansen::web {

// The method as a label: itself if it is one of GET, HEAD, POST, PUT, PATCH, DELETE,
// OPTIONS; "other" for anything else a client can send.
std::string_view method_label(std::string_view method);

class Metrics {
 public:
  // Thread-safe. `method` is folded by method_label(); `route` must come from a bounded
  // set (a route pattern, "unmatched", "rejected").
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  // The exposition text; `db_busy_ms` is the database's busy time since start.
  std::string render(double db_busy_ms) const;

  static constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                      0.5,   1.0,  2.5,   5.0,  10.0};

 private:
  struct Histogram {
    std::array<unsigned long long, kBuckets.size()> buckets{};
    unsigned long long count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, unsigned long long> requests_;
  std::map<std::pair<std::string, std::string>, Histogram> latency_;
};

}  // namespace nansen::web
