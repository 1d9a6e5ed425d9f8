// http_session: one TCP connection from accept until it closes or becomes a WebSocket. Serves the
// built web client with security headers, /healthz, and hands `GET /ws` upgrades from an allowed
// Origin to a websocket_session. Limits: header and body size, time to send a request, idle time.
#pragma once

#include <functional>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "config/config.hpp"
#include "net/connection_registry.hpp"
#include "net/origin_policy.hpp"
#include "net/static_files.hpp"
#include "net/websocket_session.hpp"

namespace tillit::net {

inline constexpr std::string_view websocket_path = "/ws";

// What HTTP sessions share; owned by the server, outliving every session.
struct http_services {
    const config::config& cfg;
    const static_files& files;
    const origin_policy& origins;
    connection_registry& registry;
    // True when the service can work (its database answers). Awaited on the session's strand.
    std::function<boost::asio::awaitable<bool>()> health_check;
    websocket_session::handler_factory make_handler;
};

// Runs on the connection's strand (the stream's executor) until the connection ends.
boost::asio::awaitable<void> run_http_session(boost::beast::tcp_stream stream, const http_services& services);

} // namespace tillit::net
