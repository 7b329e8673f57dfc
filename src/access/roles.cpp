// SPDX-License-Identifier: Apache-2.0
// Roles, permissions and THE scope check. The role → permission table is the single
// source of truth; docs/roles.md shows it to administrators.
#include <algorithm>

#include "access/access.h"

namespace nansen::access {
namespace {

struct RoleName {
  Role role;
  std::string_view name;
};
constexpr RoleName kRoleNames[] = {
    {Role::kAdmin, "admin"},
    {Role::kFocalPoint, "focal_point"},
    {Role::kRegistrar, "registrar"},
    {Role::kCaseworker, "caseworker"},
    {Role::kDecisionMaker, "decision_maker"},
    {Role::kAnalyst, "analyst"},
    {Role::kObserver, "observer"},
};

using P = Permission;
struct Grant {
  Role role;
  std::vector<Permission> permissions;
};

// Who may do what. Administrators manage accounts and audit but hold no case or
// sensitive-data permissions: separation of duties (an IT administrator is not a
// caseworker).
const std::vector<Grant>& grants() {
  static const std::vector<Grant> table = {
      {Role::kAdmin,
       {P::kUsersManage, P::kAuditRead, P::kPledgeRead, P::kPledgeReview, P::kExport,
        P::kStatisticsManage}},
      {Role::kFocalPoint, {P::kPledgeRead, P::kPledgeWrite, P::kExport}},
      {Role::kRegistrar,
       {P::kPledgeRead, P::kPersonRead, P::kPersonWrite, P::kCaseRead, P::kCaseWrite,
        P::kDocumentIssue}},
      {Role::kCaseworker,
       {P::kPledgeRead, P::kPersonRead, P::kPersonWrite, P::kCaseRead, P::kCaseWrite,
        P::kCaseDecide, P::kSensitiveRead, P::kExport}},
      {Role::kDecisionMaker,
       {P::kPledgeRead, P::kPersonRead, P::kCaseRead, P::kCaseWrite, P::kCaseDecide,
        P::kCaseApprove, P::kDocumentIssue, P::kSensitiveRead, P::kExport}},
      {Role::kAnalyst, {P::kPledgeRead, P::kPledgeReview, P::kStatisticsManage, P::kExport}},
      {Role::kObserver, {P::kPledgeRead}},
  };
  return table;
}

}  // namespace

std::string_view role_name(Role role) {
  for (const auto& r : kRoleNames)
    if (r.role == role) return r.name;
  return "observer";
}

Result<Role> parse_role(std::string_view name) {
  for (const auto& r : kRoleNames)
    if (r.name == name) return r.role;
  return fail(ErrorCode::kInvalid,
              "unknown role '" + std::string(name.substr(0, 40)) +
                  "'; expected one of admin, focal_point, registrar, caseworker, "
                  "decision_maker, analyst, observer",
              "role");
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = [] {
    std::vector<Role> out;
    for (const auto& r : kRoleNames) out.push_back(r.role);
    return out;
  }();
  return roles;
}

const std::vector<std::string>& supported_languages() {
  static const std::vector<std::string> langs = {"en", "ru", "kk"};
  return langs;
}

std::string_view permission_name(Permission p) {
  switch (p) {
    case P::kUsersManage:
      return "users.manage";
    case P::kAuditRead:
      return "audit.read";
    case P::kPledgeRead:
      return "pledge.read";
    case P::kPledgeWrite:
      return "pledge.write";
    case P::kPledgeReview:
      return "pledge.review";
    case P::kPersonRead:
      return "person.read";
    case P::kPersonWrite:
      return "person.write";
    case P::kCaseRead:
      return "case.read";
    case P::kCaseWrite:
      return "case.write";
    case P::kCaseDecide:
      return "case.decide";
    case P::kCaseApprove:
      return "case.approve";
    case P::kDocumentIssue:
      return "document.issue";
    case P::kSensitiveRead:
      return "sensitive.read";
    case P::kStatisticsManage:
      return "statistics.manage";
    case P::kExport:
      return "export";
  }
  return "unknown";
}

bool has_permission(Role role, Permission permission) {
  for (const auto& g : grants())
    if (g.role == role)
      return std::find(g.permissions.begin(), g.permissions.end(), permission) !=
             g.permissions.end();
  return false;
}

bool role_within(Role inner, Role outer) {
  for (const auto& g : grants())
    if (g.role == inner)
      return std::all_of(g.permissions.begin(), g.permissions.end(),
                         [outer](Permission p) { return has_permission(outer, p); });
  return false;
}

bool may_grant_role(const Actor& actor, Role role) {
  if (actor.system) return true;
  if (!has_permission(actor.role, P::kUsersManage)) return false;
  // Authority over accounts and the audit trail is passed on only by one who holds it;
  // work permissions are what an administrator provisions accounts for.
  for (Permission authority : {P::kUsersManage, P::kAuditRead})
    if (has_permission(role, authority) && !has_permission(actor.role, authority)) return false;
  return true;
}

bool covers_country(const Actor& actor, const std::optional<std::string>& country) {
  if (!actor.scope.country) return true;  // regional scope
  return country && *country == *actor.scope.country;
}

Status authorize(const Actor& actor, Permission permission, const RecordScope& record) {
  if (actor.system) return {};
  if (!has_permission(actor.role, permission))
    return fail(ErrorCode::kForbidden, "your role (" + std::string(role_name(actor.role)) +
                                           ") may not " + std::string(permission_name(permission)));
  // A country-scoped actor reaches only records of that country; records bound to no
  // country (regional pledges) are reachable for reading but not for country-scoped
  // writes of registry data, which always carries a country.
  if (record.country && !covers_country(actor, record.country))
    return fail(ErrorCode::kForbidden, "the record lies outside your country scope");
  if (permission == P::kPledgeWrite && !record.organisation.empty() &&
      record.organisation != actor.scope.organisation)
    return fail(ErrorCode::kForbidden, "you may only edit the records of your own organisation");
  return {};
}

Actor system_actor() {
  Actor a;
  a.login = "system";
  a.role = Role::kAdmin;
  a.system = true;
  return a;
}

}  // namespace nansen::access
