// time_zone_test: TZif reading, the POSIX footer rules and UTC/local conversion, against tzdata's real
// zone files (expected values taken from `TZ=... date -d @...`) and small hand-built TZif files.
#include "chat/time_zone.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace std::chrono;
using tillit::chat::time_zone;

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

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// ---- a minimal TZif writer for hand-made files

struct block {
    std::vector<std::int64_t> times;
    std::vector<std::uint8_t> indices;
    std::vector<std::int32_t> utoffs;
    std::uint32_t leapcnt = 0;
    std::uint8_t isdst = 0;
};

void put(std::string& out, std::uint64_t value, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFU));
}

void put_block(std::string& out, char version, const block& b, int time_size)
{
    out += "TZif";
    out.push_back(version);
    out.append(15, '\0');
    put(out, 0, 4);  // isutcnt
    put(out, 0, 4);  // isstdcnt
    put(out, b.leapcnt, 4);
    put(out, b.times.size(), 4);
    put(out, b.utoffs.size(), 4);
    put(out, 4, 4);  // charcnt: "XXX\0"
    for (const auto t : b.times) put(out, static_cast<std::uint64_t>(t), time_size);
    for (const auto i : b.indices) out.push_back(static_cast<char>(i));
    for (const auto o : b.utoffs) {
        put(out, static_cast<std::uint32_t>(o), 4);
        out.push_back(static_cast<char>(b.isdst));
        out.push_back('\0');
    }
    out += std::string("XXX\0", 4);
    for (std::uint32_t i = 0; i < b.leapcnt; ++i) {
        put(out, 100, time_size);
        put(out, 1, 4);
    }
}

std::string tzif_v1(const block& b)
{
    std::string out;
    put_block(out, '\0', b, 4);
    return out;
}

std::string tzif_v2(const block& v1, const block& v2, std::string_view footer)
{
    std::string out;
    put_block(out, '2', v1, 4);
    put_block(out, '2', v2, 8);
    out += "\n";
    out += footer;
    out += "\n";
    return out;
}

std::optional<time_zone> footer_only(std::string_view footer)
{
    return time_zone::from_tzif("Test/Footer", tzif_v2({{}, {}, {0}}, {{}, {}, {0}}, footer));
}

// ---- real zones

TEST(TimeZone, LoadsRealZones)
{
    for (const char* name : {"Europe/Stockholm", "Asia/Kolkata", "America/New_York", "UTC", "Australia/Sydney"}) {
        const auto zone = time_zone::load(name);
        ASSERT_TRUE(zone) << name;
        EXPECT_EQ(zone->name(), name);
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

TEST(TimeZone, Stockholm2040FollowsTheFooterRule)
{
    const auto zone = must_load("Europe/Stockholm");
    // March 2040 has four Sundays: "M3.5.0" (the last) is the 25th, not 1 April.
    EXPECT_EQ(zone.utc_offset(sys_seconds{seconds{2216250000 - 1}}), hours{1});
    EXPECT_EQ(zone.utc_offset(sys_seconds{seconds{2216250000}}), hours{2});
    EXPECT_EQ(text(zone.to_local(sys_seconds{seconds{2216250000}})), "2040-03-25 03:00:00");
    EXPECT_EQ(zone.utc_offset(utc(2040, 10, 28, 0, 59, 59)), hours{2});
    EXPECT_EQ(zone.utc_offset(utc(2040, 10, 28, 1)), hours{1});
    EXPECT_EQ(text(zone.to_local(utc(2040, 10, 28, 1))), "2040-10-28 02:00:00");
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

// ---- the POSIX TZ footer

TEST(TimeZone, ParsesPosixTzStrings)
{
    const auto cet = time_zone::parse_posix_tz("CET-1CEST,M3.5.0,M10.5.0/3");
    ASSERT_TRUE(cet);
    EXPECT_EQ(cet->std_offset, 3600);
    EXPECT_TRUE(cet->has_dst);
    EXPECT_EQ(cet->dst_offset, 7200);
    EXPECT_EQ(cet->dst_start.month, 3);
    EXPECT_EQ(cet->dst_start.week, 5);
    EXPECT_EQ(cet->dst_start.weekday, 0);
    EXPECT_EQ(cet->dst_start.time, 7200);  // default 02:00
    EXPECT_EQ(cet->dst_end.month, 10);
    EXPECT_EQ(cet->dst_end.time, 3 * 3600);

    const auto ist = time_zone::parse_posix_tz("IST-5:30");
    ASSERT_TRUE(ist);
    EXPECT_EQ(ist->std_offset, 5 * 3600 + 30 * 60);
    EXPECT_FALSE(ist->has_dst);
    const auto quoted = time_zone::parse_posix_tz("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1");
    ASSERT_TRUE(quoted);
    EXPECT_EQ(quoted->std_offset, -3 * 3600);
    EXPECT_EQ(quoted->dst_offset, -2 * 3600);
    EXPECT_EQ(quoted->dst_start.time, -2 * 3600);
    const auto explicit_dst = time_zone::parse_posix_tz("AAA-10BBB-10:30:15,J60/167,300/-1:15");
    ASSERT_TRUE(explicit_dst);
    EXPECT_EQ(explicit_dst->dst_offset, 10 * 3600 + 30 * 60 + 15);
    EXPECT_EQ(explicit_dst->dst_start.form, time_zone::posix_rule::kind::julian_no_leap);
    EXPECT_EQ(explicit_dst->dst_start.day, 60);
    EXPECT_EQ(explicit_dst->dst_start.time, 167 * 3600);
    EXPECT_EQ(explicit_dst->dst_end.form, time_zone::posix_rule::kind::zero_based_day);
    EXPECT_EQ(explicit_dst->dst_end.day, 300);
    EXPECT_EQ(explicit_dst->dst_end.time, -(3600 + 15 * 60));
    EXPECT_TRUE(time_zone::parse_posix_tz("UTC0"));
    EXPECT_TRUE(time_zone::parse_posix_tz("<+0545>-5:45"));

    for (const char* bad : {"", "UTC", "CE-1", "CET-25", "CET-1:60", "CET-1CEST", "CET-1CEST,M3.5.0",
                            "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0",
                            "CET-1CEST,J0,J300", "CET-1CEST,J366,J300", "CET-1CEST,366,300",
                            "CET-1CEST,M3.5.0/168,M10.5.0",
                            "CET-1CEST,M3.5.0,M10.5.0/3x", "CET-1 ", "<+05-5", "<+5>-5"})
        EXPECT_FALSE(time_zone::parse_posix_tz(bad)) << bad;
}

TEST(TimeZone, FooterJulianFormsSkipOrCountTheLeapDay)
{
    // Jn never counts 29 February: J60 is 1 March in every year.
    const auto julian = footer_only("AAA0BBB,J60/2,J300/2");
    ASSERT_TRUE(julian);
    EXPECT_EQ(julian->utc_offset(utc(2028, 2, 29, 12)), seconds{0});
    EXPECT_EQ(julian->utc_offset(utc(2028, 3, 1, 1, 59, 59)), seconds{0});
    EXPECT_EQ(julian->utc_offset(utc(2028, 3, 1, 2)), hours{1});
    EXPECT_EQ(julian->utc_offset(utc(2027, 3, 1, 2)), hours{1});
    // J300 is 27 October; the end time 02:00 is daylight time, 01:00 UTC.
    EXPECT_EQ(julian->utc_offset(utc(2028, 10, 27, 0, 59, 59)), hours{1});
    EXPECT_EQ(julian->utc_offset(utc(2028, 10, 27, 1)), seconds{0});
    // n counts from 0 and counts 29 February: day 59 is 1 March, or 29 February in a leap year.
    const auto zero_based = footer_only("AAA0BBB,59/2,299/2");
    ASSERT_TRUE(zero_based);
    EXPECT_EQ(zero_based->utc_offset(utc(2027, 2, 28, 12)), seconds{0});
    EXPECT_EQ(zero_based->utc_offset(utc(2027, 3, 1, 2)), hours{1});
    EXPECT_EQ(zero_based->utc_offset(utc(2028, 2, 29, 1, 59, 59)), seconds{0});
    EXPECT_EQ(zero_based->utc_offset(utc(2028, 2, 29, 2)), hours{1});
}

// ---- hand-made and damaged files

TEST(TimeZone, ReadsVersion1Files)
{
    const auto zone = time_zone::from_tzif("Test/V1", tzif_v1({{1000, 2000}, {1, 0}, {100, 200}}));
    ASSERT_TRUE(zone);
    EXPECT_EQ(zone->name(), "Test/V1");
    EXPECT_EQ(zone->utc_offset(sys_seconds{seconds{999}}), seconds{100});  // before: type 0
    EXPECT_EQ(zone->utc_offset(sys_seconds{seconds{1000}}), seconds{200});
    EXPECT_EQ(zone->utc_offset(sys_seconds{seconds{1999}}), seconds{200});
    EXPECT_EQ(zone->utc_offset(sys_seconds{seconds{2000}}), seconds{100});
    EXPECT_EQ(zone->utc_offset(sys_seconds{seconds{4'000'000'000}}), seconds{100});
}

TEST(TimeZone, Version2UsesThe64BitBlock)
{
    // The 32-bit block says +999 s always; the 64-bit block has a change after 2038.
    const std::int64_t after_2038 = 3'000'000'000;
    const auto zone = time_zone::from_tzif("Test/V2", tzif_v2({{}, {}, {999}}, {{after_2038}, {1}, {0, 3600}}, ""));
    ASSERT_TRUE(zone);
    EXPECT_EQ(zone->utc_offset(sys_seconds{seconds{after_2038 - 1}}), seconds{0});
    EXPECT_EQ(zone->utc_offset(sys_seconds{seconds{after_2038}}), hours{1});
    EXPECT_EQ(zone->utc_offset(sys_seconds{seconds{after_2038 * 2}}), hours{1});  // empty footer: last offset
}

TEST(TimeZone, FooterAppliesAfterTheLastTransitionOrAlways)
{
    const block v2{{1000}, {1}, {0, 7200}};
    const auto zone = time_zone::from_tzif("Test/Footer", tzif_v2({{}, {}, {0}}, v2, "XXX-1"));
    ASSERT_TRUE(zone);
    EXPECT_EQ(zone->utc_offset(sys_seconds{seconds{500}}), seconds{0});
    EXPECT_EQ(zone->utc_offset(sys_seconds{seconds{5000}}), hours{1});
    // With no transitions the footer covers all time, before 1970 too.
    const auto only = footer_only("XXX-3");
    ASSERT_TRUE(only);
    EXPECT_EQ(only->utc_offset(utc(1900, 1, 1)), hours{3});
    EXPECT_EQ(only->utc_offset(utc(2100, 1, 1)), hours{3});
}

TEST(TimeZone, UnparsableFooterKeepsTheLastTransitionsOffset)
{
    const block v2{{1000}, {1}, {0, 7200}};
    const auto zone = time_zone::from_tzif("Test/BadFooter", tzif_v2({{}, {}, {0}}, v2, "not a TZ string"));
    ASSERT_TRUE(zone);
    EXPECT_EQ(zone->utc_offset(utc(2040, 7, 1)), hours{2});
    // The same with Stockholm's real data: its last transition (1996) is to CET.
    std::string bytes = read_file("/usr/share/zoneinfo/Europe/Stockholm");
    const auto footer = bytes.rfind("CET-1CEST");
    ASSERT_NE(footer, std::string::npos);
    bytes.replace(footer, bytes.size() - 1 - footer, "CET-1CEST,M3.5.0");
    const auto stockholm = time_zone::from_tzif("Europe/Stockholm", bytes);
    ASSERT_TRUE(stockholm);
    EXPECT_EQ(stockholm->utc_offset(utc(2040, 7, 1)), hours{1});
}

TEST(TimeZone, RefusesDamagedFiles)
{
    const block v2{{1000}, {1}, {0, 7200}};
    const std::string good = tzif_v2({{}, {}, {0}}, v2, "XXX-1");
    ASSERT_TRUE(time_zone::from_tzif("Test/Good", good));
    // Every proper prefix of a good file is truncated.
    for (std::size_t n = 0; n < good.size(); ++n)
        EXPECT_FALSE(time_zone::from_tzif("Test/Cut", good.substr(0, n))) << n;
    const std::string real = read_file("/usr/share/zoneinfo/Europe/Stockholm");
    ASSERT_TRUE(time_zone::from_tzif("Europe/Stockholm", real));
    for (std::size_t n = 0; n < real.size(); ++n)
        ASSERT_FALSE(time_zone::from_tzif("Europe/Stockholm", real.substr(0, n))) << n;

    std::string bad_magic = good;
    bad_magic[0] = 'X';
    EXPECT_FALSE(time_zone::from_tzif("Test/Bad", bad_magic));
    std::string bad_version = good;
    bad_version[4] = '1';
    EXPECT_FALSE(time_zone::from_tzif("Test/Bad", bad_version));
    EXPECT_FALSE(time_zone::from_tzif("Test/Bad", tzif_v2({{}, {}, {0}}, {{1000}, {2}, {0, 7200}}, "")));  // no type 2
    EXPECT_FALSE(time_zone::from_tzif("Test/Bad", tzif_v2({{}, {}, {0}}, {{2000, 1000}, {1, 0}, {0, 7200}}, "")));
    EXPECT_FALSE(time_zone::from_tzif("Test/Bad", tzif_v2({{}, {}, {0}}, {{}, {}, {}}, "")));  // no types
    EXPECT_FALSE(time_zone::from_tzif("Test/Bad", tzif_v2({{}, {}, {0}}, {{}, {}, {100000}}, "")));  // > 26 h
    EXPECT_FALSE(time_zone::from_tzif("Test/Bad", tzif_v2({{}, {}, {0}}, {{}, {}, {0}, 0, 2}, "")));  // isdst 2
    EXPECT_FALSE(time_zone::from_tzif("Test/Bad", tzif_v2({{}, {}, {0}, 1}, {{}, {}, {0}, 1}, "")));  // leap seconds
    EXPECT_FALSE(time_zone::from_tzif("Test/Bad", tzif_v1({{1000}, {5}, {0}})));
    std::string no_footer_end = good;
    no_footer_end.pop_back();
    EXPECT_FALSE(time_zone::from_tzif("Test/Bad", no_footer_end));
}

} // namespace
