// SPDX-License-Identifier: Apache-2.0
#include "reports/xml_reader.h"

#include <expat.h>

#include <climits>

namespace nansen::reports {
namespace {

struct ParseState {
  XML_Parser parser = nullptr;
  const XmlHandlers* handlers = nullptr;
  const std::optional<Error>* stop = nullptr;
  bool doctype = false;
  std::vector<XmlAttribute> attrs;
};

void stop_if_requested(ParseState& s) {
  if (s.stop && s.stop->has_value()) XML_StopParser(s.parser, XML_FALSE);
}

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** atts) {
  auto& s = *static_cast<ParseState*>(data);
  if (!s.handlers->start) return;
  s.attrs.clear();
  for (int i = 0; atts[i] && atts[i + 1]; i += 2) s.attrs.push_back({atts[i], atts[i + 1]});
  s.handlers->start(name, s.attrs);
  stop_if_requested(s);
}

void XMLCALL on_end(void* data, const XML_Char* name) {
  auto& s = *static_cast<ParseState*>(data);
  if (s.handlers->end) s.handlers->end(name);
  stop_if_requested(s);
}

void XMLCALL on_text(void* data, const XML_Char* text, int len) {
  auto& s = *static_cast<ParseState*>(data);
  if (s.handlers->text) s.handlers->text(std::string_view(text, static_cast<std::size_t>(len)));
  stop_if_requested(s);
}

void XMLCALL on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto& s = *static_cast<ParseState*>(data);
  s.doctype = true;
  XML_StopParser(s.parser, XML_FALSE);
}

}  // namespace

std::string_view local_name(std::string_view qualified) {
  const auto colon = qualified.rfind(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

Status parse_xml(std::string_view xml, const std::string& part, const XmlHandlers& handlers,
                 const std::optional<Error>* stop) {
  if (xml.size() > static_cast<std::size_t>(INT_MAX))
    return fail(ErrorCode::kTooLarge, "the workbook part is too large", part);
  XML_Parser parser = XML_ParserCreate("UTF-8");
  if (!parser) return fail(ErrorCode::kInternal, "cannot create an XML parser");
  ParseState state{parser, &handlers, stop, false, {}};
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(parser, on_start, on_end);
  XML_SetCharacterDataHandler(parser, on_text);
  XML_SetStartDoctypeDeclHandler(parser, on_doctype);
#ifdef XML_DTD
  XML_SetBillionLaughsAttackProtectionMaximumAmplification(parser, 20.0f);
#endif
  const auto rc = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), XML_TRUE);
  Status result;
  if (stop && stop->has_value()) {
    result = fail(**stop);
  } else if (state.doctype) {
    result = fail(ErrorCode::kInvalid,
                  "the workbook part " + part + " has a DOCTYPE, which is not allowed", part);
  } else if (rc != XML_STATUS_OK) {
    result = fail(ErrorCode::kInvalid,
                  "the workbook part " + part + " is not well-formed XML (line " +
                      std::to_string(XML_GetCurrentLineNumber(parser)) + ": " +
                      XML_ErrorString(XML_GetErrorCode(parser)) + ")",
                  part);
  }
  XML_ParserFree(parser);
  return result;
}

}  // namespace nansen::reports
