// Unit: dates, periods and local days for the statistics (stats/calendar.hpp).
#include "stats/calendar.hpp"

#include <gtest/gtest.h>

namespace tillit::stats {
namespace {

using namespace std::chrono;

std::int64_t unix_of(sys_seconds t) { return t.time_since_epoch().count(); }

TEST(Calendar, DatesAreStrictlyYearMonthDay)
{
    EXPECT_EQ(parse_date("2026-11-23"), local_days{2026y / November / 23});
    EXPECT_EQ(parse_date("2024-02-29"), local_days{2024y / February / 29});
    for (const auto* bad : {"2026-02-30", "2026-2-03", "2026-13-01", "26-11-23", "2026/11/23", "2026-11-23 ", "", "2026-11-2x"})
        EXPECT_FALSE(parse_date(bad)) << bad;
    EXPECT_EQ(format_date(local_days{2026y / March / 5}), "2026-03-05");
}

TEST(Calendar, APeriodEndsOnTheDayAfterItsLast)
{
    const auto ok = parse_period("2026-11-01", "2026-12-01");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->to - ok->from, days(30));
    EXPECT_EQ(parse_period("2026-11-01", "2026-11-01").error(), period_errc::end_not_after_start);
    EXPECT_EQ(parse_period("2026-11-02", "2026-11-01").error(), period_errc::end_not_after_start);
    EXPECT_EQ(parse_period("2026-11-01", "x").error(), period_errc::bad_date);
    EXPECT_EQ(parse_period("2000-01-01", "2030-01-01").error(), period_errc::too_long) << "at most ten years";
    EXPECT_EQ(parse_period("2026-11-01", "x").error().message(), "dates are written YYYY-MM-DD") << "the text people see";
}

TEST(Calendar, AnHourBelongsToTheLocalDayItStartsIn)
{
    const auto zone = hours::time_zone::load("Europe/Stockholm");
    ASSERT_TRUE(zone);
    // Winter: local midnight of 23 November is 23:00 UTC on the 22nd.
    const auto midnight = sys_days{2026y / November / 22} + 23h;
    const auto t = unix_of(midnight);
    EXPECT_EQ(start_of(local_days{2026y / November / 23}, *zone), t);
    EXPECT_EQ(local_day_of(t, *zone), local_days{2026y / November / 23});
    EXPECT_EQ(local_day_of(t - 3600, *zone), local_days{2026y / November / 22});
    // Summer: two hours ahead.
    EXPECT_EQ(start_of(local_days{2026y / July / 1}, *zone), unix_of(sys_days{2026y / June / 30} + 22h));
    // UTC when nothing else is known.
    const auto utc = hours::time_zone::utc();
    EXPECT_EQ(utc.name(), "UTC");
    EXPECT_EQ(local_day_of(t, utc), local_days{2026y / November / 22});

    const auto span = hours_around({local_days{2026y / November / 23}, local_days{2026y / November / 24}}, *zone);
    EXPECT_LE(span.from, t);
    EXPECT_GE(span.to, t + 24 * 3600);
    EXPECT_EQ(hour_of(t + 1799), t);
    EXPECT_EQ(hour_of(-1), -3600);
}

TEST(Calendar, TheCentresZoneIsTheOpeningHoursZone)
{
    store::store db(":memory:");
    EXPECT_EQ(centre_time_zone(db).name(), "Europe/Stockholm") << "the seeded opening hours";
    db.put_setting("opening_hours", "not json");
    EXPECT_EQ(centre_time_zone(db).name(), "UTC");
}

} // namespace
} // namespace tillit::stats
