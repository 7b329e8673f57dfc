// SPDX-License-Identifier: Apache-2.0
#include "web/openapi.h"

#include <nlohmann/json.hpp>

namespace nansen::web {
namespace {

std::string json_type(FieldType t) {
  switch (t) {
    case FieldType::kString:
      return "string";
    case FieldType::kInteger:
      return "integer";
    case FieldType::kBoolean:
      return "boolean";
    case FieldType::kList:
      return "array";
  }
  return "string";
}

std::vector<std::string> path_parameters(const std::string& pattern) {
  std::vector<std::string> names;
  for (std::size_t open = pattern.find('{'); open != std::string::npos;
       open = pattern.find('{', open + 1)) {
    const std::size_t close = pattern.find('}', open);
    if (close == std::string::npos) break;
    std::string name = pattern.substr(open + 1, close - open - 1);
    if (!name.empty() && name.back() == '*') name.pop_back();
    names.push_back(name);
  }
  return names;
}

std::string operation_id(const Route& r) {
  std::string id = to_lower_ascii(r.method);
  bool upper = true;
  for (char c : r.pattern.substr(std::string("/api/v1").size())) {
    if (c == '/' || c == '{' || c == '}' || c == '_' || c == '-') {
      upper = true;
    } else {
      id.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
      upper = false;
    }
  }
  return id;
}

// The route's entry of access/'s policy table, with the roles it lets in, for clients
// and for the policy matrix test.
nlohmann::json policy_json(const Route& r) {
  const access::RoutePolicy* policy = access::find_route_policy(r.method, r.pattern);
  if (!policy) return nullptr;  // unreachable: Router::add refuses such a route
  const auto names = [](const std::vector<access::Permission>& ps) {
    nlohmann::json out = nlohmann::json::array();
    for (auto p : ps) out.push_back(std::string(access::permission_name(p)));
    return out;
  };
  nlohmann::json roles = nlohmann::json::array();
  for (access::Role role : access::all_roles())
    if (policy->scope == access::ScopeRule::kPublic || access::policy_allows(*policy, role))
      roles.push_back(std::string(access::role_name(role)));
  return {{"scope", std::string(access::scope_rule_name(policy->scope))},
          {"all_of", names(policy->all_of)},
          {"any_of", names(policy->any_of)},
          {"roles", roles}};
}

nlohmann::json operation(const Route& r) {
  nlohmann::json op = {{"summary", r.doc.summary}, {"operationId", operation_id(r)}};
  if (!r.doc.tag.empty()) op["tags"] = {r.doc.tag};
  nlohmann::json params = nlohmann::json::array();
  for (const std::string& name : path_parameters(r.pattern))
    params.push_back({{"name", name},
                      {"in", "path"},
                      {"required", true},
                      {"schema", {{"type", name == "id" ? "integer" : "string"}}}});
  for (const QueryParamDoc& q : r.doc.query)
    params.push_back({{"name", q.name},
                      {"in", "query"},
                      {"required", false},
                      {"description", q.description},
                      {"schema", {{"type", json_type(q.type)}}}});
  if (!params.empty()) op["parameters"] = params;
  if (!r.doc.body.empty())
    op["requestBody"] = {
        {"required", true},
        {"content", {{"application/json", {{"schema", body_schema(r.doc.body)}}}}}};
  nlohmann::json ok = {{"description", "success"}};
  if (r.doc.success_status != 204) {
    nlohmann::json schema = nlohmann::json::object();
    if (!r.doc.response.empty()) schema = nlohmann::json::parse(r.doc.response, nullptr, false);
    if (schema.is_discarded()) schema = nlohmann::json::object();
    ok["content"] = {
        {r.pattern == "/metrics" ? "text/plain" : "application/json", {{"schema", schema}}}};
  }
  op["responses"] = {
      {std::to_string(r.doc.success_status), ok},
      {"default",
       {{"description", "an error"},
        {"content",
         {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}};
  if (r.auth == Auth::kUser)
    op["security"] = nlohmann::json::array(
        {{{"bearer", nlohmann::json::array()}}, {{"session", nlohmann::json::array()}}});
  else
    op["security"] = nlohmann::json::array();
  op["x-nansen-policy"] = policy_json(r);
  return op;
}

}  // namespace

nlohmann::json property_schema(const FieldSpec& f) {
  nlohmann::json p = {{"type", json_type(f.type)}};
  if (f.type == FieldType::kString) p["maxLength"] = f.max_length;
  if (!f.allowed.empty()) p["enum"] = f.allowed;
  if (f.type == FieldType::kInteger) {
    p["minimum"] = f.min;
    if (f.max != INT64_MAX) p["maximum"] = f.max;
  }
  if (f.type == FieldType::kList) {
    p["maxItems"] = f.max_length;
    const bool plain = f.items.size() == 1 && f.items[0].name.empty();
    p["items"] = plain ? property_schema(f.items[0]) : body_schema(f.items);
  }
  if (!f.description.empty()) p["description"] = f.description;
  return p;
}

nlohmann::json body_schema(const std::vector<FieldSpec>& fields) {
  nlohmann::json props = nlohmann::json::object();
  nlohmann::json required = nlohmann::json::array();
  for (const FieldSpec& f : fields) {
    props[f.name] = property_schema(f);
    if (f.required) required.push_back(f.name);
  }
  nlohmann::json schema = {
      {"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = required;
  return schema;
}

nlohmann::json openapi_document(const Router& router) {
  nlohmann::json paths = nlohmann::json::object();
  for (const Route& r : router.routes()) {
    // The API, plus the two machine endpoints outside it.
    const bool documented =
        r.pattern.rfind("/api/", 0) == 0 || r.pattern == "/healthz" || r.pattern == "/metrics";
    if (!documented) continue;
    std::string path = r.pattern;
    // OpenAPI has no rest-of-path captures: "{name*}" becomes "{name}".
    for (std::size_t star = path.find("*}"); star != std::string::npos; star = path.find("*}"))
      path.erase(star, 1);
    paths[path][to_lower_ascii(r.method)] = operation(r);
  }
  nlohmann::json error_schema = {
      {"type", "object"},
      {"required", {"error"}},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"required", {"code", "message"}},
          {"properties",
           {{"code",
             {{"type", "string"},
              {"enum",
               {"invalid", "not_found", "conflict", "unauthenticated", "forbidden", "too_large",
                "rate_limited", "unavailable", "internal"}}}},
            {"message", {{"type", "string"}}},
            {"field", {{"type", "string"}}},
            {"rule",
             {{"type", "string"},
              {"description",
               "The rule that refused, as a stable id: four_eyes, approval_disagrees"}}},
            {"request_id",
             {{"type", "string"},
              {"description",
               "On 5xx only: the id of the server log line with the details"}}}}}}}}}};
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "Nansen API"},
            {"version", std::string(version())},
            {"description",
             "Pledges, procedures and identities for refugee and statelessness "
             "work. Log in with POST /api/v1/session or send "
             "Authorization: Bearer <token>. Cookie sessions send the CSRF "
             "token in X-CSRF-Token on every request that changes data."}}},
          {"servers", {{{"url", "/"}}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes",
             {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
              {"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "nansen_session"}}}}},
            {"schemas", {{"Error", error_schema}}}}}};
}

}  // namespace nansen::web
