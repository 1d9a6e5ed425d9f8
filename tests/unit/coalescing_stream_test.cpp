// coalescing_stream_test: frames appended under Beast on the plain-TCP path, mixed with Beast's own
// pings, pongs and closing handshake, reach a real Beast client over a real loopback socket whole,
// in order, and the close completes; also while a ping waits behind max_pending_bytes (which
// overflowed the stack with Boost 1.81's any_completion_handler move assignment).
#include "net/coalescing_stream.hpp"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using tillit::net::coalescing_stream;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// Every header length form of RFC 6455 5.2 (7-bit, 16-bit, 64-bit) and the sizes either side of its
// limits; 65536 and 70000 push the pending buffer past max_pending_bytes, so a ping has to wait.
constexpr std::array<std::size_t, 10> frame_sizes{0, 1, 125, 126, 127, 1000, 65535, 65536, 70000, 17};
constexpr std::size_t frame_count = 10 * frame_sizes.size();

// Frame i: its number, then a filler that differs from one frame to the next.
std::string payload(std::size_t i)
{
    const std::size_t size = frame_sizes[i % frame_sizes.size()];
    std::string text = "#" + std::to_string(i) + ":";
    if (text.size() > size) return std::string(size, static_cast<char>('a' + i % 26));
    for (std::size_t k = text.size(); k < size; ++k) text.push_back(static_cast<char>('A' + (i + k) % 26));
    return text;
}

struct exchange {
    // Server side.
    int server_pings_sent = 0;
    int client_pings_seen_by_server = 0;
    bool client_done = false;
    std::optional<boost::system::error_code> server_close_result;
    std::optional<boost::system::error_code> server_read_end;
    // Client side.
    std::size_t frames_received = 0;
    std::optional<std::size_t> first_wrong_frame;
    int server_pings_seen_by_client = 0;
    int client_pings_sent = 0;
    int pongs_seen_by_client = 0;
    bool done_sent = false;
    std::optional<boost::system::error_code> client_read_end;
    std::optional<boost::system::error_code> client_done_write;
};

using server_ws = websocket::stream<coalescing_stream>;
using client_ws = websocket::stream<beast::tcp_stream>;

// The server's write side, like websocket_session: appends frames, lets Beast ping in between, and
// once the client says it has everything, closes.
asio::awaitable<void> server_writes(server_ws& ws, exchange& x, asio::steady_timer& client_done)
{
    for (std::size_t i = 0; i < frame_count; ++i) {
        ws.next_layer().append_text_frame(payload(i));
        if (i % 4 == 1) {
            auto pinging = ws.async_ping(websocket::ping_data{"server ping"}, use_tuple);
            auto [ec] = co_await std::move(pinging);
            if (ec) co_return;
            ++x.server_pings_sent;
        }
        if (i % 5 == 2) {
            // Let the read side run, so that its pongs land between appended frames.
            auto yielding = asio::post(ws.get_executor(), asio::use_awaitable);
            co_await std::move(yielding);
        }
    }
    while (!x.client_done) {
        client_done.expires_at(asio::steady_timer::time_point::max());
        auto waiting = client_done.async_wait(use_tuple);
        co_await std::move(waiting);
    }
    ws.next_layer().append_text_frame("last before close");
    auto closing = ws.async_close(websocket::close_code::normal, use_tuple);
    auto [ec] = co_await std::move(closing);
    x.server_close_result = ec;
}

asio::awaitable<void> server_reads(server_ws& ws, exchange& x, asio::steady_timer& client_done)
{
    beast::flat_buffer buffer;
    for (;;) {
        auto reading = ws.async_read(buffer, use_tuple);
        auto [ec, size] = co_await std::move(reading);
        if (ec) {
            x.server_read_end = ec;
            co_return;
        }
        if (beast::buffers_to_string(buffer.data()) == "done") {
            x.client_done = true;
            client_done.cancel();
        }
        buffer.consume(buffer.size());
    }
}

// Sends "done" once every frame came and every client ping was answered.
void maybe_send_done(client_ws& ws, exchange& x)
{
    if (x.done_sent || x.frames_received < frame_count || x.pongs_seen_by_client < x.client_pings_sent) return;
    x.done_sent = true;
    asio::co_spawn(
        ws.get_executor(),
        [&ws, &x]() -> asio::awaitable<void> {
            ws.text(true);
            auto writing = ws.async_write(asio::buffer(std::string_view("done")), use_tuple);
            auto [ec, size] = co_await std::move(writing);
            x.client_done_write = ec;
        },
        asio::detached);
}

asio::awaitable<void> client_reads(client_ws& ws, exchange& x)
{
    beast::flat_buffer buffer;
    for (;;) {
        auto reading = ws.async_read(buffer, use_tuple);
        auto [ec, size] = co_await std::move(reading);
        if (ec) {
            x.client_read_end = ec;
            co_return;
        }
        const auto text = beast::buffers_to_string(buffer.data());
        buffer.consume(buffer.size());
        const bool expected = x.frames_received < frame_count ? text == payload(x.frames_received)
                                                              : text == "last before close";
        if (!expected && !x.first_wrong_frame) x.first_wrong_frame = x.frames_received;
        ++x.frames_received;
        if (x.frames_received % 6 == 0 && x.frames_received <= frame_count) {
            ++x.client_pings_sent;
            auto pinging = ws.async_ping(websocket::ping_data{"client ping"}, use_tuple);
            auto [ping_ec] = co_await std::move(pinging);
            if (ping_ec) {
                x.client_read_end = ping_ec;
                co_return;
            }
        }
        maybe_send_done(ws, x);
    }
}

asio::awaitable<void> server_side(server_ws& ws, exchange& x, asio::steady_timer& client_done)
{
    ws.control_callback([&x](websocket::frame_type kind, beast::string_view) {
        if (kind == websocket::frame_type::ping) ++x.client_pings_seen_by_server;
    });
    auto accepting = ws.async_accept(use_tuple);
    if (auto [ec] = co_await std::move(accepting); ec) co_return;
    asio::co_spawn(ws.get_executor(), server_writes(ws, x, client_done), asio::detached);
    co_await server_reads(ws, x, client_done);
}

asio::awaitable<void> client_side(client_ws& ws, exchange& x)
{
    ws.control_callback([&ws, &x](websocket::frame_type kind, beast::string_view) {
        if (kind == websocket::frame_type::ping) ++x.server_pings_seen_by_client;
        if (kind == websocket::frame_type::pong) {
            ++x.pongs_seen_by_client;
            maybe_send_done(ws, x);
        }
    });
    auto handshaking = ws.async_handshake("127.0.0.1", "/", use_tuple);
    if (auto [ec] = co_await std::move(handshaking); ec) co_return;
    co_await client_reads(ws, x);
}

TEST(CoalescingStream, AppendedFramesSurvivePingsPongsAndTheClosingHandshake)
{
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    tcp::socket client_socket(io);
    client_socket.connect(acceptor.local_endpoint());
    tcp::socket server_socket = acceptor.accept();

    server_ws server(coalescing_stream(beast::tcp_stream(std::move(server_socket))));
    client_ws client(std::move(client_socket));
    asio::steady_timer client_done(io);
    exchange x;
    asio::co_spawn(io, server_side(server, x, client_done), asio::detached);
    asio::co_spawn(io, client_side(client, x), asio::detached);
    // A bound, not a wait: the exchange ends by itself when the close completes on both sides.
    io.run_for(std::chrono::seconds(60));
    ASSERT_TRUE(io.stopped()) << "the exchange did not finish";

    // Every data frame whole and in order, the one appended just before the close included.
    EXPECT_EQ(x.frames_received, frame_count + 1);
    EXPECT_FALSE(x.first_wrong_frame) << "frame " << *x.first_wrong_frame << " arrived wrong";
    // The control frames in between arrived and were answered.
    EXPECT_EQ(x.server_pings_sent, static_cast<int>((frame_count + 2) / 4));
    EXPECT_EQ(x.server_pings_seen_by_client, x.server_pings_sent);
    EXPECT_EQ(x.client_pings_sent, static_cast<int>(frame_count / 6));
    EXPECT_EQ(x.client_pings_seen_by_server, x.client_pings_sent);
    EXPECT_EQ(x.pongs_seen_by_client, x.client_pings_sent);
    ASSERT_TRUE(x.client_done_write);
    EXPECT_FALSE(*x.client_done_write);
    // The closing handshake completed on both sides.
    ASSERT_TRUE(x.server_close_result);
    EXPECT_FALSE(*x.server_close_result) << x.server_close_result->message();
    ASSERT_TRUE(x.server_read_end);
    // The server's pending read ends when its close completes, as websocket_session's does.
    EXPECT_TRUE(*x.server_read_end == websocket::error::closed || *x.server_read_end == asio::error::operation_aborted)
        << x.server_read_end->message();
    ASSERT_TRUE(x.client_read_end);
    EXPECT_EQ(*x.client_read_end, websocket::error::closed) << x.client_read_end->message();
    EXPECT_EQ(client.reason().code, websocket::close_code::normal);
}

} // namespace
