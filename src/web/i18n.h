// SPDX-License-Identifier: Apache-2.0
// Private to web/: the message catalogs (share/i18n/<lang>.json, flat key → string) and
// the choice of a request's language.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/base.h"

namespace nansen::web {

class Catalogs {
 public:
  // Loads i18n/<lang>.json for each language in `languages` from the embedded share/
  // map. Invalid naming the file and key if a file is missing, is not a flat object of
  // strings, or lacks a key that the English catalog has.
  static Result<Catalogs> load(const std::map<std::string, std::string_view>& share,
                               const std::vector<std::string>& languages);

  // The string for `key` in `language`; the English one if the language lacks it; the
  // key itself if nobody has it (visible, so a missing key is noticed).
  const std::string& text(std::string_view language, std::string_view key) const;
  // Every string of a language, for templates ({{t.key}}).
  const std::map<std::string, std::string>& strings(std::string_view language) const;
  bool has(std::string_view language) const;

 private:
  std::map<std::string, std::map<std::string, std::string>, std::less<>> by_language_;
};

// Replaces "{name}" in `text` with the given values.
std::string format_message(std::string_view text, const std::map<std::string, std::string>& values);

// Picks the interface language: an explicit ?lang=, else the user's stored language,
// else the language cookie, else the best supported tag of Accept-Language, else "en".
// Unsupported values at any step are skipped.
std::string choose_language(const std::vector<std::string>& supported, std::string_view query_lang,
                            std::string_view user_lang, std::string_view cookie_lang,
                            std::string_view accept_language);

}  // namespace nansen::web
