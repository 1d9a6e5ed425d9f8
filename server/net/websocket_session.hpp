// websocket_session: one WebSocket connection. It owns the stream and a bounded queue of
// outgoing frames with exactly one write in flight; all its state lives on the connection's
// strand. Other threads reach it through send() and close(), which post onto that strand.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "config/config.hpp"
#include "net/client_key.hpp"
#include "net/message_handler.hpp"
#include "net/rate_limiter.hpp"

namespace tillit::net {

class websocket_session : public std::enable_shared_from_this<websocket_session> {
public:
    using stream_type = boost::beast::websocket::stream<boost::beast::tcp_stream>;
    using handler_factory = std::function<std::unique_ptr<message_handler>(websocket_session&)>;

    websocket_session(boost::beast::tcp_stream&& stream, const config::config& cfg, client_key key);

    // Completes the upgrade and reads until the connection ends. Runs on the connection's strand;
    // the caller must hold a shared_ptr to this session for the duration.
    boost::asio::awaitable<void> run(boost::beast::http::request<boost::beast::http::string_body> upgrade,
                                     const handler_factory& make_handler);

    // Queues a text frame. Any thread. A client more than ws-write-queue-frames behind is cut off.
    void send(std::string text);

    // Queues an error reply; ten of them on one connection close it with 1008 (policy). Any thread.
    void send_error(std::string text);

    // Sends the queued frames, then a close frame with `code`. Any thread.
    void close(boost::beast::websocket::close_code code, std::string reason = {});

    [[nodiscard]] stream_type::executor_type get_executor() { return ws_.get_executor(); }
    // Who this is, as far as blocking needs to know (see client_key.hpp).
    [[nodiscard]] const client_key& key() const { return key_; }

private:
    boost::asio::awaitable<void> write_loop();
    void enqueue(std::string text);     // on the strand
    void request_close(boost::beast::websocket::close_reason reason);  // on the strand

    const config::config& cfg_;
    const client_key key_;
    stream_type ws_;
    boost::asio::steady_timer wake_writer_;
    std::deque<std::string> outgoing_;
    std::optional<boost::beast::websocket::close_reason> close_reason_;  // set once a close is asked for
    bool reading_done_ = false;
    rate_limiter rate_;
    unsigned messages_refused_ = 0;
    unsigned errors_sent_ = 0;
};

} // namespace tillit::net
