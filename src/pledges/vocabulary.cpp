// SPDX-License-Identifier: Apache-2.0
// The enumerations' codes and parsers, as one table per enumeration: the codes are the
// stored values, the CSV values and the API values.
#include <algorithm>

#include "pledges/internal.h"

namespace nansen::pledges {
namespace {

template <typename E>
struct Entry {
  E value;
  std::string_view code;
};

constexpr Entry<EntityKind> kKinds[] = {
    {EntityKind::kState, "state"},
    {EntityKind::kUnEntity, "un_entity"},
    {EntityKind::kInternationalOrganisation, "international_organisation"},
    {EntityKind::kNgo, "ngo"},
    {EntityKind::kRefugeeLedOrganisation, "refugee_led_organisation"},
    {EntityKind::kAcademia, "academia"},
    {EntityKind::kPrivateSector, "private_sector"},
    {EntityKind::kFaithBased, "faith_based"},
    {EntityKind::kLocalAuthority, "local_authority"},
    {EntityKind::kInternationalFinancialInstitution, "international_financial_institution"},
    {EntityKind::kOther, "other"},
};
constexpr Entry<Forum> kForums[] = {
    {Forum::kGrf2019, "GRF 2019"}, {Forum::kHls2019, "HLS 2019"},  {Forum::kHlom2021, "HLOM 2021"},
    {Forum::kGrf2023, "GRF 2023"}, {Forum::kNational, "national"}, {Forum::kRegional, "regional"},
};
constexpr Entry<PledgeType> kTypes[] = {
    {PledgeType::kPolicy, "policy"},
    {PledgeType::kFinancial, "financial"},
    {PledgeType::kTechnical, "technical"},
    {PledgeType::kMaterial, "material"},
    {PledgeType::kResettlement, "resettlement"},
    {PledgeType::kOther, "other"},
};
constexpr Entry<Population> kPopulations[] = {
    {Population::kRefugees, "refugees"},
    {Population::kAsylumSeekers, "asylum seekers"},
    {Population::kStateless, "stateless"},
    {Population::kHostCommunities, "host communities"},
    {Population::kChildrenAtRisk, "children at risk of statelessness"},
};
constexpr Entry<GcrArea> kAreas[] = {
    {GcrArea::kBurdenSharing, "burden_sharing"},
    {GcrArea::kEducation, "education"},
    {GcrArea::kJobsAndLivelihoods, "jobs_and_livelihoods"},
    {GcrArea::kEnergyAndInfrastructure, "energy_and_infrastructure"},
    {GcrArea::kSolutions, "solutions"},
    {GcrArea::kProtectionCapacity, "protection_capacity"},
};
constexpr Entry<Stage> kStages[] = {
    {Stage::kNotReported, "not_reported"},
    {Stage::kPlanning, "planning"},
    {Stage::kInProgress, "in_progress"},
    {Stage::kFulfilled, "fulfilled"},
};

// "Asylum-Seekers" and "asylum_seekers" both → "asylum seekers".
std::string normalise(std::string_view text) {
  std::string out;
  for (char c : trim(text)) {
    if (c == '_' || c == '-' || c == ' ') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

template <typename E, std::size_t N>
std::string_view code_of(const Entry<E> (&table)[N], E value) {
  for (const auto& e : table)
    if (e.value == value) return e.code;
  return table[0].code;
}

template <typename E, std::size_t N>
Result<E> parse_of(const Entry<E> (&table)[N], std::string_view text, std::string_view what) {
  const std::string wanted = normalise(text);
  for (const auto& e : table)
    if (normalise(e.code) == wanted) return e.value;
  std::string accepted;
  for (const auto& e : table) accepted += (accepted.empty() ? "" : ", ") + std::string(e.code);
  const std::string shown =
      is_valid_utf8(text) ? std::string(text.substr(0, 60)) : "(invalid text)";
  return fail(ErrorCode::kInvalid,
              "unknown " + std::string(what) + " '" + shown + "'; expected one of: " + accepted,
              std::string(what));
}

}  // namespace

std::string_view code(EntityKind v) {
  return code_of(kKinds, v);
}
std::string_view code(Forum v) {
  return code_of(kForums, v);
}
std::string_view code(PledgeType v) {
  return code_of(kTypes, v);
}
std::string_view code(Population v) {
  return code_of(kPopulations, v);
}
std::string_view code(GcrArea v) {
  return code_of(kAreas, v);
}
std::string_view code(Stage v) {
  return code_of(kStages, v);
}

Result<EntityKind> parse_entity_kind(std::string_view t) {
  return parse_of(kKinds, t, "kind");
}
Result<Forum> parse_forum(std::string_view t) {
  return parse_of(kForums, t, "forum");
}
Result<PledgeType> parse_pledge_type(std::string_view t) {
  return parse_of(kTypes, t, "pledge_type");
}
Result<Population> parse_population(std::string_view t) {
  return parse_of(kPopulations, t, "serves");
}
Result<GcrArea> parse_gcr_area(std::string_view t) {
  return parse_of(kAreas, t, "gcr_areas");
}
Result<Stage> parse_stage(std::string_view t) {
  return parse_of(kStages, t, "stage");
}

std::optional<CivilDate> forum_date(Forum forum) {
  switch (forum) {
    case Forum::kHls2019:
      return CivilDate{2019, 10, 7};
    case Forum::kGrf2019:
      return CivilDate{2019, 12, 17};
    case Forum::kHlom2021:
      return CivilDate{2021, 12, 14};
    case Forum::kGrf2023:
      return CivilDate{2023, 12, 13};
    case Forum::kNational:
    case Forum::kRegional:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string_view code(ImportAction a) {
  switch (a) {
    case ImportAction::kCreate:
      return "create";
    case ImportAction::kChange:
      return "change";
    case ImportAction::kUnchanged:
      return "unchanged";
  }
  return "unchanged";
}

int ImportReport::count(ImportAction a) const {
  return static_cast<int>(std::count_if(lines.begin(), lines.end(),
                                        [a](const ImportLine& l) { return l.action == a; }));
}

}  // namespace nansen::pledges
