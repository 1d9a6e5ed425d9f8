// http_session: one TCP connection from accept until it closes or becomes a WebSocket. Serves the
// built web client with security headers, /healthz, /metrics (to whom metrics_access allows; a
// 404 like any missing file to everyone else), and hands `GET /ws` upgrades from an allowed
// Origin to a websocket_session. Limits: header and body size, time to send a request, idle time.
// With a TLS context the connection is TLS from its first byte (handshake bounded like a request)
// and every response carries HSTS.
#pragma once

#include <functional>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "config/config.hpp"
#include "metrics/server_metrics.hpp"
#include "net/connection_registry.hpp"
#include "net/metrics_access.hpp"
#include "net/origin_policy.hpp"
#include "net/static_files.hpp"
#include "net/trusted_proxies.hpp"
#include "net/upgrade_check.hpp"
#include "net/websocket_session.hpp"

namespace tillit::net {

// What HTTP sessions share; owned by the server, outliving every session.
struct http_services {
    const config::config& cfg;
    const static_files& files;
    const origin_policy& origins;
    connection_registry& registry;
    // True when the service can work (its database answers). Awaited on the session's strand.
    std::function<boost::asio::awaitable<bool>()> health_check;
    websocket_session::handler_factory make_handler;
    // GET /metrics: who may read it, and its text (awaited on the session's strand).
    const metrics_access& metrics_gate;
    std::function<boost::asio::awaitable<std::string>()> metrics_text;
    // The counters WebSocket sessions bump (errors sent, by code).
    metrics::server_metrics& metrics;
    // TLS in the server (tls-certificate, tls-key); null: plain HTTP (behind a proxy, or tests).
    boost::asio::ssl::context* tls = nullptr;
    // Proxies whose X-Forwarded-For names the client (trusted-proxies); null: none.
    const trusted_proxies* proxies = nullptr;
};

// Runs on the connection's strand (the stream's executor) until the connection ends.
boost::asio::awaitable<void> run_http_session(boost::beast::tcp_stream stream, const http_services& services);

} // namespace tillit::net
