// SPDX-License-Identifier: Apache-2.0
// The long tail of the region's names, for the synthetic population. Private to match/.
//
// A register of a million people holds thousands of given names and tens of thousands of
// surnames; text::regional_names() lists only the common head of each country. Most
// Central Asian given names are compounds of a few hundred morphemes (Нұр+сұлтан,
// Ай+гүл, Шер+зод, Меҳр+ангез), and most surnames are a forefather's given name with a
// Russian or local ending, so compounding the morphemes gives a realistic tail.
#pragma once

#include <string_view>
#include <vector>

namespace nansen::match {

struct NameTail {
  std::vector<std::string_view> male_first, male_second;      // male compounds: first+second
  std::vector<std::string_view> female_first, female_second;  // female compounds
  std::vector<std::string_view> surnames;  // extra whole surnames (Russian), may be empty
  std::vector<std::string_view> male_given, female_given;  // extra whole given names
};

// The tail of a country of text::regional_names() (KAZ, KGZ, UZB, TJK, TKM, RUS); an
// empty tail for any other.
const NameTail& name_tail(std::string_view country);

}  // namespace nansen::match
