// Unit: the supervisors' chart buckets (stats/series.hpp): 24 hours and 30 local days, counts
// and wait percentiles from the hourly counters, and the mailbox's letters, replies and answers.
#include "stats/series.hpp"

#include <gtest/gtest.h>

#include "stats/counter_keys.hpp"

namespace tillit::stats {
namespace {

using namespace std::chrono;

std::int64_t unix_of(sys_seconds t) { return t.time_since_epoch().count(); }

TEST(Series, TheLast24HoursHourByHour)
{
    const std::int64_t now = unix_of(sys_days{2026y / November / 23} + 14h + 25min);
    const std::int64_t this_hour = now - 25 * 60;
    const std::vector<store::counter_row> rows{
        {this_hour, std::string(wait_seconds), "lane=support,bucket=30", 4},
        {this_hour, std::string(wait_seconds), "lane=consultation,bucket=300", 1},
        {this_hour, std::string(abandoned), "lane=support,language=sv", 2},
        {this_hour - 3600, std::string(closed_visits), "lane=support,reason=no_counsellor", 3},
        {this_hour - 23 * 3600, std::string(abandoned), "lane=support,language=other", 1},
        {this_hour - 24 * 3600, std::string(abandoned), "lane=support,language=sv", 50},  // too old
        {this_hour, std::string(chats_ended), "lane=support,language=sv,age_band=unknown,topic=unknown,outcome=other", 9},
    };
    const auto points = hourly_series(rows, now);
    ASSERT_EQ(points.size(), 24u);
    EXPECT_EQ(points.back().start, this_hour);
    EXPECT_EQ(points.front().start, this_hour - 23 * 3600);
    EXPECT_EQ(points.back().chats, 5) << "pairings";
    EXPECT_EQ(points.back().abandoned, 2);
    EXPECT_EQ(points.back().closed_visits, 0);
    // Four waits of up to 30 s and one of 2-5 min: p50 in the first bucket, p90 in the fourth.
    EXPECT_EQ(points.back().wait_p50_seconds, 19);
    EXPECT_EQ(points.back().wait_p90_seconds, 210);
    EXPECT_EQ(points[22].closed_visits, 3);
    EXPECT_FALSE(points[22].wait_p50_seconds) << "no pairing, no percentile";
    EXPECT_EQ(points.front().abandoned, 1);
    std::int64_t all = 0;
    for (const auto& p : points) all += p.abandoned;
    EXPECT_EQ(all, 3);
    const auto span = hourly_span(now);
    EXPECT_EQ(span.from, this_hour - 23 * 3600);
    EXPECT_EQ(span.to, this_hour + 3600);
}

TEST(Series, TheLast30DaysInTheCentresZone)
{
    const auto zone = hours::time_zone::load("Europe/Stockholm");
    ASSERT_TRUE(zone);
    // 23 Nov 00:30 in Stockholm is 22 Nov 23:30 UTC: "today" is the 23rd there.
    const std::int64_t now = unix_of(sys_days{2026y / November / 22} + 23h + 30min);
    const std::int64_t today_start = now - 30 * 60;
    const std::vector<store::counter_row> rows{
        {today_start, std::string(wait_seconds), "lane=support,bucket=60", 2},
        {today_start - 3600, std::string(wait_seconds), "lane=support,bucket=30", 1},  // the 22nd, local
        {today_start - 29 * 86400, std::string(closed_visits), "lane=support,reason=outside_hours", 7},
        {today_start - 30 * 86400, std::string(closed_visits), "lane=support,reason=outside_hours", 70},  // too old
    };
    const auto points = daily_series(rows, now, *zone);
    ASSERT_EQ(points.size(), 30u);
    EXPECT_EQ(points.back().start, today_start);
    EXPECT_EQ(points.back().chats, 2);
    EXPECT_EQ(points[28].chats, 1);
    EXPECT_EQ(points.front().closed_visits, 7);
    // 25 October, the first of the 30 days, is the day the clocks went back: its midnight was
    // still summer time (UTC+2), an hour earlier than 29 × 24 hours before today's.
    EXPECT_EQ(points.front().start, today_start - 29 * 86400 - 3600);
    EXPECT_EQ(points.back().wait_p50_seconds, 45);
}

TEST(Series, MailboxLettersRepliesAndAnswersInTimeOrLate)
{
    const auto zone = hours::time_zone::load("Europe/Stockholm");
    ASSERT_TRUE(zone);
    const std::int64_t now = unix_of(sys_days{2026y / November / 23} + 14h + 25min);
    const std::int64_t this_hour = now - 25 * 60;
    const std::vector<store::counter_row> rows{
        {this_hour, std::string(letters_received), "lane=support", 4},
        {this_hour, std::string(letters_received), "lane=consultation", 1},
        {this_hour, std::string(letters_replied), "lane=support", 2},
        {this_hour, std::string(threads_answered), "lane=support,in_time=yes", 2},
        {this_hour - 3600, std::string(threads_answered), "lane=consultation,in_time=no", 1},
        {this_hour - 3600, std::string(threads_answered), "lane=support,in_time=yes", 3},
    };
    const auto hourly = hourly_series(rows, now);
    EXPECT_EQ(hourly.back().letters, 5);
    EXPECT_EQ(hourly.back().replies, 2);
    EXPECT_EQ(hourly.back().answered_in_time, 2);
    EXPECT_EQ(hourly.back().answered_late, 0);
    EXPECT_EQ(hourly[22].answered_in_time, 3);
    EXPECT_EQ(hourly[22].answered_late, 1);
    EXPECT_EQ(hourly.back().chats, 0) << "letters are not chats";

    const auto daily = daily_series(rows, now, *zone);
    EXPECT_EQ(daily.back().letters, 5);
    EXPECT_EQ(daily.back().replies, 2);
    EXPECT_EQ(daily.back().answered_in_time, 5);
    EXPECT_EQ(daily.back().answered_late, 1);
}

TEST(Series, ReadFromTheStore)
{
    store::store db(":memory:");
    const std::int64_t now = unix_of(sys_days{2026y / November / 23} + 10h);
    db.add_to_counters({{now, std::string(abandoned), "lane=support,language=sv", 3}});
    EXPECT_EQ(read_hourly_series(db, now).back().abandoned, 3);
    EXPECT_EQ(read_daily_series(db, now).back().abandoned, 3);
}

} // namespace
} // namespace tillit::stats
