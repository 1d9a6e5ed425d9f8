// Integration: what happens to a chat besides its messages: a transfer that waits for the
// help-seeker's consent, a counsellor who drops for longer than the grace period, and a block.
#include <gtest/gtest.h>

#include "support/chat_clients.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"

namespace tillit::test {
namespace {

constexpr auto password = "counsellor passphrase";

std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

class Lifecycle : public ::testing::Test {
protected:
    void start(std::vector<std::string> args = {})
    {
        create_account(dir.path() / "data", "anna", "counsellor", password);
        create_account(dir.path() / "data", "berit", "counsellor", password);
        open_around_the_clock(dir.path() / "data");
        server = std::make_unique<server_process>(dir.path(), std::move(args));
    }
    temp_dir dir;
    std::unique_ptr<server_process> server;
};

TEST_F(Lifecycle, ATransferHappensOnlyWithTheHelpSeekersConsent)
{
    start();
    ws_client anna(server->port());
    go_on_duty(anna, "anna", password, 1);
    ws_client seeker(server->port());
    const auto chat = text(join(seeker, "support", "sv", false).at("chat"));
    receive_type(anna, "assigned");
    ws_client berit(server->port());
    go_on_duty(berit, "berit", password, 1);

    anna.send_json({{"type", "transfer"}, {"chat", chat}, {"to", "berit"}});
    receive_type(anna, "transfer_pending");
    EXPECT_EQ(text(receive_type(seeker, "transfer_request").at("chat")), chat);
    seeker.send_json({{"type", "transfer_consent"}, {"accept", false}});
    receive_type(anna, "transfer_declined");
    send_frame(anna, chat, 1, "c3RpbGwgaGVyZQ");
    EXPECT_EQ(receive_type(seeker, "msg").at("payload"), "c3RpbGwgaGVyZQ") << "declined: the chat stays with anna";

    anna.send_json({{"type", "transfer"}, {"chat", chat}, {"to", "berit"}});
    receive_type(seeker, "transfer_request");
    seeker.send_json({{"type", "transfer_consent"}, {"accept", true}});
    receive_type(anna, "transferred");
    const auto moved = receive_type(seeker, "transferred");
    EXPECT_EQ(moved.at("epoch"), 1) << "a new counsellor means a new key epoch";
    const auto assigned = receive_type(berit, "assigned");
    EXPECT_EQ(text(assigned.at("chat")), chat);
    send_frame(seeker, chat, 1, "aGVsbG8gYmVyaXQ");
    EXPECT_EQ(receive_type(berit, "msg").at("payload"), "aGVsbG8gYmVyaXQ");
    send_frame(anna, chat, 2, "bm8");
    EXPECT_EQ(receive_type(anna, "error").at("code"), "no_such_chat") << "anna no longer has the chat";
}

TEST_F(Lifecycle, ACounsellorGoneLongerThanTheGraceLeavesTheirHelpSeekerAtTheFrontOfTheQueue)
{
    start({"--counsellor-grace", "1"});
    auto anna = std::make_unique<ws_client>(server->port());
    go_on_duty(*anna, "anna", password, 1);
    ws_client seeker(server->port());
    join(seeker, "support", "sv", false);
    receive_type(*anna, "assigned");
    ws_client berit(server->port());
    go_on_duty(berit, "berit", password, 1);  // speaks Swedish too, but has room only for one
    ws_client newcomer(server->port());
    const auto paired_newcomer = join(newcomer, "support", "sv", false);
    ASSERT_EQ(paired_newcomer.at("type"), "paired");
    receive_type(berit, "assigned");
    ws_client later(server->port());
    EXPECT_EQ(join(later, "support", "sv").at("position"), 1);

    anna->drop();
    EXPECT_EQ(receive_type(seeker, "chat_ended").at("reason"), "counsellor_gone");
    EXPECT_EQ(receive_type(seeker, "requeued").at("reason"), "counsellor_gone");
    EXPECT_EQ(receive_type(seeker, "queue").at("position"), 1) << "back at the front, ahead of who joined later";
    EXPECT_EQ(receive_type(later, "queue").at("position"), 2);
}

TEST_F(Lifecycle, ABlockedClientCannotStartANewChatForAWhile)
{
    start();
    ws_client anna(server->port());
    go_on_duty(anna, "anna", password, 2);
    ws_client seeker(server->port());
    const auto chat = text(join(seeker, "support", "sv", false).at("chat"));
    receive_type(anna, "assigned");
    anna.send_json({{"type", "block"}, {"chat", chat}});
    EXPECT_EQ(receive_type(seeker, "chat_ended").at("reason"), "blocked");
    receive_type(anna, "chat_ended");

    ws_client again(server->port());  // the same client (address) tries again
    const auto refused = join(again, "support", "sv");
    EXPECT_EQ(refused.at("type"), "error");
    EXPECT_EQ(refused.at("code"), "blocked");
}

} // namespace
} // namespace tillit::test
