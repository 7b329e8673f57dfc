// SPDX-License-Identifier: Apache-2.0
// Message catalogs and language negotiation.
#include "web/i18n.h"

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace nansen::web {

namespace {

// Adds one catalog file's strings; a key defined by two files of a language is refused
// so that a module's catalog cannot silently override another's.
Result<void> add_catalog_file(const std::string& file, std::string_view text,
                              std::map<std::string, std::string>& strings) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return fail(ErrorCode::kInternal, "catalog is not a JSON object", file);
  for (const auto& [key, value] : doc.items()) {
    if (!value.is_string())
      return fail(ErrorCode::kInternal, "catalog value is not a string", file + ": " + key);
    if (!strings.emplace(key, value.get<std::string>()).second)
      return fail(ErrorCode::kInternal, "catalog key defined twice", file + ": " + key);
  }
  return {};
}

}  // namespace

Result<Catalogs> Catalogs::load(const std::map<std::string, std::string_view>& share,
                                const std::vector<std::string>& languages) {
  Catalogs c;
  for (const std::string& lang : languages) {
    // i18n/<lang>.json holds the common strings; each module may add i18n/<lang>/<module>.json.
    const std::string file = "i18n/" + lang + ".json";
    auto it = share.find(file);
    if (it == share.end()) return fail(ErrorCode::kInternal, "missing catalog", file);
    auto& strings = c.by_language_[lang];
    NANSEN_TRY(add_catalog_file(file, it->second, strings));
    const std::string folder = "i18n/" + lang + "/";
    for (auto part = share.lower_bound(folder);
         part != share.end() && part->first.compare(0, folder.size(), folder) == 0; ++part)
      NANSEN_TRY(add_catalog_file(part->first, part->second, strings));
  }
  if (auto en = c.by_language_.find("en"); en != c.by_language_.end()) {
    for (const auto& [lang, strings] : c.by_language_)
      for (const auto& [key, value] : en->second)
        if (!strings.count(key))
          return fail(ErrorCode::kInternal, "catalog lacks a key", "i18n/" + lang + ": " + key);
  }
  return c;
}

const std::string& Catalogs::text(std::string_view language, std::string_view key) const {
  for (std::string_view lang : {language, std::string_view("en")}) {
    auto l = by_language_.find(lang);
    if (l == by_language_.end()) continue;
    auto k = l->second.find(std::string(key));
    if (k != l->second.end()) return k->second;
  }
  // Interned so the returned reference stays valid; keys are a small fixed set.
  static thread_local std::map<std::string, std::string, std::less<>> missing;
  return missing.emplace(std::string(key), std::string(key)).first->second;
}

const std::map<std::string, std::string>& Catalogs::strings(std::string_view language) const {
  auto l = by_language_.find(language);
  if (l == by_language_.end()) l = by_language_.find("en");
  static const std::map<std::string, std::string> none;
  return l == by_language_.end() ? none : l->second;
}

bool Catalogs::has(std::string_view language) const {
  return by_language_.count(language) > 0;
}

std::string format_message(std::string_view text,
                           const std::map<std::string, std::string>& values) {
  std::string out(text);
  for (const auto& [name, value] : values) {
    const std::string token = "{" + name + "}";
    for (std::size_t at = out.find(token); at != std::string::npos;
         at = out.find(token, at + value.size()))
      out.replace(at, token.size(), value);
  }
  return out;
}

namespace {

bool supported_lang(const std::vector<std::string>& supported, std::string_view lang) {
  return std::find(supported.begin(), supported.end(), lang) != supported.end();
}

// "ru-RU,ru;q=0.9,en;q=0.5" → the supported primary tag with the highest q.
std::string from_accept_language(const std::vector<std::string>& supported,
                                 std::string_view header) {
  std::string best;
  double best_q = 0;
  for (const std::string& part : split(header, ',')) {
    const std::vector<std::string> pieces = split(part, ';');
    std::string tag = to_lower_ascii(trim(pieces[0]));
    tag = tag.substr(0, tag.find('-'));
    double q = 1.0;
    for (std::size_t i = 1; i < pieces.size(); ++i) {
      const std::string p = trim(pieces[i]);
      if (p.rfind("q=", 0) == 0) q = std::strtod(p.c_str() + 2, nullptr);
    }
    if (q > best_q && supported_lang(supported, tag)) {
      best = tag;
      best_q = q;
    }
  }
  return best;
}

}  // namespace

std::string choose_language(const std::vector<std::string>& supported, std::string_view query_lang,
                            std::string_view user_lang, std::string_view cookie_lang,
                            std::string_view accept_language) {
  for (std::string_view lang : {query_lang, user_lang, cookie_lang})
    if (!lang.empty() && supported_lang(supported, lang)) return std::string(lang);
  std::string accepted = from_accept_language(supported, accept_language);
  return accepted.empty() ? "en" : accepted;
}

}  // namespace nansen::web
