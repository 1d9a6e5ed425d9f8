// thread_listing: a counsellor's mailbox shows the letters of their lanes, waiting ones first by
// reply-by time; a thread someone answered stays theirs until its reply-by time is close; the
// dashboard's figures count what waits and what is late.
#include "mailbox/thread_listing.hpp"

#include <gtest/gtest.h>

namespace tillit::mailbox {
namespace {

constexpr std::int64_t hour = 3600;
constexpr std::int64_t reply_time = 48 * hour;

store::thread_row thread(std::string lane, std::optional<std::int64_t> reply_by, std::optional<std::int64_t> counsellor,
                         std::int64_t last_letter = 0)
{
    store::thread_row t;
    t.box_id = std::vector<unsigned char>(16, static_cast<unsigned char>(reply_by.value_or(last_letter) % 251));
    t.lane = std::move(lane);
    t.language = "sv";
    t.reply_by = reply_by;
    if (reply_by) t.waiting_since = *reply_by - reply_time;
    t.counsellor = counsellor;
    t.last_letter_hour = last_letter;
    return t;
}

thread_map map_of(std::vector<store::thread_row> rows)
{
    thread_map threads;
    for (auto& t : rows) threads.emplace(std::string(t.box_id.begin(), t.box_id.end()), std::move(t));
    return threads;
}

const pseudonym_of names = [](std::int64_t account) { return std::optional<std::string>("c" + std::to_string(account)); };

TEST(ThreadListing, WaitingThreadsComeFirstOldestReplyByFirstThenMyAnsweredOnes)
{
    const auto now = 100 * hour;
    const auto threads = map_of({thread("support", now + 40 * hour, std::nullopt), thread("support", now + 10 * hour, std::nullopt),
                                 thread("support", std::nullopt, 7, now - hour), thread("consultation", now + 5 * hour, std::nullopt)});
    const claim_book claims(300);
    const auto listing = list_for(threads, viewer{7, {"support"}}, claims, names, now, reply_time);
    ASSERT_EQ(listing.threads.size(), 3u) << "the consultation lane is not theirs";
    EXPECT_EQ(*listing.threads[0].reply_by, now + 10 * hour);
    EXPECT_EQ(*listing.threads[1].reply_by, now + 40 * hour);
    EXPECT_FALSE(listing.threads[2].waiting);
    EXPECT_EQ(listing.threads[2].counsellor, "c7");
    EXPECT_EQ(listing.reply_within_hours, 48);
}

TEST(ThreadListing, AThreadKeepsItsCounsellorUntilTheReplyByTimeIsClose)
{
    const auto now = 100 * hour;
    const auto theirs = thread("support", now + 20 * hour, 7);
    EXPECT_TRUE(visible_to(theirs, viewer{7, {"support"}}, now, reply_time));
    EXPECT_FALSE(visible_to(theirs, viewer{8, {"support"}}, now, reply_time)) << "first to the one who answered";
    EXPECT_TRUE(visible_to(theirs, viewer{8, {"support"}}, now + 8 * hour, reply_time)) << "12 of 48 hours left: everyone's";
    const auto answered = thread("support", std::nullopt, 7, now);
    EXPECT_FALSE(visible_to(answered, viewer{8, {"support"}}, now, reply_time));
}

TEST(ThreadListing, TheClaimShowsWhoIsAnswering)
{
    const auto now = 100 * hour;
    const auto threads = map_of({thread("support", now + 40 * hour, std::nullopt)});
    claim_book claims(300);
    claims.take(threads.begin()->first, 9, "lina", now);
    const auto listing = list_for(threads, viewer{7, {"support"}}, claims, names, now, reply_time);
    EXPECT_EQ(listing.threads.at(0).claimed_by, "lina");
    EXPECT_EQ(listing.threads.at(0).claim_expires, now + 300);
}

TEST(ThreadListing, TheDashboardCountsWaitingLateAndTheOldestLetter)
{
    const auto now = 100 * hour;
    const auto threads = map_of({thread("support", now - hour, std::nullopt), thread("consultation", now + 30 * hour, 3),
                                 thread("support", std::nullopt, 3, now)});
    const auto load = load_of(threads, now, 4);
    EXPECT_EQ(load.waiting, 2u);
    EXPECT_EQ(load.past_reply_by, 1u);
    EXPECT_EQ(load.oldest_waiting_since, now - hour - reply_time);
    EXPECT_EQ(load.answered_today, 4u);
}

} // namespace
} // namespace tillit::mailbox
