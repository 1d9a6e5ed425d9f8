// Integration (issue 14, item 1; spec A and B): a resume token brings back only a chat that is
// still live, only once (or again while the newest has not shown it arrived), and never past a counsellor's capacity; a replaced connection is told.
// A blocked or ended chat stays ended whatever token comes back from whatever connection, and a
// chat that was live when the server was SIGKILLed is still restored after the restart.
#include <gtest/gtest.h>

#include <csignal>

#include <boost/json/serialize.hpp>

#include "support/chat_clients.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"

namespace tillit::test {
namespace {

constexpr auto password = "counsellor passphrase";

std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

// "resumed", or the error's code: what a resume was answered with.
std::string outcome(const boost::json::object& answer)
{
    return answer.at("type") == "error" ? text(answer.at("code")) : text(answer.at("type"));
}

class ResumeSafety : public ::testing::Test {
protected:
    void start()
    {
        create_account(dir.path() / "data", "anna", "counsellor", password);
        create_account(dir.path() / "data", "berit", "counsellor", password);
        open_around_the_clock(dir.path() / "data");
        server = std::make_unique<server_process>(dir.path());
    }
    void SetUp() override { start(); }

    // Signs in and goes on duty; returns the session token.
    std::string on_duty(ws_client& counsellor, const std::string& name, unsigned capacity)
    {
        const auto login = log_in(counsellor, name, password);
        EXPECT_EQ(login.at("type"), "login_ok") << login;
        counsellor.send_json({{"type", "duty"}, {"on", true}, {"capacity", capacity}});
        receive_type(counsellor, "duty");
        return text(login.at("token"));
    }

    // A help-seeker paired with `counsellor`: returns {chat, token}.
    std::pair<std::string, std::string> pair(ws_client& seeker, ws_client& counsellor)
    {
        const auto paired = join(seeker, "support", "sv", false);
        EXPECT_EQ(paired.at("type"), "paired") << paired;
        EXPECT_EQ(receive_type(counsellor, "assigned").at("chat"), paired.at("chat"));
        return {text(paired.at("chat")), text(paired.at("token"))};
    }

    // The counsellor gets nothing about a chat: a `duty` round trip (answered in order with
    // everything the pairing actor sent this connection before) brings no `assigned`.
    void expect_nothing_assigned(ws_client& counsellor, unsigned capacity)
    {
        counsellor.send_json({{"type", "duty"}, {"on", true}, {"capacity", capacity}});
        for (;;) {
            const auto m = counsellor.receive_json();
            EXPECT_NE(m.at("type"), "assigned") << "the counsellor got " << boost::json::serialize(m);
            EXPECT_NE(m.at("type"), "msg") << "the counsellor got " << boost::json::serialize(m);
            if (m.at("type") == "duty") return;
        }
    }

    // A fresh connection resumes with `token`: the answer (resumed, requeued or an error).
    boost::json::object resume_from_new_connection(std::unique_ptr<ws_client>& connection, const std::string& token)
    {
        connection = std::make_unique<ws_client>(server->port());
        connection->send_json({{"type", "resume"}, {"token", token}, {"last_received", 0}});
        for (;;) {
            auto m = connection->receive_json();
            if (m.at("type") == "resumed" || m.at("type") == "requeued" || m.at("type") == "error") return m;
        }
    }

    temp_dir dir;
    std::unique_ptr<server_process> server;
};

TEST_F(ResumeSafety, ABlockedChatCannotBeResumedWithItsOldToken)
{
    ws_client anna(server->port());
    on_duty(anna, "anna", 1);
    ws_client seeker(server->port());
    const auto [chat, token] = pair(seeker, anna);
    anna.send_json({{"type", "block"}, {"chat", chat}});
    EXPECT_EQ(receive_type(seeker, "chat_ended").at("reason"), "blocked");
    receive_type(anna, "chat_ended");

    std::unique_ptr<ws_client> again;
    const auto answer = resume_from_new_connection(again, token);
    EXPECT_EQ(outcome(answer), "resume_failed") << answer;
    send_frame(*again, chat, 1, "aGVsbG8");
    EXPECT_EQ(receive_type(*again, "error").at("code"), "not_in_chat") << "nothing is relayed for a blocked chat";
    expect_nothing_assigned(anna, 1);
}

TEST_F(ResumeSafety, AnEndedChatCannotBeResumedWithItsOldToken)
{
    ws_client anna(server->port());
    on_duty(anna, "anna", 2);
    // Ended by the help-seeker, and ended by the counsellor.
    ws_client first(server->port());
    const auto [first_chat, first_token] = pair(first, anna);
    first.send_json({{"type", "end"}});
    receive_type(anna, "chat_ended");
    ws_client second(server->port());
    const auto [second_chat, second_token] = pair(second, anna);
    anna.send_json({{"type", "end"}, {"chat", second_chat}});
    receive_type(second, "chat_ended");

    for (const auto& token : {first_token, second_token}) {
        std::unique_ptr<ws_client> again;
        const auto answer = resume_from_new_connection(again, token);
        EXPECT_EQ(outcome(answer), "resume_failed") << answer;
    }
    expect_nothing_assigned(anna, 2);
}

TEST_F(ResumeSafety, ATokenUsedOnceIsRefusedTheSecondTime)
{
    ws_client anna(server->port());
    on_duty(anna, "anna", 1);
    auto seeker = std::make_unique<ws_client>(server->port());
    const auto [chat, first_token] = pair(*seeker, anna);
    seeker->drop();

    std::unique_ptr<ws_client> second;
    const auto resumed = resume_from_new_connection(second, first_token);
    ASSERT_EQ(resumed.at("type"), "resumed") << resumed;
    const auto newest = text(resumed.at("token"));
    EXPECT_NE(newest, first_token) << "each resumed rotates the token";
    // A frame after `resumed` shows the new token arrived: from now on the old one is spent.
    send_frame(*second, chat, 1, "YXJyaXZlZA");
    EXPECT_EQ(receive_type(anna, "msg").at("payload"), "YXJyaXZlZA");
    second->drop();

    std::unique_ptr<ws_client> third;
    const auto refused = resume_from_new_connection(third, first_token);
    EXPECT_EQ(outcome(refused), "resume_failed") << "the old token was used once already: " << refused;
    std::unique_ptr<ws_client> fourth;
    const auto with_newest = resume_from_new_connection(fourth, newest);
    EXPECT_EQ(with_newest.at("type"), "resumed") << "the newest token still resumes: " << with_newest;
    EXPECT_EQ(text(with_newest.at("chat")), chat);
}

// The connection that was sent `resumed` dropped before it sent anything: for all the server can
// tell, the new token never arrived, and the help-seeker holds only the old one.
TEST_F(ResumeSafety, AHelpSeekerWhoseResumedWasLostComesBackWithTheOldToken)
{
    ws_client anna(server->port());
    on_duty(anna, "anna", 1);
    auto seeker = std::make_unique<ws_client>(server->port());
    const auto [chat, first_token] = pair(*seeker, anna);
    seeker->drop();

    std::unique_ptr<ws_client> lost;
    const auto never_read = resume_from_new_connection(lost, first_token);
    ASSERT_EQ(never_read.at("type"), "resumed") << never_read;
    lost->drop();

    std::unique_ptr<ws_client> back;
    const auto resumed = resume_from_new_connection(back, first_token);
    ASSERT_EQ(resumed.at("type"), "resumed") << "the old token is all the help-seeker has: " << resumed;
    EXPECT_EQ(text(resumed.at("chat")), chat);
    send_frame(*back, chat, 1, "c3RpbGwgaGVyZQ");
    EXPECT_EQ(receive_type(anna, "msg").at("payload"), "c3RpbGwgaGVyZQ") << "the chat goes on";

    // That frame showed the newest token arrived: neither older one resumes any more.
    for (const auto& spent : {first_token, text(never_read.at("token"))}) {
        std::unique_ptr<ws_client> again;
        EXPECT_EQ(outcome(resume_from_new_connection(again, spent)), "resume_failed");
    }
}

TEST_F(ResumeSafety, AReplacedHelpSeekerConnectionIsToldMovedElsewhereThenClosed)
{
    ws_client anna(server->port());
    on_duty(anna, "anna", 1);
    ws_client old_window(server->port());
    const auto [chat, token] = pair(old_window, anna);

    std::unique_ptr<ws_client> new_window;
    const auto resumed = resume_from_new_connection(new_window, token);
    ASSERT_EQ(resumed.at("type"), "resumed") << resumed;
    const auto told = receive_type(old_window, "moved_elsewhere");
    EXPECT_EQ(text(told.at("chat")), chat);
    EXPECT_EQ(old_window.wait_for_close(), 1000) << "then closed normally";

    // The chat goes on in the new window.
    send_frame(*new_window, chat, 1, "bmV3IHdpbmRvdw");
    EXPECT_EQ(receive_type(anna, "msg").at("payload"), "bmV3IHdpbmRvdw");
}

TEST_F(ResumeSafety, AReplacedCounsellorConnectionIsToldWhichChatMovedAndStaysOpen)
{
    ws_client old_tab(server->port());
    const auto session = on_duty(old_tab, "anna", 1);
    ws_client seeker(server->port());
    const auto [chat, token] = pair(seeker, old_tab);

    ws_client new_tab(server->port());
    new_tab.send_json({{"type", "session"}, {"token", session}});
    receive_type(new_tab, "login_ok");
    new_tab.send_json({{"type", "duty"}, {"on", true}, {"capacity", 1}});
    EXPECT_EQ(text(receive_type(new_tab, "assigned").at("chat")), chat);
    EXPECT_EQ(text(receive_type(old_tab, "moved_elsewhere").at("chat")), chat);
    // Still open: the old tab can still talk to the server.
    old_tab.send_json({{"type", "duty"}, {"on", false}});
    EXPECT_EQ(receive_type(old_tab, "duty").at("on"), false);
}

TEST_F(ResumeSafety, AResumeAfterARestartDoesNotTakeACounsellorPastCapacity)
{
    std::string session;
    std::string chat;
    std::string token;
    {
        ws_client anna(server->port());
        session = on_duty(anna, "anna", 1);
        ws_client seeker(server->port());
        std::tie(chat, token) = pair(seeker, anna);
        ASSERT_EQ(server->stop(SIGKILL), 128 + SIGKILL);
    }
    server->start_again();
    // anna is back first, with room for one, and takes a new help-seeker.
    ws_client anna(server->port());
    anna.send_json({{"type", "session"}, {"token", session}});
    receive_type(anna, "login_ok");
    anna.send_json({{"type", "duty"}, {"on", true}, {"capacity", 1}});
    receive_type(anna, "duty");
    ws_client newcomer(server->port());
    const auto paired = join(newcomer, "support", "sv", false);
    ASSERT_EQ(paired.at("type"), "paired") << paired;
    EXPECT_EQ(receive_type(anna, "assigned").at("chat"), paired.at("chat"));

    // Now the chat of before comes back: anna is full, so the help-seeker waits at the front of
    // the queue instead.
    std::unique_ptr<ws_client> returning;
    const auto answer = resume_from_new_connection(returning, token);
    EXPECT_EQ(outcome(answer), "requeued") << answer;
    expect_nothing_assigned(anna, 1);
}

TEST_F(ResumeSafety, ATransferDoesNotTakeACounsellorPastCapacity)
{
    ws_client anna(server->port());
    on_duty(anna, "anna", 1);
    ws_client seeker(server->port());
    const auto [chat, token] = pair(seeker, anna);
    ws_client berit(server->port());
    on_duty(berit, "berit", 1);
    anna.send_json({{"type", "transfer"}, {"chat", chat}, {"to", "berit"}});
    receive_type(anna, "transfer_pending");
    receive_type(seeker, "transfer_request");
    // While the help-seeker thinks it over, berit's one place is taken by a newcomer.
    ws_client newcomer(server->port());
    const auto [other_chat, other_token] = pair(newcomer, berit);
    seeker.send_json({{"type", "transfer_consent"}, {"accept", true}});
    EXPECT_EQ(text(receive_type(seeker, "transfer_failed").at("chat")), chat);
    receive_type(anna, "transfer_failed");
    expect_nothing_assigned(berit, 1);
    send_frame(anna, chat, 1, "c3RpbGwgYW5uYQ");
    EXPECT_EQ(receive_type(seeker, "msg").at("payload"), "c3RpbGwgYW5uYQ") << "the chat stays with anna";
}

TEST_F(ResumeSafety, AChatLiveAtASigkillIsStillRestoredAlsoWhenTheFirstResumedIsLostAndAnEndedOneIsNot)
{
    std::string session;
    std::string live_chat;
    std::string live_token;
    std::string ended_token;
    {
        ws_client anna(server->port());
        session = on_duty(anna, "anna", 2);
        ws_client ended(server->port());
        std::string ended_chat;
        std::tie(ended_chat, ended_token) = pair(ended, anna);
        anna.send_json({{"type", "end"}, {"chat", ended_chat}});
        receive_type(ended, "chat_ended");
        ws_client live(server->port());
        std::tie(live_chat, live_token) = pair(live, anna);
        ASSERT_EQ(server->stop(SIGKILL), 128 + SIGKILL);
    }
    server->start_again();

    std::unique_ptr<ws_client> gone;
    EXPECT_EQ(outcome(resume_from_new_connection(gone, ended_token)), "resume_failed") << "ended before the kill";
    std::unique_ptr<ws_client> lost;
    const auto never_read = resume_from_new_connection(lost, live_token);
    ASSERT_EQ(never_read.at("type"), "resumed") << never_read;
    lost->drop();  // that `resumed` was lost with its connection: the token of before still works
    std::unique_ptr<ws_client> seeker;
    const auto resumed = resume_from_new_connection(seeker, live_token);
    ASSERT_EQ(resumed.at("type"), "resumed") << resumed;
    EXPECT_EQ(text(resumed.at("chat")), live_chat);
    EXPECT_TRUE(resumed.at("new_epoch").as_bool());

    ws_client anna(server->port());
    anna.send_json({{"type", "session"}, {"token", session}});
    receive_type(anna, "login_ok");
    anna.send_json({{"type", "duty"}, {"on", true}, {"capacity", 2}});
    const auto assigned = receive_type(anna, "assigned");
    EXPECT_EQ(text(assigned.at("chat")), live_chat);
    EXPECT_EQ(receive_type(*seeker, "epoch").at("epoch"), assigned.at("epoch"));
    expect_nothing_assigned(anna, 2);  // and not the ended one
}

} // namespace
} // namespace tillit::test
