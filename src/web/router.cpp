// SPDX-License-Identifier: Apache-2.0
// The router: method + path pattern → route. Patterns are matched segment by segment;
// a literal segment beats a capture, so "/users/new" wins over "/users/{id}".
#include <cstdio>
#include <cstdlib>

#include "web/http.h"

namespace nansen::web {
namespace {

std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out = split(path.substr(path.empty() ? 0 : 1), '/');
  if (out.size() == 1 && out[0].empty()) out.clear();  // "/" has no segments
  return out;
}

bool is_capture(const std::string& s) {
  return s.size() > 2 && s.front() == '{' && s.back() == '}';
}
bool is_rest_capture(const std::string& s) {
  return is_capture(s) && s[s.size() - 2] == '*';
}
std::string capture_name(const std::string& s) {
  return s.substr(1, s.size() - (is_rest_capture(s) ? 3 : 2));
}

// Returns a score (higher = more literal segments) or -1 if `pattern` does not match.
int match_pattern(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                  std::map<std::string, std::string>& params) {
  int score = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (is_rest_capture(p)) {
      if (i >= path.size()) return -1;
      std::string rest = path[i];
      for (std::size_t j = i + 1; j < path.size(); ++j) rest += "/" + path[j];
      params[capture_name(p)] = rest;
      return score;
    }
    if (i >= path.size()) return -1;
    if (is_capture(p)) {
      if (path[i].empty()) return -1;
      params[capture_name(p)] = path[i];
    } else if (p == path[i]) {
      score += 1;
    } else {
      return -1;
    }
  }
  return pattern.size() == path.size() ? score : -1;
}

}  // namespace

void Router::add(Route route) {
  for (const Route& r : routes_) {
    if (r.method == route.method && r.pattern == route.pattern) {
      std::fprintf(stderr, "duplicate route %s %s\n", r.method.c_str(), r.pattern.c_str());
      std::abort();
    }
  }
  routes_.push_back(std::move(route));
}

std::vector<std::string> Router::attach_policies() {
  std::vector<std::string> missing;
  for (Route& r : routes_) {
    r.policy = access::find_route_policy(r.method, r.pattern);
    // A public route must be public in the table too, and the other way round.
    if (!r.policy || (r.policy->scope == access::ScopeRule::kPublic) != (r.auth == Auth::kPublic)) {
      r.policy = nullptr;
      missing.push_back(r.method + " " + r.pattern);
    }
  }
  return missing;
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  const std::string wanted = method == "HEAD" ? "GET" : std::string(method);
  const std::vector<std::string> parts = segments(path);
  Match best;
  int best_score = -1;
  for (const Route& r : routes_) {
    std::map<std::string, std::string> params;
    const int score = match_pattern(segments(r.pattern), parts, params);
    if (score < 0) continue;
    if (r.method != wanted) {
      best.method_not_allowed = true;
      continue;
    }
    if (score > best_score) {
      best_score = score;
      best.route = &r;
      best.params = std::move(params);
    }
  }
  if (best.route) best.method_not_allowed = false;
  return best;
}

}  // namespace nansen::web
