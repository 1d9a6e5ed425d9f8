// websocket_session: one WebSocket connection. It owns the stream and a bounded backlog of
// outgoing frames with exactly one write in flight (on plain TCP the frames go straight into
// coalescing_stream's send buffer, over TLS into a queue); all its state lives on the connection's
// strand. Other threads reach it through send() and close(), which post onto that strand. The
// stream is plain TCP or TLS over TCP (a variant, so the rest of the server sees one class).
#pragma once

#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "config/config.hpp"
#include "net/coalescing_stream.hpp"
#include "metrics/server_metrics.hpp"
#include "net/client_key.hpp"
#include "net/message_handler.hpp"
#include "net/rate_limiter.hpp"
#include "protocol/events.hpp"

namespace tillit::net {

// Whether an error reply counts toward the connection's limit of mistakes (docs/protocol.md,
// "Errors": the "counted" column).
enum class strike { counts, forgiven };

class websocket_session : public std::enable_shared_from_this<websocket_session> {
public:
    // Plain connections send what is queued together (coalescing_stream.hpp). Over TLS each frame
    // is still its own record and system call.
    using plain_stream = boost::beast::websocket::stream<coalescing_stream>;
    using tls_stream = boost::beast::websocket::stream<boost::beast::ssl_stream<boost::beast::tcp_stream>>;
    using executor_type = boost::beast::tcp_stream::executor_type;  // the same for both
    using handler_factory = std::function<std::unique_ptr<message_handler>(websocket_session&)>;

    // `metrics` (may be null) counts the error replies this session sends, by code.
    websocket_session(boost::beast::tcp_stream&& stream, const config::config& cfg, client_key key,
                      metrics::server_metrics* metrics = nullptr);
    // The same over TLS (the handshake already done).
    websocket_session(boost::beast::ssl_stream<boost::beast::tcp_stream>&& stream, const config::config& cfg,
                      client_key key, metrics::server_metrics* metrics = nullptr);

    // Completes the upgrade and reads until the connection ends. Runs on the connection's strand;
    // the caller must hold a shared_ptr to this session for the duration.
    boost::asio::awaitable<void> run(boost::beast::http::request<boost::beast::http::string_body> upgrade,
                                     const handler_factory& make_handler);

    // Queues a text frame (not an error: see send_error). Any thread. A client more than
    // ws-write-queue-frames behind is cut off.
    void send(std::string text);

    // Queues an error reply and counts it in /metrics by its code; ten that count as a strike
    // close the connection with 1008 (policy). Any thread.
    void send_error(protocol::error_reply reply, strike counted = strike::counts);

    // Sends the queued frames, then a close frame with `code`. Any thread.
    void close(boost::beast::websocket::close_code code, std::string reason = {});

    // The connection has joined, resumed or signed in: purposeless-timeout no longer applies.
    // On the strand (the message handler calls it); later calls do nothing.
    void mark_purposeful();

    [[nodiscard]] executor_type get_executor() { return executor_; }
    // Who this is, as far as blocking needs to know (see client_key.hpp).
    [[nodiscard]] const client_key& key() const { return key_; }

private:
    boost::asio::awaitable<void> write_loop();
    bool enqueue(std::string text);     // on the strand; false: not queued (closing, or cut off)
    void enqueue_error(const protocol::error_reply& reply);  // on the strand
    void cut_off_slow_reader();         // on the strand
    void request_close(boost::beast::websocket::close_reason reason);  // on the strand
    // Sets deadline_ to the earliest moment a rule may close this connection, if any. On the strand.
    void arm_deadline();
    void on_deadline();                 // on the strand
    // Calls f(the WebSocket stream) with its actual type; f's result type must not depend on it.
    template <class F>
    decltype(auto) with_stream(F&& f) { return std::visit(std::forward<F>(f), ws_); }

    const config::config& cfg_;
    const client_key key_;
    metrics::server_metrics* const metrics_;
    std::variant<plain_stream, tls_stream> ws_;
    const executor_type executor_;  // the connection's strand
    boost::asio::steady_timer wake_writer_;
    // One timer for two rules: purposeless-timeout while the connection has no purpose, and
    // ws-message-deadline while a message is arriving (a small message that arrives whole never
    // sets it). Unset the rest of the time.
    boost::asio::steady_timer deadline_;
    std::chrono::steady_clock::time_point purposeless_until_;
    std::optional<std::chrono::steady_clock::time_point> message_started_;  // its first bytes came then
    bool purposeful_ = false;
    // TLS only: plain connections append to coalescing_stream. A list, because an empty deque
    // still holds 512 bytes, on every connection.
    std::list<std::string> outgoing_;
    std::optional<boost::beast::websocket::close_reason> close_reason_;  // set once a close is asked for
    bool reading_done_ = false;
    rate_limiter rate_;
    unsigned messages_refused_ = 0;
    unsigned errors_sent_ = 0;
};

} // namespace tillit::net
