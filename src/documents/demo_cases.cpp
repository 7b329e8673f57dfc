// SPDX-License-Identifier: Apache-2.0
// Demo case histories: each household's case follows its procedure's usual path — with
// the variations officers see (withdrawals, returned drafts, extensions, appeals, late
// answers) — cut at a random point, so the demo shows cases in every state, some overdue
// and some due soon. Steps are planned first, then dated backwards from `today`, then
// taken through the ordinary domain calls by the country's officers.
#include <algorithm>
#include <map>

#include "documents/demo_internal.h"

namespace nansen::documents::demo {
namespace {

enum class Who { kRegistrar, kCaseworker, kDecisionMaker, kAppealOfficer };
enum class Kind { kTransition, kEvent, kExtend, kIssue, kNote };

struct Step {
  Kind kind = Kind::kTransition;
  std::string name;  // transition, event or document type
  Who who = Who::kCaseworker;
  int gap = 0;  // days after the previous step
  std::map<std::string, std::string> fields;
};

struct Plan {
  std::size_t principal = 0;  // index into the household's members
  std::vector<std::size_t> dependants;
  std::string modality;
  std::vector<std::string> facts;
  std::vector<Step> steps;
};

const std::string kRecognise =
    "Обоснованные опасения преследования подтверждены; сведения о стране "
    "происхождения согласуются с показаниями";
const std::string kRefuse = "Опасения преследования не подтверждены; показания противоречивы";
const std::string kStateless =
    "Ни одно государство не считает лицо своим гражданином в силу закона";
const std::string kWithdrawn = "Заявление отозвано заявителем";

class PlanBuilder {
 public:
  PlanBuilder(Plan& plan, Rng& rng) : plan_(plan), rng_(rng) {}
  PlanBuilder& t(std::string name, Who who, int gap, std::map<std::string, std::string> f = {}) {
    plan_.steps.push_back({Kind::kTransition, std::move(name), who, gap, std::move(f)});
    return *this;
  }
  PlanBuilder& event(std::string name, Who who, int gap) {
    plan_.steps.push_back({Kind::kEvent, std::move(name), who, gap, {}});
    return *this;
  }
  PlanBuilder& extend(int gap) {
    plan_.steps.push_back({Kind::kExtend, "decision", Who::kDecisionMaker, gap, {}});
    return *this;
  }
  // An ordinary document an officer issues for the case; the documents a procedure ends
  // in are issued by its transitions, not by a step of their own.
  PlanBuilder& issue(std::string type, Who who, int gap) {
    plan_.steps.push_back({Kind::kIssue, std::move(type), who, gap, {}});
    return *this;
  }
  PlanBuilder& note() {
    if (rng_.chance(0.05)) plan_.steps.push_back({Kind::kNote, "", Who::kCaseworker, 0, {}});
    return *this;
  }
  int days(int lo, int hi) { return rng_.between(lo, hi); }
  bool chance(double p) { return rng_.chance(p); }

 private:
  Plan& plan_;
  Rng& rng_;
};

std::map<std::string, std::string> decided(const char* outcome, const std::string& reasons) {
  return {{"outcome", outcome}, {"reasons", reasons}};
}

void kz_asylum(PlanBuilder& b) {
  b.event("arrival", Who::kRegistrar, 0)
      .t("apply", Who::kRegistrar, b.days(0, 6), {{"arrival_date", "@start"}});
  if (b.chance(0.04)) {
    b.t("close", Who::kCaseworker, b.days(2, 20), {{"reasons", kWithdrawn}});
    return;
  }
  b.t("register", Who::kRegistrar, b.days(0, 2))
      .issue("asylum_seeker_certificate", Who::kRegistrar, 0)
      .t("fingerprint", Who::kRegistrar, b.chance(0.9) ? b.days(0, 3) : b.days(4, 8))
      .t("interview", Who::kCaseworker, b.days(15, 60))
      .note();
  if (b.chance(0.25)) b.extend(b.days(5, 25)).event("decision_period_extended", Who::kRegistrar, 0);
  const bool recognise = b.chance(0.45);
  const char* outcome = recognise ? "recognise" : "refuse";
  const std::string& reasons = recognise ? kRecognise : kRefuse;
  b.t("draft_decision", Who::kCaseworker, b.days(5, 30), decided(outcome, reasons));
  if (b.chance(0.06))
    b.t("return_draft", Who::kDecisionMaker, b.days(2, 5), {{"reasons", "Уточнить оценку"}})
        .t("draft_decision", Who::kCaseworker, b.days(3, 10), decided(outcome, reasons));
  if (recognise) {
    // The approval issues the refugee certificates, the notification the travel documents.
    b.t("approve_recognition", Who::kDecisionMaker, b.days(1, 10))
        .t("notify_recognition", Who::kRegistrar, b.days(1, 7));
    return;
  }
  b.t("approve_refusal", Who::kDecisionMaker, b.days(1, 10))
      .t("notify_refusal", Who::kRegistrar, b.days(1, 7), {{"reasons", kRefuse}});
  if (b.chance(0.5)) {
    b.t("lodge_appeal", Who::kRegistrar, b.days(5, 25));
    if (b.chance(0.3))
      b.t("overturn_on_appeal", Who::kAppealOfficer, b.days(20, 60), {{"reasons", kRecognise}})
          .t("notify_recognition", Who::kRegistrar, b.days(1, 7));
    else
      b.t("uphold_on_appeal", Who::kAppealOfficer, b.days(20, 60), {{"reasons", kRefuse}});
  } else if (b.chance(0.6)) {
    b.t("close", Who::kCaseworker, b.days(35, 60), {{"reasons", "Срок обжалования истёк"}});
  }
}

void kz_statelessness(PlanBuilder& b, Rng& rng) {
  static const std::vector<std::string> kStates = {"UZB", "KGZ", "TJK", "RUS", "TKM"};
  b.t("apply", Who::kRegistrar, 0).t("register", Who::kRegistrar, b.days(1, 5));
  if (b.chance(0.03)) {
    b.t("close", Who::kCaseworker, b.days(5, 30), {{"reasons", kWithdrawn}});
    return;
  }
  b.t("send_enquiry", Who::kCaseworker, b.days(3, 20), {{"enquiry_state", rng.pick(kStates)}});
  int wait = b.days(186, 230);  // six months without an answer, and a little more
  if (b.chance(0.4)) {
    b.event("enquiry_answered", Who::kCaseworker, b.days(40, 170));
    wait = b.days(3, 20);
  }
  const bool stateless = b.chance(0.75);
  b.t("draft_decision", Who::kCaseworker, wait,
      decided(stateless ? "stateless" : "refuse", stateless ? kStateless : kRefuse));
  if (stateless) {
    // The approval issues the certificates (16+), the notification the travel documents.
    b.t("approve_stateless", Who::kDecisionMaker, b.days(1, 10))
        .t("notify_recognition", Who::kRegistrar, b.days(1, 7));
    return;
  }
  b.t("approve_refusal", Who::kDecisionMaker, b.days(1, 10))
      .t("notify_refusal", Who::kRegistrar, b.days(1, 7), {{"reasons", kRefuse}});
  if (b.chance(0.4)) {
    b.t("lodge_appeal", Who::kRegistrar, b.days(5, 25));
    if (b.chance(0.4))
      b.t("overturn_on_appeal", Who::kAppealOfficer, b.days(20, 60), {{"reasons", kStateless}})
          .t("notify_recognition", Who::kRegistrar, b.days(1, 7));
    else
      b.t("uphold_on_appeal", Who::kAppealOfficer, b.days(20, 60), {{"reasons", kRefuse}});
  }
}

void kz_naturalization(PlanBuilder& b, Rng& rng) {
  const std::string since = std::to_string(rng.between(1994, 2016)) + "-0" +
                            std::to_string(rng.between(1, 9)) + "-1" +
                            std::to_string(rng.between(0, 9));
  b.t("apply", Who::kRegistrar, 0, {{"residence_since", since}})
      .t("check_documents", Who::kCaseworker, b.days(5, 30))
      .t("refer_to_commission", Who::kCaseworker, b.days(5, 30));
  const bool grant = b.chance(0.85);
  b.t("draft_decision", Who::kCaseworker, b.days(30, 120),
      decided(grant ? "grant" : "refuse",
              grant ? "Условия приёма в гражданство выполнены" : "Не подтверждён срок проживания"));
  if (grant)
    b.t("approve_grant", Who::kDecisionMaker, b.days(5, 30));
  else
    b.t("approve_refusal", Who::kDecisionMaker, b.days(5, 30),
        {{"reasons", "Не подтверждён срок проживания"}});
}

void kz_late_birth(PlanBuilder& b) {
  b.t("apply", Who::kRegistrar, 0, {{"birth_place", "@birth_place"}})
      .t("check_evidence", Who::kCaseworker, b.days(3, 20));
  if (b.chance(0.85)) {
    b.t("register_birth", Who::kRegistrar, b.days(1, 10));
    return;
  }
  b.t("draft_refusal", Who::kCaseworker, b.days(1, 10),
      {{"reasons", "Рождение на территории Казахстана не подтверждено"}});
  b.t(b.chance(0.4) ? "approve_refusal" : "reject_refusal", Who::kDecisionMaker, b.days(2, 10));
}

void unhcr_rsd(PlanBuilder& b, const std::string& modality) {
  b.t("register", Who::kRegistrar, 0);
  if (b.chance(0.04)) {
    b.t("close", Who::kCaseworker, b.days(10, 60), {{"reasons", kWithdrawn}});
    return;
  }
  const int wait = modality == "regular" ? b.days(30, 200) : b.days(10, 50);
  b.t("interview", Who::kCaseworker, wait, {{"interpreter_language", "prs"}}).note();
  const bool recognise = b.chance(0.6);
  const char* outcome = recognise ? "recognise" : "reject";
  const std::string& reasons = recognise ? kRecognise : kRefuse;
  if (modality == "simplified") {
    b.t("draft_simplified_decision", Who::kCaseworker, b.days(3, 20), decided(outcome, reasons));
  } else {
    b.t("assess", Who::kCaseworker, b.days(5, 30))
        .t("draft_decision", Who::kCaseworker, b.days(3, 20), decided(outcome, reasons));
  }
  if (b.chance(0.05))
    b.t("return_draft", Who::kDecisionMaker, b.days(2, 5), {{"reasons", "Уточнить оценку"}})
        .t("draft_decision", Who::kCaseworker, b.days(3, 10), decided(outcome, reasons));
  if (recognise) {
    b.t("approve_recognition", Who::kDecisionMaker, b.days(1, 14))
        .t("notify_recognition", Who::kRegistrar, b.days(1, 7));
    return;
  }
  b.t("approve_rejection", Who::kDecisionMaker, b.days(1, 14))
      .t("notify_rejection", Who::kRegistrar, b.days(1, 7), {{"reasons", kRefuse}});
  if (b.chance(0.45)) {
    // Appeals within 30 days; a few late ones inside the six further weeks.
    b.t("lodge_appeal", Who::kRegistrar, b.chance(0.9) ? b.days(3, 29) : b.days(31, 70));
    if (b.chance(0.35))
      b.t("recognise_on_appeal", Who::kAppealOfficer, b.days(20, 90), {{"reasons", kRecognise}})
          .t("notify_recognition", Who::kRegistrar, b.days(1, 7));
    else
      b.t("confirm_on_appeal", Who::kAppealOfficer, b.days(20, 90), {{"reasons", kRefuse}});
  } else if (b.chance(0.6)) {
    b.t("close", Who::kCaseworker, b.days(75, 120), {{"reasons", "Срок обжалования истёк"}});
  }
}

bool is_minor(const Member& m, const CivilDate& today) {
  return !procedures::possibly_adult(m.birth, today);
}

Plan make_plan(const Household& h, Rng& rng, const CivilDate& today) {
  Plan plan;
  PlanBuilder b(plan, rng);
  const std::string& p = h.procedure;
  if (p == "kz_late_birth_registration") {
    plan.principal = h.members.size() - 1;  // the youngest
  } else {
    for (std::size_t i = 1; i < h.members.size(); ++i) {
      const bool family_case = p == "kz_asylum" || p == "unhcr_mandate_rsd";
      if (family_case || is_minor(h.members[i], today)) plan.dependants.push_back(i);
    }
  }
  if (p == "kz_asylum") {
    if (rng.chance(0.2)) plan.facts.push_back("irregular_crossing");
    kz_asylum(b);
  } else if (p == "kz_statelessness") {
    kz_statelessness(b, rng);
  } else if (p == "kz_naturalization") {
    kz_naturalization(b, rng);
  } else if (p == "kz_late_birth_registration") {
    kz_late_birth(b);
  } else {
    const double u = rng.uniform();
    plan.modality = u < 0.6 ? "regular" : u < 0.85 ? "accelerated" : "simplified";
    unhcr_rsd(b, plan.modality);
  }
  return plan;
}

// Keeps the steps before the (k+1)-th transition, k drawn with a lean towards finished
// cases; the non-transition steps that follow a kept transition stay with it.
void cut(Plan& plan, Rng& rng) {
  const auto transitions =
      static_cast<int>(std::count_if(plan.steps.begin(), plan.steps.end(),
                                     [](const Step& s) { return s.kind == Kind::kTransition; }));
  const int keep =
      std::min(transitions, static_cast<int>(std::pow(rng.uniform(), 0.6) * (transitions + 1)));
  int seen = 0;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    if (plan.steps[i].kind != Kind::kTransition) continue;
    if (++seen > keep) {
      plan.steps.resize(i);
      return;
    }
  }
}

const access::Actor& actor_of(const DemoOfficers& o, Who who) {
  switch (who) {
    case Who::kRegistrar:
      return o.registrar;
    case Who::kCaseworker:
      return o.caseworker;
    case Who::kDecisionMaker:
      return o.decision_maker;
    case Who::kAppealOfficer:
      return o.appeal_officer;
  }
  return o.caseworker;
}

Error in_step(const Error& e, const std::string& procedure, const Step& step) {
  return Error{e.code, "demo " + procedure + " '" + step.name + "': " + e.message, e.field};
}

struct Running {
  Seeding& s;
  const Household& h;
  const Plan& plan;
  const DemoOfficers& officers;
  procedures::CaseId id;
  std::string state;
};

Status issue_documents(Running& r, const Step& step, const CivilDate& on) {
  auto type = parse_document_type(step.name);
  if (!type) return fail(type.error());
  std::vector<std::size_t> holders = {r.plan.principal};
  holders.insert(holders.end(), r.plan.dependants.begin(), r.plan.dependants.end());
  for (std::size_t i : holders) {
    IssueRequest request{*type, r.h.members[i].id, r.id, on, 0};
    auto doc =
        issue_document(r.s.db, r.s.catalog, actor_of(r.officers, step.who), request, r.s.now);
    if (!doc) return fail(doc.error());
  }
  return {};
}

// Each adult dependant's own assessment, just before the case's decision is drafted.
Status assess_adults(Running& r, const Step& step, const CivilDate& on) {
  auto waiting =
      procedures::adults_awaiting_assessment(r.s.db, r.s.catalog, r.officers.caseworker, r.id, on);
  if (!waiting) return fail(waiting.error());
  for (const auto& person : *waiting) {
    procedures::MemberAssessment a{
        person, step.fields.at("outcome"),
        "Индивидуальное собеседование проведено. " + step.fields.at("reasons")};
    NANSEN_TRY(procedures::record_member_assessment(r.s.db, r.s.catalog, r.officers.caseworker,
                                                    r.id, a, on, r.s.now));
    ++r.s.counts.member_assessments;
  }
  return {};
}

Status take(Running& r, const Step& step, const CivilDate& on, const CivilDate& start) {
  const procedures::Definition& def = r.s.catalog.find(r.h.procedure)->second;
  const procedures::Transition* t = def.transition(step.name);
  procedures::TransitionRequest request{step.name, step.fields};
  for (auto& [key, value] : request.fields) {
    if (value == "@start") value = format_civil_date(start);
    if (value == "@birth_place") value = "Казахстан";
  }
  if (t && t->permission == access::Permission::kCaseDecide) NANSEN_TRY(assess_adults(r, step, on));
  NANSEN_TRY(take_transition_with_documents(r.s.db, r.s.catalog, actor_of(r.officers, step.who),
                                            r.id, request, on, r.s.now));
  if (t) r.state = t->to;
  ++r.s.counts.transitions;
  return {};
}

Status run_step(Running& r, const Step& step, const CivilDate& on, const CivilDate& start) {
  const access::Actor& actor = actor_of(r.officers, step.who);
  switch (step.kind) {
    case Kind::kTransition:
      return take(r, step, on, start);
    case Kind::kEvent:
      return record_case_event_with_documents(r.s.db, r.s.catalog, actor, r.id, step.name, on,
                                              std::nullopt, r.s.now);
    case Kind::kExtend: {
      procedures::Extension e{step.name, procedures::Duration{3, 0, 0},
                              "Требуется дополнительная проверка сведений о стране происхождения",
                              on};
      NANSEN_TRY(procedures::extend_deadline(r.s.db, r.s.catalog, actor, r.id, e, r.s.now));
      ++r.s.counts.extensions;
      return {};
    }
    case Kind::kIssue:
      return issue_documents(r, step, on);
    case Kind::kNote: {
      if (!r.s.options.keys) return {};
      auto entry = registry::add_sensitive_entry(
          r.s.db, actor, *r.s.options.keys, r.h.members[r.plan.principal].id,
          registry::SensitiveKind::kInterviewNotes, r.id.value,
          "Синтетическая запись демо-версии: заявитель подробно описал обстоятельства выезда; "
          "показания последовательны, переводчик присутствовал.",
          r.s.now);
      if (!entry) return fail(entry.error());
      ++r.s.counts.sensitive_entries;
      return {};
    }
  }
  return {};
}

}  // namespace

Status run_cases(Seeding& s, const Household& h) {
  if (h.procedure.empty()) return {};
  const CivilDate& today = s.options.today;
  Plan plan = make_plan(h, s.rng, today);
  cut(plan, s.rng);
  const procedures::Definition& def = s.catalog.find(h.procedure)->second;
  const DemoOfficers& officers = s.options.officers.find(h.country)->second;

  // Dated backwards: the last step lies `idle` days before today.
  int span = 0;
  for (const auto& step : plan.steps) span += step.gap;
  const bool finished = !plan.steps.empty() && plan.steps.back().kind == Kind::kTransition &&
                        def.state(def.transition(plan.steps.back().name)->to)->terminal;
  const int idle = finished ? s.rng.between(0, 300) : s.rng.between(0, 200);
  const CivilDate start = add_days(today, -(span + idle));

  procedures::CaseOpening opening;
  opening.procedure_id = h.procedure;
  opening.country = h.country;
  opening.modality = plan.modality;
  opening.principal = h.members[plan.principal].id;
  for (std::size_t i : plan.dependants) opening.dependants.push_back(h.members[i].id);
  opening.facts = plan.facts;
  opening.assigned_to = officers.caseworker.user;
  auto id = procedures::open_case(s.db, s.catalog, officers.registrar, opening, s.now);
  if (!id)
    return fail(Error{id.error().code, "demo " + h.procedure + ": " + id.error().message,
                      id.error().field});
  ++s.counts.cases;
  Running r{s, h, plan, officers, *id, def.initial_state};
  CivilDate on = start;
  for (const auto& step : plan.steps) {
    on = add_days(on, step.gap);
    if (auto done = run_step(r, step, on, start); !done)
      return fail(in_step(done.error(), h.procedure, step));
  }
  ++s.counts.cases_by_state[h.procedure + ":" + r.state];
  return {};
}

}  // namespace nansen::documents::demo
