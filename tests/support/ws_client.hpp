// ws_client: a real Beast WebSocket client for the integration tests. Every operation has a
// deadline, so a broken server fails a test instead of hanging it. Plain ws:// or, with
// ws_options::tls, wss:// (TLS 1.2 or 1.3, the server's certificate checked when a CA is given).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/object.hpp>

#include "support/http_client.hpp"

namespace tillit::test {

using namespace std::chrono_literals;

struct ws_options {
    std::string target = "/ws";
    std::string origin;        // empty: no Origin header (not a browser)
    std::string user_agent;    // empty: none
    bool offer_deflate = false;
    std::string source_address;  // empty: any; else the local address to connect from (bound first)
    header_list headers;         // more headers on the upgrade request (X-Forwarded-For, say)
    bool tls = false;            // wss://: TLS first, then the upgrade
    std::string tls_ca_file;     // with tls: the PEM certificate to trust for 127.0.0.1; empty: no check
};

// The connection has ended (the server closed it, or it was lost): `code` is the close code, or
// nullopt when it ended without a close frame.
struct ws_closed : std::runtime_error {
    ws_closed(const std::string& what, std::optional<std::uint16_t> close_code) : std::runtime_error(what), code(close_code) {}
    std::optional<std::uint16_t> code;
};

// What a flood got from the server (see ws_client::flood).
struct flood_outcome {
    std::uint64_t sent = 0;                  // messages written before the connection ended or the bound
    std::uint64_t refused = 0;               // rate_limited errors received
    std::uint64_t refused_before_close = 0;  // of them, how many came before the close frame
    std::optional<std::uint16_t> close_code; // the server's close code; nullopt if it did not close
};

// Every default time-out is generous (30 s): a sanitized server on a busy 2-core machine can be
// slow, and a time-out is only ever reached by a test that fails anyway.
class ws_client {
public:
    // Connects and upgrades. Throws std::runtime_error when the upgrade is refused; the HTTP
    // status of the refusal is in the message and in refused_status().
    explicit ws_client(std::uint16_t port, ws_options options = {});
    ~ws_client();
    ws_client(const ws_client&) = delete;
    ws_client& operator=(const ws_client&) = delete;

    // Tries to connect; returns the HTTP status of the upgrade response (101 when it worked).
    static unsigned upgrade_status(std::uint16_t port, ws_options options);

    void send(const std::string& text);
    void send_json(const boost::json::object& message);
    void send_binary(const std::string& bytes);
    // The next text message; throws ws_closed when the connection has ended, std::runtime_error
    // on time-out (the connection stays usable: a later call goes on waiting for the same read).
    std::string receive(std::chrono::milliseconds timeout = 30s);
    // The next text message, or nullopt when none came within `timeout`; throws ws_closed.
    std::optional<std::string> poll(std::chrono::milliseconds timeout);
    boost::json::object receive_json(std::chrono::milliseconds timeout = 30s);
    // Reads until the server closes; returns its close code (nullopt on time-out or a close
    // without a close frame). Messages received meanwhile are dropped.
    std::optional<std::uint16_t> wait_for_close(std::chrono::milliseconds timeout = 30s);

    // Sends `text` again and again, reading what comes back meanwhile, until the server closes the
    // connection, or `max_messages` were sent and `timeout` has passed since the last answer, or
    // `timeout` passes in all. Decides on what the server did, not on how fast this client runs.
    flood_outcome flood(const std::string& text, std::uint64_t max_messages, std::chrono::milliseconds timeout);

    // Drops the TCP connection without a closing handshake, as a lost network would.
    void drop();

    [[nodiscard]] const boost::beast::websocket::response_type& upgrade_response() const { return upgrade_response_; }

private:
    template <class Start>
    boost::beast::error_code run(Start start, std::chrono::milliseconds timeout);

    using plain_ws = boost::beast::websocket::stream<boost::beast::tcp_stream>;
    using tls_ws = boost::beast::websocket::stream<boost::beast::ssl_stream<boost::beast::tcp_stream>>;
    // Calls f(the WebSocket stream) with its actual type.
    template <class F>
    decltype(auto) with_ws(F&& f) { return std::visit(std::forward<F>(f), ws_); }
    boost::beast::tcp_stream& tcp();

    boost::asio::io_context ioc_;
    std::unique_ptr<boost::asio::ssl::context> tls_context_;  // with tls only; outlives the stream
    std::variant<plain_ws, tls_ws> ws_;
    // One read is kept pending across receive()/poll() calls, so that a time-out does not cost the
    // connection; its result waits here until taken.
    void start_read();
    bool read_pending_ = false;
    std::optional<boost::beast::error_code> read_result_;
    boost::beast::flat_buffer buffer_;
    boost::beast::websocket::response_type upgrade_response_;
};

} // namespace tillit::test
