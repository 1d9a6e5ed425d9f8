// Integration: a relay that loses nothing. 10,000 frames across a dropped connection arrive once
// each and in order; after the server is killed (SIGKILL) and started again, both sides of a chat
// find each other with their resume tokens and go on in a new key epoch.
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include <boost/json/serialize.hpp>

#include "support/chat_clients.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"

namespace tillit::test {
namespace {

constexpr auto password = "counsellor passphrase";
constexpr std::uint64_t frames = 10000;
constexpr std::uint64_t window = 200;  // the sender's frames in flight, as a client would limit them

std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

TEST(Relay, TenThousandFramesAcrossADroppedConnectionArriveOnceAndInOrder)
{
    temp_dir dir;
    create_account(dir.path() / "data", "anna", "counsellor", password);
    open_around_the_clock(dir.path() / "data");
    server_process server(dir.path(), {"--ws-messages-per-second", "100000", "--ws-message-burst", "100000"});

    auto counsellor = std::make_unique<ws_client>(server.port());
    const auto login = log_in(*counsellor, "anna", password);
    const auto token = text(login.at("token"));
    counsellor->send_json({{"type", "duty"}, {"on", true}, {"capacity", 1}});
    ws_client seeker(server.port());
    const auto chat = text(join(seeker, "support", "sv", false).at("chat"));
    receive_type(*counsellor, "assigned");

    std::uint64_t accepted = 0;
    std::uint64_t delivered = 0;
    std::string seeker_failure;
    std::thread sender([&] {
        try {
            const auto handle = [&](const boost::json::object& m) {
                if (m.at("type") == "accepted") ++accepted;
                else if (m.at("type") == "delivered") delivered = std::max<std::uint64_t>(delivered, m.at("seq").as_int64());
                else if (m.at("type") != "queue" && m.at("type") != "peer_away" && m.at("type") != "peer_back")
                    throw std::runtime_error("unexpected " + boost::json::serialize(m));
            };
            for (std::uint64_t seq = 1; seq <= frames; ++seq) {
                while (seq - delivered > window) handle(seeker.receive_json(30s));
                send_frame(seeker, chat, seq, "p" + std::to_string(seq));
            }
            while (delivered < frames) handle(seeker.receive_json(30s));
        } catch (const std::exception& e) {
            seeker_failure = e.what();
        }
    });

    std::uint64_t last = 0;
    std::uint64_t duplicates = 0;
    bool dropped = false;
    try {
        while (last < frames) {
            const auto m = counsellor->receive_json(30s);
            if (m.at("type") != "msg") continue;
            const auto seq = static_cast<std::uint64_t>(m.at("seq").as_int64());
            if (seq <= last) {
                ++duplicates;  // resent after the reconnect; the client drops it by its number
                continue;
            }
            ASSERT_EQ(seq, last + 1) << "a frame was lost or reordered";
            ASSERT_EQ(text(m.at("payload")), "p" + std::to_string(seq));
            last = seq;
            if (last % 100 == 0 || last == frames) counsellor->send_json({{"type", "ack"}, {"chat", chat}, {"seq", last}});
            if (last == frames / 2 && !dropped) {
                // The network goes; the counsellor comes back with their session and finds the chat.
                dropped = true;
                counsellor->drop();
                counsellor = std::make_unique<ws_client>(server.port());
                counsellor->send_json({{"type", "session"}, {"token", token}});
                ASSERT_EQ(receive_type(*counsellor, "login_ok").at("pseudonym"), "anna");
                counsellor->send_json({{"type", "duty"}, {"on", true}, {"capacity", 1}});
                counsellor->send_json({{"type", "ack"}, {"chat", chat}, {"seq", last}});
            }
        }
    } catch (...) {
        sender.join();
        throw;
    }
    sender.join();
    EXPECT_TRUE(seeker_failure.empty()) << seeker_failure;
    EXPECT_EQ(last, frames);
    EXPECT_EQ(accepted, frames);
    EXPECT_EQ(delivered, frames);
    EXPECT_TRUE(dropped);
    EXPECT_LE(duplicates, window) << "only frames not yet acknowledged are sent again";
}

TEST(Relay, AfterSigkillAndRestartBothSidesResumeInANewEpoch)
{
    temp_dir dir;
    create_account(dir.path() / "data", "anna", "counsellor", password);
    open_around_the_clock(dir.path() / "data");
    auto server = std::make_unique<server_process>(dir.path());

    std::string session_token;
    std::string resume_token;
    std::string chat;
    {
        ws_client counsellor(server->port());
        session_token = text(log_in(counsellor, "anna", password).at("token"));
        counsellor.send_json({{"type", "duty"}, {"on", true}, {"capacity", 1}});
        receive_type(counsellor, "duty");
        ws_client seeker(server->port());
        const auto paired = join(seeker, "support", "sv", false);
        chat = text(paired.at("chat"));
        resume_token = text(paired.at("token"));
        receive_type(counsellor, "assigned");
        send_frame(seeker, chat, 1, "YmVmb3Jl");
        receive_type(counsellor, "msg");
        EXPECT_EQ(server->stop(SIGKILL), 128 + SIGKILL);
    }
    server = std::make_unique<server_process>(dir.path());

    ws_client seeker(server->port());
    seeker.send_json({{"type", "resume"}, {"token", resume_token}, {"last_received", 0}});
    const auto resumed = receive_type(seeker, "resumed");
    EXPECT_EQ(text(resumed.at("chat")), chat);

    ws_client counsellor(server->port());
    counsellor.send_json({{"type", "session"}, {"token", session_token}});
    receive_type(counsellor, "login_ok");
    counsellor.send_json({{"type", "duty"}, {"on", true}, {"capacity", 1}});
    const auto assigned = receive_type(counsellor, "assigned");
    EXPECT_EQ(text(assigned.at("chat")), chat);
    const auto epoch = assigned.at("epoch").as_int64();
    EXPECT_EQ(epoch, 1) << "in-order delivery could not be restored: a new key epoch";
    EXPECT_EQ(receive_type(seeker, "epoch").at("epoch").as_int64(), epoch);

    // Both directions work again, numbered from 1 in the new epoch.
    send_frame(seeker, chat, 1, "YWZ0ZXI");
    receive_type(seeker, "accepted");
    EXPECT_EQ(receive_type(counsellor, "msg").at("payload"), "YWZ0ZXI");
    send_frame(counsellor, chat, 1, "cmVwbHk");
    EXPECT_EQ(receive_type(seeker, "msg").at("payload"), "cmVwbHk");
}

TEST(Relay, ABlockOfAChatRestoredAfterARestartStillRefusesThatClient)
{
    temp_dir dir;
    create_account(dir.path() / "data", "anna", "counsellor", password);
    open_around_the_clock(dir.path() / "data");
    auto server = std::make_unique<server_process>(dir.path());

    std::string session_token;
    std::string resume_token;
    std::string chat;
    {
        ws_client counsellor(server->port());
        session_token = text(log_in(counsellor, "anna", password).at("token"));
        counsellor.send_json({{"type", "duty"}, {"on", true}, {"capacity", 1}});
        receive_type(counsellor, "duty");
        ws_client seeker(server->port());
        const auto paired = join(seeker, "support", "sv", false);
        chat = text(paired.at("chat"));
        resume_token = text(paired.at("token"));
        receive_type(counsellor, "assigned");
        EXPECT_EQ(server->stop(SIGKILL), 128 + SIGKILL);
    }
    server = std::make_unique<server_process>(dir.path());

    // The chat is made again from the token; the counsellor comes back and blocks it.
    ws_client seeker(server->port());
    seeker.send_json({{"type", "resume"}, {"token", resume_token}, {"last_received", 0}});
    receive_type(seeker, "resumed");
    ws_client counsellor(server->port());
    counsellor.send_json({{"type", "session"}, {"token", session_token}});
    receive_type(counsellor, "login_ok");
    counsellor.send_json({{"type", "duty"}, {"on", true}, {"capacity", 1}});
    EXPECT_EQ(text(receive_type(counsellor, "assigned").at("chat")), chat);
    counsellor.send_json({{"type", "block"}, {"chat", chat}});
    EXPECT_EQ(receive_type(seeker, "chat_ended").at("reason"), "blocked");

    ws_client again(server->port());  // the same client (address) tries again
    const auto refused = join(again, "support", "sv");
    EXPECT_EQ(refused.at("type"), "error");
    EXPECT_EQ(refused.at("code"), "blocked");
}

} // namespace
} // namespace tillit::test
