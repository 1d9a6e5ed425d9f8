// Integration: queueing, opening hours, pairing and relaying through the real server with real
// WebSocket clients on 127.0.0.1.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <set>

#include "store/store.hpp"
#include "support/chat_clients.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"

namespace tillit::test {
namespace {

constexpr auto password = "counsellor passphrase";

std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

TEST(Queue, WithNoCounsellorOnDutyTheHelpSeekerGetsTheEmergencyNumbers)
{
    temp_dir dir;
    open_around_the_clock(dir.path() / "data");
    server_process server(dir.path());
    ws_client seeker(server.port());
    const auto answer = join(seeker, "support", "sv");
    ASSERT_EQ(answer.at("type"), "closed") << answer;
    EXPECT_EQ(answer.at("reason"), "no_counsellor");
    const auto& numbers = answer.at("emergency_numbers").as_array();
    ASSERT_FALSE(numbers.empty());
    EXPECT_EQ(numbers[0].at("number"), "112");
}

TEST(Queue, OutsideOpeningHoursTheHelpSeekerSeesTheNextOpening)
{
    temp_dir dir;
    // Open one minute a week, on Wednesdays at noon: closed now (but for that one minute).
    ASSERT_EQ(admin(dir.path() / "data", {"hours", "set", "--timezone", "Europe/Stockholm", "--mon", "closed", "--tue", "closed",
                                          "--wed", "12:00-12:01", "--thu", "closed", "--fri", "closed", "--sat", "closed",
                                          "--sun", "closed"}),
              0);
    create_account(dir.path() / "data", "anna", "counsellor", password);
    server_process server(dir.path());
    ws_client counsellor(server.port());
    go_on_duty(counsellor, "anna", password, 1);

    ws_client seeker(server.port());
    const auto answer = join(seeker, "support", "sv");
    ASSERT_EQ(answer.at("type"), "closed") << answer;
    EXPECT_EQ(answer.at("reason"), "outside_hours");
    EXPECT_TRUE(text(answer.at("next_opening_local")).ends_with("T12:00 Europe/Stockholm")) << answer;
    EXPECT_GT(answer.at("next_opening").as_int64(), 0);
    EXPECT_FALSE(answer.at("emergency_numbers").as_array().empty());
    EXPECT_TRUE(answer.at("texts").as_object().contains("ar"));
}

class Chat : public ::testing::Test {
protected:
    void SetUp() override
    {
        create_account(dir.path() / "data", "anna", "counsellor", password, "sv,en");
        open_around_the_clock(dir.path() / "data");
        server = std::make_unique<server_process>(dir.path());
    }
    temp_dir dir;
    std::unique_ptr<server_process> server;
};

TEST_F(Chat, PairsAndRelaysBothWaysWithDeliveryStates)
{
    ws_client counsellor(server->port());
    EXPECT_EQ(go_on_duty(counsellor, "anna", password, 2).at("capacity"), 2);

    ws_client seeker(server->port());
    const auto paired = join(seeker, "support", "en", false);
    ASSERT_EQ(paired.at("type"), "paired") << paired;
    const auto chat = text(paired.at("chat"));
    EXPECT_EQ(paired.at("epoch"), 0);
    EXPECT_FALSE(text(paired.at("token")).empty());

    // The counsellor sees lane and language before the first message.
    const auto assigned = receive_type(counsellor, "assigned");
    EXPECT_EQ(text(assigned.at("chat")), chat);
    EXPECT_EQ(assigned.at("lane"), "support");
    EXPECT_EQ(assigned.at("language"), "en");
    EXPECT_FALSE(assigned.at("language_differs").as_bool());

    send_frame(seeker, chat, 1, "aGVsbG8");
    EXPECT_EQ(receive_type(seeker, "accepted").at("seq"), 1);
    const auto relayed = receive_type(counsellor, "msg");
    EXPECT_EQ(relayed.at("payload"), "aGVsbG8");
    EXPECT_EQ(relayed.at("seq"), 1);
    counsellor.send_json({{"type", "ack"}, {"chat", chat}, {"seq", 1}});
    EXPECT_EQ(receive_type(seeker, "delivered").at("seq"), 1);

    send_frame(counsellor, chat, 1, "aGk");
    EXPECT_EQ(receive_type(seeker, "msg").at("payload"), "aGk");

    // Either side ends; both are told; the counsellor tags the chat into hourly counters only.
    seeker.send_json({{"type", "end"}});
    EXPECT_EQ(receive_type(seeker, "chat_ended").at("reason"), "ended_by_help_seeker");
    EXPECT_EQ(text(receive_type(counsellor, "chat_ended").at("chat")), chat);
    counsellor.send_json({{"type", "tags"}, {"chat", chat}, {"outcome", "supported"}, {"topic", "honour"}});
    receive_type(counsellor, "tags_saved");
    counsellor.send_json({{"type", "tags"}, {"chat", chat}, {"outcome", "supported"}});
    EXPECT_EQ(receive_type(counsellor, "error").at("code"), "no_such_chat") << "tags are given once";

    store::store db((dir.path() / "data" / "tillit.db").string());
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const auto labels = "lane=support,language=en,age_band=unknown,topic=honour,outcome=supported";
    EXPECT_EQ(db.counter(now - now % 3600, "chats_ended", labels) + db.counter(now - now % 3600 - 3600, "chats_ended", labels), 1);
}

TEST_F(Chat, SequenceErrorsAreReportedAndNothingIsRelayedTwice)
{
    ws_client counsellor(server->port());
    go_on_duty(counsellor, "anna", password, 1);
    ws_client seeker(server->port());
    const auto chat = text(join(seeker, "support", "sv", false).at("chat"));
    receive_type(counsellor, "assigned");

    send_frame(seeker, chat, 2, "eA");
    const auto error = receive_type(seeker, "error");
    EXPECT_EQ(error.at("code"), "out_of_order");
    EXPECT_EQ(error.at("expected"), 1);
    send_frame(seeker, chat, 1, "eA");
    receive_type(seeker, "accepted");
    send_frame(seeker, chat, 1, "eA");  // a resend: accepted again, relayed once
    receive_type(seeker, "accepted");
    send_frame(seeker, chat, 2, "eQ");
    receive_type(seeker, "accepted");
    EXPECT_EQ(receive_type(counsellor, "msg").at("seq"), 1);
    EXPECT_EQ(receive_type(counsellor, "msg").at("seq"), 2);
    send_frame(seeker, chat, 3, "not base64!");
    EXPECT_EQ(receive_type(seeker, "error").at("code"), "bad_message");
}

TEST_F(Chat, ALeaverIsForgottenAndTheNextInLineIsServed)
{
    // A counsellor who speaks only Finnish keeps the lane open without taking anyone.
    create_account(dir.path() / "data", "fia", "counsellor", password, "fi");
    ws_client placeholder(server->port());
    go_on_duty(placeholder, "fia", password, 1);
    ws_client first(server->port());
    ws_client second(server->port());
    EXPECT_EQ(join(first, "support", "sv").at("position"), 1);
    EXPECT_EQ(join(second, "support", "sv").at("position"), 2);
    first.send_json({{"type", "leave"}});
    receive_type(first, "left");
    EXPECT_EQ(receive_type(second, "queue").at("position"), 1) << "the queue moves up within about a second";

    ws_client counsellor(server->port());
    go_on_duty(counsellor, "anna", password, 1);
    EXPECT_FALSE(receive_type(second, "paired").at("language_differs").as_bool());
}

// 50 help-seekers and 5 counsellors of mixed languages and capacities: every help-seeker is
// served exactly once, by a counsellor who speaks their language, never beyond a capacity, and
// always the longest-waiting one a freed counsellor can serve.
TEST(Pairing, FiftyHelpSeekersFiveCounsellorsServedInOrder)
{
    temp_dir dir;
    struct desk {
        std::string name;
        std::set<std::string> languages;
        unsigned capacity;
    };
    const std::vector<desk> desks = {{"c1", {"sv"}, 2}, {"c2", {"sv", "en"}, 3}, {"c3", {"ar"}, 1}, {"c4", {"en"}, 2},
                                     {"c5", {"ar", "sv"}, 2}};
    for (const auto& d : desks) {
        std::string list;
        for (const auto& l : d.languages) list += (list.empty() ? "" : ",") + l;
        create_account(dir.path() / "data", d.name, "counsellor", password, list);
    }
    create_account(dir.path() / "data", "fia", "counsellor", password, "fi");
    open_around_the_clock(dir.path() / "data");
    // Fifty people, all on 127.0.0.1 here: no join limit per client.
    server_process server(dir.path(), {"--language-fallback", "900", "--joins-per-minute", "0"});

    ws_client placeholder(server.port());  // keeps the lane open while the queue fills
    go_on_duty(placeholder, "fia", password, 1);

    const std::vector<std::string> languages = {"sv", "en", "ar", "sv", "ar"};
    std::vector<std::unique_ptr<ws_client>> seekers;
    std::deque<std::size_t> waiting;  // indexes of help-seekers not yet served, in join order
    for (std::size_t i = 0; i < 50; ++i) {
        seekers.push_back(std::make_unique<ws_client>(server.port()));
        ASSERT_EQ(join(*seekers[i], "support", languages[i % languages.size()]).at("position").as_int64(), static_cast<std::int64_t>(i + 1));
        waiting.push_back(i);
    }

    std::vector<std::unique_ptr<ws_client>> counsellors;
    std::vector<std::deque<std::string>> open_chats(desks.size());
    std::set<std::string> all_chats;
    std::size_t served = 0;
    // The counsellor `c` has room: it must get the longest-waiting help-seekers it can serve.
    const auto expect_assignments = [&](std::size_t c) {
        while (open_chats[c].size() < desks[c].capacity) {
            const auto next = std::find_if(waiting.begin(), waiting.end(), [&](std::size_t i) {
                return desks[c].languages.contains(languages[i % languages.size()]);
            });
            if (next == waiting.end()) return;
            const auto seeker = *next;
            waiting.erase(next);
            SCOPED_TRACE("help-seeker " + std::to_string(seeker) + " to " + desks[c].name);
            const auto assigned = receive_type(*counsellors[c], "assigned");
            const auto paired = receive_type(*seekers[seeker], "paired");
            ASSERT_EQ(paired.at("chat"), assigned.at("chat")) << "help-seeker " << seeker << " should go to " << desks[c].name;
            EXPECT_EQ(text(assigned.at("language")), languages[seeker % languages.size()]);
            EXPECT_FALSE(assigned.at("language_differs").as_bool());
            EXPECT_TRUE(all_chats.insert(text(paired.at("chat"))).second);
            open_chats[c].push_back(text(paired.at("chat")));
            ++served;
        }
    };
    for (std::size_t c = 0; c < desks.size(); ++c) {
        counsellors.push_back(std::make_unique<ws_client>(server.port()));
        go_on_duty(*counsellors[c], desks[c].name, password, desks[c].capacity);
        expect_assignments(c);
    }
    // Counsellors end their oldest chat in turn; each freed place goes to the right person.
    for (int round = 0; served < 50 && round < 200; ++round) {
        const auto c = static_cast<std::size_t>(round) % desks.size();
        if (open_chats[c].empty()) continue;
        counsellors[c]->send_json({{"type", "end"}, {"chat", open_chats[c].front()}});
        EXPECT_EQ(text(receive_type(*counsellors[c], "chat_ended").at("chat")), open_chats[c].front());
        open_chats[c].pop_front();
        expect_assignments(c);
    }
    EXPECT_EQ(served, 50u);
    EXPECT_TRUE(waiting.empty());
}

} // namespace
} // namespace tillit::test
