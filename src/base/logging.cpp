// SPDX-License-Identifier: Apache-2.0
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "base/base.h"

namespace nansen {

void init_logging(std::string_view level) {
  static const auto logger = [] {
    auto l = spdlog::stderr_color_mt("nansen");
    l->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    spdlog::set_default_logger(l);
    return l;
  }();
  logger->set_level(spdlog::level::from_str(std::string(level)));
}

void log_info(std::string_view message) { spdlog::info("{}", message); }
void log_warn(std::string_view message) { spdlog::warn("{}", message); }
void log_error(std::string_view message) { spdlog::error("{}", message); }

}  // namespace nansen
