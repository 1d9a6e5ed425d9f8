// Integration: bad input gets a clear error or a close, and harms no one else: a chat running at
// the same time keeps relaying both ways after each kind of abuse, and the server's memory stays
// within a bound of what it was before. (Heavier floods: attack_test.cpp.)
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "support/chat_clients.hpp"
#include "support/process_status.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"

namespace tillit::test {
namespace {

constexpr auto password = "counsellor passphrase";

std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

class Abuse : public ::testing::Test {
protected:
    void SetUp() override
    {
        create_account(dir.path() / "data", "anna", "counsellor", password);
        open_around_the_clock(dir.path() / "data");
        server = std::make_unique<server_process>(dir.path(), std::vector<std::string>{"--ws-messages-per-second", "20",
                                                                                       "--ws-message-burst", "40"});
        counsellor = std::make_unique<ws_client>(server->port());
        go_on_duty(*counsellor, "anna", password, 3);
        seeker = std::make_unique<ws_client>(server->port());
        chat = text(join(*seeker, "support", "sv", false).at("chat"));
        receive_type(*counsellor, "assigned");
        memory_before_kib = resident_kib(server->pid());
    }

    // Generous, and wider under the sanitizers (shadow memory, ASan's quarantine of freed blocks).
    void TearDown() override
    {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
        constexpr std::size_t bound_kib = 300 * 1024;
#else
        constexpr std::size_t bound_kib = 32 * 1024;
#endif
        EXPECT_LT(resident_kib(server->pid()), memory_before_kib + bound_kib);
    }

    // The innocent chat still works both ways.
    void expect_chat_unharmed()
    {
        ++seq;
        send_frame(*seeker, chat, seq, "b2s" + std::to_string(seq));
        EXPECT_EQ(text(receive_type(*counsellor, "msg").at("payload")), "b2s" + std::to_string(seq));
        send_frame(*counsellor, chat, seq, "cmU" + std::to_string(seq));
        EXPECT_EQ(text(receive_type(*seeker, "msg").at("payload")), "cmU" + std::to_string(seq));
    }

    temp_dir dir;
    std::unique_ptr<server_process> server;
    std::unique_ptr<ws_client> counsellor;
    std::unique_ptr<ws_client> seeker;
    std::string chat;
    std::uint64_t seq = 0;
    std::size_t memory_before_kib = 0;
};

TEST_F(Abuse, MalformedAndUnknownMessagesGetClearErrors)
{
    ws_client attacker(server->port());
    attacker.send("{\"type\":");
    EXPECT_EQ(receive_type(attacker, "error").at("code"), "bad_json");
    attacker.send(R"({"type":"launch_missiles"})");
    EXPECT_EQ(receive_type(attacker, "error").at("code"), "unknown_type");
    attacker.send(R"({"type":"join","lane":"everything","language":"sv"})");
    EXPECT_EQ(receive_type(attacker, "error").at("code"), "bad_message");
    attacker.send(R"({"type":"join","lane":"support","language":"sv","age_band":"ancient"})");
    EXPECT_EQ(receive_type(attacker, "error").at("code"), "bad_message");
    attacker.send(R"({"type":"msg","seq":1,"payload":"eA"})");
    EXPECT_EQ(receive_type(attacker, "error").at("code"), "not_in_chat");
    attacker.send(R"({"type":"resume","token":"forged"})");
    EXPECT_EQ(receive_type(attacker, "error").at("code"), "resume_failed");
    expect_chat_unharmed();
}

TEST_F(Abuse, OutOfOrderSequenceNumbersAreRefusedWithTheExpectedOne)
{
    ws_client other(server->port());
    const auto other_chat = text(join(other, "support", "sv", false).at("chat"));
    receive_type(*counsellor, "assigned");
    send_frame(other, other_chat, 7, "eA");
    const auto error = receive_type(other, "error");
    EXPECT_EQ(error.at("code"), "out_of_order");
    EXPECT_EQ(error.at("expected"), 1);
    send_frame(other, other_chat, 0, "eA");
    EXPECT_EQ(receive_type(other, "error").at("code"), "bad_message");
    expect_chat_unharmed();
}

TEST_F(Abuse, AnOversizeFrameClosesOnlyThatConnection)
{
    ws_client attacker(server->port());
    attacker.send(std::string(65 * 1024, 'x'));
    EXPECT_EQ(attacker.wait_for_close(), 1009);
    ws_client big_payload(server->port());
    const auto big_chat = text(join(big_payload, "support", "sv", false).at("chat"));
    receive_type(*counsellor, "assigned");
    send_frame(big_payload, big_chat, 1, std::string(9000, 'A'));
    EXPECT_EQ(receive_type(big_payload, "error").at("code"), "bad_message") << "payloads are limited to 8192 characters";
    expect_chat_unharmed();
}

TEST_F(Abuse, AFloodIsSlowedThenCutOff)
{
    // A help-seeker in a chat sends acks as fast as it can until the server hangs up (at most 2000,
    // far more than the hundred or so it takes, and two minutes): refused past the rate limit (20 a
    // second, bursts of 40 here), then cut off with 1008, whatever the speed of this client.
    ws_client flooder(server->port());
    const auto flood_chat = text(join(flooder, "support", "sv", false).at("chat"));
    receive_type(*counsellor, "assigned");
    const auto ack = boost::json::serialize(boost::json::object{{"type", "ack"}, {"chat", flood_chat}, {"seq", 1}});
    const auto outcome = flooder.flood(ack, 2000, 120s);
    EXPECT_GT(outcome.refused, 0u) << "slowed first: rate_limited (after " << outcome.sent << " messages)";
    EXPECT_EQ(outcome.close_code, std::optional<std::uint16_t>(1008)) << "then cut off (after " << outcome.sent << " messages)";
    expect_chat_unharmed();
}

TEST_F(Abuse, AQueueJoinFloodFromOneConnectionIsRefused)
{
    ws_client flooder(server->port());
    join(flooder, "support", "sv", false);
    flooder.send_json({{"type", "join"}, {"lane", "support"}, {"language", "sv"}});
    EXPECT_EQ(receive_type(flooder, "error").at("code"), "already_joined");
    expect_chat_unharmed();
}

} // namespace
} // namespace tillit::test
