// SPDX-License-Identifier: Apache-2.0
// Shared by the documents tests: a KZ statelessness case taken to recognition through
// the transitions web/ takes, so that the decision issues its documents.
#pragma once

#include <gtest/gtest.h>

#include "documents/documents.h"
#include "procedures/support.h"

namespace nansen::documents::testing {

using procedures::testing::day;
using procedures::testing::officer;

// The drafter (a caseworker) and the approver (a decision maker) of these cases.
inline const access::Actor& drafter() {
  static const access::Actor a = officer(21, access::Role::kCaseworker);
  return a;
}
inline const access::Actor& approver() {
  static const access::Actor a = officer(22, access::Role::kDecisionMaker);
  return a;
}

// Opens a kz_statelessness case and moves it to a draft proposing `outcome` on 2024-12-04
// (six months without an answer to the enquiry). Returns the case.
inline procedures::CaseId drafted_stateless(db::Database& db, const procedures::Catalog& catalog,
                                            registry::PersonId principal,
                                            std::vector<registry::PersonId> dependants, Instant now,
                                            const char* outcome = "stateless",
                                            const access::Actor& by = drafter()) {
  const auto sys = access::system_actor();
  procedures::CaseOpening o{"kz_statelessness",    "KAZ", "",          principal,
                            std::move(dependants), {},    std::nullopt};
  auto id = procedures::open_case(db, catalog, sys, o, now);
  EXPECT_TRUE(id) << id.error().message;
  auto take = [&](const access::Actor& a, const char* t, const char* on,
                  std::map<std::string, std::string> f = {}) {
    auto r = take_transition_with_documents(db, catalog, a, *id, {t, std::move(f)}, day(on), now);
    EXPECT_TRUE(r) << t << ": " << r.error().message;
  };
  take(sys, "apply", "2024-06-01");
  take(sys, "register", "2024-06-02");
  take(sys, "send_enquiry", "2024-06-03", {{"enquiry_state", "UZB"}});
  take(by, "draft_decision", "2024-12-04", {{"outcome", outcome}, {"reasons", "no answer"}});
  return *id;
}

// The same, approved on 2024-12-05 by another officer and, when `notify`, notified on
// 2024-12-06.
inline procedures::CaseId recognised_stateless(db::Database& db, const procedures::Catalog& catalog,
                                               registry::PersonId principal,
                                               std::vector<registry::PersonId> dependants,
                                               Instant now, bool notify = true) {
  auto id = drafted_stateless(db, catalog, principal, std::move(dependants), now);
  auto approved = take_transition_with_documents(db, catalog, approver(), id,
                                                 {"approve_stateless", {}}, day("2024-12-05"), now);
  EXPECT_TRUE(approved) << approved.error().message;
  if (notify) {
    auto notified =
        take_transition_with_documents(db, catalog, access::system_actor(), id,
                                       {"notify_recognition", {}}, day("2024-12-06"), now);
    EXPECT_TRUE(notified) << notified.error().message;
  }
  return id;
}

}  // namespace nansen::documents::testing
