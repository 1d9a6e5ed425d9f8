// Unit: the pairing rule with a controlled clock: fairness, capacity, language fallback,
// disconnect grace, transfer, and no double assignment under any interleaving of events.
#include "chat/pairing_book.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace tillit::chat {
namespace {

using namespace std::chrono_literals;
const clock::time_point t0 = clock::time_point{} + 1000h;

seeker_request seeker(std::string language, lane l = lane::support) { return {l, std::move(language), {}, {}}; }

pairing_book make_book()
{
    return pairing_book({.language_fallback_after = 120s, .counsellor_grace = 60s, .service_rate_window = 30min});
}

TEST(PairingBook, LongestWaitingIsServedFirst)
{
    auto book = make_book();
    const auto first = book.join(seeker("sv"), t0);
    const auto second = book.join(seeker("sv"), t0 + 1s);
    const auto third = book.join(seeker("sv"), t0 + 2s);
    book.go_on_duty(7, {lane::support}, {"sv"}, 2);
    const auto made = book.assign(t0 + 3s);
    ASSERT_EQ(made.size(), 2u);
    EXPECT_EQ(made[0].ticket, first);
    EXPECT_EQ(made[1].ticket, second);
    EXPECT_EQ(made[0].waited, 3s);
    EXPECT_TRUE(book.is_waiting(third));
    EXPECT_EQ(book.positions(t0 + 3s).at(0).position, 1u);
}

TEST(PairingBook, CapacityIsNeverExceededAndFreedByEndingAChat)
{
    auto book = make_book();
    for (int i = 0; i < 5; ++i) book.join(seeker("sv"), t0 + std::chrono::seconds(i));
    book.go_on_duty(7, {lane::support}, {"sv"}, 2);
    const auto made = book.assign(t0 + 10s);
    ASSERT_EQ(made.size(), 2u);
    EXPECT_TRUE(book.assign(t0 + 11s).empty());
    book.chat_ended(made[0].chat);
    EXPECT_EQ(book.assign(t0 + 12s).size(), 1u);
    EXPECT_TRUE(book.set_capacity(7, 1));
    book.chat_ended(made[1].chat);
    EXPECT_TRUE(book.assign(t0 + 13s).empty()) << "one chat still open, capacity now 1";
}

TEST(PairingBook, ServesOnlyTheLanesOfTheCounsellor)
{
    auto book = make_book();
    const auto professional = book.join(seeker("sv", lane::consultation), t0);
    const auto person = book.join(seeker("sv", lane::support), t0 + 1s);
    book.go_on_duty(7, {lane::support}, {"sv"}, 3);
    const auto made = book.assign(t0 + 2s);
    ASSERT_EQ(made.size(), 1u);
    EXPECT_EQ(made[0].ticket, person);
    EXPECT_TRUE(book.is_waiting(professional));
    EXPECT_TRUE(book.anyone_serving(lane::support));
    EXPECT_FALSE(book.anyone_serving(lane::consultation));
}

TEST(PairingBook, LanguageMatchFirstThenAnyLanguageAfterTheFallbackWait)
{
    auto book = make_book();
    const auto arabic = book.join(seeker("ar"), t0);
    const auto swedish = book.join(seeker("sv"), t0 + 1s);
    book.go_on_duty(7, {lane::support}, {"sv"}, 2);
    auto made = book.assign(t0 + 2s);
    ASSERT_EQ(made.size(), 1u);
    EXPECT_EQ(made[0].ticket, swedish) << "the Arabic speaker waits for an Arabic-speaking counsellor at first";
    EXPECT_FALSE(made[0].language_differs);
    EXPECT_TRUE(book.assign(t0 + 119s).empty());
    made = book.assign(t0 + 120s);
    ASSERT_EQ(made.size(), 1u);
    EXPECT_EQ(made[0].ticket, arabic);
    EXPECT_TRUE(made[0].language_differs) << "the counsellor is shown that the language differs";
}

TEST(PairingBook, PrefersTheLeastLoadedCounsellorWhoSpeaksTheLanguage)
{
    auto book = make_book();
    book.go_on_duty(1, {lane::support}, {"en"}, 3);
    book.go_on_duty(2, {lane::support}, {"sv", "en"}, 3);
    book.go_on_duty(3, {lane::support}, {"sv"}, 3);
    book.join(seeker("sv"), t0);
    book.join(seeker("sv"), t0 + 1s);
    const auto made = book.assign(t0 + 2s);
    ASSERT_EQ(made.size(), 2u);
    EXPECT_EQ(made[0].counsellor, 2);
    EXPECT_EQ(made[1].counsellor, 3);
}

TEST(PairingBook, ACounsellorWhoDropsKeepsTheirChatsForTheGracePeriodOnly)
{
    auto book = make_book();
    book.go_on_duty(7, {lane::support}, {"sv"}, 2);
    book.join(seeker("sv"), t0);
    const auto made = book.assign(t0 + 1s);
    ASSERT_EQ(made.size(), 1u);
    const auto newcomer = book.join(seeker("sv"), t0 + 2s);

    book.counsellor_disconnected(7, t0 + 10s);
    EXPECT_TRUE(book.assign(t0 + 11s).empty()) << "no new chats for a counsellor who is away";
    EXPECT_TRUE(book.expire(t0 + 69s).empty());
    const auto put_back = book.expire(t0 + 70s);
    ASSERT_EQ(put_back.size(), 1u);
    EXPECT_EQ(put_back[0].old_chat, made[0].chat);
    EXPECT_FALSE(book.counsellor_of(made[0].chat));

    // Back at the front of the queue, ahead of someone who joined later.
    book.go_on_duty(8, {lane::support}, {"sv"}, 1);
    const auto next = book.assign(t0 + 71s);
    ASSERT_EQ(next.size(), 1u);
    EXPECT_EQ(next[0].ticket, put_back[0].ticket);
    EXPECT_TRUE(book.is_waiting(newcomer));
}

TEST(PairingBook, ACounsellorBackWithinTheGraceKeepsTheirChats)
{
    auto book = make_book();
    book.go_on_duty(7, {lane::support}, {"sv"}, 2);
    book.join(seeker("sv"), t0);
    const auto made = book.assign(t0 + 1s);
    book.counsellor_disconnected(7, t0 + 10s);
    book.counsellor_reconnected(7);
    EXPECT_TRUE(book.expire(t0 + 500s).empty());
    EXPECT_EQ(book.counsellor_of(made.at(0).chat), 7);
}

TEST(PairingBook, TransferNeedsRoomAndTheLane)
{
    auto book = make_book();
    book.go_on_duty(1, {lane::support}, {"sv"}, 1);
    book.go_on_duty(2, {lane::consultation}, {"sv"}, 1);
    book.join(seeker("sv"), t0);
    const auto chat = book.assign(t0).at(0).chat;
    EXPECT_FALSE(book.transfer(chat, 2)) << "counsellor 2 does not serve the support lane";
    EXPECT_FALSE(book.transfer(chat, 99)) << "not on duty";
    book.go_on_duty(3, {lane::support}, {"en"}, 1);
    EXPECT_TRUE(book.transfer(chat, 3));
    EXPECT_EQ(book.counsellor_of(chat), 3);
    book.join(seeker("sv"), t0 + 1s);
    EXPECT_EQ(book.assign(t0 + 2s).at(0).counsellor, 1) << "the transfer freed counsellor 1";
    EXPECT_FALSE(book.transfer(chat, 1)) << "counsellor 1 is full again";
}

TEST(PairingBook, WaitEstimateIsUnknownUntilThereIsAPace)
{
    auto book = make_book();
    for (int i = 0; i < 4; ++i) book.join(seeker("sv"), t0);
    EXPECT_FALSE(book.positions(t0).at(0).estimated_wait);
    book.go_on_duty(7, {lane::support}, {"sv"}, 1);
    const auto first = book.assign(t0 + 60s).at(0).chat;
    book.chat_ended(first);
    book.assign(t0 + 360s);  // the second pairing, five minutes later
    const auto positions = book.positions(t0 + 360s);
    ASSERT_EQ(positions.size(), 2u);
    EXPECT_EQ(positions[0].estimated_wait, 150s) << "two pairings in 300 s: 150 s per place";
    EXPECT_EQ(positions[1].estimated_wait, 300s);
}

TEST(PairingBook, OffDutyTakesNoNewChatsButKeepsTheCurrentOnes)
{
    auto book = make_book();
    book.go_on_duty(7, {lane::support}, {"sv"}, 3);
    book.join(seeker("sv"), t0);
    const auto chat = book.assign(t0).at(0).chat;
    book.go_off_duty(7);
    book.join(seeker("sv"), t0 + 1s);
    EXPECT_TRUE(book.assign(t0 + 2s).empty());
    EXPECT_EQ(book.counsellor_of(chat), 7);
    EXPECT_FALSE(book.anyone_serving(lane::support));
}

TEST(PairingBook, NoHelpSeekerIsEverGivenTwiceUnderAnyInterleaving)
{
    std::mt19937 random(20261123);
    for (int round = 0; round < 40; ++round) {
        auto book = make_book();
        std::set<ticket_id> assigned;
        std::map<chat_id, counsellor_id> open_chats;
        std::map<counsellor_id, unsigned> capacity;
        std::vector<ticket_id> tickets;
        auto now = t0;
        for (int step = 0; step < 400; ++step) {
            now += std::chrono::seconds(random() % 5);
            const auto id = static_cast<counsellor_id>(random() % 6);
            switch (random() % 9) {
            case 0: case 1: case 2:
                tickets.push_back(book.join(seeker(random() % 2 ? "sv" : "ar", random() % 3 ? lane::support : lane::consultation), now));
                break;
            case 3:
                capacity[id] = static_cast<unsigned>(1 + random() % 3);
                book.go_on_duty(id, {lane::support, lane::consultation}, {random() % 2 ? "sv" : "ar"}, capacity[id]);
                break;
            case 4: book.go_off_duty(id); break;
            case 5: book.counsellor_disconnected(id, now); break;
            case 6: book.counsellor_reconnected(id); break;
            case 7:
                if (!open_chats.empty()) {
                    auto it = std::next(open_chats.begin(), static_cast<long>(random() % open_chats.size()));
                    book.chat_ended(it->first);
                    open_chats.erase(it);
                }
                break;
            case 8:
                if (!tickets.empty()) book.leave(tickets[random() % tickets.size()]);
                break;
            }
            for (const auto& r : book.expire(now)) {
                open_chats.erase(r.old_chat);
                tickets.push_back(r.ticket);
            }
            std::set<counsellor_id> given_now;
            for (const auto& a : book.assign(now)) {
                EXPECT_TRUE(assigned.insert(a.ticket).second) << "ticket " << a.ticket << " given twice";
                EXPECT_FALSE(book.is_waiting(a.ticket));
                open_chats[a.chat] = a.counsellor;
                given_now.insert(a.counsellor);
            }
            std::map<counsellor_id, unsigned> load;
            for (const auto& [chat, counsellor] : open_chats) {
                ASSERT_EQ(book.counsellor_of(chat), counsellor);
                ++load[counsellor];
            }
            // Lowering a capacity ends no chat, so the bound holds for whoever just got one.
            for (const auto counsellor : given_now)
                EXPECT_LE(load[counsellor], capacity[counsellor]) << "counsellor " << counsellor << " over capacity";
        }
    }
}

} // namespace
} // namespace tillit::chat
