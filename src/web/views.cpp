// SPDX-License-Identifier: Apache-2.0
#include "web/views.h"

#include <nlohmann/json.hpp>

namespace nansen::web {
namespace {

nlohmann::json optional(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json actor_json(const access::Actor& a) {
  return {{"id", a.user.value},
          {"login", a.login},
          {"role", std::string(access::role_name(a.role))},
          {"country", optional(a.scope.country)},
          {"organisation", a.scope.organisation},
          {"language", a.language}};
}

nlohmann::json user_json(const access::User& u) {
  return {{"id", u.id.value},
          {"login", u.login},
          {"display_name", u.display_name},
          {"role", std::string(access::role_name(u.role))},
          {"country", optional(u.scope.country)},
          {"organisation", u.scope.organisation},
          {"language", u.language},
          {"disabled", u.disabled},
          {"created_at", u.created_at},
          {"last_login_at", optional(u.last_login_at)}};
}

nlohmann::json token_json(const access::ApiToken& t) {
  nlohmann::json j = {{"id", t.id.value},
                      {"user_id", t.user.value},
                      {"name", t.name},
                      {"country", optional(t.scope.country)},
                      {"organisation", t.scope.organisation},
                      {"created_at", t.created_at},
                      {"expires_at", optional(t.expires_at)},
                      {"revoked", t.revoked}};
  if (!t.secret.empty()) j["secret"] = t.secret;
  return j;
}

nlohmann::json audit_row_json(const access::AuditRow& r) {
  return {{"seq", r.seq},
          {"at", r.at},
          {"actor_login", r.actor_login},
          {"action", r.action},
          {"record_type", r.record_type},
          {"record_id", r.record_id},
          {"country", optional(r.country)},
          {"detail", r.detail},
          {"hash", r.hash}};
}

nlohmann::json permissions_json(access::Role role) {
  nlohmann::json out = nlohmann::json::array();
  for (int p = static_cast<int>(access::Permission::kUsersManage);
       p <= static_cast<int>(access::Permission::kExport); ++p) {
    const auto permission = static_cast<access::Permission>(p);
    if (access::has_permission(role, permission))
      out.push_back(std::string(access::permission_name(permission)));
  }
  return out;
}

const char* const kUserSchema = R"({"type":"object","properties":{
  "id":{"type":"integer"},"login":{"type":"string"},"display_name":{"type":"string"},
  "role":{"type":"string"},"country":{"type":"string","nullable":true},
  "organisation":{"type":"string"},"language":{"type":"string"},"disabled":{"type":"boolean"},
  "created_at":{"type":"string"},"last_login_at":{"type":"string","nullable":true}}})";

const char* const kTokenSchema = R"({"type":"object","properties":{
  "id":{"type":"integer"},"user_id":{"type":"integer"},"name":{"type":"string"},
  "country":{"type":"string","nullable":true},"organisation":{"type":"string"},
  "created_at":{"type":"string"},"expires_at":{"type":"string","nullable":true},
  "revoked":{"type":"boolean"},
  "secret":{"type":"string","description":"only in the response that issues the token"}}})";

const char* const kAuditRowSchema = R"({"type":"object","properties":{
  "seq":{"type":"integer"},"at":{"type":"string"},"actor_login":{"type":"string"},
  "action":{"type":"string"},"record_type":{"type":"string"},"record_id":{"type":"string"},
  "country":{"type":"string","nullable":true},"detail":{"type":"string"},"hash":{"type":"string"}}})";

}  // namespace nansen::web
