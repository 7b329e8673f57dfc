// SPDX-License-Identifier: Apache-2.0
// Any bytes into the transliterator, the skeleton and the MRZ writer: never a crash,
// and on valid input the outputs keep their invariants.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  using namespace nansen::text;
  for (Scheme s : {Scheme::kIcao9303, Scheme::kBgnPcgn, Scheme::kKazakh2021, Scheme::kUzbekLatin})
    (void)transliterate(in, s);
  if (auto sk = skeleton(in)) {
    for (char c : *sk)
      if (!((c >= 'a' && c <= 'z') || c == ' ')) std::abort();  // ASCII skeleton invariant
    if (!sk->empty() && (sk->front() == ' ' || sk->back() == ' ')) std::abort();
    for (const auto& t : nansen::split(*sk, ' ')) (void)consonant_key(t);
  }
  if (auto mrz = to_mrz(in)) {
    for (char c : *mrz)
      if (!((c >= 'A' && c <= 'Z') || c == '<')) std::abort();  // MRZ alphabet invariant
  }
  (void)detect_script(nansen::is_valid_utf8(in) ? in : std::string_view{});
  return 0;
}
