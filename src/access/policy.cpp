// SPDX-License-Identifier: Apache-2.0
// The authorization policy: for every route of the server, which permissions a role must
// hold and which scope rule applies to the records it reaches. The web layer refuses a
// request whose role the table does not allow before any handler runs, refuses to start
// with a route the table does not name, and publishes each entry in openapi.json
// (x-nansen-policy), from which the policy matrix test (tests/api/scope_leak.test.mjs)
// walks every route × role × scope. The domain modules still check permission and scope
// themselves on every call: this table is the first of two locks, and the one a reviewer
// reads.
#include <algorithm>

#include "access/access.h"

namespace nansen::access {
namespace {

using P = Permission;
using S = ScopeRule;

RoutePolicy route(std::string_view method, std::string_view pattern, std::vector<P> all_of,
                  std::vector<P> any_of, S scope) {
  return RoutePolicy{std::string(method), std::string(pattern), std::move(all_of),
                     std::move(any_of), scope};
}
RoutePolicy needs(std::string_view method, std::string_view pattern, P permission, S scope) {
  return route(method, pattern, {permission}, {}, scope);
}
RoutePolicy anyone(std::string_view method, std::string_view pattern, S scope = S::kSignedIn) {
  return route(method, pattern, {}, {}, scope);
}
RoutePolicy pledge_writer(std::string_view method, std::string_view pattern, S scope) {
  return route(method, pattern, {}, {P::kPledgeWrite, P::kPledgeReview}, scope);
}

std::vector<RoutePolicy> build_table() {
  return {
      // Public: no sign-in.
      anyone("GET", "/login", S::kPublic),
      anyone("POST", "/login", S::kPublic),
      anyone("POST", "/api/v1/session", S::kPublic),
      anyone("GET", "/healthz", S::kPublic),
      anyone("GET", "/metrics", S::kPublic),
      anyone("GET", "/static/{path*}", S::kPublic),
      anyone("GET", "/api/v1/openapi.json", S::kPublic),

      // The caller's own session and profile.
      anyone("GET", "/"),
      anyone("POST", "/logout"),
      anyone("DELETE", "/api/v1/session"),
      anyone("GET", "/api/v1/me"),
      anyone("GET", "/profile"),
      anyone("POST", "/profile/language"),
      anyone("POST", "/profile/password"),
      anyone("POST", "/api/v1/mrz/check"),

      // Accounts and tokens: one's own, or (users.manage) those inside one's scope.
      needs("GET", "/api/v1/users", P::kUsersManage, S::kScopedList),
      needs("POST", "/api/v1/users", P::kUsersManage, S::kScopedCountry),
      anyone("GET", "/api/v1/users/{id}", S::kOwnOrScoped),
      anyone("POST", "/api/v1/users/{id}/password", S::kOwnOrScoped),
      needs("POST", "/api/v1/users/{id}/disable", P::kUsersManage, S::kOwnOrScoped),
      needs("POST", "/api/v1/users/{id}/enable", P::kUsersManage, S::kOwnOrScoped),
      anyone("GET", "/api/v1/users/{id}/tokens", S::kOwnOrScoped),
      anyone("POST", "/api/v1/users/{id}/tokens", S::kOwnOrScoped),
      anyone("DELETE", "/api/v1/tokens/{id}", S::kOwnOrScoped),
      needs("GET", "/users", P::kUsersManage, S::kScopedList),
      needs("GET", "/users/new", P::kUsersManage, S::kSignedIn),
      needs("POST", "/users", P::kUsersManage, S::kScopedCountry),
      needs("GET", "/users/{id}", P::kUsersManage, S::kOwnOrScoped),
      needs("POST", "/users/{id}/password", P::kUsersManage, S::kOwnOrScoped),
      needs("POST", "/users/{id}/disable", P::kUsersManage, S::kOwnOrScoped),
      needs("POST", "/users/{id}/enable", P::kUsersManage, S::kOwnOrScoped),
      needs("POST", "/users/{id}/tokens", P::kUsersManage, S::kOwnOrScoped),
      needs("POST", "/users/{id}/tokens/{token}/revoke", P::kUsersManage, S::kOwnOrScoped),

      // Audit log.
      needs("GET", "/audit", P::kAuditRead, S::kScopedList),
      needs("GET", "/api/v1/audit", P::kAuditRead, S::kScopedList),

      // Pledges, entities, consultations: shared across countries for reading; written
      // within the writer's organisation or country.
      needs("GET", "/api/v1/pledges", P::kPledgeRead, S::kShared),
      pledge_writer("POST", "/api/v1/pledges", S::kSharedWritable),
      needs("GET", "/api/v1/pledges/export", P::kExport, S::kShared),
      needs("GET", "/api/v1/pledges/{id}", P::kPledgeRead, S::kShared),
      pledge_writer("PUT", "/api/v1/pledges/{id}", S::kSharedWritable),
      needs("GET", "/api/v1/pledges/{id}/updates", P::kPledgeRead, S::kShared),
      pledge_writer("POST", "/api/v1/pledges/{id}/updates", S::kSharedWritable),
      pledge_writer("POST", "/api/v1/import/{kind}", S::kSharedWritable),
      needs("GET", "/api/v1/entities", P::kPledgeRead, S::kShared),
      needs("GET", "/api/v1/consultations", P::kPledgeRead, S::kShared),
      needs("POST", "/api/v1/consultations", P::kPledgeReview, S::kSharedWritable),
      needs("GET", "/api/v1/consultations/{id}", P::kPledgeRead, S::kShared),
      needs("POST", "/api/v1/consultations/{id}/open", P::kPledgeReview, S::kSharedWritable),
      needs("POST", "/api/v1/consultations/{id}/follow-ups", P::kPledgeReview, S::kSharedWritable),
      needs("POST", "/api/v1/follow-ups/{id}/done", P::kPledgeReview, S::kSharedWritable),
      needs("GET", "/api/v1/consultations/{id}/report", P::kPledgeRead, S::kShared),
      needs("GET", "/api/v1/alliance", P::kPledgeRead, S::kShared),
      pledge_writer("POST", "/api/v1/alliance", S::kSharedWritable),
      needs("GET", "/api/v1/statistics/{country}", P::kPledgeRead, S::kShared),
      needs("GET", "/pledges", P::kPledgeRead, S::kShared),
      pledge_writer("GET", "/pledges/new", S::kSignedIn),
      pledge_writer("POST", "/pledges", S::kSharedWritable),
      needs("GET", "/pledges/{id}", P::kPledgeRead, S::kShared),
      pledge_writer("GET", "/pledges/{id}/edit", S::kSharedWritable),
      pledge_writer("POST", "/pledges/{id}/edit", S::kSharedWritable),
      pledge_writer("POST", "/pledges/{id}/updates", S::kSharedWritable),
      pledge_writer("GET", "/pledges/import", S::kSignedIn),
      pledge_writer("POST", "/pledges/import", S::kSharedWritable),
      pledge_writer("GET", "/pledges/import/{token}", S::kOwnRecord),
      pledge_writer("POST", "/pledges/import/{token}/confirm", S::kOwnRecord),
      needs("GET", "/consultations", P::kPledgeRead, S::kShared),
      needs("GET", "/consultations/new", P::kPledgeReview, S::kSignedIn),
      needs("POST", "/consultations", P::kPledgeReview, S::kSharedWritable),
      needs("GET", "/consultations/{id}", P::kPledgeRead, S::kShared),
      needs("GET", "/consultations/{id}/edit", P::kPledgeReview, S::kSharedWritable),
      needs("POST", "/consultations/{id}/edit", P::kPledgeReview, S::kSharedWritable),
      needs("POST", "/consultations/{id}/open", P::kPledgeReview, S::kSharedWritable),
      needs("GET", "/consultations/{id}/follow-ups/new", P::kPledgeReview, S::kSharedWritable),
      needs("POST", "/consultations/{id}/follow-ups", P::kPledgeReview, S::kSharedWritable),
      needs("POST", "/follow-ups/{id}/done", P::kPledgeReview, S::kSharedWritable),
      needs("POST", "/follow-ups/{id}/reopen", P::kPledgeReview, S::kSharedWritable),
      needs("GET", "/countries/{country}", P::kPledgeRead, S::kShared),

      // Persons and households.
      needs("GET", "/api/v1/persons", P::kPersonRead, S::kScopedList),
      needs("POST", "/api/v1/persons", P::kPersonWrite, S::kScopedCountry),
      needs("POST", "/api/v1/persons/duplicates", P::kPersonRead, S::kScopedCountry),
      needs("GET", "/api/v1/persons/{id}", P::kPersonRead, S::kRecord),
      needs("POST", "/api/v1/persons/{id}/merge", P::kPersonWrite, S::kRecord),
      needs("POST", "/api/v1/persons/{id}/unmerge", P::kPersonWrite, S::kRecord),
      needs("GET", "/api/v1/persons/{id}/consents", P::kPersonRead, S::kRecord),
      needs("POST", "/api/v1/persons/{id}/consents", P::kPersonWrite, S::kRecord),
      needs("GET", "/api/v1/persons/{id}/sensitive", P::kSensitiveRead, S::kRecord),
      route("POST", "/api/v1/persons/{id}/sensitive", {P::kCaseWrite, P::kSensitiveRead}, {},
            S::kRecord),
      needs("GET", "/api/v1/persons/{id}/documents", P::kPersonRead, S::kRecord),
      needs("POST", "/api/v1/persons/{id}/documents", P::kDocumentIssue, S::kRecord),
      needs("POST", "/api/v1/households", P::kPersonWrite, S::kScopedCountry),
      needs("GET", "/api/v1/households/{id}", P::kPersonRead, S::kRecord),
      needs("POST", "/api/v1/households/{id}/members", P::kPersonWrite, S::kRecord),
      needs("GET", "/persons", P::kPersonRead, S::kScopedList),
      needs("GET", "/persons/new", P::kPersonWrite, S::kSignedIn),
      needs("POST", "/persons", P::kPersonWrite, S::kScopedCountry),
      needs("GET", "/persons/{id}", P::kPersonRead, S::kRecord),
      needs("POST", "/persons/{id}/consents", P::kPersonWrite, S::kRecord),
      route("POST", "/persons/{id}/notes", {P::kCaseWrite, P::kSensitiveRead}, {}, S::kRecord),
      needs("POST", "/persons/{id}/merge", P::kPersonWrite, S::kRecord),
      needs("POST", "/persons/{id}/unmerge", P::kPersonWrite, S::kRecord),
      needs("POST", "/persons/{id}/household", P::kPersonWrite, S::kRecord),

      // Cases and deadlines.
      needs("GET", "/api/v1/cases", P::kCaseRead, S::kScopedList),
      needs("POST", "/api/v1/cases", P::kCaseWrite, S::kScopedCountry),
      needs("GET", "/api/v1/cases/{id}", P::kCaseRead, S::kRecord),
      needs("POST", "/api/v1/cases/{id}/transitions", P::kCaseWrite, S::kRecord),
      needs("POST", "/api/v1/cases/{id}/events", P::kCaseWrite, S::kRecord),
      needs("POST", "/api/v1/cases/{id}/extensions", P::kCaseDecide, S::kRecord),
      needs("POST", "/api/v1/cases/{id}/assessments", P::kCaseDecide, S::kRecord),
      needs("GET", "/api/v1/due", P::kCaseRead, S::kScopedList),
      needs("GET", "/cases", P::kCaseRead, S::kScopedList),
      needs("GET", "/cases/new", P::kCaseWrite, S::kSignedIn),
      needs("POST", "/cases", P::kCaseWrite, S::kScopedCountry),
      needs("GET", "/cases/{id}", P::kCaseRead, S::kRecord),
      needs("POST", "/cases/{id}/transitions", P::kCaseWrite, S::kRecord),
      needs("POST", "/cases/{id}/events", P::kCaseWrite, S::kRecord),
      needs("POST", "/cases/{id}/extensions", P::kCaseDecide, S::kRecord),
      needs("POST", "/cases/{id}/assessments", P::kCaseDecide, S::kRecord),
      needs("GET", "/due", P::kCaseRead, S::kScopedList),

      // Documents.
      needs("GET", "/api/v1/documents", P::kPersonRead, S::kScopedList),
      needs("GET", "/api/v1/documents/{id}", P::kPersonRead, S::kRecord),
      needs("POST", "/api/v1/documents/{id}/renew", P::kDocumentIssue, S::kRecord),
      needs("POST", "/api/v1/documents/{id}/revoke", P::kDocumentIssue, S::kRecord),
      needs("GET", "/documents/new", P::kDocumentIssue, S::kSignedIn),
      needs("POST", "/documents", P::kDocumentIssue, S::kRecord),
      needs("GET", "/documents/{id}", P::kPersonRead, S::kRecord),
      needs("POST", "/documents/{id}/renew", P::kDocumentIssue, S::kRecord),
      needs("POST", "/documents/{id}/revoke", P::kDocumentIssue, S::kRecord),

      // Bulk eligibility and its jobs.
      needs("POST", "/api/v1/eligibility/preview", P::kCaseDecide, S::kScopedCountry),
      needs("POST", "/api/v1/eligibility/apply", P::kCaseDecide, S::kScopedCountry),
      anyone("GET", "/api/v1/jobs/{id}", S::kOwnRecord),
      needs("GET", "/eligibility", P::kCaseDecide, S::kSignedIn),
      needs("POST", "/eligibility/preview", P::kCaseDecide, S::kScopedCountry),
      needs("POST", "/eligibility/apply", P::kCaseDecide, S::kScopedCountry),
      needs("GET", "/eligibility/jobs/{id}", P::kCaseDecide, S::kOwnRecord),
      needs("GET", "/eligibility/jobs/{id}/progress", P::kCaseDecide, S::kOwnRecord),
  };
}

}  // namespace

std::string_view scope_rule_name(ScopeRule rule) {
  switch (rule) {
    case S::kPublic:
      return "public";
    case S::kSignedIn:
      return "signed_in";
    case S::kShared:
      return "shared";
    case S::kSharedWritable:
      return "shared_writable";
    case S::kRecord:
      return "record";
    case S::kOwnOrScoped:
      return "own_or_scoped";
    case S::kOwnRecord:
      return "own_record";
    case S::kScopedList:
      return "scoped_list";
    case S::kScopedCountry:
      return "scoped_country";
  }
  return "unknown";
}

const std::vector<RoutePolicy>& route_policies() {
  static const std::vector<RoutePolicy> table = build_table();
  return table;
}

const RoutePolicy* find_route_policy(std::string_view method, std::string_view pattern) {
  const auto& table = route_policies();
  const auto it = std::find_if(table.begin(), table.end(), [&](const RoutePolicy& p) {
    return p.method == method && p.pattern == pattern;
  });
  return it == table.end() ? nullptr : &*it;
}

bool policy_allows(const RoutePolicy& policy, Role role) {
  const auto held = [role](Permission p) { return has_permission(role, p); };
  return std::all_of(policy.all_of.begin(), policy.all_of.end(), held) &&
         (policy.any_of.empty() || std::any_of(policy.any_of.begin(), policy.any_of.end(), held));
}

Status authorize_route(const Actor& actor, const RoutePolicy& policy) {
  if (actor.system || policy_allows(policy, actor.role)) return {};
  // Refused: name what is missing, in authorize()'s words where one permission is.
  for (Permission p : policy.all_of) NANSEN_TRY(authorize(actor, p));
  std::string wanted;
  for (Permission p : policy.any_of)
    wanted += (wanted.empty() ? "" : " or ") + std::string(permission_name(p));
  return fail(ErrorCode::kForbidden,
              "your role (" + std::string(role_name(actor.role)) + ") may not " + wanted);
}

}  // namespace nansen::access
