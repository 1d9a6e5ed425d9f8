// Integration: the supervisors' live dashboard (docs/protocol.md, "Supervisor") through the real
// server: watch, the counts following what counsellors and help-seekers do, unwatch, refusal for
// counsellors, and that a dashboard never holds anything about one person.
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <stdexcept>

#include <boost/json/parse.hpp>

#include "support/chat_clients.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"

namespace tillit::test {
namespace {

namespace json = boost::json;

constexpr auto password = "dashboard test passphrase";

std::string text(const json::value& v) { return std::string(v.as_string()); }

std::set<std::string> keys_of(const json::object& o)
{
    std::set<std::string> keys;
    for (const auto& [key, value] : o) keys.insert(std::string(key));
    return keys;
}

std::int64_t unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class Dashboard : public ::testing::Test {
protected:
    void SetUp() override
    {
        create_account(dir.path() / "data", "berit", "supervisor", password);
        create_account(dir.path() / "data", "ada", "admin", password);
        create_account(dir.path() / "data", "anna", "counsellor", password, "sv");
        open_around_the_clock(dir.path() / "data");
        // Help-seekers of other languages keep waiting for the whole test.
        server = std::make_unique<server_process>(dir.path(), std::vector<std::string>{"--language-fallback", "900"});
    }

    // Reads the next message, which must be a dashboard, and keeps its text for the privacy check.
    json::object next_dashboard(ws_client& client, std::chrono::milliseconds timeout)
    {
        const auto frame = client.receive(timeout);
        auto message = json::parse(frame).as_object();
        if (message.at("type") != "dashboard") throw std::runtime_error("not a dashboard: " + frame);
        seen.push_back(frame);
        return message;
    }

    // Reads dashboards until one satisfies `wanted` (they come at most once a second, when
    // something changed); throws on time-out with the last one seen.
    json::object wait_for(ws_client& client, const std::function<bool(const json::object&)>& wanted,
                          std::chrono::milliseconds timeout = 15s)
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left <= 0ms) throw std::runtime_error("no such dashboard; last: " + (seen.empty() ? std::string() : seen.back()));
            auto message = next_dashboard(client, left);
            if (wanted(message)) return message;
        }
    }

    json::object sign_in(ws_client& client, const std::string& pseudonym)
    {
        auto reply = log_in(client, pseudonym, password);
        if (reply.at("type") != "login_ok") throw std::runtime_error("login failed for " + pseudonym);
        return reply;
    }

    temp_dir dir;
    std::unique_ptr<server_process> server;
    std::vector<std::string> seen;  // every dashboard received, as sent
};

json::object counsellors(const json::object& d) { return d.at("counsellors").as_object(); }

bool staffing_is(const json::object& d, std::int64_t on_duty, std::int64_t busy, std::int64_t free, std::int64_t away)
{
    const auto c = counsellors(d);
    return c.at("on_duty") == on_duty && c.at("busy") == busy && c.at("free") == free && c.at("away") == away;
}

TEST_F(Dashboard, FollowsQueueAndStaffingInAggregateOnly)
{
    ws_client supervisor(server->port());
    EXPECT_EQ(sign_in(supervisor, "berit").at("role"), "supervisor");
    supervisor.send_json({{"type", "watch"}});

    // At once: everything zero, both lanes present.
    const auto first = next_dashboard(supervisor, 5s);
    EXPECT_LE(std::abs(first.at("at").as_int64() - unix_now()), 5);
    EXPECT_TRUE(first.at("waiting").as_array().empty()) << first;
    EXPECT_EQ(first.at("lanes"), json::parse(R"([{"lane":"support","waiting":0,"longest_wait_seconds":null},
                                                 {"lane":"consultation","waiting":0,"longest_wait_seconds":null}])"));
    EXPECT_TRUE(staffing_is(first, 0, 0, 0, 0)) << first;
    EXPECT_EQ(first.at("chats_in_progress"), 0);
    EXPECT_EQ(first.at("abandoned_last_hour"), 0);

    // A counsellor (capacity 2) goes on duty.
    ws_client counsellor(server->port());
    go_on_duty(counsellor, "anna", password, 2);
    wait_for(supervisor, [](const json::object& d) { return staffing_is(d, 1, 0, 1, 0); });

    // The counsellor has no dashboard.
    counsellor.send_json({{"type", "watch"}});
    EXPECT_EQ(receive_type(counsellor, "error").at("code"), "unknown_type");
    counsellor.send_json({{"type", "unwatch"}});
    EXPECT_EQ(receive_type(counsellor, "error").at("code"), "unknown_type");

    // Help-seekers in Arabic and Finnish wait (the counsellor speaks only Swedish).
    ws_client ar1(server->port());
    ws_client ar2(server->port());
    ws_client fi(server->port());
    ws_client professional(server->port());
    ASSERT_EQ(join(ar1, "support", "ar").at("type"), "queue");
    ASSERT_EQ(join(ar2, "support", "ar").at("type"), "queue");
    ASSERT_EQ(join(fi, "support", "fi").at("type"), "queue");
    ASSERT_EQ(join(professional, "consultation", "ar").at("type"), "queue");
    const auto waiting = wait_for(supervisor, [](const json::object& d) { return d.at("waiting").as_array().size() == 3; });
    const auto& groups = waiting.at("waiting").as_array();
    EXPECT_EQ(groups[0].at("lane"), "support");
    EXPECT_EQ(groups[0].at("language"), "ar");
    EXPECT_EQ(groups[0].at("count"), 2);
    EXPECT_EQ(groups[1].at("lane"), "support");
    EXPECT_EQ(groups[1].at("language"), "fi");
    EXPECT_EQ(groups[1].at("count"), 1);
    EXPECT_EQ(groups[2].at("lane"), "consultation");
    EXPECT_EQ(groups[2].at("language"), "ar");
    EXPECT_EQ(groups[2].at("count"), 1);
    for (const auto& g : groups) EXPECT_GE(g.at("longest_wait_seconds").as_int64(), 0);
    const auto& lanes = waiting.at("lanes").as_array();
    EXPECT_EQ(lanes[0].at("lane"), "support");
    EXPECT_EQ(lanes[0].at("waiting"), 3);
    EXPECT_GE(lanes[0].at("longest_wait_seconds").as_int64(), groups[1].at("longest_wait_seconds").as_int64());
    EXPECT_EQ(lanes[1].at("lane"), "consultation");
    EXPECT_EQ(lanes[1].at("waiting"), 1);

    // One gives up: counted as abandoned, gone from the waiting.
    fi.send_json({{"type", "leave"}});
    receive_type(fi, "left");
    const auto after_leave = wait_for(supervisor, [](const json::object& d) { return d.at("abandoned_last_hour") == 1; });
    EXPECT_EQ(after_leave.at("waiting").as_array().size(), 2u) << after_leave;
    EXPECT_EQ(after_leave.at("lanes").as_array()[0].at("waiting"), 2);

    // Pairings: one chat leaves a free place, two fill the capacity.
    std::vector<std::string> secrets;  // chat ids and resume tokens: never in a dashboard
    ws_client sv1(server->port());
    const auto paired1 = join(sv1, "support", "sv", false);
    ASSERT_EQ(paired1.at("type"), "paired") << paired1;
    secrets.push_back(text(paired1.at("chat")));
    secrets.push_back(text(paired1.at("token")));
    wait_for(supervisor, [](const json::object& d) { return d.at("chats_in_progress") == 1 && staffing_is(d, 1, 0, 1, 0); });
    ws_client sv2(server->port());
    const auto paired2 = join(sv2, "support", "sv", false);
    ASSERT_EQ(paired2.at("type"), "paired") << paired2;
    secrets.push_back(text(paired2.at("chat")));
    secrets.push_back(text(paired2.at("token")));
    wait_for(supervisor, [](const json::object& d) { return d.at("chats_in_progress") == 2 && staffing_is(d, 1, 1, 0, 0); });

    // The counsellor's connection drops: away (within the grace period), the chats go on.
    counsellor.drop();
    const auto away = wait_for(supervisor, [](const json::object& d) { return staffing_is(d, 1, 0, 0, 1); });
    EXPECT_EQ(away.at("chats_in_progress"), 2);

    // A help-seeker whose connection closes while waiting has abandoned too.
    ar1.drop();
    const auto dropped = wait_for(supervisor, [](const json::object& d) { return d.at("abandoned_last_hour") == 2; });
    EXPECT_EQ(dropped.at("waiting").as_array().at(0).at("count"), 1);

    // unwatch: "unwatched" ends the feed (dashboards already on their way may come first).
    supervisor.send_json({{"type", "unwatch"}});
    for (;;) {
        const auto frame = supervisor.receive(5s);
        const auto message = json::parse(frame).as_object();
        if (message.at("type") == "unwatched") break;
        ASSERT_EQ(message.at("type"), "dashboard") << frame;
        seen.push_back(frame);
    }

    // Aggregate counts only: exactly the documented fields, and nothing naming a person or a chat.
    ASSERT_GE(seen.size(), 8u);
    const std::set<std::string> top = {"type",        "at", "waiting", "lanes", "counsellors", "chats_in_progress",
                                       "abandoned_last_hour", "mailbox"};
    for (const auto& frame : seen) {
        const auto d = json::parse(frame).as_object();
        EXPECT_EQ(keys_of(d), top) << frame;
        for (const auto& g : d.at("waiting").as_array())
            EXPECT_EQ(keys_of(g.as_object()), (std::set<std::string>{"lane", "language", "count", "longest_wait_seconds"})) << frame;
        for (const auto& l : d.at("lanes").as_array())
            EXPECT_EQ(keys_of(l.as_object()), (std::set<std::string>{"lane", "waiting", "longest_wait_seconds"})) << frame;
        EXPECT_EQ(keys_of(counsellors(d)), (std::set<std::string>{"on_duty", "busy", "free", "away"})) << frame;
        EXPECT_EQ(keys_of(d.at("mailbox").as_object()),
                  (std::set<std::string>{"waiting", "oldest_wait_seconds", "past_reply_by", "answered_today"}))
            << frame;
        for (const auto* name : {"anna", "berit", "chat\"", "token", "pseudonym"})
            EXPECT_EQ(frame.find(name), std::string::npos) << name << " in " << frame;
        for (const auto& secret : secrets) EXPECT_EQ(frame.find(secret), std::string::npos) << frame;
    }
}

TEST_F(Dashboard, AnAdminMayWatchAndAClosedWatcherIsLetGo)
{
    ws_client admin_client(server->port());
    EXPECT_EQ(sign_in(admin_client, "ada").at("role"), "admin");
    admin_client.send_json({{"type", "watch"}});
    EXPECT_TRUE(staffing_is(next_dashboard(admin_client, 5s), 0, 0, 0, 0));
    // Watching again answers at once again.
    admin_client.send_json({{"type", "watch"}});
    next_dashboard(admin_client, 5s);
    admin_client.drop();  // closing while watching

    // The feed of others goes on; the server is none the worse.
    ws_client supervisor(server->port());
    sign_in(supervisor, "berit");
    supervisor.send_json({{"type", "watch"}});
    next_dashboard(supervisor, 5s);
    ws_client counsellor(server->port());
    go_on_duty(counsellor, "anna", password, 1);
    wait_for(supervisor, [](const json::object& d) { return staffing_is(d, 1, 0, 1, 0); });

    // Before signing in, watch decides nothing and is refused like any unknown first message.
    ws_client stranger(server->port());
    stranger.send_json({{"type", "watch"}});
    EXPECT_EQ(receive_type(stranger, "error").at("code"), "unknown_type");
}

} // namespace
} // namespace tillit::test
