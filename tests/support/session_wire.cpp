// session_wire: the two ends of one real WebSocket connection on 127.0.0.1.
#include "support/session_wire.hpp"

#include <optional>
#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/json/parse.hpp>

#include "app/session_sink.hpp"
#include "net/message_handler.hpp"

namespace tillit::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

// The connection's messages are the test's business, not the server's: nothing is handled.
class silent_handler final : public net::message_handler {
public:
    asio::awaitable<void> on_text(std::string_view) override { co_return; }
};

} // namespace

session_wire::session_wire()
    : make_handler_([](net::websocket_session&) { return std::make_unique<silent_handler>(); }), client_(client_ioc_)
{
    tcp::acceptor acceptor(server_ioc_, {asio::ip::make_address("127.0.0.1"), 0});
    tcp::socket server_socket(asio::make_strand(server_ioc_));
    // The listen backlog completes the connection before it is accepted.
    beast::get_lowest_layer(client_).socket().connect(acceptor.local_endpoint());
    acceptor.accept(server_socket);

    std::promise<std::shared_ptr<net::websocket_session>> made;
    auto ready = made.get_future();
    start_server(std::move(server_socket), std::move(made));
    server_thread_ = std::thread([this] {
        server_ioc_.run();
        server_done_ = true;
    });
    const auto ec = run([&](auto handler) { client_.async_handshake("127.0.0.1", "/ws", handler); }, 5s);
    if (ec) throw std::runtime_error("handshake failed: " + ec.message());
    if (ready.wait_for(5s) != std::future_status::ready) throw std::runtime_error("no server session");
    session_ = ready.get();
    sink_ = std::make_shared<app::session_sink>(session_);
}

session_wire::~session_wire()
{
    sink_.reset();
    session_.reset();
    beast::error_code ignored;
    beast::get_lowest_layer(client_).socket().close(ignored);
    // The session sees the close and ends; if it does not in time, stop it anyway.
    for (int i = 0; i < 250 && !server_done_; ++i) std::this_thread::sleep_for(20ms);
    server_ioc_.stop();
    server_thread_.join();
}

json::object session_wire::receive()
{
    buffer_.clear();
    const auto ec = run([&](auto handler) { client_.async_read(buffer_, handler); }, 5s);
    if (ec) throw std::runtime_error("nothing received: " + ec.message());
    return json::parse(beast::buffers_to_string(buffer_.data())).as_object();
}

void session_wire::start_server(tcp::socket socket, std::promise<std::shared_ptr<net::websocket_session>> made)
{
    auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
    auto upgrade = std::make_shared<http::request<http::string_body>>();
    http::async_read(*stream, upgrade_buffer_, *upgrade,
                     [this, stream, upgrade, made = std::move(made)](beast::error_code ec, std::size_t) mutable {
                         if (ec) return made.set_exception(std::make_exception_ptr(std::runtime_error(ec.message())));
                         auto session = std::make_shared<net::websocket_session>(std::move(*stream), cfg_, net::client_key{});
                         made.set_value(session);
                         auto running = session->run(std::move(*upgrade), make_handler_);
                         asio::co_spawn(session->get_executor(), std::move(running), [session](std::exception_ptr) {});
                     });
}

template <class Start>
beast::error_code session_wire::run(Start start, std::chrono::milliseconds timeout)
{
    std::optional<beast::error_code> outcome;
    start([&](beast::error_code ec, auto&&...) { outcome = ec; });
    client_ioc_.restart();
    client_ioc_.run_for(timeout);
    if (!outcome) {
        beast::get_lowest_layer(client_).socket().close();
        client_ioc_.restart();
        client_ioc_.run();
        return asio::error::timed_out;
    }
    return *outcome;
}

} // namespace tillit::test
