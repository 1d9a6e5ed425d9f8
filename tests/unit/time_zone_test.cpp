// time_zone_test: which zones load, and UTC/local conversion with the rule for gaps and folds, against
// tzdata's real zone files (expected values taken from `TZ=... date -d @...`).
#include "hours/time_zone.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace {

using namespace std::chrono;
using tillit::hours::time_zone;

sys_seconds utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0)
{
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

local_seconds wall(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0)
{
    return local_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

// "2026-03-29 03:00:00", as `date '+%F %T'` prints it.
std::string text(local_seconds t)
{
    const auto day = floor<days>(t);
    const year_month_day date{day};
    const hh_mm_ss time{t - day};
    char out[64];
    std::snprintf(out, sizeof out, "%04d-%02u-%02u %02ld:%02ld:%02ld", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
                  static_cast<long>(time.seconds().count()));
    return out;
}

time_zone must_load(std::string_view name)
{
    auto zone = time_zone::load(name);
    if (!zone) throw std::runtime_error("tzdata zone missing: " + std::string(name));
    return *zone;
}

TEST(TimeZone, LoadsRealZones)
{
    for (const char* name : {"Europe/Stockholm", "Asia/Kolkata", "America/New_York", "UTC", "Australia/Sydney"}) {
        const auto zone = time_zone::load(name);
        ASSERT_TRUE(zone) << name;
        EXPECT_EQ(zone->name(), name);
    }
    // The posix/ copies pass the settings validation, so they load too, under the name given.
    if (std::filesystem::exists("/usr/share/zoneinfo/posix/Europe/Stockholm")) {
        const auto zone = time_zone::load("posix/Europe/Stockholm");
        ASSERT_TRUE(zone);
        EXPECT_EQ(zone->name(), "posix/Europe/Stockholm");
        EXPECT_EQ(zone->utc_offset(utc(2026, 7, 1)), hours{2});
    }
}

TEST(TimeZone, RefusesBadNamesAndFiles)
{
    EXPECT_FALSE(time_zone::load(""));
    EXPECT_FALSE(time_zone::load("Europe/Atlantis"));
    EXPECT_FALSE(time_zone::load("../../etc/passwd"));
    EXPECT_FALSE(time_zone::load("/etc/localtime"));
    EXPECT_FALSE(time_zone::load("Europe/Stock holm"));
    EXPECT_FALSE(time_zone::load("Europe"));       // a directory
    EXPECT_FALSE(time_zone::load("zone1970.tab"));  // a file, not TZif
    // The "right/" zones count leap seconds, which sys_seconds does not.
    if (std::filesystem::exists("/usr/share/zoneinfo/right/Europe/Stockholm")) {
        EXPECT_FALSE(time_zone::load("right/Europe/Stockholm"));
    }
}

TEST(TimeZone, StockholmAround2026Changes)
{
    const auto zone = must_load("Europe/Stockholm");
    // Spring forward: 2026-03-29 01:00 UTC (1774746000).
    EXPECT_EQ(zone.utc_offset(sys_seconds{seconds{1774745999}}), hours{1});
    EXPECT_EQ(zone.utc_offset(sys_seconds{seconds{1774746000}}), hours{2});
    EXPECT_EQ(text(zone.to_local(sys_seconds{seconds{1774745999}})), "2026-03-29 01:59:59");
    EXPECT_EQ(text(zone.to_local(sys_seconds{seconds{1774746000}})), "2026-03-29 03:00:00");
    // Fall back: 2026-10-25 01:00 UTC (1792890000).
    EXPECT_EQ(zone.utc_offset(sys_seconds{seconds{1792889999}}), hours{2});
    EXPECT_EQ(zone.utc_offset(sys_seconds{seconds{1792890000}}), hours{1});
    EXPECT_EQ(text(zone.to_local(sys_seconds{seconds{1792889999}})), "2026-10-25 02:59:59");
    EXPECT_EQ(text(zone.to_local(sys_seconds{seconds{1792890000}})), "2026-10-25 02:00:00");
    EXPECT_EQ(zone.utc_offset(utc(2026, 1, 15, 12)), hours{1});
    EXPECT_EQ(zone.utc_offset(utc(2026, 7, 15, 12)), hours{2});
}

TEST(TimeZone, SystemZoneFilesListTransitionsThrough2037)
{
    // date (USE_OS_TZDB) reads only the transitions a TZif file lists, not its POSIX footer.
    // Debian's "fat" files list them through 2037; "slim" files would stop at the last rule change
    // (1996 for Stockholm) and leave summer time switched off from then on.
    const auto zone = must_load("Europe/Stockholm");
    EXPECT_EQ(zone.utc_offset(utc(2037, 3, 29, 0, 59, 59)), hours{1});
    EXPECT_EQ(zone.utc_offset(utc(2037, 3, 29, 1)), hours{2});
    EXPECT_EQ(zone.utc_offset(utc(2037, 7, 1)), hours{2});
    EXPECT_EQ(zone.utc_offset(utc(2037, 10, 25, 0, 59, 59)), hours{2});
    EXPECT_EQ(zone.utc_offset(utc(2037, 10, 25, 1)), hours{1});
}

TEST(TimeZone, StockholmHistoryComesFromTransitions)
{
    const auto zone = must_load("Europe/Stockholm");
    // Until 1995 summer time ended on the last Sunday of September; the footer would say October.
    EXPECT_EQ(zone.utc_offset(utc(1995, 9, 24, 0, 59, 59)), hours{2});
    EXPECT_EQ(zone.utc_offset(utc(1995, 9, 24, 1)), hours{1});
    EXPECT_EQ(zone.utc_offset(utc(1995, 10, 10)), hours{1});
}

TEST(TimeZone, NewYork2026)
{
    const auto zone = must_load("America/New_York");
    EXPECT_EQ(zone.utc_offset(sys_seconds{seconds{1772953199}}), hours{-5});
    EXPECT_EQ(zone.utc_offset(sys_seconds{seconds{1772953200}}), hours{-4});
    EXPECT_EQ(text(zone.to_local(sys_seconds{seconds{1772953200}})), "2026-03-08 03:00:00");
    EXPECT_EQ(zone.utc_offset(sys_seconds{seconds{1793512799}}), hours{-4});
    EXPECT_EQ(zone.utc_offset(sys_seconds{seconds{1793512800}}), hours{-5});
    EXPECT_EQ(text(zone.to_local(sys_seconds{seconds{1793512800}})), "2026-11-01 01:00:00");
    // Before the first transition: local mean time, -4:56:02.
    EXPECT_EQ(zone.utc_offset(utc(1850, 1, 1)), -(hours{4} + minutes{56} + seconds{2}));
}

TEST(TimeZone, KolkataHalfHourOffsets)
{
    const auto zone = must_load("Asia/Kolkata");
    EXPECT_EQ(zone.utc_offset(sys_seconds{seconds{1774746000}}), hours{5} + minutes{30});
    EXPECT_EQ(text(zone.to_local(sys_seconds{seconds{1774746000}})), "2026-03-29 06:30:00");
    EXPECT_EQ(zone.utc_offset(utc(2040, 7, 1)), hours{5} + minutes{30});
    EXPECT_EQ(zone.utc_offset(utc(1941, 10, 1)), hours{6} + minutes{30});                  // wartime
    EXPECT_EQ(zone.utc_offset(utc(1900, 1, 1)), hours{5} + minutes{21} + seconds{10});     // before 1901
    EXPECT_EQ(zone.to_utc(wall(2026, 11, 24, 8)), utc(2026, 11, 24, 2, 30));
}

TEST(TimeZone, UtcIsZeroAlways)
{
    const auto zone = must_load("UTC");
    for (const auto t : {utc(1800, 1, 1), utc(1970, 1, 1), utc(2026, 7, 1), utc(2300, 12, 31)}) {
        EXPECT_EQ(zone.utc_offset(t), seconds{0});
        EXPECT_EQ(zone.to_utc(zone.to_local(t)), t);
    }
}

TEST(TimeZone, SouthernAndNegativeDaylightRules)
{
    // Sydney: DST from October to April, across the new year.
    const auto sydney = must_load("Australia/Sydney");
    EXPECT_EQ(sydney.utc_offset(utc(2030, 1, 15)), hours{11});
    EXPECT_EQ(sydney.utc_offset(utc(2030, 4, 6, 15, 59, 59)), hours{11});
    EXPECT_EQ(sydney.utc_offset(utc(2030, 4, 6, 16)), hours{10});
    EXPECT_EQ(sydney.utc_offset(utc(2030, 10, 5, 15, 59, 59)), hours{10});
    EXPECT_EQ(sydney.utc_offset(utc(2030, 10, 5, 16)), hours{11});
    // Dublin: "IST-1GMT0,M10.5.0,M3.5.0/1", winter is the "daylight" time.
    const auto dublin = must_load("Europe/Dublin");
    EXPECT_EQ(dublin.utc_offset(utc(2030, 1, 15, 12)), seconds{0});
    EXPECT_EQ(dublin.utc_offset(utc(2030, 3, 31, 0, 59, 59)), seconds{0});
    EXPECT_EQ(dublin.utc_offset(utc(2030, 3, 31, 1)), hours{1});
    EXPECT_EQ(dublin.utc_offset(utc(2030, 10, 27, 0, 59, 59)), hours{1});
    EXPECT_EQ(dublin.utc_offset(utc(2030, 10, 27, 1)), seconds{0});
    // Nuuk: "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", a negative rule time.
    const auto nuuk = must_load("America/Nuuk");
    EXPECT_EQ(nuuk.utc_offset(utc(2030, 3, 31, 0, 59, 59)), hours{-2});
    EXPECT_EQ(nuuk.utc_offset(utc(2030, 3, 31, 1)), hours{-1});
    EXPECT_EQ(nuuk.utc_offset(utc(2030, 10, 27, 0, 59, 59)), hours{-1});
    EXPECT_EQ(nuuk.utc_offset(utc(2030, 10, 27, 1)), hours{-2});
    // Santiago: "<-04>4<-03>,M9.1.6/24,M4.1.6/24", 24:00 rule times.
    const auto santiago = must_load("America/Santiago");
    EXPECT_EQ(santiago.utc_offset(utc(2030, 4, 6, 23, 59, 59)), hours{-3});
    EXPECT_EQ(santiago.utc_offset(utc(2030, 4, 7, 3)), hours{-4});
}

TEST(TimeZone, ToUtcInAGapUsesTheOffsetFromBefore)
{
    const auto stockholm = must_load("Europe/Stockholm");
    // 02:30 does not exist on 2026-03-29; it is read as CET and so shows as 03:30 CEST.
    const auto t = stockholm.to_utc(wall(2026, 3, 29, 2, 30));
    EXPECT_EQ(t, utc(2026, 3, 29, 1, 30));
    EXPECT_EQ(text(stockholm.to_local(t)), "2026-03-29 03:30:00");
    EXPECT_EQ(stockholm.to_utc(wall(2026, 3, 29, 2, 0)), utc(2026, 3, 29, 1, 0));
    EXPECT_EQ(stockholm.to_utc(wall(2026, 3, 29, 3, 0)), utc(2026, 3, 29, 1, 0));  // the first real CEST second
    const auto new_york = must_load("America/New_York");
    EXPECT_EQ(new_york.to_utc(wall(2026, 3, 8, 2, 30)), utc(2026, 3, 8, 7, 30));
}

TEST(TimeZone, ToUtcInAFoldPicksTheEarlierInstant)
{
    const auto stockholm = must_load("Europe/Stockholm");
    // 02:30 happens twice on 2026-10-25: first in CEST (00:30 UTC), then in CET (01:30 UTC).
    EXPECT_EQ(stockholm.to_utc(wall(2026, 10, 25, 2, 30)), utc(2026, 10, 25, 0, 30));
    EXPECT_EQ(stockholm.to_utc(wall(2026, 10, 25, 3, 0)), utc(2026, 10, 25, 2, 0));
    EXPECT_EQ(stockholm.to_utc(wall(2026, 10, 25, 1, 59, 59)), utc(2026, 10, 24, 23, 59, 59));
    const auto new_york = must_load("America/New_York");
    EXPECT_EQ(new_york.to_utc(wall(2026, 11, 1, 1, 30)), utc(2026, 11, 1, 5, 30));
}

TEST(TimeZone, RoundTripsEveryHourOf2026)
{
    for (const char* name : {"Europe/Stockholm", "America/New_York", "Australia/Sydney", "Asia/Kolkata"}) {
        const auto zone = must_load(name);
        for (auto t = utc(2026, 1, 1); t < utc(2027, 1, 1); t += minutes{30}) {
            const auto local = zone.to_local(t);
            EXPECT_EQ(local - t.time_since_epoch(), local_seconds{zone.utc_offset(t)}) << name;
            const auto back = zone.to_utc(local);
            // Only the second pass through a fold maps back to the first.
            if (back != t) {
                EXPECT_LT(back, t) << name << " " << text(local);
                EXPECT_EQ(zone.to_local(back), local) << name << " " << text(local);
            }
        }
    }
}

} // namespace
