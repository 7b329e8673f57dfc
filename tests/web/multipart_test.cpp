// SPDX-License-Identifier: Apache-2.0
// multipart/form-data, as browsers send file uploads.
#include <gtest/gtest.h>

#include "web/multipart.h"

namespace nansen::web {
namespace {

constexpr std::string_view kType = "multipart/form-data; boundary=----WebKitFormBoundaryX1";

std::string body_of(std::initializer_list<std::string> parts) {
  std::string b;
  for (const std::string& p : parts) b += "------WebKitFormBoundaryX1\r\n" + p + "\r\n";
  return b + "------WebKitFormBoundaryX1--\r\n";
}

TEST(Multipart, ParsesTextFieldsAndFiles) {
  const std::string body = body_of({
      "Content-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken123",
      "Content-Disposition: form-data; name=\"file\"; filename=\"pledges.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\nid,title\r\n1,Ратификация\r\n",
  });
  auto parts = parse_multipart(kType, body);
  ASSERT_TRUE(parts.has_value()) << parts.error().error.message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ(find_part(*parts, "csrf")->data, "token123");
  const FormPart* file = find_part(*parts, "file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->filename, "pledges.csv");
  EXPECT_EQ(file->content_type, "text/csv");
  EXPECT_EQ(file->data, "id,title\r\n1,Ратификация\r\n");
  auto text = text_fields(*parts);
  EXPECT_EQ(text.size(), 1u);
  EXPECT_EQ(text.at("csrf"), "token123");
}

TEST(Multipart, BinaryDataMayContainAnything) {
  std::string data("PK\x03\x04\0\r\n--not-the-boundary\r\n", 28);
  const std::string body =
      body_of({"Content-Disposition: form-data; name=\"f\"; filename=\"a.xlsx\"\r\n\r\n" + data});
  auto parts = parse_multipart(kType, body);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->at(0).data, data);
}

TEST(Multipart, RejectsWhatIsNotAWellFormedForm) {
  EXPECT_EQ(parse_multipart("application/json", "{}").error().status, 415);
  EXPECT_EQ(parse_multipart("multipart/form-data", "x").error().error.field, "content-type");
  EXPECT_EQ(parse_multipart(kType, "no boundary here").error().status, 400);
  EXPECT_EQ(parse_multipart(kType,
                            "------WebKitFormBoundaryX1\r\nContent-Disposition: form-data; "
                            "name=\"a\"\r\n\r\nunterminated")
                .error()
                .status,
            400);
  EXPECT_EQ(
      parse_multipart(kType, body_of({"Content-Type: text/plain\r\n\r\nnameless"})).error().status,
      400);
  std::string many;
  for (int i = 0; i < 70; ++i)
    many += "------WebKitFormBoundaryX1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n";
  many += "------WebKitFormBoundaryX1--";
  EXPECT_EQ(parse_multipart(kType, many).error().error.message, "too many parts in the form");
}

}  // namespace
}  // namespace nansen::web
