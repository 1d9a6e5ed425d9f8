// Integration: what keeps one client from holding the server (issue 14, items 2 and 3), on the real
// tillit-server at 127.0.0.1 with small settings: the WebSockets of one client key are capped
// (HTTP 429 with Retry-After past it, other clients and chats in progress unharmed), a connection
// that never joins or signs in is closed even though it answers pings, and a message that is
// trickled in is cut off at its deadline.
#include <gtest/gtest.h>

#include <array>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "support/chat_clients.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"

namespace tillit::test {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using clock = std::chrono::steady_clock;

constexpr auto password = "counsellor passphrase";
// The chat in progress comes from its own address, so that the flood from 127.0.0.1 is another client.
constexpr auto chat_address = "127.0.0.77";

std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

std::string upgrade_request(std::uint16_t port, const std::string& extra_headers = {})
{
    return "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
           "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           "Sec-WebSocket-Version: 13\r\n" + extra_headers + "\r\n";
}

// Whether the server has closed this raw connection: EOF or a reset after whatever it sent.
bool closed_by_server(tcp::socket& socket)
{
    socket.non_blocking(true);
    std::array<char, 4096> drop{};
    for (;;) {
        boost::system::error_code ec;
        socket.read_some(asio::buffer(drop), ec);
        if (ec == asio::error::would_block) return false;
        if (ec) return true;
    }
}

// Whatever has arrived on a raw socket by now, without waiting.
std::string available_bytes(tcp::socket& socket)
{
    socket.non_blocking(true);
    std::string out;
    std::array<char, 4096> chunk{};
    for (;;) {
        boost::system::error_code ec;
        const auto n = socket.read_some(asio::buffer(chunk), ec);
        if (ec) break;
        out.append(chunk.data(), n);
    }
    socket.non_blocking(false);
    return out;
}

// A WebSocket upgraded by hand on a raw TCP connection from 127.0.0.1 (the test writes the frames).
struct raw_ws {
    std::unique_ptr<asio::io_context> ioc = std::make_unique<asio::io_context>();
    tcp::socket socket{*ioc};
};

raw_ws raw_websocket(std::uint16_t port)
{
    raw_ws ws;
    ws.socket.connect({asio::ip::make_address("127.0.0.1"), port});
    asio::write(ws.socket, asio::buffer(upgrade_request(port)));
    asio::streambuf answer;
    asio::read_until(ws.socket, answer, "\r\n\r\n");
    const std::string head(asio::buffers_begin(answer.data()), asio::buffers_end(answer.data()));
    if (!head.starts_with("HTTP/1.1 101")) throw std::runtime_error("upgrade refused: " + head);
    if (answer.size() > head.find("\r\n\r\n") + 4) throw std::runtime_error("frames before the test wrote any");
    return ws;
}

// A counsellor on duty and a help-seeker paired with them, both from chat_address.
class ChatInProgress {
public:
    ChatInProgress(std::uint16_t port, const std::string& from = chat_address)
        : counsellor(port, {.source_address = from}), seeker(port, {.source_address = from})
    {
        go_on_duty(counsellor, "anna", password, 1);
        const auto paired = join(seeker, "support", "sv", false);
        if (paired.at("type") != "paired") throw std::runtime_error("not paired");
        chat = text(paired.at("chat"));
        receive_type(counsellor, "assigned");
    }

    // One frame each way, acknowledged.
    void relay()
    {
        ++seq;
        send_frame(seeker, chat, seq, "c2Vla2Vy");
        EXPECT_EQ(text(receive_type(counsellor, "msg").at("payload")), "c2Vla2Vy");
        send_frame(counsellor, chat, seq, "Y291bnNlbGxvcg");
        EXPECT_EQ(text(receive_type(seeker, "msg").at("payload")), "Y291bnNlbGxvcg");
        counsellor.send_json({{"type", "ack"}, {"chat", chat}, {"seq", seq}});
        seeker.send_json({{"type", "ack"}, {"seq", seq}});
    }

    ws_client counsellor;
    ws_client seeker;
    std::string chat;
    std::uint64_t seq = 0;
};

class ConnectionLimits : public ::testing::Test {
protected:
    void start(std::vector<std::string> args)
    {
        create_account(dir.path() / "data", "anna", "counsellor", password);
        open_around_the_clock(dir.path() / "data");
        server = std::make_unique<server_process>(dir.path(), std::move(args));
    }

    temp_dir dir;
    std::unique_ptr<server_process> server;
};

TEST_F(ConnectionLimits, OneClientPastItsCapGets429WithRetryAfterWhileOthersAndChatsGoOn)
{
    constexpr int cap = 5;
    start({"--max-connections-per-client", std::to_string(cap)});
    ChatInProgress chat(server->port());

    std::vector<std::unique_ptr<ws_client>> held;
    for (int i = 0; i < cap; ++i) held.push_back(std::make_unique<ws_client>(server->port()));
    const auto refused = raw_exchange(server->port(), upgrade_request(server->port()), std::chrono::seconds(5));
    EXPECT_TRUE(refused.starts_with("HTTP/1.1 429")) << refused;
    EXPECT_NE(refused.find("Retry-After: 60\r\n"), std::string::npos) << refused;
    EXPECT_EQ(ws_client::upgrade_status(server->port(), {}), 429u);

    // Another client, and the chat that was going on, are not touched.
    EXPECT_EQ(ws_client::upgrade_status(server->port(), {.source_address = "127.0.0.78"}), 101u);
    chat.relay();
    // The connections held still work, and one that closes makes room for the next.
    held.front()->send_json({{"type", "join"}, {"lane", "support"}, {"language", "sv"}});
    EXPECT_EQ(text(held.front()->receive_json().at("type")), "queue");
    held.front().reset();
    const auto deadline = clock::now() + 10s;
    unsigned status = 0;
    while (status != 101 && clock::now() < deadline) {
        status = ws_client::upgrade_status(server->port(), {});
        if (status != 101) std::this_thread::sleep_for(100ms);  // the server sees the close a moment later
    }
    EXPECT_EQ(status, 101u);
    chat.relay();
    EXPECT_NE(server->log().find("client_connection_limit"), std::string::npos);
}

TEST_F(ConnectionLimits, BehindATrustedProxyTheForwardedClientIsCounted)
{
    constexpr int cap = 3;
    start({"--max-connections-per-client", std::to_string(cap), "--trusted-proxies", "127.0.0.1"});
    const ws_options first{.headers = {{"X-Forwarded-For", "203.0.113.5"}}};
    std::vector<std::unique_ptr<ws_client>> held;
    for (int i = 0; i < cap; ++i) held.push_back(std::make_unique<ws_client>(server->port(), first));
    EXPECT_EQ(ws_client::upgrade_status(server->port(), first), 429u);
    EXPECT_EQ(ws_client::upgrade_status(server->port(), {.headers = {{"X-Forwarded-For", "203.0.113.6"}}}), 101u)
        << "another client behind the same proxy";
}

TEST_F(ConnectionLimits, AProxyThatNamesNoClientIsNotOneClient)
{
    // deploy/nginx sends "Forwarded: for=unknown" and no address: everyone behind it would be one
    // client, so the server does not count them together (nginx's limit_conn limits per address).
    constexpr int cap = 2;
    start({"--max-connections-per-client", std::to_string(cap)});
    const ws_options through_proxy{.headers = {{"Forwarded", "for=unknown;proto=https"}}};
    std::vector<std::unique_ptr<ws_client>> held;
    for (int i = 0; i < cap + 3; ++i) EXPECT_NO_THROW(held.push_back(std::make_unique<ws_client>(server->port(), through_proxy)));
    // Only a peer on loopback (or a trusted proxy) is taken for such a proxy; connections without
    // the header are counted as before.
    std::vector<std::unique_ptr<ws_client>> direct;
    for (int i = 0; i < cap; ++i) direct.push_back(std::make_unique<ws_client>(server->port()));
    EXPECT_EQ(ws_client::upgrade_status(server->port(), {}), 429u) << "direct connections are still counted";
}

TEST_F(ConnectionLimits, AConnectionWithoutAPurposeIsClosedEvenThoughItKeepsTalking)
{
    // purposeless-timeout 2 s. Only joining, resuming or signing in counts as a purpose: a
    // connection that pings the server all the time (and gets its pongs), one that only asked for
    // a login salt, and a silent one are all closed with 1008; those with a purpose stay.
    start({"--purposeless-timeout", "2"});
    ChatInProgress chat(server->port());  // the counsellor signed in; the help-seeker joined
    ws_client waiting(server->port());
    EXPECT_EQ(text(join(waiting, "support", "sv").at("type")), "queue");
    ws_client only_asked_for_salt(server->port());
    only_asked_for_salt.send_json({{"type", "login_salt"}, {"pseudonym", "anna"}});
    EXPECT_EQ(text(only_asked_for_salt.receive_json().at("type")), "login_salt");
    ws_client silent(server->port());
    auto pinger = raw_websocket(server->port());
    const auto opened = clock::now();

    // A masked ping every 200 ms; the server's answers are pongs (0x8a) until its close (0x88, 1008).
    const std::string ping{static_cast<char>(0x89), static_cast<char>(0x80 | 1), 1, 2, 3, 4, static_cast<char>('p' ^ 1)};
    const std::string close_1008{static_cast<char>(0x88), 2 + 16, 0x03, static_cast<char>(0xf0)};
    std::string received;
    while (received.find(close_1008) == std::string::npos && clock::now() - opened < 15s) {
        boost::system::error_code ec;
        asio::write(pinger.socket, asio::buffer(ping), ec);
        std::this_thread::sleep_for(200ms);
        received += available_bytes(pinger.socket);
    }
    EXPECT_NE(received.find(static_cast<char>(0x8a)), std::string::npos) << "the server answered its pings";
    EXPECT_NE(received.find(close_1008), std::string::npos) << "closed with 1008 (no join or login)";
    EXPECT_GE(clock::now() - opened, 1900ms) << "not before purposeless-timeout";
    EXPECT_EQ(silent.wait_for_close(15s), 1008);
    EXPECT_EQ(only_asked_for_salt.wait_for_close(15s), 1008) << "a salt is not a login";

    // Those with a purpose were opened earlier, so their time would have run out first.
    chat.relay();
    waiting.send_json({{"type", "leave"}});
    EXPECT_EQ(text(receive_type(waiting, "left").at("type")), "left");
    EXPECT_NE(server->log().find("\"reason\":\"purposeless\""), std::string::npos);
}

TEST_F(ConnectionLimits, ATrickledMessageIsCutOffAtItsDeadline)
{
    start({"--ws-message-deadline", "2"});
    ChatInProgress chat(server->port());

    auto raw = raw_websocket(server->port());
    auto& trickler = raw.socket;
    // A masked text frame that announces 100 bytes, then one byte a second: Beast's idle timeout
    // never fires, since bytes keep coming.
    const std::string header{static_cast<char>(0x81), static_cast<char>(0x80 | 100), 1, 2, 3, 4};
    asio::write(trickler, asio::buffer(header));
    const auto started = clock::now();
    bool closed = false;
    for (int sent = 0; sent < 12 && !closed; ++sent) {
        boost::system::error_code ec;
        asio::write(trickler, asio::buffer("x", 1), ec);
        if (ec) break;  // already cut off
        std::this_thread::sleep_for(1s);
        closed = closed_by_server(trickler);
        trickler.non_blocking(false);
    }
    closed = closed || closed_by_server(trickler);
    const auto took = clock::now() - started;
    EXPECT_TRUE(closed) << "still open after 12 s of trickling";
    EXPECT_LT(took, 8s) << "ws-message-deadline is 2 s";
    EXPECT_NE(server->log().find("\"reason\":\"message_deadline\""), std::string::npos) << server->log();

    // The chat was not affected, and a large message that arrives in pieces at once is still whole.
    chat.relay();
    ws_client other(server->port());
    EXPECT_EQ(text(join(other, "support", "sv").at("type")), "queue");
    other.send_json({{"type", "leave"}, {"padding", std::string(60000, 'p')}});
    EXPECT_EQ(text(receive_type(other, "left").at("type")), "left");
}

} // namespace
} // namespace tillit::test
