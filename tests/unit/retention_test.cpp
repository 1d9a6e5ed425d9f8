// Unit: how long hourly statistics are kept (stats/retention.hpp).
#include "stats/retention.hpp"

#include <gtest/gtest.h>

namespace tillit::stats {
namespace {

TEST(Retention, HoursBeforeTheCutOffAreDeletedAndTheRestKept)
{
    store::store db(":memory:");
    const std::int64_t now = 1'800'000'000 + 1234;  // some time within an hour
    const std::int64_t hour = now - now % 3600;
    const std::int64_t cutoff = hour - 400LL * 24 * 3600;
    EXPECT_EQ(retention_cutoff(now, 400), cutoff);
    db.add_to_counters({{cutoff - 3600, "abandoned", "lane=support,language=sv", 5},
                        {cutoff - 800LL * 24 * 3600, "chats_ended", "lane=support", 1},
                        {cutoff, "abandoned", "lane=support,language=sv", 7},
                        {hour, "abandoned", "lane=support,language=sv", 1}});
    EXPECT_EQ(prune_statistics(db, now, 400), 2);
    const auto left = db.counter_rows(0, hour + 3600);
    ASSERT_EQ(left.size(), 2u);
    EXPECT_EQ(left[0].hour, cutoff);
    EXPECT_EQ(left[0].value, 7);
    EXPECT_EQ(left[1].hour, hour);
    EXPECT_EQ(prune_statistics(db, now, 400), 0);
    // A shorter retention takes more.
    EXPECT_EQ(prune_statistics(db, now, 1), 1);
    EXPECT_EQ(db.counter_rows(0, hour + 3600).size(), 1u);
}

} // namespace
} // namespace tillit::stats
