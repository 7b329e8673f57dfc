// SPDX-License-Identifier: Apache-2.0
// The HTTP/1.1 server: Boost.Beast over Asio with C++20 coroutines. One I/O thread runs
// every connection's coroutine; each request is handed to a thread pool, so a slow
// database call never stalls another connection's reads or writes.
//
// Limits, each enforced before memory is spent: the request line plus headers
// (max_header_bytes → 431), the declared or streamed body (max_body_bytes, or
// max_upload_bytes on upload routes → 413), and time (a request must arrive, and a
// response be written, within `timeout`; an idle keep-alive connection is closed after
// it).
#include "web/http_server.h"

#include <charconv>
#include <csignal>
#include <iostream>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace nansen::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

std::string header_safe(std::string_view value) {
  std::string out;
  for (char c : value)
    if (c != '\r' && c != '\n') out.push_back(c);
  return out;
}

bhttp::response<bhttp::string_body> to_beast(Response res, unsigned version, bool keep_alive,
                                             bool head) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  out.set(bhttp::field::server, "nansen");
  if (!res.content_type.empty()) out.set(bhttp::field::content_type, header_safe(res.content_type));
  for (const auto& [name, value] : res.headers) out.insert(header_safe(name), header_safe(value));
  out.keep_alive(keep_alive);
  out.body() = std::move(res.body);
  out.prepare_payload();
  if (head) out.body().clear();  // keeps the Content-Length of the GET response
  return out;
}

// Fills our Request from Beast's header. False if the target is malformed.
bool from_beast(const bhttp::request_header<>& h, Request& req) {
  req.method = std::string(h.method_string());
  if (!parse_target(std::string_view(h.target().data(), h.target().size()), req.path, req.query,
                    &req.query_not_utf8))
    return false;
  for (const auto& f : h) {
    std::string name =
        to_lower_ascii(std::string_view(f.name_string().data(), f.name_string().size()));
    std::string value(f.value().data(), f.value().size());
    auto [it, inserted] = req.headers.emplace(name, value);
    if (!inserted) it->second += (name == "cookie" ? "; " : ", ") + value;
  }
  req.cookies = parse_cookies(req.header("cookie"));
  return true;
}

struct Connection {
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  const ServerSettings& settings;
  const ServerHooks& hooks;
  asio::thread_pool& pool;
  std::string client;
};

awaitable<void> send(Connection& c, Response res, unsigned version, bool keep_alive, bool head) {
  auto out = to_beast(std::move(res), version, keep_alive, head);
  c.stream.expires_after(c.settings.timeout);
  co_await bhttp::async_write(c.stream, out, kNoThrow);
}

// After refusing a request whose body is still arriving, read and discard a bounded
// amount so the client sees our response rather than a connection reset.
awaitable<void> drain_and_close(Connection& c) {
  beast::error_code ec;
  c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  std::array<char, 16384> sink{};
  std::size_t total = 0;
  while (total < (8u << 20)) {
    c.stream.expires_after(std::chrono::seconds(2));
    auto [err, n] = co_await c.stream.async_read_some(asio::buffer(sink), kNoThrow);
    if (err) break;
    total += n;
  }
  c.stream.socket().close(ec);
}

awaitable<void> reject(Connection& c, Request& req, int status, ErrorCode code, std::string message,
                       std::string field, unsigned version, bool drain) {
  Response res =
      c.hooks.reject(req, HttpError{status, Error{code, std::move(message), std::move(field)}});
  co_await send(c, std::move(res), version, false, false);
  if (drain) co_await drain_and_close(c);
}

awaitable<void> serve_connection(Connection c) {
  for (;;) {
    bhttp::request_parser<bhttp::empty_body> head_parser;
    head_parser.header_limit(static_cast<std::uint32_t>(c.settings.max_header_bytes));
    head_parser.body_limit(boost::none);  // checked below, once the route is known
    c.stream.expires_after(c.settings.timeout);
    auto [ec, n] = co_await bhttp::async_read_header(c.stream, c.buffer, head_parser, kNoThrow);
    (void)n;
    Request req;
    req.client_address = c.client;
    if (ec) {
      if (ec == bhttp::error::header_limit) {
        co_await reject(c, req, 431, ErrorCode::kTooLarge, "the request headers are too large",
                        "headers", 11, false);
      } else if (ec != bhttp::error::end_of_stream && ec != beast::error::timeout &&
                 ec != asio::error::connection_reset && ec != asio::error::eof &&
                 head_parser.got_some()) {
        co_await reject(c, req, 400, ErrorCode::kInvalid, "the request is not valid HTTP/1.1",
                        "request", 11, false);
      }
      break;
    }
    const auto& header = head_parser.get();
    const unsigned version = header.version();
    const bool head = header.method() == bhttp::verb::head;
    if (!from_beast(header, req)) {
      co_await reject(c, req, 400, ErrorCode::kInvalid,
                      "the request target is badly encoded or not UTF-8", "path", version, true);
      break;
    }
    const std::size_t limit = c.hooks.is_upload(req.method, req.path) ? c.settings.max_upload_bytes
                                                                      : c.settings.max_body_bytes;
    const auto declared = head_parser.content_length();
    if (declared && *declared > limit) {
      co_await reject(c, req, 413, ErrorCode::kTooLarge,
                      "the body is larger than " + std::to_string(limit) + " bytes", "body",
                      version, true);
      break;
    }
    if (header[bhttp::field::expect] == "100-continue") {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
      c.stream.expires_after(c.settings.timeout);
      co_await bhttp::async_write(c.stream, cont, kNoThrow);
    }
    bhttp::request_parser<bhttp::string_body> parser{std::move(head_parser)};
    parser.body_limit(limit);
    c.stream.expires_after(c.settings.timeout);
    auto [body_ec, body_n] = co_await bhttp::async_read(c.stream, c.buffer, parser, kNoThrow);
    (void)body_n;
    if (body_ec == bhttp::error::body_limit) {
      co_await reject(c, req, 413, ErrorCode::kTooLarge,
                      "the body is larger than " + std::to_string(limit) + " bytes", "body",
                      version, true);
      break;
    }
    if (body_ec) {
      if (body_ec != beast::error::timeout && body_ec != bhttp::error::end_of_stream)
        co_await reject(c, req, 400, ErrorCode::kInvalid, "the request body is malformed", "body",
                        version, false);
      break;
    }
    req.body = std::move(parser.get().body());
    const bool keep_alive = parser.get().keep_alive();

    // The handler runs on the pool; this coroutine resumes on the I/O thread afterwards.
    Response res = co_await asio::co_spawn(
        c.pool, [&]() -> awaitable<Response> { co_return c.hooks.handle(req); },
        asio::use_awaitable);
    co_await send(c, std::move(res), version, keep_alive, head);
    if (!keep_alive) break;
  }
  beast::error_code ignored;
  c.stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

awaitable<void> accept_loop(tcp::acceptor& acceptor, const ServerSettings& settings,
                            const ServerHooks& hooks, asio::thread_pool& pool) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kNoThrow);
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) continue;  // e.g. out of file descriptors: keep serving the others
    beast::error_code addr_ec;
    std::string client = socket.remote_endpoint(addr_ec).address().to_string();
    asio::co_spawn(
        acceptor.get_executor(),
        serve_connection(Connection{
            beast::tcp_stream(std::move(socket)), {}, settings, hooks, pool, std::move(client)}),
        asio::detached);
  }
}

}  // namespace

Result<std::pair<std::string, unsigned short>> parse_listen_address(std::string_view listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos)
    return fail(ErrorCode::kInvalid, "expected HOST:PORT, e.g. 127.0.0.1:8080", "listen");
  std::string host(listen.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  const std::string_view port_text = listen.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535)
    return fail(ErrorCode::kInvalid, "the port must be a number from 0 to 65535", "listen");
  beast::error_code addr_ec;
  asio::ip::make_address(host, addr_ec);
  if (addr_ec) return fail(ErrorCode::kInvalid, "the host must be an IP address", "listen");
  return std::make_pair(host, static_cast<unsigned short>(port));
}

Status run_http_server(const ServerSettings& settings, const ServerHooks& hooks) {
  try {
    asio::io_context io{1};
    asio::thread_pool pool{static_cast<std::size_t>(std::max(1, settings.threads))};
    tcp::acceptor acceptor{io};
    beast::error_code ec;
    const tcp::endpoint endpoint{asio::ip::make_address(settings.host), settings.port};
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return fail(ErrorCode::kUnavailable,
                  "cannot listen on " + settings.host + ":" + std::to_string(settings.port) + ": " +
                      ec.message(),
                  "listen");
    const auto bound = acceptor.local_endpoint();
    const std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                                     : bound.address().to_string();
    hooks.on_listening("http://" + host + ":" + std::to_string(bound.port()));

    asio::signal_set signals{io, SIGINT, SIGTERM};
    signals.async_wait([&](const beast::error_code&, int) {
      beast::error_code ignored;
      acceptor.close(ignored);
      io.stop();
    });
    asio::co_spawn(io, accept_loop(acceptor, settings, hooks, pool), asio::detached);
    io.run();
    pool.join();
    return {};
  } catch (const std::exception& e) {
    return fail(ErrorCode::kInternal, std::string("HTTP server failed: ") + e.what(), "server");
  }
}

}  // namespace nansen::web
