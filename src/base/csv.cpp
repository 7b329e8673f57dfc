// SPDX-License-Identifier: Apache-2.0
// RFC 4180 CSV reader and field writer (contract in base.h).
#include <fmt/format.h>

#include "base/base.h"

namespace nansen {
namespace {

std::string where(std::size_t row, std::size_t column) {
  return fmt::format("row {}, column {}", row, column);
}

// A state machine over bytes: quotes only open at the start of a field, "" inside quotes
// is one quote, CR LF and LF end records. Fields are kept as written (not trimmed).
class Reader {
 public:
  Reader(std::string_view text, const CsvLimits& limits) : text_(text), limits_(limits) {}

  Result<CsvTable> read() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    CsvTable table;
    bool header_done = false;
    while (pos_ < text_.size()) {
      const std::size_t start_line = line_;
      std::vector<std::string> record;
      NANSEN_TRY(read_record(record));
      const std::size_t row_number = row_;
      if (!header_done) {
        for (auto& h : record) h = trim(h);
        table.header = std::move(record);
        header_done = true;
        continue;
      }
      // A blank line (a single empty field) between records is skipped.
      if (record.size() == 1 && record[0].empty() && table.header.size() != 1) continue;
      if (record.size() != table.header.size())
        return fail(ErrorCode::kInvalid,
                    fmt::format("expected {} fields, found {}", table.header.size(), record.size()),
                    where(row_number, std::min(record.size(), table.header.size()) + 1));
      if (table.rows.size() >= limits_.max_rows)
        return fail(ErrorCode::kTooLarge, fmt::format("more than {} rows", limits_.max_rows),
                    where(row_number, 1));
      table.rows.push_back(std::move(record));
      table.row_lines.push_back(start_line);
    }
    if (!header_done) return fail(ErrorCode::kInvalid, "the file is empty", where(1, 1));
    return table;
  }

 private:
  Status read_record(std::vector<std::string>& record) {
    ++row_;
    while (true) {
      std::string field;
      NANSEN_TRY(read_field(field, record.size() + 1));
      if (!is_valid_utf8(field))
        return fail(ErrorCode::kInvalid, "not valid UTF-8", where(row_, record.size() + 1));
      record.push_back(std::move(field));
      if (record.size() > limits_.max_columns)
        return fail(ErrorCode::kTooLarge, fmt::format("more than {} columns", limits_.max_columns),
                    where(row_, record.size()));
      if (pos_ >= text_.size()) return {};
      const char c = text_[pos_];
      if (c == ',') {
        ++pos_;
        if (pos_ >= text_.size()) {  // trailing comma at end of file: one empty field
          record.emplace_back();
          return {};
        }
        continue;
      }
      if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
      ++pos_;
      ++line_;
      return {};
    }
  }

  Status read_field(std::string& field, std::size_t column) {
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      while (true) {
        if (pos_ >= text_.size())
          return fail(ErrorCode::kInvalid, "unterminated quoted field", where(row_, column));
        const char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field.push_back('"');
            ++pos_;
            continue;
          }
          if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
              text_[pos_] != '\r')
            return fail(ErrorCode::kInvalid, "stray quote after a quoted field",
                        where(row_, column));
          return check_size(field, column);
        }
        if (c == '\n') ++line_;
        field.push_back(c);
        if (field.size() > limits_.max_field_bytes) return check_size(field, column);
      }
    }
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ',' || c == '\n') break;
      if (c == '\r' && (pos_ + 1 >= text_.size() || text_[pos_ + 1] == '\n')) break;
      if (c == '"')
        return fail(ErrorCode::kInvalid, "stray quote inside an unquoted field",
                    where(row_, column));
      field.push_back(c);
      ++pos_;
      if (field.size() > limits_.max_field_bytes) return check_size(field, column);
    }
    return check_size(field, column);
  }

  Status check_size(const std::string& field, std::size_t column) const {
    if (field.size() > limits_.max_field_bytes)
      return fail(ErrorCode::kTooLarge,
                  fmt::format("field longer than {} bytes", limits_.max_field_bytes),
                  where(row_, column));
    return {};
  }

  std::string_view text_;
  const CsvLimits& limits_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t row_ = 0;  // records started, header = 1
};

bool looks_like_number(std::string_view s) {
  if (s.size() < 2) return false;
  std::size_t i = 1;  // s[0] is the sign
  bool digit = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9')
      digit = true;
    else if (c != '.' && c != ',' && c != 'e' && c != 'E')
      return false;
  }
  return digit;
}

}  // namespace

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  const std::string wanted = trim(name);
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == wanted) return i;
  return std::nullopt;
}

Result<CsvTable> parse_csv(std::string_view text, const CsvLimits& limits) {
  return Reader(text, limits).read();
}

std::string csv_field(std::string_view value) {
  std::string v(value);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@') &&
      !((v[0] == '+' || v[0] == '-') && looks_like_number(v)))
    v.insert(v.begin(), '\'');
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace nansen
