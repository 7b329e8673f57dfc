// SPDX-License-Identifier: Apache-2.0
// base — the vocabulary every other module speaks: errors as values, typed ids,
// civil dates with precision, instants, configuration and logging.
//
// Nothing here knows about the database, the web or the domain.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace nansen {

// ---------------------------------------------------------------------------------------
// Errors

// What went wrong, in terms a caller can act on. One place (web/) maps these to HTTP
// statuses; the CLI maps them to exit codes.
enum class ErrorCode {
  kInvalid,          // bad input: the caller must change the request (422/400)
  kNotFound,         // no such record, or none the actor may see (404)
  kConflict,         // the record changed or already exists (409)
  kUnauthenticated,  // no valid session or token (401)
  kForbidden,        // authenticated but not allowed (403)
  kTooLarge,         // body, file or field over its limit (413)
  kRateLimited,      // too many attempts; try later (429)
  kUnavailable,      // a dependency (database, disk) is down (503)
  kInternal,         // a bug or an unexpected library failure (500)
};

std::string_view error_code_name(ErrorCode code);  // "invalid", "not_found", ...

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // for a human; never contains personal data
  std::string field;    // the input field, column or row at fault; empty if none
  // The rule that refused, as a stable id for programs ("four_eyes",
  // "approval_disagrees"), so no caller parses `message`; empty when none is named.
  std::string rule = {};
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message, std::string field = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(field)});
}
inline tl::unexpected<Error> fail(Error e) {
  return tl::unexpected<Error>(std::move(e));
}
// A refusal by a named rule (Error::rule).
inline tl::unexpected<Error> fail_rule(ErrorCode code, std::string rule, std::string message,
                                       std::string field = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(field), std::move(rule)});
}

// Propagates an error from an expression of type Result<T>.
#define NANSEN_TRY(expr)                                                        \
  do {                                                                          \
    auto&& nansen_try_result_ = (expr);                                         \
    if (!nansen_try_result_) return ::nansen::fail(nansen_try_result_.error()); \
  } while (0)

// ---------------------------------------------------------------------------------------
// Typed ids: a PersonId cannot be passed where a PledgeId is expected.

template <typename Tag>
struct Id {
  std::int64_t value = 0;
  constexpr bool valid() const { return value > 0; }
  friend constexpr auto operator<=>(const Id&, const Id&) = default;
};

// ---------------------------------------------------------------------------------------
// Personal data wrapper: prints as *** in any log line or formatted message.

template <typename T>
class Sensitive {
 public:
  Sensitive() = default;
  explicit Sensitive(T value) : value_(std::move(value)) {}
  const T& reveal() const { return value_; }
  T& reveal() { return value_; }

 private:
  T value_{};
};

// ---------------------------------------------------------------------------------------
// Time

using Instant = std::chrono::sys_seconds;

// Injected wherever "now" matters, so tests control time.
using Clock = std::function<Instant()>;
Clock system_clock();

std::string format_instant(Instant t);                 // 2024-10-04T09:30:00Z
Result<Instant> parse_instant(std::string_view text);  // accepts the format above

// A calendar date as people record it: sometimes only a year or a month is known.
enum class DatePrecision { kYear, kMonth, kDay };

struct CivilDate {
  int year = 0;
  int month = 0;  // 0 when precision is kYear
  int day = 0;    // 0 when precision is kMonth or kYear
  DatePrecision precision = DatePrecision::kDay;
  bool approximate = false;

  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// Parses YYYY, YYYY-MM or YYYY-MM-DD (a leading '~' marks it approximate). Rejects
// impossible dates (2023-02-29) and years outside 1800..2200. `field` names the input.
Result<CivilDate> parse_civil_date(std::string_view text, std::string_view field = "date");
std::string format_civil_date(const CivilDate& d);  // inverse of parse_civil_date
bool is_leap_year(int year);
int days_in_month(int year, int month);
// Days since 1970-01-01 for a day-precision date (proleptic Gregorian).
std::int64_t days_from_civil(const CivilDate& d);
CivilDate civil_from_days(std::int64_t days);
// Calendar arithmetic used by legal deadlines: adding months clamps to the month's end
// (31 Jan + 1 month = 28/29 Feb). REQUIRES: d has day precision.
CivilDate add_months(const CivilDate& d, int months);
CivilDate add_days(const CivilDate& d, int days);
// The calendar date of an instant in an IANA time zone (Asia/Almaty ...).
Result<CivilDate> civil_date_in_zone(Instant t, std::string_view iana_zone);

// ---------------------------------------------------------------------------------------
// Text checks shared by every input path

bool is_valid_utf8(std::string_view s);
// Number of Unicode code points; REQUIRES: valid UTF-8.
std::size_t utf8_length(std::string_view s);
std::string trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
std::string to_lower_ascii(std::string_view s);
// Escapes & < > " ' for HTML and XML text and attributes; control characters other than
// tab and newline (not allowed in XML 1.0) become spaces.
std::string escape_markup(std::string_view text);

// ---------------------------------------------------------------------------------------
// CSV (RFC 4180): quoted fields with "" escapes, embedded newlines, LF or CRLF line ends,
// a UTF-8 byte-order mark stripped. Every input path that reads CSV uses this reader.

struct CsvLimits {
  std::size_t max_rows = 5'000'000;
  std::size_t max_field_bytes = 1 << 20;
  std::size_t max_columns = 512;
};

struct CsvTable {
  std::vector<std::string> header;             // first record, trimmed
  std::vector<std::vector<std::string>> rows;  // data records, fields as written
  std::vector<std::size_t> row_lines;          // 1-based line where each row starts
  // Index of a header column, or nullopt (exact match after trimming).
  std::optional<std::size_t> column(std::string_view name) const;
};

// Invalid with field "row N, column C" (1-based, header = row 1) for invalid UTF-8, an
// unterminated quote, a stray quote, a row whose field count differs from the header,
// or a limit exceeded (TooLarge). Never throws.
Result<CsvTable> parse_csv(std::string_view text, const CsvLimits& limits = {});
// Quotes a field for CSV output when it holds a comma, quote or line break, and
// neutralises spreadsheet formulas (a leading = + - @ that does not start a number gets
// a ' prefix).
std::string csv_field(std::string_view value);

// ---------------------------------------------------------------------------------------
// Configuration: one TOML file, every key overridable by NANSEN_<SECTION>_<KEY>.

struct Config {
  std::string db = "var/nansen.db";         // [database] url: a file path or postgresql://
  std::string listen = "127.0.0.1:8080";    // [server] listen
  int threads = 4;                          // [server] threads (database worker pool)
  std::size_t max_body_bytes = 1 << 20;     // [server] max_body_bytes (imports: upload limit)
  std::size_t max_upload_bytes = 64 << 20;  // [server] max_upload_bytes
  int request_timeout_seconds = 30;         // [server] request_timeout_seconds
  // [server] public_url: the address users type, e.g. "https://nansen.example.org" behind
  // a TLS proxy. When it is https, cookies are Secure and responses carry HSTS.
  std::string public_url;
  int max_jobs_per_user = 2;                // [server] max_jobs_per_user (running at once)
  int session_idle_minutes = 30;            // [security] session_idle_minutes
  int session_absolute_hours = 12;          // [security] session_absolute_hours
  int lockout_failures = 5;                 // [security] lockout_failures
  int lockout_minutes = 15;                 // [security] lockout_minutes
  std::string key_file = "var/nansen.key";  // [security] key_file (sensitive-field key)
  bool secure_cookies = false;              // [security] secure_cookies (forced on by https)
  std::string log_level = "info";           // [log] level
  std::string time_zone = "Asia/Almaty";    // [office] time_zone
};

// Loads `path` (may be empty: defaults only), then applies NANSEN_* variables from
// `env`. Returns Invalid naming the key on an unknown key or a wrongly typed value.
// A public_url with the https scheme turns secure_cookies on whatever was configured.
Result<Config> load_config(const std::string& path, const std::map<std::string, std::string>& env);
std::map<std::string, std::string> process_environment();
// True when users reach the server over TLS (public_url is https://…): cookies must be
// Secure and responses carry Strict-Transport-Security.
bool serves_https(const Config& config);

// ---------------------------------------------------------------------------------------
// Logging (spdlog underneath). Messages must never carry personal data: pass ids.

void init_logging(std::string_view level);
void log_info(std::string_view message);
void log_warn(std::string_view message);
void log_error(std::string_view message);

std::string_view version();  // "0.1.0"

// ---------------------------------------------------------------------------------------
// Files of share/ compiled into the binary (cmake/embed.cmake): templates, catalogs,
// procedure definitions, demo data, static assets. Keys are paths relative to share/
// ("templates/layout.mustache").
namespace embedded {
const std::map<std::string, std::string_view>& share();
}  // namespace embedded

}  // namespace nansen
