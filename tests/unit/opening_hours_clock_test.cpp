// opening_hours_clock_test: open/closed and the next opening for real zones, across weekends, the
// Sunday-to-Monday wrap, 24:00 ranges, DST changes, and weeks with no hours at all.
#include "hours/opening_hours_clock.hpp"

#include <gtest/gtest.h>

#include <array>
#include <stdexcept>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono;
using tillit::hours::opening_hours_clock;
using tillit::hours::time_zone;
using tillit::store::opening_hours;
using tillit::store::time_range;

sys_seconds utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0)
{
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

constexpr int at(int h, int m = 0) { return h * 60 + m; }

opening_hours_clock make_clock(const std::string& zone_name, const std::array<std::vector<time_range>, 7>& days)
{
    auto zone = time_zone::load(zone_name);
    if (!zone) throw std::runtime_error("tzdata zone missing: " + zone_name);
    return opening_hours_clock(opening_hours{zone_name, days}, std::move(*zone));
}

// Monday to Friday 08:00-16:00 in Stockholm, closed at weekends.
opening_hours_clock office_hours()
{
    const std::vector<time_range> day{{at(8), at(16)}};
    return make_clock("Europe/Stockholm", {day, day, day, day, day, {}, {}});
}

// CET is UTC+1 in November: 08:00 local is 07:00 UTC.
TEST(OpeningHoursClock, OpenOnlyInsideTheRange)
{
    const auto clock = office_hours();
    EXPECT_FALSE(clock.is_open(utc(2026, 11, 24, 6, 59, 59)));  // Tue 07:59:59
    EXPECT_TRUE(clock.is_open(utc(2026, 11, 24, 7)));           // Tue 08:00
    EXPECT_TRUE(clock.is_open(utc(2026, 11, 24, 14, 59, 59)));  // Tue 15:59:59
    EXPECT_FALSE(clock.is_open(utc(2026, 11, 24, 15)));         // Tue 16:00
    EXPECT_FALSE(clock.is_open(utc(2026, 11, 28, 10)));         // Saturday
    EXPECT_FALSE(clock.is_open(utc(2026, 11, 29, 10)));         // Sunday
}

TEST(OpeningHoursClock, NextOpeningIsNowWhenOpen)
{
    const auto clock = office_hours();
    const auto now = utc(2026, 11, 24, 9, 17, 3);
    EXPECT_EQ(clock.next_opening(now), now);
    EXPECT_EQ(clock.next_opening_text(now), "2026-11-24T10:17 Europe/Stockholm");
}

TEST(OpeningHoursClock, NextOpeningLaterTheSameDayAndTheNext)
{
    const auto clock = office_hours();
    EXPECT_EQ(clock.next_opening(utc(2026, 11, 24, 5)), utc(2026, 11, 24, 7));    // Tue 06:00 -> 08:00
    EXPECT_EQ(clock.next_opening_text(utc(2026, 11, 24, 5)), "2026-11-24T08:00 Europe/Stockholm");
    EXPECT_EQ(clock.next_opening(utc(2026, 11, 23, 15)), utc(2026, 11, 24, 7));   // Mon 16:00 -> Tue 08:00
    // Tue 00:30 local is still Monday 23:30 in UTC: the local day decides.
    EXPECT_EQ(clock.next_opening(utc(2026, 11, 23, 23, 30)), utc(2026, 11, 24, 7));
}

TEST(OpeningHoursClock, WrapsFromTheWeekendToMonday)
{
    const auto clock = office_hours();
    const auto monday = utc(2026, 11, 30, 7);
    EXPECT_EQ(clock.next_opening(utc(2026, 11, 27, 15)), monday);             // Fri 16:00
    EXPECT_EQ(clock.next_opening(utc(2026, 11, 28, 12)), monday);             // Saturday
    EXPECT_EQ(clock.next_opening(utc(2026, 11, 29, 22, 59, 59)), monday);     // Sun 23:59:59
    EXPECT_EQ(clock.next_opening_text(utc(2026, 11, 29, 19)), "2026-11-30T08:00 Europe/Stockholm");
}

TEST(OpeningHoursClock, OneDayAWeekWaitsAFullWeek)
{
    const std::vector<time_range> day{{at(8), at(16)}};
    const auto clock = make_clock("Europe/Stockholm", {day, {}, {}, {}, {}, {}, {}});
    EXPECT_EQ(clock.next_opening(utc(2026, 11, 23, 15)), utc(2026, 11, 30, 7));
    // Sunday-only hours seen from Monday: six days on.
    const auto sunday = make_clock("Europe/Stockholm", {{{}, {}, {}, {}, {}, {}, {{at(10), at(12)}}}});
    EXPECT_EQ(sunday.next_opening(utc(2026, 11, 23, 12)), utc(2026, 11, 29, 9));
    EXPECT_EQ(sunday.next_opening(utc(2026, 11, 29, 11)), utc(2026, 12, 6, 9));  // just closed
}

TEST(OpeningHoursClock, ClosedAllWeekHasNoNextOpening)
{
    const auto clock = make_clock("Europe/Stockholm", {});
    for (auto t = utc(2026, 11, 23); t < utc(2026, 12, 1); t += hours{1}) {
        EXPECT_FALSE(clock.is_open(t));
        EXPECT_EQ(clock.next_opening(t), std::nullopt);
        EXPECT_EQ(clock.next_opening_text(t), std::nullopt);
    }
}

TEST(OpeningHoursClock, RangesThroughMidnightAreContinuous)
{
    // Friday 18:00 until Sunday 12:00 without a break, and Sunday 20:00 into Monday 02:00.
    const auto clock = make_clock("Europe/Stockholm",
                                  {{{{at(0), at(2)}}, {}, {}, {}, {{at(18), at(24)}}, {{at(0), at(24)}},
                                    {{at(0), at(12)}, {at(20), at(24)}}}});
    for (auto t = utc(2026, 11, 27, 17); t < utc(2026, 11, 29, 11); t += minutes{1})
        ASSERT_TRUE(clock.is_open(t)) << clock.local_text(t);
    EXPECT_TRUE(clock.is_open(utc(2026, 11, 27, 22, 59, 59)));  // Fri 23:59:59
    EXPECT_TRUE(clock.is_open(utc(2026, 11, 27, 23)));          // Sat 00:00
    EXPECT_EQ(clock.next_opening(utc(2026, 11, 27, 23)), utc(2026, 11, 27, 23));
    EXPECT_FALSE(clock.is_open(utc(2026, 11, 29, 11)));  // Sun 12:00
    EXPECT_EQ(clock.next_opening(utc(2026, 11, 29, 11)), utc(2026, 11, 29, 19));
    // Sunday into Monday: the week wraps without a gap.
    EXPECT_TRUE(clock.is_open(utc(2026, 11, 29, 22, 59, 59)));  // Sun 23:59:59
    EXPECT_TRUE(clock.is_open(utc(2026, 11, 29, 23)));          // Mon 00:00
    EXPECT_TRUE(clock.is_open(utc(2026, 11, 30, 0, 59, 59)));   // Mon 01:59:59
    EXPECT_FALSE(clock.is_open(utc(2026, 11, 30, 1)));          // Mon 02:00
    EXPECT_EQ(clock.next_opening(utc(2026, 11, 30, 1)), utc(2026, 12, 4, 17));  // Fri 18:00
}

TEST(OpeningHoursClock, OpenAroundTheClock)
{
    const std::vector<time_range> all_day{{at(0), at(24)}};
    const auto clock = make_clock("Europe/Stockholm", {all_day, all_day, all_day, all_day, all_day, all_day, all_day});
    for (const auto t :
         {utc(2026, 3, 29, 1), utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30), utc(2026, 12, 31, 23)}) {
        EXPECT_TRUE(clock.is_open(t));
        EXPECT_EQ(clock.next_opening(t), t);
    }
}

TEST(OpeningHoursClock, FollowsTheSpringForwardChange)
{
    const std::vector<time_range> day{{at(8), at(16)}};
    const auto clock = make_clock("Europe/Stockholm", {day, day, day, day, day, day, day});
    // Saturday 08:00 is CET (07:00 UTC), Sunday 08:00 is CEST (06:00 UTC): 23 hours later, not 24.
    EXPECT_EQ(clock.next_opening(utc(2026, 3, 28, 3)), utc(2026, 3, 28, 7));
    EXPECT_EQ(clock.next_opening(utc(2026, 3, 28, 19)), utc(2026, 3, 29, 6));
    EXPECT_EQ(clock.next_opening_text(utc(2026, 3, 28, 19)), "2026-03-29T08:00 Europe/Stockholm");
    EXPECT_TRUE(clock.is_open(utc(2026, 3, 29, 13, 59, 59)));  // 15:59:59 CEST
    EXPECT_FALSE(clock.is_open(utc(2026, 3, 29, 14)));         // 16:00 CEST
}

TEST(OpeningHoursClock, FollowsTheFallBackChange)
{
    const std::vector<time_range> day{{at(8), at(16)}};
    const auto clock = make_clock("Europe/Stockholm", {day, day, day, day, day, day, day});
    EXPECT_EQ(clock.next_opening(utc(2026, 10, 24, 19)), utc(2026, 10, 25, 7));  // 08:00 CET
    EXPECT_EQ(clock.next_opening_text(utc(2026, 10, 24, 19)), "2026-10-25T08:00 Europe/Stockholm");
    EXPECT_TRUE(clock.is_open(utc(2026, 10, 24, 13, 59, 59)));  // Sat 15:59:59 CEST
    EXPECT_FALSE(clock.is_open(utc(2026, 10, 24, 14)));
}

TEST(OpeningHoursClock, RangesInsideAGapOrAFold)
{
    // 2026-03-29: 02:00-03:00 never happens; 02:30-04:00 opens when the clocks show 03:30.
    const auto gap_only = make_clock("Europe/Stockholm", {{{}, {}, {}, {}, {}, {}, {{at(2), at(3)}}}});
    EXPECT_FALSE(gap_only.is_open(utc(2026, 3, 29, 1)));
    EXPECT_EQ(gap_only.next_opening(utc(2026, 3, 29, 0)), utc(2026, 4, 5, 0));  // the next Sunday, 02:00 CEST
    const auto into_gap = make_clock("Europe/Stockholm", {{{}, {}, {}, {}, {}, {}, {{at(2, 30), at(4)}}}});
    EXPECT_EQ(into_gap.next_opening(utc(2026, 3, 29, 0)), utc(2026, 3, 29, 1, 30));
    EXPECT_EQ(into_gap.next_opening_text(utc(2026, 3, 29, 0)), "2026-03-29T03:30 Europe/Stockholm");
    // 2026-10-25: 02:00-03:00 lasts two real hours, through both passes of the repeated hour.
    const auto fold = make_clock("Europe/Stockholm", {{{}, {}, {}, {}, {}, {}, {{at(2), at(3)}}}});
    EXPECT_FALSE(fold.is_open(utc(2026, 10, 24, 23, 59, 59)));
    EXPECT_TRUE(fold.is_open(utc(2026, 10, 25, 0)));   // 02:00 CEST
    EXPECT_TRUE(fold.is_open(utc(2026, 10, 25, 1, 30)));  // 02:30 CET
    EXPECT_FALSE(fold.is_open(utc(2026, 10, 25, 2)));  // 03:00 CET
}

TEST(OpeningHoursClock, OtherZones)
{
    const std::vector<time_range> day{{at(9), at(17)}};
    const auto new_york = make_clock("America/New_York", {day, day, day, day, day, {}, {}});
    EXPECT_EQ(new_york.next_opening(utc(2026, 11, 27, 23)), utc(2026, 11, 30, 14));  // Fri 18:00 EST -> Mon 09:00
    EXPECT_EQ(new_york.next_opening_text(utc(2026, 11, 27, 23)), "2026-11-30T09:00 America/New_York");
    // Kolkata is UTC+5:30: Sunday 20:00 UTC is already Monday 01:30 there.
    const auto kolkata = make_clock("Asia/Kolkata", {{{{at(0), at(2)}}, {}, {}, {}, {}, {}, {}}});
    EXPECT_TRUE(kolkata.is_open(utc(2026, 11, 29, 20)));
    EXPECT_FALSE(kolkata.is_open(utc(2026, 11, 29, 20, 30)));  // Mon 02:00 IST
    EXPECT_EQ(kolkata.next_opening_text(utc(2026, 11, 29, 20, 30)), "2026-12-07T00:00 Asia/Kolkata");
    const auto utc_clock = make_clock("UTC", {day, day, day, day, day, day, day});
    EXPECT_EQ(utc_clock.next_opening_text(utc(2026, 12, 31, 18)), "2027-01-01T09:00 UTC");
}

TEST(OpeningHoursClock, IgnoresRangesThatValidationWouldReject)
{
    const std::vector<time_range> broken{{at(16), at(8)}, {at(10), at(10)}, {-60, at(1)}, {at(23), at(25)}};
    const auto clock = make_clock("Europe/Stockholm", {broken, {}, {}, {}, {}, {}, {}});
    EXPECT_FALSE(clock.is_open(utc(2026, 11, 23, 9)));
    EXPECT_EQ(clock.next_opening(utc(2026, 11, 23, 9)), std::nullopt);
}

TEST(OpeningHoursClock, RefusesAZoneThatIsNotTheHoursZone)
{
    auto zone = time_zone::load("Europe/Oslo");
    ASSERT_TRUE(zone);
    EXPECT_THROW(opening_hours_clock(opening_hours{"Europe/Stockholm", {}}, *zone), std::invalid_argument);
}

} // namespace
