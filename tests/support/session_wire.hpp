// session_wire: one real WebSocket connection on 127.0.0.1 for the unit tests: the server end is a
// net::websocket_session (what chat/ and app/ send to), the client end is read by the test under a
// deadline, so a test sees exactly what a client would. The server end runs on a thread of its own.
#pragma once

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/object.hpp>

#include "chat/chat_sink.hpp"
#include "config/config.hpp"
#include "net/websocket_session.hpp"

namespace tillit::test {

class session_wire {
public:
    // Connects, upgrades and waits for the server's session. Throws std::runtime_error when that
    // fails within 5 s.
    session_wire();
    ~session_wire();
    session_wire(const session_wire&) = delete;
    session_wire& operator=(const session_wire&) = delete;

    [[nodiscard]] const std::shared_ptr<net::websocket_session>& session() const { return session_; }
    // The connection as a room sees it (app::session_sink over the session).
    [[nodiscard]] const std::shared_ptr<chat::chat_sink>& sink() const { return sink_; }

    // The next message sent to this connection; throws after a time-out of 5 s.
    boost::json::object receive();

private:
    void start_server(boost::asio::ip::tcp::socket socket, std::promise<std::shared_ptr<net::websocket_session>> made);
    template <class Start>
    boost::beast::error_code run(Start start, std::chrono::milliseconds timeout);

    config::config cfg_;
    net::websocket_session::handler_factory make_handler_;
    boost::asio::io_context server_ioc_;
    std::thread server_thread_;
    std::atomic<bool> server_done_ = false;
    boost::beast::flat_buffer upgrade_buffer_;
    std::shared_ptr<net::websocket_session> session_;
    std::shared_ptr<chat::chat_sink> sink_;
    boost::asio::io_context client_ioc_;
    boost::beast::websocket::stream<boost::beast::tcp_stream> client_;
    boost::beast::flat_buffer buffer_;
};

} // namespace tillit::test
