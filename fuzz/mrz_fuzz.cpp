// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: MRZ lines as a scanner or a clerk types them (read_td3 and the check
// digit), and the composing side (make_td3) fed with fuzzed names and numbers. The input
// is two lines separated by a newline; a third line, if present, is a Td3Input's text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "documents/documents.h"

namespace {

std::string_view next_line(std::string_view& rest) {
  const std::size_t eol = rest.find('\n');
  const std::string_view line = rest.substr(0, eol);
  rest = eol == rest.npos ? std::string_view{} : rest.substr(eol + 1);
  return line;
}

bool mrz_text(std::string_view s) {
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<')) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nansen::documents;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const std::string_view line1 = next_line(rest);
  const std::string_view line2 = next_line(rest);

  if (auto digit = mrz_check_digit(line1); digit && !(*digit >= '0' && *digit <= '9')) std::abort();
  if (auto reading = read_td3(line1, line2)) {
    if (line1.size() != kTd3LineLength || line2.size() != kTd3LineLength) std::abort();
    for (const auto& f : reading->failures) (void)mrz_check_name(f.check);
  }

  // The rest, split at '|': surname, given names, document number, optional data.
  std::string_view fields[4];
  for (auto& f : fields) {
    const std::size_t bar = rest.find('|');
    f = rest.substr(0, bar);
    rest = bar == rest.npos ? std::string_view{} : rest.substr(bar + 1);
  }
  Td3Input in;
  in.issuing_state = "KAZ";
  in.nationality = "XXA";
  in.surname = std::string(fields[0]);
  in.given_names = std::string(fields[1]);
  in.document_number = std::string(fields[2]);
  in.optional_data = std::string(fields[3]);
  in.birth_date = {1988, 3, 0, nansen::DatePrecision::kMonth, false};
  in.sex = 'F';
  in.expiry_date = {2031, 12, 31, nansen::DatePrecision::kDay, false};
  if (auto td3 = make_td3(in)) {
    // What we print must read back with every check digit agreeing.
    if (td3->line1.size() != kTd3LineLength || td3->line2.size() != kTd3LineLength) std::abort();
    if (!mrz_text(td3->line1) || !mrz_text(td3->line2)) std::abort();
    auto back = read_td3(td3->line1, td3->line2);
    if (!back || !back->valid()) std::abort();
  }
  return 0;
}
