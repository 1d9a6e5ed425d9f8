// Integration (spec D and C): presence with the two end-to-end protocol clients. When the
// counsellor's connection drops, the help-seeker is told `peer_away` with how long the chat waits;
// what it writes meanwhile is held by the server; when the counsellor is back (a network blip in
// the same console, which keeps its channel) the help-seeker is told `peer_back`, the held
// messages arrive once, and no new epoch is needed.
#include <gtest/gtest.h>

#include "support/counsellor_client.hpp"
#include "support/e2e_chat.hpp"
#include "support/seeker_client.hpp"
#include "support/server_process.hpp"

namespace tillit::test {
namespace {

constexpr auto password = "counsellor passphrase";

// Pumps the given clients until `done` or `bound`; false on the bound.
template <class Done>
bool until(std::initializer_list<chat_peer*> peers, Done done, std::chrono::seconds bound)
{
    const auto deadline = std::chrono::steady_clock::now() + bound;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        for (auto* p : peers) p->pump(20ms);
    }
    return true;
}

std::vector<std::string> texts_from(const conversation& talk, chat_side from)
{
    std::vector<std::string> texts;
    for (const auto& m : talk.shown())
        if (m.from == from) texts.push_back(m.text);
    return texts;
}

TEST(Presence, ACounsellorsBlipIsToldToTheHelpSeekerAndWhatItWroteMeanwhileArrivesOnce)
{
    temp_dir dir;
    e2e_chat keys(dir.path(), "anna", password);
    server_process server(dir.path(), keys.server_args());
    counsellor_client counsellor(server.port(), keys);
    counsellor.start();
    seeker_client seeker(server.port(), keys.root());
    seeker.start();
    ASSERT_TRUE(until({&seeker, &counsellor}, [&] { return seeker.talk().peer_synced() && counsellor.talk().peer_synced(); }, 60s));
    seeker.write("before");
    ASSERT_TRUE(until({&seeker, &counsellor}, [&] { return counsellor.talk().highest_peer() == 1 && seeker.talk().waiting().empty(); }, 60s));
    const auto epoch = seeker.epoch();

    counsellor.drop_connection();
    // Only the help-seeker runs until it is told: the counsellor cannot be back before that.
    ASSERT_TRUE(until({&seeker}, [&] { return seeker.count("peer_away") > 0; }, 30s)) << "peer_away";
    EXPECT_EQ(seeker.last("peer_away").at("waits_seconds"), 60) << "counsellor-grace";
    const auto accepted_before = seeker.count("accepted");
    for (const auto* t : {"while away 1", "while away 2", "while away 3"}) seeker.write(t);
    ASSERT_TRUE(until({&seeker}, [&] { return seeker.count("accepted") == accepted_before + 3; }, 30s))
        << "held by the server: accepted while the counsellor is away";

    ASSERT_TRUE(until({&seeker, &counsellor}, [&] { return counsellor.talk().highest_peer() == 4 && seeker.talk().waiting().empty(); }, 60s))
        << "the held messages reach the counsellor once it is back";
    EXPECT_GT(seeker.count("peer_back"), 0u);
    EXPECT_EQ(seeker.epoch(), epoch) << "a blip keeps the epoch";
    EXPECT_EQ(texts_from(counsellor.talk(), chat_side::help_seeker),
              (std::vector<std::string>{"before", "while away 1", "while away 2", "while away 3"}));
    EXPECT_TRUE(seeker.problems().empty()) << seeker.problems().front();
    EXPECT_TRUE(counsellor.problems().empty()) << counsellor.problems().front();
}

} // namespace
} // namespace tillit::test
