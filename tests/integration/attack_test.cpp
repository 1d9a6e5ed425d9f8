// Integration: attacks on the real server at 127.0.0.1, each bounded in count and time. In every
// case a chat already in progress keeps relaying both ways (during the attack where that makes
// sense, and after it), and the server's resident memory stays within a generous bound of what it
// was before. Each test decides on what the server did (refused, closed, answered), never on how
// fast this client managed to attack: the suite runs under sanitizers on busy machines.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <future>
#include <thread>

#include <sodium.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "support/chat_clients.hpp"
#include "support/http_client.hpp"
#include "support/process_status.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"
#include "tillit/crypto/encoding.hpp"

namespace tillit::test {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using clock = std::chrono::steady_clock;

constexpr auto password = "counsellor passphrase";

// Sanitizers multiply a process's memory (shadow memory; ASan keeps freed blocks in a quarantine
// of up to 256 MiB): their builds get a wider bound.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr std::size_t allowance_mib(std::size_t mib) { return mib * 3 + 256; }
#else
constexpr std::size_t allowance_mib(std::size_t mib) { return mib; }
#endif

std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

// A raw TCP connection to the server, for attacks a well-behaved client library would not make.
tcp::socket connect_raw(asio::io_context& ioc, std::uint16_t port)
{
    tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    return socket;
}

// Whether the server has closed this connection: EOF or a reset is waiting after whatever it sent.
bool closed_by_server(tcp::socket& socket)
{
    socket.non_blocking(true);
    std::array<char, 16384> drop{};
    for (;;) {
        boost::system::error_code ec;
        socket.read_some(asio::buffer(drop), ec);
        if (ec == asio::error::would_block) return false;
        if (ec) return true;
    }
}

// Waits until `enough` sockets (every one by default) have been closed by the server, or `timeout`
// passes; returns how many were.
std::size_t wait_until_closed(std::vector<tcp::socket>& sockets, std::size_t enough, std::chrono::milliseconds timeout)
{
    const auto deadline = clock::now() + timeout;
    std::vector<bool> closed(sockets.size(), false);
    std::size_t count = 0;
    while (count < enough && clock::now() < deadline) {
        for (std::size_t i = 0; i < sockets.size(); ++i)
            if (!closed[i] && closed_by_server(sockets[i])) closed[i] = true, ++count;
        std::this_thread::sleep_for(100ms);
    }
    return count;
}

std::size_t wait_until_closed(std::vector<tcp::socket>& sockets, std::chrono::milliseconds timeout)
{
    return wait_until_closed(sockets, sockets.size(), timeout);
}

// Whether /healthz answers 200 within `timeout` (connections the server has not yet seen close
// may still hold places for a moment).
bool eventually_healthy(std::uint16_t port, std::chrono::milliseconds timeout)
{
    const auto deadline = clock::now() + timeout;
    for (;;) {
        try {
            if (http_request(port, boost::beast::http::verb::get, "/healthz").result_int() == 200) return true;
        } catch (const std::exception&) {  // closed without an answer: still full
        }
        if (clock::now() > deadline) return false;
        std::this_thread::sleep_for(200ms);
    }
}

std::string upgrade_request(std::uint16_t port, const std::string& target = "/ws")
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
           "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           "Sec-WebSocket-Version: 13\r\n\r\n";
}

// A WebSocket upgraded by hand on a raw socket (then the test writes frames itself).
tcp::socket raw_websocket(asio::io_context& ioc, std::uint16_t port)
{
    auto socket = connect_raw(ioc, port);
    asio::write(socket, asio::buffer(upgrade_request(port)));
    asio::streambuf response;
    asio::read_until(socket, response, "\r\n\r\n");
    if (std::string(asio::buffers_begin(response.data()), asio::buffers_begin(response.data()) + 12) != "HTTP/1.1 101")
        throw std::runtime_error("upgrade refused");
    return socket;
}

// One masked client frame (RFC 6455, 5.2) with a payload under 126 bytes.
std::string client_frame(unsigned char opcode, std::string_view payload)
{
    std::string frame{static_cast<char>(0x80 | opcode), static_cast<char>(0x80 | payload.size()), 1, 2, 3, 4};
    for (std::size_t i = 0; i < payload.size(); ++i) frame += static_cast<char>(payload[i] ^ (i % 4 + 1));
    return frame;
}

class Attack : public ::testing::Test {
protected:
    void start(std::vector<std::string> args = {})
    {
        create_account(dir.path() / "data", "anna", "counsellor", password);
        open_around_the_clock(dir.path() / "data");
        // The fixture's defaults first: a test's own arguments come later and win. The attackers
        // here stand for many clients, all of them on 127.0.0.1: no join limit and no connection
        // cap per client (join_throttle_test and connection_limits_test cover those).
        args.insert(args.begin(), {"--http-request-timeout", "2", "--login-failure-delay-ms", "100", "--joins-per-minute", "0",
                                   "--max-connections-per-client", "19500"});
        server = std::make_unique<server_process>(dir.path(), args);
        counsellor = std::make_unique<ws_client>(server->port());
        go_on_duty(*counsellor, "anna", password, 1);  // one chat: the attackers' joins only queue
        seeker = std::make_unique<ws_client>(server->port());
        chat = text(join(*seeker, "support", "sv", false).at("chat"));
        receive_type(*counsellor, "assigned");
        expect_chat_unharmed();
        memory_before_kib = resident_kib(server->pid());
    }
    void SetUp() override { start(); }

    // The chat in progress still relays both ways (each frame within the clients' generous 30 s).
    void expect_chat_unharmed()
    {
        ++seq;
        send_frame(*seeker, chat, seq, "c2Vla2Vy" + std::to_string(seq));
        EXPECT_EQ(text(receive_type(*counsellor, "msg").at("payload")), "c2Vla2Vy" + std::to_string(seq));
        send_frame(*counsellor, chat, seq, "Y291bnNlbGxvcg" + std::to_string(seq));
        EXPECT_EQ(text(receive_type(*seeker, "msg").at("payload")), "Y291bnNlbGxvcg" + std::to_string(seq));
        counsellor->send_json({{"type", "ack"}, {"chat", chat}, {"seq", seq}});
        seeker->send_json({{"type", "ack"}, {"seq", seq}});
    }

    // Keeps the chat talking once a second while `attack` runs on a thread of its own.
    template <class Fn>
    void during(Fn attack)
    {
        auto running = std::async(std::launch::async, std::move(attack));
        while (running.wait_for(1s) != std::future_status::ready) expect_chat_unharmed();
        running.get();  // rethrows the attack's failure
    }

    void expect_memory_bounded(std::size_t mib)
    {
        const auto now_kib = resident_kib(server->pid());
        EXPECT_LT(now_kib, memory_before_kib + allowance_mib(mib) * 1024)
            << "resident memory went from " << memory_before_kib << " KiB to " << now_kib << " KiB";
    }

    temp_dir dir;
    std::unique_ptr<server_process> server;
    std::unique_ptr<ws_client> counsellor;
    std::unique_ptr<ws_client> seeker;
    std::string chat;
    std::uint64_t seq = 0;
    std::size_t memory_before_kib = 0;
};

TEST_F(Attack, SlowlorisDuringTheUpgradeIsCutOffOnTime)
{
    // 200 upgrade requests, each trickled a byte every 250 ms: all cut off by the request timeout
    // (2 s here) however busy they keep the line, long before the last byte (about 40 s) is sent.
    asio::io_context ioc;
    std::vector<tcp::socket> sockets;
    for (int i = 0; i < 200; ++i) sockets.push_back(connect_raw(ioc, server->port()));
    const auto request = upgrade_request(server->port());
    std::size_t closed = 0;
    std::size_t bytes_sent = 0;
    during([&] {
        std::vector<bool> done(sockets.size(), false);
        for (std::size_t at = 0; at < request.size() && closed < sockets.size(); ++at, bytes_sent = at) {
            for (std::size_t i = 0; i < sockets.size(); ++i) {
                if (done[i]) continue;
                boost::system::error_code ec;
                asio::write(sockets[i], asio::buffer(&request[at], 1), ec);
                if (ec || closed_by_server(sockets[i])) done[i] = true, ++closed;
            }
            std::this_thread::sleep_for(250ms);
        }
    });
    EXPECT_EQ(closed, sockets.size()) << "every slow upgrade was cut off";
    EXPECT_LT(bytes_sent, request.size()) << "before any of them could finish its request";
    expect_chat_unharmed();
    expect_memory_bounded(64);
}

TEST_F(Attack, AConnectionFloodIsHeldThenForgotten)
{
    // 3000 connections that never send a byte (well below the 20,000 files a process may open):
    // the server holds them until the request timeout, and the chat goes on meanwhile.
    asio::io_context ioc;
    std::vector<tcp::socket> sockets;
    during([&] {
        for (int i = 0; i < 3000; ++i) sockets.push_back(connect_raw(ioc, server->port()));
    });
    expect_chat_unharmed();
    expect_memory_bounded(200);
    EXPECT_EQ(wait_until_closed(sockets, 60s), sockets.size()) << "idle connections are closed after the request timeout";
    expect_chat_unharmed();
    EXPECT_EQ(http_request(server->port(), boost::beast::http::verb::get, "/healthz").result_int(), 200);
    expect_memory_bounded(200);
}

// A server with room for 100 connections, which holds an unfinished request for a minute: any
// connection it closes sooner was closed for being past the limit.
class AttackOnAFullServer : public Attack {
protected:
    void SetUp() override { start({"--max-connections", "100", "--http-request-timeout", "60"}); }
};

TEST_F(AttackOnAFullServer, ConnectionsPastTheLimitAreClosedAtOnce)
{
    asio::io_context ioc;
    std::vector<tcp::socket> sockets;
    for (int i = 0; i < 600; ++i) sockets.push_back(connect_raw(ioc, server->port()));
    // At most 100 are in (two of them the chat's): the other 500 or more are closed without an
    // answer, well before the request timeout of the ones let in.
    EXPECT_GE(wait_until_closed(sockets, 500, 40s), 500u) << "connections past max-connections are closed without an answer";
    expect_chat_unharmed();  // its two connections were in before the flood
    sockets.clear();         // the flood goes away
    EXPECT_TRUE(eventually_healthy(server->port(), 40s)) << "once the flood is gone, new connections get in";
    expect_memory_bounded(64);
}

// A server whose rate limit (5 messages a second, bursts of 20) any client, however slowed down by
// a sanitizer, can exceed: the flood test then decides on the server's answer alone.
class AttackWithATightRateLimit : public Attack {
protected:
    void SetUp() override { start({"--ws-messages-per-second", "5", "--ws-message-burst", "20"}); }
};

TEST_F(AttackWithATightRateLimit, AMessageFloodFromManyConnectionsCostsOnlyTheFlooders)
{
    // 16 connections each send as fast as they can until the server hangs up (at most 2000
    // messages, far more than the few dozen it takes, and two minutes each): each is refused past
    // its rate limit (rate_limited), then cut off (close 1008), and the chat goes on meanwhile.
    // (Not more: what is sent before the close must be read through by the server's closing.)
    std::vector<flood_outcome> outcomes(16);
    during([&] {
        std::vector<std::thread> flooders;
        for (auto& outcome : outcomes)
            flooders.emplace_back([&] {
                ws_client flooder(server->port());
                outcome = flooder.flood(R"({"type":"login_salt","pseudonym":"flood"})", 2000, 120s);
            });
        for (auto& t : flooders) t.join();
    });
    for (const auto& outcome : outcomes) {
        EXPECT_GT(outcome.refused, 0u) << "refused first (after " << outcome.sent << " messages)";
        EXPECT_EQ(outcome.close_code, std::optional<std::uint16_t>(1008)) << "then cut off (after " << outcome.sent << " messages)";
    }
    expect_chat_unharmed();
    expect_memory_bounded(64);
}

TEST_F(Attack, AQueueJoinFloodLeavesNothingBehind)
{
    // 300 help-seekers join the queue at once (the counsellor is busy with our chat), then vanish.
    {
        std::vector<std::unique_ptr<ws_client>> waiting;
        during([&] {
            for (int i = 0; i < 300; ++i) {
                waiting.push_back(std::make_unique<ws_client>(server->port()));
                waiting.back()->send_json({{"type", "join"}, {"lane", "support"}, {"language", "sv"}});
            }
            // Joins from different connections are handled in any order: the last place is 300.
            std::int64_t last_place = 0;
            for (auto& client : waiting) {
                last_place = std::max(last_place, receive_type(*client, "queue").at("position").as_int64());
            }
            EXPECT_EQ(last_place, 300);
        });
        expect_chat_unharmed();
        expect_memory_bounded(96);
    }
    // Once they are gone, the next help-seeker is first in line.
    ws_client next(server->port());
    const auto deadline = clock::now() + 60s;
    std::int64_t position = 0;
    while (clock::now() < deadline) {
        position = join(next, "support", "sv").at("position").as_int64();
        if (position == 1) break;
        next.send_json({{"type", "leave"}});
        receive_type(next, "left");
        std::this_thread::sleep_for(200ms);
    }
    EXPECT_EQ(position, 1);
    expect_chat_unharmed();
    expect_memory_bounded(96);
}

TEST_F(Attack, ASlowReaderInAChatCostsAtMostItsBacklog)
{
    // A help-seeker who never reads, paired with a second counsellor who keeps writing: the server
    // holds at most 256 frames for it and then refuses more (peer_backlog_full).
    create_account(dir.path() / "data", "bo", "counsellor", password);
    ws_client bo(server->port());
    go_on_duty(bo, "bo", password, 1);
    ws_client reader(server->port());
    const auto slow_chat = text(join(reader, "support", "sv", false).at("chat"));
    receive_type(bo, "assigned");
    const std::string payload(8000, 'A');
    bool refused = false;
    during([&] {
        // In batches of 50, kept under the counsellor's own rate limit (bursts of 200, then 50 a
        // second); 257 frames: one past the backlog.
        std::uint64_t accepted = 0;
        for (std::uint64_t first = 1; first <= 257; first += 50) {
            if (first > 200) std::this_thread::sleep_for(1100ms);
            const auto last = std::min<std::uint64_t>(first + 49, 257);
            for (auto n = first; n <= last; ++n) send_frame(bo, slow_chat, n, payload);
            for (auto n = first; n <= last; ++n) {
                const auto answer = bo.receive_json();
                if (answer.at("type") == "accepted") ++accepted;
                else if (answer.at("type") == "error") refused = answer.at("code") == "peer_backlog_full" && n == 257;
                else --n;  // another kind of message: not the answer to a frame
            }
        }
        EXPECT_EQ(accepted, 256u);
    });
    EXPECT_TRUE(refused);
    expect_chat_unharmed();
    expect_memory_bounded(64);
}

TEST(AttackSlowReader, AClientThatNeverReadsIsCutOff)
{
    // A supervisor asks for the dashboard again and again and never reads an answer: once the
    // server holds more than ws-write-queue-frames (16 here) for it, it cuts the connection.
    temp_dir dir;
    create_account(dir.path() / "data", "sara", "supervisor", password);
    server_process server(dir.path(), {"--ws-write-queue-frames", "16", "--ws-messages-per-second", "100000",
                                       "--ws-message-burst", "100000"});
    const auto before = resident_kib(server.pid());
    ws_client reader(server.port());
    ASSERT_EQ(log_in(reader, "sara", password).at("type"), "login_ok");
    try {
        for (int i = 1; i <= 100000; ++i) {
            reader.send(R"({"type":"watch"})");
            if (i % 1000 == 0 && server.log().find("write_queue_full") != std::string::npos) break;
        }
    } catch (const std::runtime_error&) {  // the server hung up while we were still asking
    }
    EXPECT_NE(server.log().find("write_queue_full"), std::string::npos) << "cut off for its full write queue";
    EXPECT_EQ(reader.wait_for_close(10s), std::nullopt) << "cut off, without a closing handshake";
    EXPECT_LT(resident_kib(server.pid()), before + allowance_mib(64) * 1024);
}

TEST(AttackHalfOpen, SilentConnectionsAreClosedAfterTheIdleTimeout)
{
    // WebSockets whose peer has vanished (it never sends again, not even a pong) are closed after
    // idle-timeout (4 s here); a chat that talks meanwhile is kept.
    temp_dir dir;
    create_account(dir.path() / "data", "anna", "counsellor", password);
    open_around_the_clock(dir.path() / "data");
    server_process server(dir.path(), {"--idle-timeout", "4"});
    ws_client counsellor(server.port());
    go_on_duty(counsellor, "anna", password, 1);
    ws_client seeker(server.port());
    const auto chat = text(join(seeker, "support", "sv", false).at("chat"));
    receive_type(counsellor, "assigned");
    const auto before = resident_kib(server.pid());

    asio::io_context ioc;
    std::vector<tcp::socket> silent;
    for (int i = 0; i < 100; ++i) silent.push_back(raw_websocket(ioc, server.port()));
    std::size_t closed = 0;
    const auto deadline = clock::now() + 60s;  // all are closed after about 4 s: the bound is for a broken server
    for (std::uint64_t n = 1; closed < silent.size() && clock::now() < deadline; ++n) {
        send_frame(seeker, chat, n, "aGk");
        EXPECT_EQ(text(receive_type(counsellor, "msg").at("payload")), "aGk");
        send_frame(counsellor, chat, n, "aGk");
        EXPECT_EQ(text(receive_type(seeker, "msg").at("payload")), "aGk");
        std::this_thread::sleep_for(500ms);
        closed = 0;
        for (auto& s : silent) closed += closed_by_server(s) ? 1 : 0;
    }
    EXPECT_EQ(closed, silent.size());
    EXPECT_LT(resident_kib(server.pid()), before + allowance_mib(64) * 1024);
}

TEST_F(Attack, APingFloodIsAnsweredWithoutHarm)
{
    // 20 connections each send 5000 pings as fast as TCP lets them and never read the pongs. Beast
    // answers each ping in the read loop, so a flooder that does not read stalls only itself.
    asio::io_context ioc;
    std::vector<tcp::socket> flooders;
    for (int i = 0; i < 20; ++i) flooders.push_back(raw_websocket(ioc, server->port()));
    std::string pings;
    for (int i = 0; i < 5000; ++i) pings += client_frame(0x9, std::string(100, 'p'));
    during([&] {
        std::vector<std::thread> threads;
        for (auto& socket : flooders)
            threads.emplace_back([&socket, &pings] {
                socket.non_blocking(true);
                std::size_t sent = 0;
                const auto until = clock::now() + 5s;
                while (sent < pings.size() && clock::now() < until) {
                    boost::system::error_code ec;
                    sent += socket.write_some(asio::buffer(pings.data() + sent, pings.size() - sent), ec);
                    if (ec == asio::error::would_block) std::this_thread::sleep_for(10ms);
                    else if (ec) break;
                }
            });
        for (auto& t : threads) t.join();
    });
    expect_chat_unharmed();
    expect_memory_bounded(96);
}

TEST_F(Attack, OversizedAndNumerousHeadersAreRefusedEarly)
{
    // Headers past http-max-header-bytes (8 KiB) get 431 and a close; the server stops reading at
    // the limit, so a megabyte of header costs it no more than 8 KiB.
    const std::string big = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(1 << 20, 'a') + "\r\n\r\n";
    std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 5000; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
    many += "\r\n";
    std::string fine = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
    for (int i = 0; i < 200; ++i) fine += "X-H" + std::to_string(i) + ": v\r\n";
    fine += "\r\n";
    during([&] {
        std::vector<std::future<std::string>> answers;
        for (int i = 0; i < 30; ++i) {
            answers.push_back(std::async(std::launch::async, [&] { return raw_exchange(server->port(), big); }));
            answers.push_back(std::async(std::launch::async, [&] { return raw_exchange(server->port(), many); }));
        }
        // The server answers 431 and closes; closing with the rest unread may reset the connection
        // before the answer is read, so "closed" without it also counts.
        for (auto& a : answers) {
            const auto answer = a.get();
            EXPECT_TRUE(answer.empty() || answer.starts_with("HTTP/1.1 431")) << answer.substr(0, 40);
        }
    });
    EXPECT_TRUE(raw_exchange(server->port(), fine).starts_with("HTTP/1.1 200")) << "many headers within the limit are fine";
    expect_chat_unharmed();
    expect_memory_bounded(64);
}

TEST_F(Attack, AChunkedBodyIsRefusedBeforeItIsParsed)
{
    // The last chunk in three pieces ("0\r\n", "\r", "\n") made Boost 1.81's chunk parser assert
    // and a debug server abort (tests/fuzz found it): chunked requests are now refused at their header.
    asio::io_context ioc;
    auto socket = connect_raw(ioc, server->port());
    socket.set_option(tcp::no_delay(true));
    for (const std::string piece : {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n", "\r", "\n"}) {
        boost::system::error_code ec;
        asio::write(socket, asio::buffer(piece), ec);
        std::this_thread::sleep_for(200ms);
    }
    std::string answer;
    boost::system::error_code ec;
    asio::read(socket, asio::dynamic_buffer(answer), ec);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer;
    EXPECT_EQ(http_request(server->port(), boost::beast::http::verb::get, "/healthz").result_int(), 200);
    expect_chat_unharmed();
}

TEST_F(Attack, InvalidUtf8InTextFramesClosesWith1007)
{
    // Overlong, surrogate, truncated, beyond U+10FFFF, and a stray continuation byte.
    for (const std::string bad : {"\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\xf4\x90\x80\x80", "\x80"}) {
        ws_client attacker(server->port());
        attacker.send(R"({"type":"join","lane":"support","language":")" + bad + "\"}");
        EXPECT_EQ(attacker.wait_for_close(), 1007) << "for " << bad.size() << " bytes starting " << int(bad[0] & 0xff);
        expect_chat_unharmed();
    }
    expect_memory_bounded(32);
}

TEST_F(Attack, AForeignOriginIsRefusedEveryTime)
{
    const std::string own = "http://127.0.0.1:" + std::to_string(server->port());
    const std::vector<std::string> foreign = {"https://evil.example", "null", "http://127.0.0.1:1", own + ".evil.example",
                                              "http://evil.example/" + own, "file://", own.substr(0, own.size() - 1)};
    for (const auto& origin : foreign) {
        for (int i = 0; i < 20; ++i)
            EXPECT_EQ(ws_client::upgrade_status(server->port(), {.origin = origin}), 403u) << origin;
    }
    EXPECT_EQ(ws_client::upgrade_status(server->port(), {.origin = own}), 101u);
    expect_chat_unharmed();
    expect_memory_bounded(32);
}

TEST_F(Attack, ATokenInTheUrlIsRefusedAndNeverWritten)
{
    // A counsellor's real session token, put where it does not belong.
    ws_client staff(server->port());
    const auto token = text(log_in(staff, "anna", password).at("token"));
    for (const auto& target : {"/ws?token=" + token, "/ws/?token=" + token, "/ws#" + token, "/ws;token=" + token,
                               "/ws/" + token, "/?token=" + token})
        EXPECT_EQ(ws_client::upgrade_status(server->port(), {.target = target}), 404u) << target;
    const auto plain = http_request(server->port(), boost::beast::http::verb::get, "/ws?token=" + token);
    EXPECT_NE(plain.result_int(), 200u);
    expect_chat_unharmed();
    ASSERT_EQ(server->stop(SIGTERM), 0);
    EXPECT_EQ(server->log().find(token), std::string::npos) << "the token appears in the log";
}

TEST_F(Attack, ALoginBruteForceIsLockedOutAndDoesNotStallTheChat)
{
    // 24 connections guess anna's password at once: Argon2id checks queue on their own pool (two
    // at a time), each failure answers late, and after five the name is locked, also for the
    // right password. The chat, and the counsellor's own session, go on.
    std::atomic<int> locked = 0;
    std::atomic<int> answered = 0;
    during([&] {
        std::vector<std::thread> guessers;
        for (int i = 0; i < 24; ++i)
            guessers.emplace_back([&] {
                // A guesser needs no Argon2id of its own: any 32 bytes are a guess.
                ws_client guesser(server->port());
                for (int attempt = 0; attempt < 3; ++attempt) {
                    std::vector<unsigned char> guess(32);
                    randombytes_buf(guess.data(), guess.size());
                    guesser.send_json({{"type", "login"}, {"pseudonym", "anna"}, {"auth", crypto::to_base64(guess)}});
                    const auto reply = guesser.receive_json(120s);  // Argon2id under a sanitizer, queued
                    ++answered;
                    EXPECT_EQ(reply.at("type"), "error");
                    if (reply.at("code") == "login_locked") ++locked;
                }
            });
        for (auto& t : guessers) t.join();
    });
    EXPECT_EQ(answered, 72);
    EXPECT_GT(locked, 0);
    ws_client late(server->port());
    EXPECT_EQ(log_in(late, "anna", password).at("code"), "login_locked") << "locked also for the right password";
    expect_chat_unharmed();
    expect_memory_bounded(200);  // at most two Argon2id checks of 64 MiB at once
}

} // namespace
} // namespace tillit::test
