// SPDX-License-Identifier: Apache-2.0
// Private to web/: the network side. The only door to Boost.Beast, whose compile cost
// stays in http_server.cpp.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "base/base.h"
#include "web/http.h"

namespace nansen::web {

struct ServerSettings {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int threads = 4;                          // handler pool; the I/O runs on one more
  std::size_t max_body_bytes = 1 << 20;     // ordinary routes
  std::size_t max_upload_bytes = 64 << 20;  // routes marked `upload`
  std::size_t max_header_bytes = 16 << 10;  // request line plus headers
  std::chrono::seconds timeout{30};         // to read a request, or to write a response
};

struct ServerHooks {
  // Answers a request. Runs on the handler pool.
  std::function<Response(Request&)> handle;
  // Answers a request refused before it reached a handler (413, 400, 431). Must be cheap:
  // runs on the I/O thread.
  std::function<Response(Request&, const HttpError&)> reject;
  // True if the route for this method and path accepts uploads (max_upload_bytes).
  std::function<bool(std::string_view method, std::string_view path)> is_upload;
  // Called once the socket is bound, with "http://HOST:PORT".
  std::function<void(const std::string& url)> on_listening;
};

// "127.0.0.1:8080", "[::1]:0", ":8080" (all interfaces). Invalid (field "listen")
// otherwise.
Result<std::pair<std::string, unsigned short>> parse_listen_address(std::string_view listen);

// Serves until SIGINT or SIGTERM. Unavailable if the address cannot be bound.
Status run_http_server(const ServerSettings& settings, const ServerHooks& hooks);

}  // namespace nansen::web
