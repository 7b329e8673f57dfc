// SPDX-License-Identifier: Apache-2.0
// Mustache (kainjow) rendering. Templates are parsed per render: they are small, and a
// parsed kainjow template is not safe to share between threads.
#include "web/render.h"

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

namespace nansen::web {
namespace {

namespace mstch = kainjow::mustache;

mstch::data to_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mstch::data d{mstch::data::type::object};
      for (const auto& [k, v] : j.items()) d.set(k, to_data(v));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mstch::data d{mstch::data::type::list};
      for (const auto& v : j) d.push_back(to_data(v));
      return d;
    }
    case nlohmann::json::value_t::string:
      return mstch::data(j.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return mstch::data(j.get<bool>());
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return mstch::data(false);
    default:
      return mstch::data(j.dump());
  }
}

constexpr std::string_view kPrefix = "templates/";
constexpr std::string_view kSuffix = ".mustache";

}  // namespace

Result<Renderer> Renderer::load(const std::map<std::string, std::string_view>& share) {
  Renderer r;
  for (const auto& [path, text] : share) {
    if (path.rfind(kPrefix, 0) != 0 || path.size() <= kPrefix.size() + kSuffix.size() ||
        path.compare(path.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
      continue;
    std::string name = path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
    mstch::mustache parsed{std::string(text)};
    if (!parsed.is_valid())
      return fail(ErrorCode::kInternal, "template does not parse: " + parsed.error_message(), path);
    r.templates_.emplace(std::move(name), std::string(text));
  }
  if (r.templates_.empty()) return fail(ErrorCode::kInternal, "no templates embedded", "templates");
  return r;
}

bool Renderer::has(std::string_view name) const {
  return templates_.count(name) > 0;
}

Result<std::string> Renderer::render(std::string_view name, const nlohmann::json& data) const {
  auto it = templates_.find(name);
  if (it == templates_.end())
    return fail(ErrorCode::kInternal, "no template " + std::string(name), "template");
  mstch::data root = to_data(data);
  if (!root.is_object()) root = mstch::data{mstch::data::type::object};
  // Partials are the templates named "_…", so they never collide with data keys.
  for (const auto& [partial_name, text] : templates_) {
    if (partial_name.empty() || partial_name.front() != '_') continue;
    const std::string* body = &text;
    root.set(partial_name, mstch::partial([body] { return *body; }));
  }
  mstch::mustache tmpl{it->second};
  std::string out = tmpl.render(root);
  if (!tmpl.is_valid())
    return fail(ErrorCode::kInternal, "template failed: " + tmpl.error_message(),
                std::string(name));
  return out;
}

}  // namespace nansen::web
