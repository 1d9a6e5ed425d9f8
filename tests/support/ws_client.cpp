// ws_client: asynchronous Beast operations run to completion under a deadline.
#include "support/ws_client.hpp"

#include <stdexcept>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace tillit::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

template <class Start>
beast::error_code ws_client::run(Start start, std::chrono::milliseconds timeout)
{
    std::optional<beast::error_code> result;
    start([&](beast::error_code ec, auto&&...) { result = ec; });
    ioc_.restart();
    ioc_.run_for(timeout);
    if (!result) {
        // Time-out: abort the socket and let the handler run with its error.
        beast::get_lowest_layer(ws_).socket().close();
        ioc_.restart();
        ioc_.run();
        return asio::error::timed_out;
    }
    return *result;
}

ws_client::ws_client(std::uint16_t port, ws_options options) : ws_(ioc_)
{
    auto ec = run([&](auto handler) { beast::get_lowest_layer(ws_).async_connect({asio::ip::make_address("127.0.0.1"), port}, handler); }, 10s);
    if (ec) throw std::runtime_error("connect failed: " + ec.message());
    websocket::permessage_deflate deflate;
    deflate.client_enable = options.offer_deflate;
    ws_.set_option(deflate);
    ws_.set_option(websocket::stream_base::decorator([options](websocket::request_type& req) {
        if (!options.origin.empty()) req.set(beast::http::field::origin, options.origin);
        if (!options.user_agent.empty()) req.set(beast::http::field::user_agent, options.user_agent);
        else req.erase(beast::http::field::user_agent);
    }));
    ws_.read_message_max(1024 * 1024);
    ec = run([&](auto handler) {
        ws_.async_handshake(upgrade_response_, "127.0.0.1:" + std::to_string(port), options.target, handler);
    }, 10s);
    if (ec) throw std::runtime_error("upgrade refused with HTTP " + std::to_string(upgrade_response_.result_int()) + ": " + ec.message());
}

unsigned ws_client::upgrade_status(std::uint16_t port, ws_options options)
{
    try {
        ws_client client(port, std::move(options));
        return client.upgrade_response().result_int();
    } catch (const std::runtime_error& e) {
        const std::string text = e.what();
        const auto at = text.find("HTTP ");
        return at == std::string::npos ? 0 : static_cast<unsigned>(std::stoul(text.substr(at + 5)));
    }
}

void ws_client::send(const std::string& text)
{
    ws_.text(true);
    const auto ec = run([&](auto handler) { ws_.async_write(asio::buffer(text), handler); }, 10s);
    if (ec) throw std::runtime_error("send failed: " + ec.message());
}

void ws_client::drop()
{
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
}

void ws_client::send_json(const boost::json::object& message) { send(boost::json::serialize(message)); }

void ws_client::send_binary(const std::string& bytes)
{
    ws_.binary(true);
    const auto ec = run([&](auto handler) { ws_.async_write(asio::buffer(bytes), handler); }, 10s);
    if (ec) throw std::runtime_error("send failed: " + ec.message());
}

std::string ws_client::receive(std::chrono::milliseconds timeout)
{
    buffer_.clear();
    const auto ec = run([&](auto handler) { ws_.async_read(buffer_, handler); }, timeout);
    if (ec) throw std::runtime_error("receive failed: " + ec.message());
    return beast::buffers_to_string(buffer_.data());
}

boost::json::object ws_client::receive_json(std::chrono::milliseconds timeout)
{
    return boost::json::parse(receive(timeout)).as_object();
}

std::optional<std::uint16_t> ws_client::wait_for_close(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left <= 0ms) return std::nullopt;
        buffer_.clear();
        const auto ec = run([&](auto handler) { ws_.async_read(buffer_, handler); }, left);
        // A close frame was received (the server may not wait for our answer to it).
        if (ec && ws_.reason().code != websocket::close_code::none) return static_cast<std::uint16_t>(ws_.reason().code);
        if (ec) return std::nullopt;
    }
}

} // namespace tillit::test
