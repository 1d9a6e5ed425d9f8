// http_session: the HTTP request loop of one connection, plain or over TLS (one template for both).
#include "net/http_session.hpp"

#include <tuple>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "log/log.hpp"
#include "metrics/exposition.hpp"
#include "net/security_headers.hpp"

namespace tillit::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

using request = http::request<http::string_body>;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
constexpr bool is_tls = std::is_same_v<Stream, tls_stream>;

std::string_view path_of(std::string_view target)
{
    return target.substr(0, target.find_first_of("?#"));
}

http::response<http::string_body> plain_response(http::status status, std::string_view body,
                                                 unsigned version, bool keep_alive)
{
    http::response<http::string_body> res{status, version};
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    add_security_headers(res);
    res.body() = std::string(body) + "\n";
    res.keep_alive(keep_alive);
    res.prepare_payload();
    return res;
}

// Writes a response of any body type; returns false when the connection should end. Every
// response passes here, so HSTS is set in this one place, and only over TLS (a browser ignores it
// over plain HTTP, and behind a proxy the proxy sets it).
template <class Stream, class Body>
asio::awaitable<bool> write_response(Stream& stream, http::response<Body>& res)
{
    if constexpr (is_tls<Stream>) res.set(http::field::strict_transport_security, "max-age=31536000");
    const bool keep_alive = res.keep_alive();
    auto [ec, written] = co_await http::async_write(stream, res, use_tuple);
    co_return !ec && keep_alive;
}

template <class Stream>
asio::awaitable<bool> serve_request(Stream& stream, const request& req, const http_services& services)
{
    const auto target = std::string_view(req.target());
    const auto path = path_of(target);
    const bool keep_alive = req.keep_alive();

    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        auto res = plain_response(http::status::method_not_allowed, "Method not allowed", req.version(), keep_alive);
        res.set(http::field::allow, "GET, HEAD");
        co_return co_await write_response(stream, res);
    }
    if (path == "/metrics") {
        beast::error_code no_address;
        const auto peer = beast::get_lowest_layer(stream).socket().remote_endpoint(no_address);
        if (no_address || !services.metrics_gate.allows(peer.address(), req)) {
            // Exactly what a missing file gets: the endpoint's existence is not revealed.
            auto res = plain_response(http::status::not_found, "Not found", req.version(), keep_alive);
            co_return co_await write_response(stream, res);
        }
        auto gathering = services.metrics_text();
        const auto text = co_await std::move(gathering);
        if (req.method() == http::verb::head) {
            http::response<http::empty_body> res{http::status::ok, req.version()};
            res.set(http::field::content_type, metrics::content_type);
            res.set(http::field::cache_control, "no-store");
            add_security_headers(res);
            res.content_length(text.size());
            res.keep_alive(keep_alive);
            co_return co_await write_response(stream, res);
        }
        http::response<http::string_body> res{http::status::ok, req.version()};
        res.set(http::field::content_type, metrics::content_type);
        res.set(http::field::cache_control, "no-store");
        add_security_headers(res);
        res.body() = text;
        res.keep_alive(keep_alive);
        res.prepare_payload();
        co_return co_await write_response(stream, res);
    }
    if (path == "/healthz") {
        const bool healthy = co_await services.health_check();
        auto res = plain_response(healthy ? http::status::ok : http::status::service_unavailable,
                                  healthy ? "ok" : "database unavailable", req.version(), keep_alive);
        co_return co_await write_response(stream, res);
    }

    const auto found = services.files.resolve(target);
    switch (found.result) {
    case file_lookup::outcome::bad_request: {
        auto res = plain_response(http::status::bad_request, "Bad request", req.version(), keep_alive);
        co_return co_await write_response(stream, res);
    }
    case file_lookup::outcome::not_found: {
        auto res = plain_response(http::status::not_found, "Not found", req.version(), keep_alive);
        co_return co_await write_response(stream, res);
    }
    case file_lookup::outcome::redirect: {
        auto res = plain_response(http::status::moved_permanently, "Moved", req.version(), keep_alive);
        res.set(http::field::location, found.location);
        co_return co_await write_response(stream, res);
    }
    case file_lookup::outcome::found: break;
    }

    http::file_body::value_type file;
    beast::error_code ec;
    file.open(found.file.c_str(), beast::file_mode::scan, ec);
    if (ec) {
        auto res = plain_response(http::status::not_found, "Not found", req.version(), keep_alive);
        co_return co_await write_response(stream, res);
    }
    const auto size = file.size();
    if (req.method() == http::verb::head) {
        http::response<http::empty_body> res{http::status::ok, req.version()};
        res.set(http::field::content_type, found.mime_type);
        add_security_headers(res);
        res.content_length(size);
        res.keep_alive(keep_alive);
        co_return co_await write_response(stream, res);
    }
    http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(file)),
                                        std::make_tuple(http::status::ok, req.version())};
    res.set(http::field::content_type, found.mime_type);
    add_security_headers(res);
    res.content_length(size);
    res.keep_alive(keep_alive);
    co_return co_await write_response(stream, res);
}

// The status for a request that could not be read, or nothing when the peer just went away.
std::optional<std::pair<http::status, std::string_view>> read_error_response(const beast::error_code& ec)
{
    if (ec == http::error::body_limit) return {{http::status::payload_too_large, "Request body too large"}};
    if (ec == http::error::header_limit)
        return {{http::status::request_header_fields_too_large, "Request header too large"}};
    if (ec.category() == make_error_code(http::error::bad_target).category() && ec != http::error::end_of_stream &&
        ec != http::error::partial_message)
        return {{http::status::bad_request, "Bad request"}};
    return std::nullopt;
}

// A header whose framing could be read two ways is refused before anything is served: any
// Transfer-Encoding (no page takes a body; with Content-Length a proxy and this server could split
// requests differently, RFC 9112 6.1), and HTTP/1.1 without exactly one Host (RFC 9112 3.2).
bool ambiguous_header(const http::request_parser<http::string_body>& parser)
{
    const auto& req = parser.get();
    if (req.count(http::field::transfer_encoding) > 0) return true;
    const auto hosts = req.count(http::field::host);
    return hosts > 1 || (hosts == 0 && req.version() >= 11);
}

// Whether everyone on this connection looks like one client: it came through a proxy (on this
// machine, or a trusted one; it sent a proxy header) that named no client. Counting them
// together would shut them all out at once; such a proxy limits per address itself (deploy/nginx).
bool behind_anonymous_proxy(const asio::ip::address& peer, const asio::ip::address& client, const request& req,
                            const trusted_proxies* proxies)
{
    const bool proxy_peer = metrics_access::is_loopback(peer) || (proxies != nullptr && proxies->trusts(peer));
    return proxy_peer && client == peer && metrics_access::came_through_proxy(req);
}

// The whole life of one connection on its strand; Stream is a tcp_stream or a tls_stream over one.
template <class Stream>
asio::awaitable<void> serve_connection(Stream stream, const http_services& services)
{
    const auto& cfg = services.cfg;
    auto& tcp = beast::get_lowest_layer(stream);
    // A shared flag lets the registry's closer find out whether this session still exists.
    auto alive = std::make_shared<beast::tcp_stream*>(&tcp);
    auto registration = services.registry.add([weak = std::weak_ptr<beast::tcp_stream*>(alive)] {
        if (auto s = weak.lock())
            asio::post((*s)->get_executor(), [weak] {
                if (auto live = weak.lock()) (*live)->socket().close();
            });
    });
    if (!registration) {
        log::warn("connection_refused", {{"reason", "server_full_or_stopping"}});
        co_return;
    }
    if constexpr (is_tls<Stream>) {
        // The handshake is bounded like a request: a silent or slow client is dropped.
        tcp.expires_after(cfg.http_request_timeout);
        auto handshake = stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
        if (auto [ec] = co_await std::move(handshake); ec) {
            log::debug("tls_handshake_failed", {{"error", ec.message()}});
            co_return;
        }
    }

    beast::flat_buffer buffer;
    for (bool first = true;; first = false) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(cfg.http_max_header_bytes));
        parser.body_limit(cfg.http_max_body_bytes);
        // The first request must arrive whole in time (slowloris); later ones may wait idle.
        tcp.expires_after(first ? cfg.http_request_timeout : cfg.idle_timeout);
        // The header first: a chunked body is refused before Beast parses a chunk (no page takes a
        // body, and Boost 1.81's chunk parser asserts on some splits of the last chunk: tests/fuzz).
        auto reading_header = http::async_read_header(stream, buffer, parser, use_tuple);
        auto [ec, bytes] = co_await std::move(reading_header);
        if (!ec && (parser.chunked() || ambiguous_header(parser))) ec = http::error::bad_transfer_encoding;
        if (!ec && !parser.is_done()) {
            auto reading_body = http::async_read(stream, buffer, parser, use_tuple);
            std::tie(ec, bytes) = co_await std::move(reading_body);
        }
        if (ec) {
            if (auto failure = read_error_response(ec)) {
                log::info("http_refused", {{"status", static_cast<int>(failure->first)}});
                auto res = plain_response(failure->first, failure->second, 11, false);
                tcp.expires_after(cfg.http_request_timeout);
                co_await write_response(stream, res);
            }
            break;
        }
        auto req = parser.release();

        if (beast::websocket::is_upgrade(req)) {
            if (const auto verdict = check_upgrade(req, services.origins); verdict != upgrade_verdict::accept) {
                const bool foreign = verdict == upgrade_verdict::foreign_origin;
                log::info("websocket_refused", {{"reason", foreign ? "origin" : "path"}});
                auto res = plain_response(foreign ? http::status::forbidden : http::status::not_found,
                                          foreign ? "Origin not allowed" : "Not found", req.version(), false);
                co_await write_response(stream, res);
                break;
            }
            beast::error_code no_address;
            const auto peer = tcp.socket().remote_endpoint(no_address);
            // Behind a trusted proxy, the client it forwards for: in memory only, for blocks.
            const auto client = no_address         ? asio::ip::address()
                                : services.proxies ? services.proxies->client_address(peer.address(), req)
                                                   : peer.address();
            const auto key = make_client_key(client);
            if (!behind_anonymous_proxy(peer.address(), client, req, services.proxies) && !registration->count_for(key)) {
                // One client may not fill the server: a clear refusal, and the chats in progress go on.
                log::info("websocket_refused", {{"reason", "client_connection_limit"}});
                auto res = plain_response(http::status::too_many_requests,
                                          "Too many connections from your network: try again in a minute", req.version(), false);
                res.set(http::field::retry_after, "60");
                co_await write_response(stream, res);
                break;
            }
            auto session = std::make_shared<websocket_session>(std::move(stream), cfg, key, &services.metrics);
            registration->set_closer([weak = std::weak_ptr<websocket_session>(session)] {
                if (auto s = weak.lock()) s->close(beast::websocket::close_code::going_away, "server shutting down");
            });
            alive.reset();
            // A WebSocket may stay open for hours: hold nothing of its HTTP request meanwhile.
            buffer = {};
            auto running = session->run(std::move(req), services.make_handler);
            co_await std::move(running);
            co_return;
        }

        tcp.expires_after(cfg.http_request_timeout);
        if (!co_await serve_request(stream, req, services)) break;
    }
    if constexpr (is_tls<Stream>) {
        // close_notify, so the client can tell an end from a cut; bounded, the peer may be gone.
        tcp.expires_after(cfg.http_request_timeout);
        auto shutdown = stream.async_shutdown(use_tuple);
        co_await std::move(shutdown);
    } else {
        beast::error_code ignored;
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    }
}

} // namespace

asio::awaitable<void> run_http_session(beast::tcp_stream stream, const http_services& services)
{
    if (services.tls == nullptr) return serve_connection(std::move(stream), services);
    return serve_connection(tls_stream(std::move(stream), *services.tls), services);
}

} // namespace tillit::net
