// http_session: the HTTP request loop of one connection.
#include "net/http_session.hpp"

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

#include "log/log.hpp"
#include "net/security_headers.hpp"

namespace tillit::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

using request = http::request<http::string_body>;

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

// Writes a response of any body type; returns false when the connection should end.
template <class Body>
asio::awaitable<bool> write_response(beast::tcp_stream& stream, http::response<Body>& res)
{
    const bool keep_alive = res.keep_alive();
    auto [ec, written] = co_await http::async_write(stream, res, use_tuple);
    co_return !ec && keep_alive;
}

asio::awaitable<bool> serve_request(beast::tcp_stream& stream, const request& req, const http_services& services)
{
    const auto target = std::string_view(req.target());
    const auto path = path_of(target);
    const bool keep_alive = req.keep_alive();

    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        auto res = plain_response(http::status::method_not_allowed, "Method not allowed", req.version(), keep_alive);
        res.set(http::field::allow, "GET, HEAD");
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

} // namespace

asio::awaitable<void> run_http_session(beast::tcp_stream stream, const http_services& services)
{
    const auto& cfg = services.cfg;
    // A shared flag lets the registry's closer find out whether this session still exists.
    auto alive = std::make_shared<beast::tcp_stream*>(&stream);
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

    beast::flat_buffer buffer;
    for (bool first = true;; first = false) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(cfg.http_max_header_bytes));
        parser.body_limit(cfg.http_max_body_bytes);
        // The first request must arrive whole in time (slowloris); later ones may wait idle.
        stream.expires_after(first ? cfg.http_request_timeout : cfg.idle_timeout);
        auto [ec, bytes] = co_await http::async_read(stream, buffer, parser, use_tuple);
        if (ec) {
            if (auto failure = read_error_response(ec)) {
                log::info("http_refused", {{"status", static_cast<int>(failure->first)}});
                auto res = plain_response(failure->first, failure->second, 11, false);
                stream.expires_after(cfg.http_request_timeout);
                co_await write_response(stream, res);
            }
            break;
        }
        auto req = parser.release();

        if (beast::websocket::is_upgrade(req)) {
            // Exactly /ws: a token or anything else in the URL would end up in proxies' logs.
            const auto origin = std::string_view(req[http::field::origin]);
            if (req.target() != websocket_path || !services.origins.allows(origin, req[http::field::host])) {
                const bool foreign = req.target() == websocket_path;
                log::info("websocket_refused", {{"reason", foreign ? "origin" : "path"}});
                auto res = plain_response(foreign ? http::status::forbidden : http::status::not_found,
                                          foreign ? "Origin not allowed" : "Not found", req.version(), false);
                co_await write_response(stream, res);
                break;
            }
            beast::error_code no_address;
            const auto peer = stream.socket().remote_endpoint(no_address);
            const auto key = make_client_key(no_address ? asio::ip::address() : peer.address());
            auto session = std::make_shared<websocket_session>(std::move(stream), cfg, key);
            registration->set_closer([weak = std::weak_ptr<websocket_session>(session)] {
                if (auto s = weak.lock()) s->close(beast::websocket::close_code::going_away, "server shutting down");
            });
            alive.reset();
            auto running = session->run(std::move(req), services.make_handler);
            co_await std::move(running);
            co_return;
        }

        stream.expires_after(cfg.http_request_timeout);
        if (!co_await serve_request(stream, req, services)) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

} // namespace tillit::net
