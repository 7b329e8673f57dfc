// SPDX-License-Identifier: Apache-2.0
// THE list of route registrations. A module adds one line here (and its navigation entry,
// if it has pages); the order only matters for the navigation bar.
#include "web/routes.h"

namespace nansen::web {

void register_all_routes(App& app) {
  Router& r = app.router;
  register_system_routes(r, app);
  register_session_routes(r, app);
  register_home_routes(r, app);
  register_user_routes(r, app);
  register_user_api_routes(r, app);
  register_audit_routes(r, app);
  register_profile_routes(r, app);
  register_pledges_api_routes(r, app);
  register_pledges_page_routes(r, app);
  register_pledges_form_routes(r, app);
  register_registry_api_routes(r, app);
  register_registry_page_routes(r, app);

  app.nav.push_back({"nav_home", "/", std::nullopt});
  app.nav.push_back({"nav_pledges", "/pledges", access::Permission::kPledgeRead});
  app.nav.push_back({"nav_consultations", "/consultations", access::Permission::kPledgeRead});
  app.nav.push_back({"reg_nav_persons", "/persons", access::Permission::kPersonRead});
  app.nav.push_back({"reg_nav_cases", "/cases", access::Permission::kCaseRead});
  app.nav.push_back({"reg_nav_due", "/due", access::Permission::kCaseRead});
  app.nav.push_back({"reg_nav_eligibility", "/eligibility", access::Permission::kCaseDecide});
  app.nav.push_back({"nav_users", "/users", access::Permission::kUsersManage});
  app.nav.push_back({"nav_audit", "/audit", access::Permission::kAuditRead});
}

}  // namespace nansen::web
