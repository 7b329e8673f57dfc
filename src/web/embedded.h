// Private to web/: the files of share/ compiled into the binary (cmake/embed.cmake).
// Keys are paths relative to share/: "templates/layout.mustache", "static/nansen.css".
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace nansen::embedded {
const std::map<std::string, std::string_view>& share();
}  // namespace nansen::embedded
