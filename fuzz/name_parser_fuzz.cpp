// SPDX-License-Identifier: Apache-2.0
// Any bytes into the name parser, the MRZ name field built on it, and the comparators.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "match/match.h"
#include "text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto parsed = nansen::text::parse_name(in);
  if (!parsed) return 0;
  if (parsed->tokens.empty()) std::abort();  // a parsed name holds at least one token
  // An MRZ name field holds only A–Z and '<', and never starts with a filler.
  if (auto field = nansen::text::mrz_name_field(in)) {
    for (char c : *field)
      if (!((c >= 'A' && c <= 'Z') || c == '<')) std::abort();
    if (field->empty() || field->front() == '<') std::abort();
  }
  // Split the input in two and compare the halves as two records.
  nansen::match::PersonRecord a, b;
  a.full_name = std::string(in.substr(0, size / 2));
  b.full_name = std::string(in.substr(size / 2));
  auto fa = nansen::match::prepare(a);
  auto fb = nansen::match::prepare(b);
  if (fa && fb) {
    const auto e = nansen::match::explain(nansen::match::default_model(), *fa, *fb);
    if (!(e.probability >= 0 && e.probability <= 1)) std::abort();
  }
  return 0;
}
