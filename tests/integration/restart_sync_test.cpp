// Integration (issue 14, item 5): a restart shows nobody a message twice and loses none. Two real
// end-to-end protocol clients (seeker_client, counsellor_client: JSON over a real WebSocket, the
// handshake and streams of crypto/, the numbering and sync of spec E) talk in bursts both ways
// while the real server is SIGKILLed at 20+ random points and started again on the same data
// folder and port. At the end each side shows every message of the other exactly once, none lost,
// none out of order, and both show the same merged order. Seeded: the seed is printed, and
// TILLIT_TEST_SEED=<seed> repeats a run. Every wait is on an event, with a generous bound.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <random>

#include "support/counsellor_client.hpp"
#include "support/e2e_chat.hpp"
#include "support/seeker_client.hpp"
#include "support/server_process.hpp"

namespace tillit::test {
namespace {

constexpr auto password = "counsellor passphrase";
constexpr int kills = 22;

std::uint64_t test_seed()
{
    if (const char* given = std::getenv("TILLIT_TEST_SEED")) return std::strtoull(given, nullptr, 10);
    return std::random_device{}();
}

struct pair_of_clients {
    seeker_client& seeker;
    counsellor_client& counsellor;

    // Lets both sides handle whatever arrives (each waits a little for it).
    std::size_t pump()
    {
        std::size_t handled = 0;
        handled += seeker.pump(20ms) ? 1 : 0;
        handled += counsellor.pump(20ms) ? 1 : 0;
        return handled;
    }
    // Pumps until `done` holds or `bound` passes; false on the bound.
    bool until(const std::function<bool()>& done, std::chrono::seconds bound)
    {
        const auto deadline = std::chrono::steady_clock::now() + bound;
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            pump();
        }
        return true;
    }
    // Every message either side wrote is shown on the other side and confirmed to its writer.
    [[nodiscard]] bool caught_up() const
    {
        const auto& s = seeker.talk();
        const auto& k = counsellor.talk();
        return s.highest_peer() == k.highest_own() && k.highest_peer() == s.highest_own() && s.waiting().empty() &&
               k.waiting().empty();
    }
    [[nodiscard]] std::string state() const
    {
        const auto& s = seeker.talk();
        const auto& k = counsellor.talk();
        return "help-seeker: wrote " + std::to_string(s.highest_own()) + ", has " + std::to_string(s.highest_peer()) +
               ", waiting " + std::to_string(s.waiting().size()) + ", epoch " + std::to_string(seeker.epoch()) +
               (seeker.channel_ready() ? " ready" : " no channel") + (seeker.connected() ? "" : " disconnected") +
               "; counsellor: wrote " + std::to_string(k.highest_own()) + ", has " + std::to_string(k.highest_peer()) +
               ", waiting " + std::to_string(k.waiting().size()) + ", epoch " + std::to_string(counsellor.epoch()) +
               (counsellor.channel_ready() ? " ready" : " no channel") + (counsellor.connected() ? "" : " disconnected");
    }
};

// The problems a side met, and the last messages it sent and received.
std::string problems_of(const chat_peer& peer)
{
    std::string all;
    for (const auto& p : peer.problems()) all += "\n  " + p;
    return all + "\n  last messages:" + peer.recent();
}

TEST(RestartSync, TwentySigkillsDuringBurstsLoseNothingAndShowNothingTwice)
{
    const auto seed = test_seed();
    std::cout << "RestartSync seed: " << seed << " (TILLIT_TEST_SEED=" << seed << " repeats it)" << std::endl;
    RecordProperty("seed", std::to_string(seed));
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 random(seed);
    const auto pick = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); };

    temp_dir dir;
    e2e_chat keys(dir.path(), "anna", password);
    server_process server(dir.path(), keys.server_args());
    counsellor_client counsellor(server.port(), keys);
    counsellor.start();
    seeker_client seeker(server.port(), keys.root());
    seeker.start();
    pair_of_clients both{seeker, counsellor};
    ASSERT_TRUE(both.until([&] { return seeker.talk().peer_synced() && counsellor.talk().peer_synced(); }, 60s))
        << "the first epoch's handshake and syncs: " << both.state() << problems_of(seeker) << problems_of(counsellor);

    std::vector<std::string> seeker_wrote;
    std::vector<std::string> counsellor_wrote;
    for (int round = 0; round < kills; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        // A burst both ways, in a random interleaving, with the kill at a random point of it:
        // between two writes, after a random number of handled events.
        std::vector<bool> writers;  // true: the help-seeker writes next
        for (int i = pick(1, 6); i > 0; --i) writers.push_back(true);
        for (int i = pick(1, 6); i > 0; --i) writers.push_back(false);
        std::shuffle(writers.begin(), writers.end(), random);
        const auto kill_at = static_cast<std::size_t>(pick(0, static_cast<int>(writers.size())));
        for (std::size_t i = 0; i <= writers.size(); ++i) {
            if (i == kill_at) {
                // Let some of what is in flight arrive, then kill the server in the middle of it.
                for (int events = pick(0, 8); events > 0 && both.pump() > 0; --events) {}
                ASSERT_EQ(server.stop(SIGKILL), 128 + SIGKILL);
                server.start_again();
            }
            if (i == writers.size()) break;
            if (writers[i]) {
                seeker_wrote.push_back("s" + std::to_string(round) + "." + std::to_string(seeker_wrote.size() + 1));
                seeker.write(seeker_wrote.back());
            } else {
                counsellor_wrote.push_back("c" + std::to_string(round) + "." + std::to_string(counsellor_wrote.size() + 1));
                counsellor.write(counsellor_wrote.back());
            }
            for (int events = pick(0, 3); events > 0 && both.pump() > 0; --events) {}
        }
        ASSERT_TRUE(seeker.problems().empty() && counsellor.problems().empty())
            << problems_of(seeker) << problems_of(counsellor);
        // Most rounds end with everything through; the others go straight into the next burst,
        // so that some kills fall into a handshake or a sync.
        if (pick(0, 2) > 0) {
            ASSERT_TRUE(both.until([&] { return both.caught_up(); }, 120s)) << both.state() << problems_of(seeker) << problems_of(counsellor);
        }
    }
    ASSERT_TRUE(both.until([&] { return both.caught_up(); }, 120s)) << both.state() << problems_of(seeker) << problems_of(counsellor);

    EXPECT_TRUE(seeker.problems().empty()) << problems_of(seeker);
    EXPECT_TRUE(counsellor.problems().empty()) << problems_of(counsellor);
    // Each side shows each of the other's messages once, in the order written.
    const auto peers_texts = [](const conversation& talk, chat_side peer) {
        std::vector<std::string> texts;
        for (const auto& m : talk.shown())
            if (m.from == peer) texts.push_back(m.text);
        return texts;
    };
    EXPECT_EQ(peers_texts(counsellor.talk(), chat_side::help_seeker), seeker_wrote) << "the counsellor's screen";
    EXPECT_EQ(peers_texts(seeker.talk(), chat_side::counsellor), counsellor_wrote) << "the help-seeker's screen";
    EXPECT_EQ(seeker.talk().gaps(), 0u);
    EXPECT_EQ(counsellor.talk().gaps(), 0u);
    // Both screens show one and the same order.
    const auto order = [](const conversation& talk) {
        std::vector<std::string> texts;
        for (const auto& m : talk.shown()) texts.push_back(m.text);
        return texts;
    };
    EXPECT_EQ(order(seeker.talk()), order(counsellor.talk()));
    EXPECT_EQ(order(seeker.talk()).size(), seeker_wrote.size() + counsellor_wrote.size());
    std::cout << "RestartSync: " << kills << " kills, " << seeker_wrote.size() << " + " << counsellor_wrote.size()
              << " messages, epochs up to " << seeker.epoch() << ", reconnects " << seeker.reconnects() << " + "
              << counsellor.reconnects() << ", duplicates dropped " << seeker.talk().duplicates_dropped() << " + "
              << counsellor.talk().duplicates_dropped() << ", sent after a sync (held or missing) "
              << seeker.talk().sent_after_sync() << " + " << counsellor.talk().sent_after_sync() << std::endl;
}

TEST(RestartSync, AReloadedConsoleAsksForANewEpochAndGetsEverythingOnceAgain)
{
    // Spec C: a console that reloads has no keys and no messages. Its chat comes back `assigned`
    // with `returning: true`; it asks for `new_epoch`; after the new handshake the help-seeker's
    // sync and resend give it the whole conversation once, and what it writes goes on after the
    // numbers the help-seeker already has.
    temp_dir dir;
    e2e_chat keys(dir.path(), "anna", password);
    server_process server(dir.path(), keys.server_args());
    counsellor_client counsellor(server.port(), keys);
    counsellor.start();
    seeker_client seeker(server.port(), keys.root());
    seeker.start();
    pair_of_clients both{seeker, counsellor};
    ASSERT_TRUE(both.until([&] { return seeker.talk().peer_synced() && counsellor.talk().peer_synced(); }, 60s)) << both.state();
    for (const auto* t : {"s1", "s2", "s3"}) seeker.write(t);
    for (const auto* t : {"c1", "c2", "c3"}) counsellor.write(t);
    ASSERT_TRUE(both.until([&] { return both.caught_up(); }, 60s)) << both.state();
    const auto first_epoch = seeker.epoch();

    counsellor.reload();
    counsellor.write("c4 after the reload");
    seeker.write("s4 during the reload");
    ASSERT_TRUE(both.until([&] { return seeker.talk().highest_peer() == 4 && counsellor.talk().highest_peer() == 4 &&
                                        seeker.talk().waiting().empty() && counsellor.talk().waiting().empty(); },
                           60s))
        << both.state() << problems_of(seeker) << problems_of(counsellor);
    EXPECT_GT(seeker.epoch(), first_epoch) << "a new epoch with a new handshake";
    EXPECT_GE(counsellor.count("epoch"), 1u);
    EXPECT_TRUE(seeker.problems().empty()) << problems_of(seeker);
    EXPECT_TRUE(counsellor.problems().empty()) << problems_of(counsellor);
    std::vector<std::string> console_shows;
    for (const auto& m : counsellor.talk().shown())
        if (m.from == chat_side::help_seeker) console_shows.push_back(m.text);
    EXPECT_EQ(console_shows, (std::vector<std::string>{"s1", "s2", "s3", "s4 during the reload"})) << "everything once, in order";
    std::vector<std::string> seeker_shows;
    for (const auto& m : seeker.talk().shown())
        if (m.from == chat_side::counsellor) seeker_shows.push_back(m.text);
    EXPECT_EQ(seeker_shows, (std::vector<std::string>{"c1", "c2", "c3", "c4 after the reload"})) << "c4 is number 4, not a second 1";
}

} // namespace
} // namespace tillit::test
