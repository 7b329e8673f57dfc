// SPDX-License-Identifier: Apache-2.0
// Unicode normalisation through ICU, and script detection by code-point ranges.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include "text/text.h"
#include "text/utf8.h"

namespace nansen::text {
namespace {

Status check_input(std::string_view s) {
  if (s.size() > kMaxNameBytes)
    return fail(ErrorCode::kTooLarge, "name is longer than 4096 bytes", "name");
  if (!is_valid_utf8(s)) return fail(ErrorCode::kInvalid, "name is not valid UTF-8", "name");
  return {};
}

Result<std::string> apply(const icu::Normalizer2* norm, UErrorCode status, std::string_view s) {
  NANSEN_TRY(check_input(s));
  if (U_FAILURE(status) || norm == nullptr)
    return fail(ErrorCode::kInternal, "ICU normaliser unavailable");
  const icu::UnicodeString in =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  UErrorCode err = U_ZERO_ERROR;
  const icu::UnicodeString out = norm->normalize(in, err);
  if (U_FAILURE(err)) return fail(ErrorCode::kInternal, "ICU normalisation failed");
  std::string result;
  out.toUTF8String(result);
  return result;
}

}  // namespace

Status check_name_input(std::string_view s) {
  return check_input(s);
}

Result<std::string> normalize_nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  return apply(n, status, s);
}

Result<std::string> fold_case(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  return apply(n, status, s);
}

std::string_view script_name(Script s) {
  switch (s) {
    case Script::kNone:
      return "none";
    case Script::kLatin:
      return "latin";
    case Script::kCyrillic:
      return "cyrillic";
    case Script::kMixed:
      return "mixed";
    case Script::kOther:
      return "other";
  }
  return "none";
}

Script detect_script(std::string_view s) {
  Script seen = Script::kNone;
  for (char32_t cp : decode_utf8(s)) {
    if (!u_isalpha(static_cast<UChar32>(cp))) continue;
    UErrorCode err = U_ZERO_ERROR;
    const UScriptCode code = uscript_getScript(static_cast<UChar32>(cp), &err);
    Script here = Script::kOther;
    if (code == USCRIPT_LATIN) here = Script::kLatin;
    if (code == USCRIPT_CYRILLIC) here = Script::kCyrillic;
    if (seen == Script::kNone) {
      seen = here;
    } else if (seen != here) {
      return Script::kMixed;
    }
  }
  return seen;
}

}  // namespace nansen::text
