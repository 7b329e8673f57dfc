// SPDX-License-Identifier: Apache-2.0
#include "web/metrics.h"

#include <cstdio>
#include <tuple>

namespace nansen::web {
namespace {

std::string label_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

std::string_view method_label(std::string_view method) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    if (method == known) return known;
  return "other";
}

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
  const std::string label(method_label(method));
  std::lock_guard lock(mutex_);
  ++requests_[{label, route, status}];
  Histogram& h = latency_[{label, route}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render(double db_busy_ms) const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP nansen_http_requests_total HTTP requests by method, route pattern and status.\n";
  out += "# TYPE nansen_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out += "nansen_http_requests_total{method=\"" + label_escape(method) + "\",route=\"" +
           label_escape(route) + "\",status=\"" + std::to_string(status) + "\"} " +
           std::to_string(n) + "\n";
  }
  out += "# HELP nansen_http_request_duration_seconds Time from request read to response ready.\n";
  out += "# TYPE nansen_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    const std::string labels =
        "method=\"" + label_escape(key.first) + "\",route=\"" + label_escape(key.second) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out += "nansen_http_request_duration_seconds_bucket{" + labels + ",le=\"" +
             number(kBuckets[i]) + "\"} " + std::to_string(h.buckets[i]) + "\n";
    out += "nansen_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "nansen_http_request_duration_seconds_sum{" + labels + "} " + number(h.sum) + "\n";
    out += "nansen_http_request_duration_seconds_count{" + labels + "} " + std::to_string(h.count) +
           "\n";
  }
  out += "# HELP nansen_db_busy_seconds_total Time spent in database calls since start.\n";
  out += "# TYPE nansen_db_busy_seconds_total counter\n";
  out += "nansen_db_busy_seconds_total " + number(db_busy_ms / 1000.0) + "\n";
  return out;
}

}  // namespace nansen::web
