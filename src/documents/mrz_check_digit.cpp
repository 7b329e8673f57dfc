// SPDX-License-Identifier: Apache-2.0
// Doc 9303 Part 3 §4.9 check digits and the reserved nationality codes of Part 3 §5.
#include "documents/documents.h"

namespace nansen::documents {

std::optional<char> mrz_check_digit(std::string_view field) {
  static constexpr int kWeights[3] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < field.size(); ++i) {
    const char c = field[i];
    int value = 0;
    if (c >= '0' && c <= '9')
      value = c - '0';
    else if (c >= 'A' && c <= 'Z')
      value = c - 'A' + 10;
    else if (c != '<')
      return std::nullopt;
    sum += value * kWeights[i % 3];
  }
  return static_cast<char>('0' + sum % 10);
}

std::string_view special_nationality_meaning(std::string_view code) {
  if (code == kStateless) return "stateless person";
  if (code == kRefugee1951) return "refugee (1951 Convention)";
  if (code == kRefugeeOther) return "refugee (other)";
  if (code == kNationalityUnspecified) return "unspecified nationality";
  return {};
}

std::string_view mrz_check_name(MrzCheck check) {
  switch (check) {
    case MrzCheck::kDocumentNumber:
      return "document number";
    case MrzCheck::kBirthDate:
      return "birth date";
    case MrzCheck::kExpiryDate:
      return "expiry date";
    case MrzCheck::kOptionalData:
      return "optional data";
    case MrzCheck::kComposite:
      return "composite";
  }
  return "unknown";
}

}  // namespace nansen::documents
