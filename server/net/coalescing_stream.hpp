// coalescing_stream: the layer under a plain WebSocket that sends many frames in one system call.
// A write is copied into a pending buffer and completes at once while the buffer is small; the
// send happens once the handlers already waiting have run, one socket write at a time taking
// everything pending (as Node corks a socket until the next tick). So a reply, a relayed frame
// and a `delivered` queued in the same turn leave together, and a quiet connection still gets
// each frame at once (nothing waits for more). Every byte the WebSocket layer writes, its own
// pongs and close frames included, passes through here in order. Runs on the connection's strand
// like the stream above it. Measured in docs/benchmarks.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <boost/version.hpp>
#include <sodium.h>

// append_text_frame is right only while Beast hands every frame it writes itself (ping, pong, close)
// to async_write_some whole and in one piece, under its write lock: one net::async_write over the
// serialized frame in beast/websocket/impl/ping.hpp, read.hpp (pong, close reply) and close.hpp.
// Verified with Boost 1.81 by reading those and by tests/unit/coalescing_stream_test.cpp.
static_assert(BOOST_VERSION == 108100,
              "coalescing_stream was verified with Boost 1.81 only: for this Boost, re-read beast/websocket/impl/"
              "{ping,read,close}.hpp to confirm each control frame still reaches async_write_some whole (one "
              "net::async_write of the serialized frame, under the write lock), see whether "
              "any_completion_handler's move assignment is fixed (then `=` may replace the swap in "
              "async_write_some), run CoalescingStream.*, then update this check");

namespace tillit::net {

class coalescing_stream {
public:
    using executor_type = boost::beast::tcp_stream::executor_type;
    using next_layer_type = boost::beast::tcp_stream;

    // A writer that finds this much already pending waits for the socket (a slow reader's
    // backlog stays bounded here; the session's frame queue cuts such a reader off).
    static constexpr std::size_t max_pending_bytes = 64 * 1024;

    explicit coalescing_stream(boost::beast::tcp_stream&& next)
        : next_(std::move(next)), state_(std::make_shared<state>(next_.get_executor())) {}
    coalescing_stream(coalescing_stream&&) = default;
    ~coalescing_stream()
    {
        // A send still in flight finishes (the socket outlives it) but starts no other.
        if (state_) state_->stream_gone = true;
    }

    executor_type get_executor() noexcept { return next_.get_executor(); }
    next_layer_type& next_layer() noexcept { return next_; }
    const next_layer_type& next_layer() const noexcept { return next_; }

    template <class MutableBuffers, class Token>
    auto async_read_some(const MutableBuffers& buffers, Token&& token)
    {
        return next_.async_read_some(buffers, std::forward<Token>(token));
    }

    template <class ConstBuffers, class Token>
    auto async_write_some(const ConstBuffers& buffers, Token&& token)
    {
        return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            [this](auto handler, const ConstBuffers& data) {
                auto& s = *state_;
                if (s.failed) return s.complete(std::move(handler), s.failed, 0);
                std::size_t size = 0;
                for (const auto b : boost::beast::buffers_range_ref(data)) {
                    s.pending.append(static_cast<const char*>(b.data()), b.size());
                    size += b.size();
                }
                send_soon(state_, next_);
                if (s.pending.size() < max_pending_bytes) return s.complete(std::move(handler), {}, size);
                // Not `=`: Boost 1.81's move assignment of any_completion_handler passes its argument
                // as an lvalue to its own converting constructor, which wraps it again without end
                // (a stack overflow as soon as a ping, pong or close waits here).
                blocked_handler(std::move(handler)).swap(s.blocked_writer);
                s.blocked_size = size;
            },
            token, buffers);
    }

    // Appends one whole text frame from the server (unmasked, RFC 6455 section 5.2) and sends it
    // soon with whatever else is pending. For the session's own messages: cheaper than a write
    // through the WebSocket layer, which writes its frames (pongs, close) whole too, so frames
    // never interleave. On the connection's strand.
    void append_text_frame(std::string_view text)
    {
        auto& s = *state_;
        if (s.failed) return;
        char header[10];
        std::size_t header_size = 2;
        header[0] = static_cast<char>(0x81);  // FIN, text
        if (text.size() < 126) {
            header[1] = static_cast<char>(text.size());
        } else if (text.size() <= 0xffff) {
            header[1] = 126;
            header[2] = static_cast<char>(text.size() >> 8);
            header[3] = static_cast<char>(text.size() & 0xff);
            header_size = 4;
        } else {
            header[1] = 127;
            for (int i = 0; i < 8; ++i)
                header[2 + i] = static_cast<char>((static_cast<std::uint64_t>(text.size()) >> (56 - 8 * i)) & 0xff);
            header_size = 10;
        }
        s.pending.append(header, header_size);
        s.pending.append(text);
        ++s.pending_frames;
        send_soon(state_, next_);
    }

    // Frames appended that have not all left yet: a reader this far behind is too slow.
    [[nodiscard]] std::size_t frames_waiting() const { return state_->pending_frames + state_->sending_frames; }

private:
    using blocked_handler = boost::asio::any_completion_handler<void(boost::system::error_code, std::size_t)>;

    // What a send in flight needs, kept alive by it: the stream above may be gone when it ends.
    struct state {
        explicit state(executor_type ex) : executor(std::move(ex)) {}
        ~state()
        {
            sodium_memzero(pending.data(), pending.size());
            sodium_memzero(sending.data(), sending.size());
        }
        template <class Handler>
        void complete(Handler&& handler, boost::system::error_code ec, std::size_t size)
        {
            boost::asio::post(executor, boost::beast::bind_front_handler(std::forward<Handler>(handler), ec, size));
        }

        executor_type executor;
        std::string pending;  // written by the layer above, not yet handed to the socket
        std::string sending;  // handed to the socket; what is left of it after a partial send
        std::size_t pending_frames = 0;  // whole frames in `pending` appended by append_text_frame
        std::size_t sending_frames = 0;  // the same in `sending`
        bool in_flight = false;
        bool send_posted = false;
        bool stream_gone = false;
        boost::system::error_code failed;  // the socket's error: every later write fails with it
        blocked_handler blocked_writer;
        std::size_t blocked_size = 0;
    };

    // Sends after the handlers already waiting have run: what they write goes in the same send.
    static void send_soon(const std::shared_ptr<state>& s, boost::beast::tcp_stream& next)
    {
        if (s->send_posted || s->in_flight) return;
        s->send_posted = true;
        boost::asio::post(s->executor, [s, &next] {
            s->send_posted = false;
            send_pending(s, next);
        });
    }

    static void send_pending(const std::shared_ptr<state>& s, boost::beast::tcp_stream& next)
    {
        if (s->in_flight || s->failed || s->stream_gone) return;
        if (s->sending.empty()) {
            if (s->pending.empty()) return;
            s->sending.swap(s->pending);
            s->sending_frames = std::exchange(s->pending_frames, 0);
        }
        s->in_flight = true;
        next.async_write_some(boost::asio::buffer(s->sending), [s, &next](boost::system::error_code ec, std::size_t sent) {
            s->in_flight = false;
            // Frames carry login values and session tokens: no copy outlives its sending.
            sodium_memzero(s->sending.data(), sent);
            s->sending.erase(0, sent);
            if (s->sending.empty()) s->sending_frames = 0;
            if (ec) s->failed = ec;
            if (s->blocked_writer && (s->failed || s->pending.size() < max_pending_bytes)) {
                auto writer = std::move(s->blocked_writer);
                s->blocked_writer = nullptr;
                s->complete(std::move(writer), s->failed, s->failed ? 0 : s->blocked_size);
            }
            if (!s->stream_gone) send_pending(s, next);
        });
    }

    boost::beast::tcp_stream next_;
    std::shared_ptr<state> state_;
};

// The WebSocket closing handshake ends by tearing down the TCP connection under this layer.
inline void teardown(boost::beast::role_type role, coalescing_stream& stream, boost::system::error_code& ec)
{
    using boost::beast::websocket::teardown;
    teardown(role, stream.next_layer().socket(), ec);
}

template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, coalescing_stream& stream, TeardownHandler&& handler)
{
    using boost::beast::websocket::async_teardown;
    async_teardown(role, stream.next_layer().socket(), std::forward<TeardownHandler>(handler));
}

} // namespace tillit::net
