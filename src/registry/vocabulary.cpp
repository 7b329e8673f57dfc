// SPDX-License-Identifier: Apache-2.0
// The closed vocabularies of the registry and their spellings in storage and the API.
#include <array>
#include <utility>

#include "registry/registry.h"

namespace nansen::registry {
namespace {

template <typename E, std::size_t N>
Result<E> parse_from(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s,
                     const char* field) {
  std::string expected;
  for (const auto& [e, name] : table) {
    if (name == s) return e;
    expected += (expected.empty() ? "" : ", ") + std::string(name);
  }
  return fail(ErrorCode::kInvalid, "expected one of " + expected, field);
}

template <typename E, std::size_t N>
std::string_view name_from(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [v, name] : table)
    if (v == e) return name;
  return "unknown";
}

constexpr std::array<std::pair<NameKind, std::string_view>, 5> kNameKinds = {{
    {NameKind::kOfficial, "official"},
    {NameKind::kDocument, "document"},
    {NameKind::kMrz, "mrz"},
    {NameKind::kAlias, "alias"},
    {NameKind::kPrevious, "previous"},
}};
constexpr std::array<std::pair<Purpose, std::string_view>, 4> kPurposes = {{
    {Purpose::kRsd, "rsd"},
    {Purpose::kStatelessness, "statelessness"},
    {Purpose::kDocumentation, "documentation"},
    {Purpose::kStatistics, "statistics"},
}};
constexpr std::array<std::pair<SensitiveKind, std::string_view>, 4> kSensitiveKinds = {{
    {SensitiveKind::kInterviewNotes, "interview_notes"},
    {SensitiveKind::kClaimNarrative, "claim_narrative"},
    {SensitiveKind::kHealth, "health"},
    {SensitiveKind::kSgbv, "sgbv"},
}};

}  // namespace

std::string_view name_kind_name(NameKind k) {
  return name_from(kNameKinds, k);
}
Result<NameKind> parse_name_kind(std::string_view s) {
  return parse_from(kNameKinds, s, "kind");
}
std::string_view purpose_name(Purpose p) {
  return name_from(kPurposes, p);
}
Result<Purpose> parse_purpose(std::string_view s) {
  return parse_from(kPurposes, s, "purpose");
}
std::string_view sensitive_kind_name(SensitiveKind k) {
  return name_from(kSensitiveKinds, k);
}
Result<SensitiveKind> parse_sensitive_kind(std::string_view s) {
  return parse_from(kSensitiveKinds, s, "kind");
}

}  // namespace nansen::registry
