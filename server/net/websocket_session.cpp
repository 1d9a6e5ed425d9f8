// websocket_session: the upgrade, the read loop and the bounded write queue of one connection.
#include "net/websocket_session.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <sodium.h>

#include "log/log.hpp"

namespace tillit::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr unsigned max_errors = 10;  // a client this confused is broken or probing

namespace {
// Zeroes a string's bytes when it goes out of scope, whichever way the scope is left.
struct zero_on_exit {
    std::string& text;
    ~zero_on_exit() { sodium_memzero(text.data(), text.size()); }
};
} // namespace

websocket_session::websocket_session(beast::tcp_stream&& stream, const config::config& cfg, client_key key,
                                     metrics::server_metrics* metrics)
    : cfg_(cfg),
      key_(key),
      metrics_(metrics),
      ws_(std::in_place_type<plain_stream>, std::move(stream)),
      executor_(std::get<plain_stream>(ws_).get_executor()),
      wake_writer_(executor_),
      deadline_(executor_),
      rate_(cfg.ws_messages_per_second, cfg.ws_message_burst)
{
}

websocket_session::websocket_session(beast::ssl_stream<beast::tcp_stream>&& stream, const config::config& cfg,
                                     client_key key, metrics::server_metrics* metrics)
    : cfg_(cfg),
      key_(key),
      metrics_(metrics),
      ws_(std::in_place_type<tls_stream>, std::move(stream)),
      executor_(std::get<tls_stream>(ws_).get_executor()),
      wake_writer_(executor_),
      deadline_(executor_),
      rate_(cfg.ws_messages_per_second, cfg.ws_message_burst)
{
}

asio::awaitable<void> websocket_session::run(beast::http::request<beast::http::string_body> upgrade,
                                             const handler_factory& make_handler)
{
    // The WebSocket layer keeps its own timeouts (handshake, idle with keep-alive pings).
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = cfg_.http_request_timeout;
    timeouts.idle_timeout = cfg_.idle_timeout;
    timeouts.keep_alive_pings = true;
    websocket::permessage_deflate no_compression;  // compressed ciphertext leaks nothing but costs CPU and memory
    no_compression.server_enable = false;
    with_stream([&](auto& ws) {
        beast::get_lowest_layer(ws).expires_never();
        ws.set_option(timeouts);
        ws.set_option(no_compression);
        ws.read_message_max(cfg_.ws_max_message_bytes);
        // Beast names itself in the 101 whenever the answer has no Server field (build_response in
        // websocket/impl/accept.hpp), so erasing it does nothing: an empty one names no software.
        ws.set_option(websocket::stream_base::decorator([](websocket::response_type& res) { res.set(beast::http::field::server, ""); }));
    });

    auto accepting = with_stream([&](auto& ws) { return ws.async_accept(upgrade, use_tuple); });
    if (auto [ec] = co_await std::move(accepting); ec) {
        log::debug("websocket_handshake_failed", {{"error", ec.message()}});
        co_return;
    }
    log::debug("websocket_open");
    upgrade = {};  // the upgrade request is not needed again: free it for the connection's life

    auto handler = make_handler(*this);
    asio::co_spawn(executor_, [self = shared_from_this()] { return self->write_loop(); }, asio::detached);
    purposeless_until_ = std::chrono::steady_clock::now() + cfg_.purposeless_timeout;
    arm_deadline();

    beast::flat_buffer buffer;
    for (;;) {
        // Piece by piece, so that a message whose first bytes came but not its last is seen: Beast's
        // idle timeout is reset by every byte, so a trickle would otherwise hold the connection.
        auto reading = with_stream([&](auto& ws) { return ws.async_read_some(buffer, cfg_.ws_max_message_bytes, use_tuple); });
        auto [ec, unused_size] = co_await std::move(reading);
        if (ec) {
            if (ec == websocket::error::message_too_big) log::info("websocket_closed", {{"reason", "message_too_big"}});
            else if (ec != websocket::error::closed && ec != asio::error::operation_aborted)
                log::debug("websocket_read_ended", {{"error", ec.message()}});
            break;
        }
        if (!with_stream([](auto& ws) { return ws.is_message_done(); })) {
            if (!message_started_) {
                message_started_ = std::chrono::steady_clock::now();
                arm_deadline();
            }
            continue;
        }
        if (message_started_) {
            message_started_.reset();
            arm_deadline();
        }
        const auto size = buffer.size();
        if (!with_stream([](auto& ws) { return ws.got_text(); })) {
            request_close({websocket::close_code::unknown_data, "text frames only"});
            buffer.consume(size);
            continue;
        }
        auto text = beast::buffers_to_string(buffer.data());
        // Frames carry login values and session tokens: neither the read buffer nor this copy
        // keeps one in memory once the frame is handled.
        const zero_on_exit wipe_text{text};
        sodium_memzero(buffer.data().data(), size);
        buffer.consume(size);
        // Most connections are idle most of the time (a queue, a chat between messages): a large
        // message's buffer goes; the next read takes a small one (Beast asks for 1536 bytes).
        buffer.shrink_to_fit();
        if (rate_.allow(rate_limiter::clock::now())) {
            // Forgiven only once it has slowed down enough to win back half its burst: a flood that
            // is merely slower than this server can read still adds up and is cut off (attack_test).
            if (rate_.available() >= cfg_.ws_message_burst / 2.0) messages_refused_ = 0;
        } else {
            // A flood costs the flooder, not the other chats: refuse, and after a while hang up.
            if (++messages_refused_ > cfg_.ws_message_burst) {
                log::info("websocket_closed", {{"reason", "flood"}});
                request_close({websocket::close_code::policy_error, "too many messages"});
            } else {
                enqueue_error(protocol::error_reply{protocol::errc::rate_limited});
            }
            continue;
        }
        if (close_reason_) continue;
        try {
            co_await handler->on_text(text);
        } catch (const std::exception& e) {
            // A failure behind one message (the database, say) costs that message, not the connection.
            log::error("message_failed", {{"error", e.what()}});
            enqueue_error(protocol::error_reply{protocol::errc::internal});
        }
    }
    reading_done_ = true;
    wake_writer_.cancel();
    deadline_.cancel();
    handler->on_closed();
}

void websocket_session::mark_purposeful()
{
    if (purposeful_) return;
    purposeful_ = true;
    arm_deadline();
}

void websocket_session::arm_deadline()
{
    auto next = asio::steady_timer::time_point::max();
    if (!reading_done_ && !close_reason_) {
        if (!purposeful_) next = purposeless_until_;
        if (message_started_) next = std::min(next, *message_started_ + cfg_.ws_message_deadline);
    }
    if (next == deadline_.expiry()) return;  // the wait that is set already fits
    deadline_.expires_at(next);             // cancels the wait that was set
    if (next == asio::steady_timer::time_point::max()) return;
    // A weak pointer: a pending wait does not keep a finished session alive.
    deadline_.async_wait([weak = weak_from_this()](const beast::error_code& ec) {
        if (ec) return;
        if (auto self = weak.lock()) self->on_deadline();
    });
}

void websocket_session::on_deadline()
{
    if (reading_done_ || close_reason_) return;
    const auto now = std::chrono::steady_clock::now();
    if (message_started_ && now >= *message_started_ + cfg_.ws_message_deadline) {
        // A client in the middle of a frame cannot answer a close frame: cut it off at once.
        log::info("websocket_closed", {{"reason", "message_deadline"}});
        with_stream([](auto& ws) { beast::get_lowest_layer(ws).close(); });
        return;
    }
    if (!purposeful_ && now >= purposeless_until_) {
        log::info("websocket_closed", {{"reason", "purposeless"}});
        request_close({websocket::close_code::policy_error, "no join or login"});
        return;
    }
    arm_deadline();  // woken early (the timer was moved meanwhile): wait for the rest
}

// dispatch, not post: a caller already on this strand (a handler sending two messages in a row)
// gets them queued in the order it sent them.
void websocket_session::send(std::string text)
{
    asio::dispatch(executor_, [self = shared_from_this(), text = std::move(text)]() mutable {
        self->enqueue(std::move(text));
    });
}

void websocket_session::send_error(protocol::error_reply reply, strike counted)
{
    asio::dispatch(executor_, [self = shared_from_this(), reply = std::move(reply), counted] {
        self->enqueue_error(reply);
        if (counted == strike::counts && ++self->errors_sent_ >= max_errors)
            self->request_close({websocket::close_code::policy_error, "too many errors"});
    });
}

void websocket_session::enqueue_error(const protocol::error_reply& reply)
{
    if (enqueue(protocol::frame(reply)) && metrics_) metrics_->error_sent(reply.code);
}

void websocket_session::close(websocket::close_code code, std::string reason)
{
    asio::post(executor_, [self = shared_from_this(), code, reason = std::move(reason)] {
        self->request_close({code, reason});
    });
}

bool websocket_session::enqueue(std::string text)
{
    if (reading_done_ || close_reason_) return false;
    if (auto* plain = std::get_if<plain_stream>(&ws_)) {
        // Plain TCP: straight into the send buffer, no write operation per frame.
        auto& layer = plain->next_layer();
        if (layer.frames_waiting() >= cfg_.ws_write_queue_frames) {
            cut_off_slow_reader();
            return false;
        }
        layer.append_text_frame(text);
        sodium_memzero(text.data(), text.size());  // login_ok carries a token
        return true;
    }
    if (outgoing_.size() >= cfg_.ws_write_queue_frames) {
        cut_off_slow_reader();
        return false;
    }
    outgoing_.push_back(std::move(text));
    wake_writer_.cancel();
    return true;
}

void websocket_session::cut_off_slow_reader()
{
    // This client cannot keep up; holding more for it would let one reader eat the memory
    // every other chat needs.
    log::warn("websocket_cut_off", {{"reason", "write_queue_full"}});
    with_stream([](auto& ws) { beast::get_lowest_layer(ws).close(); });
}

void websocket_session::request_close(websocket::close_reason reason)
{
    if (close_reason_ || reading_done_) return;
    close_reason_ = std::move(reason);
    wake_writer_.cancel();
}

asio::awaitable<void> websocket_session::write_loop()
{
    for (;;) {
        if (reading_done_) co_return;
        if (!outgoing_.empty()) {
            auto writing = with_stream([&](auto& ws) {
                ws.text(true);
                return ws.async_write(asio::buffer(outgoing_.front()), use_tuple);
            });
            auto [ec, written] = co_await std::move(writing);
            if (ec) co_return;
            sodium_memzero(outgoing_.front().data(), outgoing_.front().size());  // login_ok carries a token
            outgoing_.pop_front();
            continue;
        }
        if (close_reason_) break;
        wake_writer_.expires_at(asio::steady_timer::time_point::max());
        co_await wake_writer_.async_wait(use_tuple);
    }
    // Everything queued went out; now the closing handshake. The read loop sees its end.
    auto closing = with_stream([&](auto& ws) { return ws.async_close(*close_reason_, use_tuple); });
    auto [ec] = co_await std::move(closing);
    if (ec && ec != asio::error::operation_aborted) log::debug("websocket_close_failed", {{"error", ec.message()}});
}

} // namespace tillit::net
