// SPDX-License-Identifier: Apache-2.0
// The home page: who you are, your scope, and where you can go.
#include <nlohmann/json.hpp>

#include "web/routes.h"

namespace nansen::web {
namespace {

Response home_page(App& app, Request& req) {
  const access::Actor& a = actor_of(req);
  nlohmann::json cards = nlohmann::json::array();
  for (const NavItem& item : app.nav) {
    if (item.href == "/") continue;
    if (item.permission && !access::has_permission(a.role, *item.permission)) continue;
    cards.push_back({{"label", tr(app, req, item.label_key)},
                     {"href", item.href},
                     {"description", tr(app, req, item.label_key + "_description")}});
  }
  cards.push_back({{"label", tr(app, req, "nav_profile")},
                   {"href", "/profile"},
                   {"description", tr(app, req, "nav_profile_description")}});
  return page(
      app, req, "home",
      {{"title_key", "home_title"},
       {"role_label", tr(app, req, "role_" + std::string(access::role_name(a.role)))},
       {"country_label", a.scope.country ? *a.scope.country : tr(app, req, "scope_regional")},
       {"organisation", a.scope.organisation},
       {"cards", cards}});
}

}  // namespace

void register_home_routes(Router& router, App& app) {
  router.add({"GET", "/", Auth::kUser, [&app](Request& r) { return home_page(app, r); }, {}});
}

}  // namespace nansen::web
