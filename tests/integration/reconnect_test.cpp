// Integration: what each side sees when the other's connection drops and comes back (issue 20
// and issue 14 items 4, 6 and 8), through the real server: peer_away at once and peer_back on
// return; a console that comes back without a chat's keys asks for a new epoch; a second tab
// takes the chats and the first is told; a help-seeker waiting for a bundle after a restart gets it
// as soon as the counsellor sends one; a help-seeker is never cut off for errors the docs do not
// count; one client cannot start queue entries without end.
#include <gtest/gtest.h>

#include <csignal>

#include "support/chat_clients.hpp"
#include "support/e2e_chat.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"

namespace tillit::test {
namespace {

constexpr auto password = "counsellor passphrase";

std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

// A counsellor on duty (capacity 1, no shift key) and a help-seeker paired with them.
struct paired_chat {
    std::unique_ptr<ws_client> counsellor;
    std::unique_ptr<ws_client> seeker;
    std::string session_token;
    std::string chat;
    std::string resume_token;
};

paired_chat pair(const server_process& server)
{
    paired_chat p;
    p.counsellor = std::make_unique<ws_client>(server.port());
    p.session_token = text(log_in(*p.counsellor, "anna", password).at("token"));
    p.counsellor->send_json({{"type", "duty"}, {"on", true}, {"capacity", 1}});
    receive_type(*p.counsellor, "duty");
    p.seeker = std::make_unique<ws_client>(server.port());
    const auto paired = join(*p.seeker, "support", "sv", false);
    EXPECT_EQ(paired.at("type"), "paired") << paired;
    p.chat = text(paired.at("chat"));
    p.resume_token = text(paired.at("token"));
    const auto assigned = receive_type(*p.counsellor, "assigned");
    EXPECT_EQ(assigned.at("returning"), false) << "a new pairing is no return";
    return p;
}

// The counsellor's session on a new connection, on duty again: returns the connection.
std::unique_ptr<ws_client> come_back(const server_process& server, const std::string& session_token)
{
    auto counsellor = std::make_unique<ws_client>(server.port());
    counsellor->send_json({{"type", "session"}, {"token", session_token}});
    receive_type(*counsellor, "login_ok");
    counsellor->send_json({{"type", "duty"}, {"on", true}, {"capacity", 1}});
    return counsellor;
}

class Reconnect : public ::testing::Test {
protected:
    void start(std::vector<std::string> args = {})
    {
        create_account(dir.path() / "data", "anna", "counsellor", password);
        open_around_the_clock(dir.path() / "data");
        server = std::make_unique<server_process>(dir.path(), std::move(args));
    }
    temp_dir dir;
    std::unique_ptr<server_process> server;
};

TEST_F(Reconnect, TheHelpSeekerHearsAtOnceThatTheCounsellorDroppedAndThatTheyAreBack)
{
    start({"--counsellor-grace", "45"});
    auto p = pair(*server);
    p.counsellor->drop();
    // Well within a few seconds: the drop of the TCP connection is what the server acts on.
    const auto away = receive_type(*p.seeker, "peer_away", 5s);
    EXPECT_EQ(text(away.at("chat")), p.chat);
    EXPECT_EQ(away.at("waits_seconds"), 45) << "how long the chat waits for the counsellor";

    // What the help-seeker writes meanwhile is accepted and held, and reaches the counsellor on return.
    send_frame(*p.seeker, p.chat, 1, "aGVsZA");
    EXPECT_EQ(receive_type(*p.seeker, "accepted").at("seq"), 1);
    auto counsellor = come_back(*server, p.session_token);
    const auto assigned = receive_type(*counsellor, "assigned");
    EXPECT_EQ(assigned.at("returning"), true) << "the chat ran before: this connection may lack its keys";
    EXPECT_EQ(receive_type(*counsellor, "msg").at("payload"), "aGVsZA");
    EXPECT_EQ(text(receive_type(*p.seeker, "peer_back").at("chat")), p.chat);

    // The other way round: the counsellor hears of the help-seeker's drop.
    p.seeker->drop();
    EXPECT_EQ(receive_type(*counsellor, "peer_away", 5s).at("waits_seconds"), 120);
}

TEST_F(Reconnect, AConsoleWithoutTheKeysStartsANewEpochAndBothSidesNumberFromOneAgain)
{
    start();
    auto p = pair(*server);
    send_frame(*p.seeker, p.chat, 1, "b25l");
    receive_type(*p.counsellor, "msg");  // the console reloads before acknowledging it
    p.counsellor->drop();
    auto counsellor = come_back(*server, p.session_token);
    EXPECT_EQ(receive_type(*counsellor, "assigned").at("returning"), true);

    counsellor->send_json({{"type", "new_epoch"}, {"chat", p.chat}});
    const auto epoch = receive_type(*counsellor, "epoch");
    EXPECT_EQ(text(epoch.at("chat")), p.chat);
    EXPECT_EQ(epoch.at("epoch"), 1);
    const auto undelivered = receive_type(*p.seeker, "undelivered");
    EXPECT_EQ(undelivered.at("seqs"), boost::json::array({1})) << "not confirmed in the old epoch: the clients' sync resends it";
    const auto seeker_epoch = receive_type(*p.seeker, "epoch");
    EXPECT_EQ(seeker_epoch.at("epoch"), 1);
    EXPECT_EQ(seeker_epoch.at("reason"), "counsellor_reconnected");
    EXPECT_TRUE(seeker_epoch.at("token").is_string());

    send_frame(*p.seeker, p.chat, 1, "bmV3");
    EXPECT_EQ(receive_type(*counsellor, "msg").at("payload"), "bmV3");
    send_frame(*counsellor, p.chat, 1, "cmVwbHk");
    EXPECT_EQ(receive_type(*p.seeker, "msg").at("payload"), "cmVwbHk");

    ws_client stranger(server->port());
    stranger.send_json({{"type", "session"}, {"token", p.session_token}});
    receive_type(stranger, "login_ok");
    stranger.send_json({{"type", "new_epoch"}, {"chat", "AAAAAAAAAAAAAAAAAAAAAA"}});
    EXPECT_EQ(receive_type(stranger, "error").at("code"), "no_such_chat");
}

TEST_F(Reconnect, ASecondTabTakesTheChatAndTheFirstIsToldAndCanNoLongerSendToIt)
{
    start();
    auto p = pair(*server);
    auto second_tab = come_back(*server, p.session_token);
    EXPECT_EQ(text(receive_type(*second_tab, "assigned").at("chat")), p.chat);
    EXPECT_EQ(text(receive_type(*p.counsellor, "moved_elsewhere").at("chat")), p.chat);
    send_frame(*p.counsellor, p.chat, 1, "b2xk");
    EXPECT_EQ(receive_type(*p.counsellor, "error").at("code"), "no_such_chat");
    send_frame(*second_tab, p.chat, 1, "bmV3");
    EXPECT_EQ(receive_type(*p.seeker, "msg").at("payload"), "bmV3");
}

TEST_F(Reconnect, AHelpSeekerIsNeverCutOffForErrorsThatAreNotCounted)
{
    start({"--ws-messages-per-second", "100000", "--ws-message-burst", "100000"});
    // Before any chat: a page that sends what it should not, many times over.
    ws_client early(server->port());
    early.send_json({{"type", "join"}, {"lane", "nowhere"}, {"language", "sv"}});
    EXPECT_EQ(receive_type(early, "error").at("code"), "bad_message");
    for (int i = 0; i < 15; ++i) {
        early.send_json({{"type", "msg"}, {"seq", 1}, {"payload", "eA"}});
        EXPECT_EQ(receive_type(early, "error").at("code"), "not_in_chat");
        early.send_json({{"type", "what"}});
        EXPECT_EQ(receive_type(early, "error").at("code"), "unknown_type");
    }

    // In a chat whose counsellor is away, a person keeps writing past the backlog: every refusal
    // is answered, none closes the connection, and all is delivered once the counsellor is back.
    auto p = pair(*server);
    p.counsellor->drop();
    receive_type(*p.seeker, "peer_away");
    std::uint64_t seq = 1;
    for (; seq <= 256; ++seq) send_frame(*p.seeker, p.chat, seq, "aGVsZA");
    for (int refused = 0; refused < 15; ++refused) {
        send_frame(*p.seeker, p.chat, seq, "aGVsZA");
        EXPECT_EQ(receive_type(*p.seeker, "error", 20s).at("code"), "peer_backlog_full");
    }
    auto counsellor = come_back(*server, p.session_token);
    receive_type(*counsellor, "assigned");
    std::uint64_t last = 0;
    while (last < 256) last = static_cast<std::uint64_t>(receive_type(*counsellor, "msg", 20s).at("seq").as_int64());
    counsellor->send_json({{"type", "ack"}, {"chat", p.chat}, {"seq", last}});
    EXPECT_EQ(receive_type(*p.seeker, "delivered", 20s).at("seq"), 256);
    send_frame(*p.seeker, p.chat, seq, "aGVsZA");
    EXPECT_EQ(receive_type(*counsellor, "msg").at("seq"), 257) << "the connection is still open and in order";
}

TEST_F(Reconnect, OneClientCannotStartQueueEntriesWithoutEndAndOthersAreNotHeldBack)
{
    start({"--joins-per-minute", "3"});
    ws_client looping(server->port());
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(join(looping, "support", "sv").at("type"), "closed") << "nobody on duty: each join is answered";
    }
    looping.send_json({{"type", "join"}, {"lane", "support"}, {"language", "sv"}});
    const auto refused = receive_type(looping, "error");
    EXPECT_EQ(refused.at("code"), "too_many_joins");
    EXPECT_GE(refused.at("retry_after").as_int64(), 1);
    EXPECT_LE(refused.at("retry_after").as_int64(), 60);
    for (int i = 0; i < 12; ++i) {  // refusals are not counted errors: the connection stays
        looping.send_json({{"type", "join"}, {"lane", "support"}, {"language", "sv"}});
        EXPECT_EQ(receive_type(looping, "error").at("code"), "too_many_joins");
    }

    // Another client (another address) is not held back by this one.
    ws_client other(server->port(), ws_options{.source_address = "127.0.0.77"});
    EXPECT_EQ(join(other, "support", "sv").at("type"), "closed");
}

TEST(ReconnectAfterRestart, AHelpSeekerWaitingForABundleGetsItTheMomentTheCounsellorSendsOne)
{
    temp_dir dir;
    e2e_chat e2e(dir.path(), "anna", password);
    auto server = std::make_unique<server_process>(dir.path(), e2e.server_args());
    std::string session_token;
    std::string resume_token;
    std::string chat;
    {
        ws_client counsellor(server->port());
        session_token = e2e.counsellor_on_duty(counsellor, true);
        ws_client seeker(server->port());
        const auto paired = join(seeker, "support", "sv", false);
        ASSERT_EQ(paired.at("type"), "paired") << paired;
        chat = text(paired.at("chat"));
        resume_token = text(paired.at("token"));
        receive_type(counsellor, "assigned");
        EXPECT_EQ(server->stop(SIGKILL), 128 + SIGKILL);
    }
    server = std::make_unique<server_process>(dir.path(), e2e.server_args());
    ws_client seeker(server->port());
    seeker.send_json({{"type", "resume"}, {"token", resume_token}, {"last_received", 0}});
    EXPECT_TRUE(receive_type(seeker, "resumed").at("bundle").is_null()) << "the server forgot the shift key";

    // The console comes back without its shift key: the help-seeker learns the epoch, no bundle yet.
    auto first = come_back(*server, session_token);
    receive_type(*first, "assigned");
    const auto bundleless = receive_type(seeker, "epoch");
    EXPECT_TRUE(bundleless.at("bundle").is_null());

    // A shift key arrives (here from a second tab): the waiting help-seeker gets it at once.
    ws_client second(server->port());
    e2e.counsellor_on_duty(second, false);
    const auto with_bundle = receive_type(seeker, "epoch");
    ASSERT_TRUE(with_bundle.at("bundle").is_object());
    EXPECT_EQ(with_bundle.at("epoch"), bundleless.at("epoch")) << "the same epoch, now with its bundle";
    const auto assigned = receive_type(second, "assigned");
    e2e_side s;
    e2e_side k;
    e2e.handshake(seeker, second, chat, static_cast<std::uint32_t>(assigned.at("epoch").as_int64()),
                  with_bundle.at("bundle").as_object(), s, k);
    const std::string words = R"({"type":"message","n":1,"seen":0,"text":"hej"})";
    EXPECT_EQ(e2e_chat::through(seeker, s, second, k, chat, words), words);
}

} // namespace
} // namespace tillit::test
