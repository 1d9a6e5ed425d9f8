// settings_test: parsing, validation and canonical JSON of opening hours, emergency numbers and
// closed-hours texts, the seeded defaults, and load/save through the store.
#include "store/settings.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace {

namespace fs = std::filesystem;
using namespace tillit::store;

bool mentions(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// The operator's message of a failed check; empty when the value passed.
std::string problem(const settings_result<void>& checked) { return checked ? "" : checked.error().message; }

TEST(Settings, ParsesTimesOfDay)
{
    EXPECT_EQ(parse_time_of_day("00:00", false), 0);
    EXPECT_EQ(parse_time_of_day("08:30", false), 8 * 60 + 30);
    EXPECT_EQ(parse_time_of_day("23:59", false), 23 * 60 + 59);
    EXPECT_EQ(parse_time_of_day("24:00", true), 24 * 60);
    EXPECT_FALSE(parse_time_of_day("24:00", false));
    EXPECT_FALSE(parse_time_of_day("24:01", true));
    EXPECT_FALSE(parse_time_of_day("25:00", true));
    EXPECT_FALSE(parse_time_of_day("12:60", false));
    EXPECT_FALSE(parse_time_of_day("9:00", false));
    EXPECT_FALSE(parse_time_of_day("09.00", false));
    EXPECT_FALSE(parse_time_of_day("0900", false));
    EXPECT_FALSE(parse_time_of_day("", false));
    EXPECT_EQ(format_time_of_day(8 * 60 + 5), "08:05");
    EXPECT_EQ(format_time_of_day(24 * 60), "24:00");
}

TEST(Settings, ParsesDayRangesSortedAndChecked)
{
    const auto closed = parse_day_ranges("closed");
    ASSERT_TRUE(closed);
    EXPECT_TRUE(closed->empty());

    const auto two = parse_day_ranges("13:00-24:00,09:00-12:00");
    ASSERT_TRUE(two) << two.error().message;
    EXPECT_EQ(*two, (std::vector<time_range>{{540, 720}, {780, 1440}}));
    EXPECT_EQ(format_day_ranges(*two), "09:00-12:00,13:00-24:00");
    EXPECT_EQ(format_day_ranges({}), "closed");

    EXPECT_TRUE(parse_day_ranges("09:00-12:00,12:00-13:00")) << "touching ranges are fine";

    const auto overlap = parse_day_ranges("09:00-12:00,11:00-13:00");
    ASSERT_FALSE(overlap);
    EXPECT_TRUE(mentions(overlap.error().message, "09:00-12:00 overlaps 11:00-13:00")) << overlap.error().message;

    const auto backwards = parse_day_ranges("16:00-08:00");
    ASSERT_FALSE(backwards);
    EXPECT_TRUE(mentions(backwards.error().message, "before closing")) << backwards.error().message;
    EXPECT_FALSE(parse_day_ranges("08:00-08:00"));
    EXPECT_FALSE(parse_day_ranges("24:00-24:00"));
    EXPECT_FALSE(parse_day_ranges("8-16"));
    EXPECT_FALSE(parse_day_ranges("08:00"));
    EXPECT_FALSE(parse_day_ranges(""));
    EXPECT_FALSE(parse_day_ranges("09:00-10:00,"));
    EXPECT_FALSE(parse_day_ranges("00:00-01:00,01:00-02:00,02:00-03:00,03:00-04:00,04:00-05:00,05:00-06:00,06:00-07:00,"
                                  "07:00-08:00,08:00-09:00"))
        << "more than 8 ranges";
}

TEST(Settings, ChecksTimeZonesAgainstZoneinfo)
{
    EXPECT_EQ(problem(check_timezone("Europe/Stockholm")), "");
    EXPECT_EQ(problem(check_timezone("UTC")), "");
    EXPECT_TRUE(mentions(problem(check_timezone("Europe/Nowhere")), "unknown time zone"));
    EXPECT_TRUE(mentions(problem(check_timezone("../../etc/passwd")), "not a valid name"));
    EXPECT_TRUE(mentions(problem(check_timezone("Europe/../../../etc/passwd")), "not a valid name"));
    EXPECT_TRUE(mentions(problem(check_timezone("/etc/localtime")), "not a valid name"));
    EXPECT_TRUE(mentions(problem(check_timezone("Europe Stockholm")), "not a valid name"));
    EXPECT_NE(problem(check_timezone("")), "");
    EXPECT_NE(problem(check_timezone("Europe")), "") << "a directory is not a zone";
    // zoneinfo holds a few text files that are not TZif; "leapseconds" passes the name check.
    ASSERT_TRUE(fs::is_regular_file("/usr/share/zoneinfo/leapseconds"));
    EXPECT_TRUE(mentions(problem(check_timezone("leapseconds")), "not a time zone file")) << problem(check_timezone("leapseconds"));
    EXPECT_TRUE(mentions(problem(check_timezone("zone.tab")), "not a valid name")) << "no zone name holds a dot";
}

TEST(Settings, OpeningHoursRoundTripThroughCanonicalJson)
{
    opening_hours h;
    h.timezone = "Europe/Stockholm";
    h.days[0] = {{8 * 60, 12 * 60}, {13 * 60, 16 * 60}};
    h.days[5] = {{0, 24 * 60}};
    const auto text = format_opening_hours(h);
    EXPECT_EQ(text,
              R"({"timezone":"Europe/Stockholm","days":{"mon":[{"open":"08:00","close":"12:00"},{"open":"13:00","close":"16:00"}],)"
              R"("tue":[],"wed":[],"thu":[],"fri":[],"sat":[{"open":"00:00","close":"24:00"}],"sun":[]}})");
    const auto back = parse_opening_hours(text);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, h);
}

TEST(Settings, OpeningHoursJsonErrorsAreClear)
{
    const auto bad_json = parse_opening_hours("{");
    ASSERT_FALSE(bad_json);
    EXPECT_TRUE(mentions(bad_json.error().message, "not valid JSON"));
    EXPECT_TRUE(mentions(parse_opening_hours(R"({"days":{}})").error().message, "timezone"));
    EXPECT_TRUE(mentions(parse_opening_hours(R"({"timezone":"UTC"})").error().message, "days"));
    EXPECT_TRUE(mentions(parse_opening_hours(R"({"timezone":"Mars/Olympus","days":{}})").error().message, "unknown time zone"));
    EXPECT_TRUE(mentions(parse_opening_hours(R"({"timezone":"UTC","days":{"funday":[]}})").error().message, "unknown day"));
    EXPECT_TRUE(mentions(parse_opening_hours(R"({"timezone":"UTC","days":{"mon":[{"open":"8:00","close":"16:00"}]}})").error().message, "HH:MM"));
    const auto overlap = parse_opening_hours(
        R"({"timezone":"UTC","days":{"tue":[{"open":"08:00","close":"12:00"},{"open":"10:00","close":"14:00"}]}})");
    ASSERT_FALSE(overlap);
    EXPECT_TRUE(mentions(overlap.error().message, "tue: 08:00-12:00 overlaps 10:00-14:00")) << overlap.error().message;
    // A missing day is a closed day.
    const auto sparse = parse_opening_hours(R"({"timezone":"UTC","days":{"wed":[{"open":"10:00","close":"11:00"}]}})");
    ASSERT_TRUE(sparse) << sparse.error().message;
    EXPECT_TRUE(sparse->days[0].empty());
    EXPECT_EQ(sparse->days[2].size(), 1u);
}

TEST(Settings, EmergencyNumbersRoundTripAndAreChecked)
{
    const std::vector<emergency_number> numbers{{"Emergency: police, ambulance", "112"}, {"BRIS for children", "116 111"}};
    const auto text = format_emergency_numbers(numbers);
    EXPECT_EQ(text, R"([{"label":"Emergency: police, ambulance","number":"112"},{"label":"BRIS for children","number":"116 111"}])");
    const auto back = parse_emergency_numbers(text);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, numbers);

    EXPECT_TRUE(mentions(parse_emergency_numbers("{}").error().message, "array"));
    EXPECT_TRUE(mentions(parse_emergency_numbers(R"([{"label":"x"}])").error().message, "\"number\""));
    EXPECT_TRUE(mentions(parse_emergency_numbers(R"([{"label":"Police","number":"call us"}])").error().message, "only digits"));
    EXPECT_TRUE(mentions(parse_emergency_numbers(R"([{"label":"","number":"112"}])").error().message, "label is empty"));
    EXPECT_TRUE(mentions(parse_emergency_numbers("[]").error().message, "at least one"));
    EXPECT_TRUE(mentions(problem(validate(std::vector<emergency_number>{{"bad\x01label", "112"}})), "control"));
    EXPECT_TRUE(mentions(problem(validate(std::vector<emergency_number>{{"bad \xff label", "112"}})), "UTF-8"));
    EXPECT_EQ(problem(validate(std::vector<emergency_number>{{"Kvinnofridslinjen", "020-50 50 50"}, {"Abroad", "+46 (0)8 123"}})), "");
}

TEST(Settings, ClosedTextsRoundTripSortedByLanguage)
{
    const closed_texts texts{{"sv", "Stängt.\nRing 112."}, {"ar", "مغلق"}, {"en", "Closed."}};
    const auto text = format_closed_texts(texts);
    EXPECT_EQ(text, R"({"ar":"مغلق","en":"Closed.","sv":"Stängt.\nRing 112."})");
    const auto back = parse_closed_texts(text);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, texts);

    EXPECT_TRUE(mentions(parse_closed_texts(R"({"SV":"x"})").error().message, "not a language code"));
    EXPECT_TRUE(mentions(parse_closed_texts(R"({"swedish":"x"})").error().message, "not a language code"));
    EXPECT_TRUE(mentions(parse_closed_texts(R"({"sv":""})").error().message, "empty"));
    EXPECT_TRUE(mentions(parse_closed_texts(R"({"sv":1})").error().message, "string"));
    EXPECT_TRUE(mentions(problem(validate(closed_texts{{"sv", std::string(max_closed_text_bytes + 1, 'a')}})), "longer"));
}

TEST(Settings, SeededDefaultsAreTheCentresAndCanonical)
{
    store s(":memory:");
    const auto hours = load_opening_hours(s);
    ASSERT_TRUE(hours) << hours.error().message;
    EXPECT_EQ(hours->timezone, "Europe/Stockholm");
    for (std::size_t d = 0; d < 5; ++d) EXPECT_EQ(hours->days[d], (std::vector<time_range>{{8 * 60, 16 * 60}}));
    EXPECT_TRUE(hours->days[5].empty());
    EXPECT_TRUE(hours->days[6].empty());

    const auto numbers = load_emergency_numbers(s);
    ASSERT_TRUE(numbers) << numbers.error().message;
    EXPECT_EQ(*numbers, (std::vector<emergency_number>{{"Emergency: police, ambulance", "112"},
                                                             {"Police, non-urgent", "114 14"},
                                                             {"Kvinnofridslinjen", "020-50 50 50"},
                                                             {"BRIS for children", "116 111"}}));

    const auto texts = load_closed_texts(s);
    ASSERT_TRUE(texts) << texts.error().message;
    ASSERT_EQ(texts->size(), 3u);
    for (const char* language : {"sv", "en", "ar"}) {
        ASSERT_TRUE(texts->contains(language)) << language;
        EXPECT_TRUE(mentions(texts->at(language), "112")) << language;
    }

    // The seed is exactly what the format functions write.
    EXPECT_EQ(s.setting(opening_hours_key), format_opening_hours(*hours));
    EXPECT_EQ(s.setting(emergency_numbers_key), format_emergency_numbers(*numbers));
    EXPECT_EQ(s.setting(closed_text_key), format_closed_texts(*texts));
}

TEST(Settings, SaveAndLoadThroughAFile)
{
    std::string pattern = (fs::temp_directory_path() / "tillit-settings-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    const fs::path dir = pattern;
    {
        store s((dir / "tillit.db").string());
        opening_hours h;
        h.timezone = "America/New_York";
        h.days[6] = {{10 * 60, 14 * 60}};
        save_opening_hours(s, h);
        save_emergency_numbers(s, {{"Emergency", "911"}});
        save_closed_texts(s, {{"en", "Closed."}});
    }
    {
        store s((dir / "tillit.db").string());
        const auto h = load_opening_hours(s);
        ASSERT_TRUE(h) << h.error().message;
        EXPECT_EQ(h->timezone, "America/New_York");
        EXPECT_EQ(h->days[6], (std::vector<time_range>{{600, 840}}));
        EXPECT_TRUE(h->days[0].empty());
        EXPECT_EQ(load_emergency_numbers(s).value().at(0).number, "911");
        EXPECT_EQ(load_closed_texts(s).value().size(), 1u);
    }
    fs::remove_all(dir);
}

TEST(Settings, SaveRefusesInvalidValuesAndKeepsTheOldOne)
{
    store s(":memory:");
    const auto before = s.setting(opening_hours_key);
    opening_hours bad;
    bad.timezone = "Europe/Stockholm";
    bad.days[1] = {{9 * 60, 12 * 60}, {11 * 60, 13 * 60}};
    EXPECT_THROW(save_opening_hours(s, bad), std::invalid_argument);
    bad.days[1] = {};
    bad.timezone = "../../etc/passwd";
    EXPECT_THROW(save_opening_hours(s, bad), std::invalid_argument);
    EXPECT_THROW(save_emergency_numbers(s, {{"x", "abc"}}), std::invalid_argument);
    EXPECT_THROW(save_closed_texts(s, {{"xxxx", "text"}}), std::invalid_argument);
    EXPECT_EQ(s.setting(opening_hours_key), before);
}

TEST(Settings, LoadReportsMissingOrCorruptSettings)
{
    store s(":memory:");
    s.put_setting(opening_hours_key, "not json");
    const auto h = load_opening_hours(s);
    ASSERT_FALSE(h);
    EXPECT_TRUE(mentions(h.error().message, "setting \"opening_hours\" is invalid")) << h.error().message;
}

} // namespace
