// Unit: the pairing rule with a controlled clock: fairness, capacity, language fallback,
// disconnect grace, transfer, no double assignment under any interleaving of events, and the
// supervisors' aggregate snapshot (chat/dashboard.hpp).
#include "chat/pairing_book.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

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

TEST(PairingBook, ARestoredChatNeverTakesACounsellorBackPastTheirCapacity)
{
    auto book = make_book();
    EXPECT_TRUE(book.can_restore_to(7)) << "not back yet: they had the chat before the restart";
    book.restore_chat(7, seeker("sv"), t0, t0);
    EXPECT_TRUE(book.can_restore_to(7)) << "still not back: capacity unknown";
    book.go_on_duty(7, {lane::support}, {"sv"}, 2);
    EXPECT_TRUE(book.can_restore_to(7)) << "one of two places taken";
    book.restore_chat(7, seeker("sv"), t0, t0);
    EXPECT_FALSE(book.can_restore_to(7)) << "full";

    // The help-seeker who could not be restored goes to the front of the queue, wait kept.
    book.join(seeker("sv"), t0 + 5s);
    const auto put_back = book.put_back(seeker("sv"), t0 + 10s);
    const auto positions = book.positions(t0 + 20s);
    ASSERT_EQ(positions.size(), 2u);
    EXPECT_EQ(positions[0].ticket, put_back);
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
                if (!tickets.empty()) book.leave(tickets[random() % tickets.size()], now);
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

TEST(PairingBookSnapshot, AnEmptyBookShowsBothLanesAndZeros)
{
    const auto d = make_book().snapshot(t0);
    EXPECT_TRUE(d.waiting.empty());
    ASSERT_EQ(d.lanes.size(), 2u);
    EXPECT_EQ(d.lanes[0].lane, lane::support);
    EXPECT_EQ(d.lanes[1].lane, lane::consultation);
    for (const auto& l : d.lanes) {
        EXPECT_EQ(l.waiting, 0u);
        EXPECT_FALSE(l.longest_wait);
    }
    EXPECT_EQ(d.counsellors, dashboard::staffing{});
    EXPECT_EQ(d.chats_in_progress, 0u);
    EXPECT_EQ(d.abandoned_last_hour, 0u);
    EXPECT_EQ(d, dashboard{});
}

TEST(PairingBookSnapshot, CountsTheWaitingPerLaneAndLanguageWithTheLongestWait)
{
    auto book = make_book();
    book.join(seeker("sv"), t0);
    book.join(seeker("ar"), t0 + 10s);
    book.join(seeker("sv"), t0 + 20s);
    book.join(seeker("sv", lane::consultation), t0 + 30s);
    book.join(seeker("en"), t0 + 74s);
    const auto d = book.snapshot(t0 + 75s + 900ms);
    ASSERT_EQ(d.waiting.size(), 4u);
    // Sorted by lane (support first), then language.
    EXPECT_EQ(d.waiting[0], (dashboard::waiting_group{lane::support, "ar", 1, 65s}));
    EXPECT_EQ(d.waiting[1], (dashboard::waiting_group{lane::support, "en", 1, 1s}));
    EXPECT_EQ(d.waiting[2], (dashboard::waiting_group{lane::support, "sv", 2, 75s})) << "whole seconds, rounded down";
    EXPECT_EQ(d.waiting[3], (dashboard::waiting_group{lane::consultation, "sv", 1, 45s}));
    EXPECT_EQ(d.lanes[0], (dashboard::lane_load{lane::support, 4, 75s}));
    EXPECT_EQ(d.lanes[1], (dashboard::lane_load{lane::consultation, 1, 45s}));
    EXPECT_NE(book.snapshot(t0 + 77s), d) << "the waits grow";
}

TEST(PairingBookSnapshot, APutBackHelpSeekerKeepsTheirOriginalWait)
{
    auto book = make_book();
    book.go_on_duty(7, {lane::support}, {"sv"}, 1);
    book.join(seeker("sv"), t0);
    ASSERT_EQ(book.assign(t0 + 5s).size(), 1u);
    EXPECT_TRUE(book.snapshot(t0 + 5s).waiting.empty());
    book.counsellor_disconnected(7, t0 + 10s);
    ASSERT_EQ(book.expire(t0 + 70s).size(), 1u);
    const auto d = book.snapshot(t0 + 70s);
    ASSERT_EQ(d.waiting.size(), 1u);
    EXPECT_EQ(d.waiting[0].longest_wait, 70s);
    EXPECT_EQ(d.chats_in_progress, 0u);
    EXPECT_EQ(d.counsellors.on_duty, 0u);
}

TEST(PairingBookSnapshot, CountsCounsellorsBusyFreeAndAwayAndTheChatsInProgress)
{
    auto book = make_book();
    book.go_on_duty(1, {lane::support}, {"sv"}, 1);
    book.go_on_duty(2, {lane::support}, {"sv"}, 2);
    book.go_on_duty(3, {lane::support}, {"sv"}, 1);
    book.join(seeker("sv"), t0);
    book.join(seeker("sv"), t0 + 1s);
    const auto made = book.assign(t0 + 2s);
    ASSERT_EQ(made.size(), 2u);
    EXPECT_EQ(made[0].counsellor, 1);
    EXPECT_EQ(made[1].counsellor, 2);

    auto d = book.snapshot(t0 + 2s);
    EXPECT_EQ(d.counsellors, (dashboard::staffing{.on_duty = 3, .busy = 1, .free = 2, .away = 0}));
    EXPECT_EQ(d.chats_in_progress, 2u);

    // Away within the grace period still counts as on duty; a chat whose side is away goes on.
    book.counsellor_disconnected(3, t0 + 10s);
    book.counsellor_disconnected(2, t0 + 10s);
    d = book.snapshot(t0 + 69s);
    EXPECT_EQ(d.counsellors, (dashboard::staffing{.on_duty = 3, .busy = 1, .free = 0, .away = 2}));
    EXPECT_EQ(d.chats_in_progress, 2u);
    book.counsellor_reconnected(2);
    d = book.snapshot(t0 + 70s);
    EXPECT_EQ(d.counsellors, (dashboard::staffing{.on_duty = 2, .busy = 1, .free = 1, .away = 0})) << "3 is past the grace";

    // Off duty with a chat still open: no longer on duty, the chat still in progress.
    book.go_off_duty(1);
    d = book.snapshot(t0 + 71s);
    EXPECT_EQ(d.counsellors, (dashboard::staffing{.on_duty = 1, .busy = 0, .free = 1, .away = 0}));
    EXPECT_EQ(d.chats_in_progress, 2u);
    book.chat_ended(made[0].chat);
    EXPECT_EQ(book.snapshot(t0 + 72s).chats_in_progress, 1u);

    // Lowering the capacity below the chats in progress makes the counsellor busy.
    ASSERT_TRUE(book.set_capacity(2, 1));
    EXPECT_EQ(book.snapshot(t0 + 73s).counsellors, (dashboard::staffing{.on_duty = 1, .busy = 1, .free = 0, .away = 0}));
}

TEST(PairingBookSnapshot, AbandonedHelpSeekersAreCountedForAnHourThenForgotten)
{
    auto book = make_book();
    std::vector<ticket_id> tickets;
    for (int i = 0; i < 5; ++i) tickets.push_back(book.join(seeker("sv"), t0));
    EXPECT_TRUE(book.leave(tickets[0], t0 + 10s));
    EXPECT_FALSE(book.leave(tickets[0], t0 + 11s)) << "counted once";
    EXPECT_TRUE(book.leave(tickets[1], t0 + 30min));
    EXPECT_TRUE(book.withdraw(tickets[2])) << "taken out without counting";

    // Paired, not abandoned; a pairing whose help-seeker had already gone counts.
    book.go_on_duty(7, {lane::support}, {"sv"}, 2);
    const auto made = book.assign(t0 + 31min);
    ASSERT_EQ(made.size(), 2u);
    EXPECT_FALSE(book.leave(made[0].ticket, t0 + 31min));
    book.unpaired(made[1].chat, t0 + 31min);
    EXPECT_FALSE(book.counsellor_of(made[1].chat));
    book.unpaired(made[1].chat, t0 + 31min);  // once only

    EXPECT_EQ(book.snapshot(t0 + 31min).abandoned_last_hour, 3u);
    EXPECT_EQ(book.snapshot(t0 + 59min + 59s).abandoned_last_hour, 3u);
    EXPECT_EQ(book.snapshot(t0 + 10s + 1h).abandoned_last_hour, 2u) << "the first is an hour old";
    EXPECT_EQ(book.snapshot(t0 + 30min + 1h).abandoned_last_hour, 1u);
    EXPECT_EQ(book.snapshot(t0 + 31min + 1h).abandoned_last_hour, 0u);

    // Much later, a new abandonment forgets the old minutes and counts alone.
    const auto later = book.join(seeker("sv"), t0 + 5h);
    book.go_off_duty(7);
    EXPECT_TRUE(book.leave(later, t0 + 5h));
    EXPECT_EQ(book.snapshot(t0 + 5h).abandoned_last_hour, 1u);
}

TEST(PairingBookSnapshot, TheWireFormHoldsCountsOnly)
{
    auto book = make_book();
    book.go_on_duty(42, {lane::support}, {"sv"}, 2);
    book.join(seeker("sv"), t0);
    book.join(seeker("ar"), t0 + 5s);
    book.assign(t0 + 6s);
    const auto text = protocol::frame(dashboard_event(book.snapshot(t0 + 20s), 1'800'000'000));
    const auto v = boost::json::parse(text);
    const auto expected = boost::json::parse(R"({"type":"dashboard","at":1800000000,
        "waiting":[{"lane":"support","language":"ar","count":1,"longest_wait_seconds":15}],
        "lanes":[{"lane":"support","waiting":1,"longest_wait_seconds":15},
                 {"lane":"consultation","waiting":0,"longest_wait_seconds":null}],
        "counsellors":{"on_duty":1,"busy":0,"free":1,"away":0},
        "chats_in_progress":1,"abandoned_last_hour":0,
        "mailbox":{"waiting":0,"oldest_wait_seconds":null,"past_reply_by":0,"answered_today":0}})");
    EXPECT_EQ(v, expected) << text;
    EXPECT_EQ(text.find("42"), std::string::npos) << "no account id";
}

} // namespace
} // namespace tillit::chat
