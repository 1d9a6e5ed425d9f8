// ws_client: asynchronous Beast operations run to completion under a deadline.
#include "support/ws_client.hpp"

#include <stdexcept>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/ssl.hpp>
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
    // One operation at a time is run to its end; a pending read may complete meanwhile and keeps
    // its result for the next receive().
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    ioc_.restart();
    while (!result && ioc_.run_one_until(deadline) > 0) {}
    if (!result) {
        // Time-out: abort the socket and let the handler run with its error.
        beast::error_code ignored;
        tcp().socket().close(ignored);
        ioc_.restart();
        while (!result && ioc_.run_one() > 0) {}
        return asio::error::timed_out;
    }
    return *result;
}

namespace {

std::unique_ptr<asio::ssl::context> client_context(const ws_options& options)
{
    if (!options.tls) return nullptr;
    auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
    if (!options.tls_ca_file.empty()) {
        context->load_verify_file(options.tls_ca_file);
        context->set_verify_mode(asio::ssl::verify_peer);
        context->set_verify_callback(asio::ssl::host_name_verification("127.0.0.1"));
    }
    return context;
}

} // namespace

beast::tcp_stream& ws_client::tcp()
{
    return with_ws([](auto& ws) -> beast::tcp_stream& { return beast::get_lowest_layer(ws); });
}

ws_client::ws_client(std::uint16_t port, ws_options options)
    : tls_context_(client_context(options)),
      ws_(options.tls ? decltype(ws_)(std::in_place_type<tls_ws>, ioc_, *tls_context_)
                      : decltype(ws_)(std::in_place_type<plain_ws>, ioc_))
{
    if (!options.source_address.empty()) {
        // Bind before connect: the server sees this address as the client's.
        auto& socket = tcp().socket();
        socket.open(asio::ip::tcp::v4());
        socket.bind({asio::ip::make_address(options.source_address), 0});
    }
    auto ec = run([&](auto handler) { tcp().async_connect({asio::ip::make_address("127.0.0.1"), port}, handler); }, 30s);
    if (ec) throw std::runtime_error("connect failed: " + ec.message());
    if (auto* secure = std::get_if<tls_ws>(&ws_)) {
        ec = run([&](auto handler) { secure->next_layer().async_handshake(asio::ssl::stream_base::client, handler); }, 30s);
        if (ec) throw std::runtime_error("TLS handshake failed: " + ec.message());
    }
    websocket::permessage_deflate deflate;
    deflate.client_enable = options.offer_deflate;
    const auto decorate = [options](websocket::request_type& req) {
        if (!options.origin.empty()) req.set(beast::http::field::origin, options.origin);
        if (!options.user_agent.empty()) req.set(beast::http::field::user_agent, options.user_agent);
        else req.erase(beast::http::field::user_agent);
        for (const auto& [name, value] : options.headers) req.insert(name, value);
    };
    with_ws([&](auto& ws) {
        ws.set_option(deflate);
        ws.set_option(websocket::stream_base::decorator(decorate));
        ws.read_message_max(1024 * 1024);
    });
    ec = run([&](auto handler) {
        with_ws([&](auto& ws) { ws.async_handshake(upgrade_response_, "127.0.0.1:" + std::to_string(port), options.target, handler); });
    }, 30s);
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
    const auto ec = run([&](auto handler) {
        with_ws([&](auto& ws) {
            ws.text(true);
            ws.async_write(asio::buffer(text), handler);
        });
    }, 30s);
    if (ec) throw std::runtime_error("send failed: " + ec.message());
}

void ws_client::drop()
{
    beast::error_code ignored;
    tcp().socket().close(ignored);
}

void ws_client::send_json(const boost::json::object& message) { send(boost::json::serialize(message)); }

void ws_client::send_binary(const std::string& bytes)
{
    const auto ec = run([&](auto handler) {
        with_ws([&](auto& ws) {
            ws.binary(true);
            ws.async_write(asio::buffer(bytes), handler);
        });
    }, 30s);
    if (ec) throw std::runtime_error("send failed: " + ec.message());
}

ws_client::~ws_client()
{
    if (!read_pending_) return;
    // Let the pending read end (with an error) before the stream and its buffer go away.
    beast::error_code ignored;
    tcp().socket().close(ignored);
    ioc_.restart();
    while (read_pending_ && ioc_.run_one_for(1s) > 0) {}
}

void ws_client::start_read()
{
    if (read_pending_ || read_result_) return;
    buffer_.clear();
    read_pending_ = true;
    with_ws([&](auto& ws) {
        ws.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
            read_pending_ = false;
            read_result_ = ec;
        });
    });
}

std::optional<std::string> ws_client::poll(std::chrono::milliseconds timeout)
{
    start_read();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    ioc_.restart();
    while (!read_result_ && ioc_.run_one_until(deadline) > 0) {}
    if (!read_result_) return std::nullopt;
    const auto ec = *read_result_;
    read_result_.reset();
    if (ec) {
        // A close frame was received (the server may not wait for our answer to it), or the
        // connection was lost.
        const auto reason = with_ws([](auto& ws) { return ws.reason(); });
        std::optional<std::uint16_t> code;
        if (reason.code != websocket::close_code::none) code = static_cast<std::uint16_t>(reason.code);
        throw ws_closed("receive failed: " + ec.message(), code);
    }
    return beast::buffers_to_string(buffer_.data());
}

std::string ws_client::receive(std::chrono::milliseconds timeout)
{
    auto message = poll(timeout);
    if (!message) throw std::runtime_error("receive failed: timed out");
    return std::move(*message);
}

boost::json::object ws_client::receive_json(std::chrono::milliseconds timeout)
{
    return boost::json::parse(receive(timeout)).as_object();
}

std::optional<std::uint16_t> ws_client::wait_for_close(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    try {
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left <= 0ms || !poll(left)) return std::nullopt;
        }
    } catch (const ws_closed& closed) {
        return closed.code;
    }
}

flood_outcome ws_client::flood(const std::string& text, std::uint64_t max_messages, std::chrono::milliseconds timeout)
{
    flood_outcome outcome;
    bool writing = false;
    bool write_failed = false;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (!writing && !write_failed && outcome.sent < max_messages) {
            writing = true;
            with_ws([&](auto& ws) {
                ws.text(true);
                ws.async_write(asio::buffer(text), [&](beast::error_code ec, std::size_t) {
                    writing = false;
                    if (ec) write_failed = true;
                    else ++outcome.sent;
                });
            });
        }
        try {
            const auto answer = poll(0ms);
            if (answer && answer->find(R"("code":"rate_limited")") != std::string::npos) ++outcome.refused;
            if (!answer) {
                // Nothing to read yet: run whatever completes first (a write, a read) or give up at the bound.
                ioc_.restart();
                if (ioc_.run_one_until(deadline) == 0 && std::chrono::steady_clock::now() >= deadline) break;
            }
        } catch (const ws_closed& closed) {
            outcome.close_code = closed.code;
            break;
        }
    }
    // The connection is over (or the bound passed): the write in flight ends with an error.
    beast::error_code ignored;
    tcp().socket().close(ignored);
    ioc_.restart();
    while ((writing || read_pending_) && ioc_.run_one_for(5s) > 0) {}
    read_result_.reset();
    return outcome;
}

} // namespace tillit::test
