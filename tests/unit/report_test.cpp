// Unit: the statistics report (stats/report.hpp) and `tillit-admin report`: days in the centre's
// zone, every dimension's table, the suppression of small counts (including the case where the
// exact total, known from another table, would give a hidden cell away), RFC 4180 output, and the
// same file from the command line.
#include "stats/report.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "admin/admin_commands.hpp"
#include "stats/counter_keys.hpp"
#include "support/temp_dir.hpp"

namespace tillit::stats {
namespace {

using namespace std::chrono;

// An RFC 4180 reader: records of fields, quotes doubled inside quoted fields, CRLF between records.
std::vector<std::vector<std::string>> read_csv(const std::string& text)
{
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            record.push_back(std::move(field));
            field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            record.push_back(std::move(field));
            field.clear();
            records.push_back(std::move(record));
            record.clear();
            ++i;
        } else {
            EXPECT_NE(c, '\n') << "a bare line feed outside quotes";
            field += c;
        }
    }
    EXPECT_TRUE(record.empty() && field.empty()) << "the last record must end with CRLF";
    return records;
}

using cells = std::map<std::pair<std::string, std::string>, std::string>;

cells cells_of(const std::string& csv)
{
    cells out;
    const auto records = read_csv(csv);
    EXPECT_FALSE(records.empty());
    EXPECT_EQ(records.front(), (std::vector<std::string>{"dimension", "value", "count"}));
    for (std::size_t i = 1; i < records.size(); ++i) {
        EXPECT_EQ(records[i].size(), 3u);
        if (records[i].size() == 3) {
            EXPECT_TRUE(out.emplace(std::pair{records[i][0], records[i][1]}, records[i][2]).second);
        }
    }
    return out;
}

std::int64_t unix_at(sys_seconds t) { return t.time_since_epoch().count(); }

// A day in Stockholm (UTC+1 in November): 23 Nov runs from 22 Nov 23:00 UTC to 23 Nov 23:00 UTC.
const std::int64_t day_start = unix_at(sys_days{2026y / November / 22} + 23h);
const period the_day{local_days{2026y / November / 23}, local_days{2026y / November / 24}};

std::vector<store::counter_row> sample_rows()
{
    const auto chats = [](std::int64_t hour, std::string labels, std::int64_t n) {
        return store::counter_row{hour, std::string(chats_ended), std::move(labels), n};
    };
    return {
        // Outside the day by an hour on either side: left out.
        chats(day_start - 3600, "lane=support,language=sv,age_band=unknown,topic=honour,outcome=supported", 100),
        chats(day_start + 24 * 3600, "lane=support,language=sv,age_band=unknown,topic=honour,outcome=supported", 100),
        // The day: 40 + 3 + 12 = 55 chats.
        chats(day_start, "lane=support,language=sv,age_band=unknown,topic=honour,outcome=supported", 40),
        chats(day_start + 23 * 3600, "lane=consultation,language=ar,age_band=26-64,topic=unknown,outcome=referred", 3),
        chats(day_start + 23 * 3600, "lane=support,language=other,age_band=13-17,topic=relationship,outcome=supported", 12),
        {day_start + 3600, std::string(wait_seconds), "lane=support,bucket=30", 20},
        {day_start + 3600, std::string(wait_seconds), "lane=support,bucket=60", 7},
        {day_start + 7200, std::string(wait_seconds), "lane=consultation,bucket=inf", 2},
        {day_start + 3600, std::string(chat_length_seconds), "lane=support,bucket=600", 25},
        {day_start + 3600, std::string(closed_visits), "lane=support,reason=outside_hours", 9},
    };
}

hours::time_zone stockholm()
{
    auto zone = hours::time_zone::load("Europe/Stockholm");
    if (!zone) throw std::runtime_error("no Europe/Stockholm zone file");
    return std::move(*zone);
}

TEST(Report, EveryDimensionOfTheDayWithSmallCountsSuppressed)
{
    const auto file = make_report(sample_rows(), the_day, stockholm(), 5);
    EXPECT_EQ(file.filename, "tillit-report-2026-11-23-to-2026-11-23.csv");
    const auto c = cells_of(file.csv);
    const auto at = [&](const char* dimension, const char* value) {
        const auto found = c.find({dimension, value});
        return found == c.end() ? std::string("(absent)") : found->second;
    };
    EXPECT_EQ(at("report", "first_day"), "2026-11-23");
    EXPECT_EQ(at("report", "last_day"), "2026-11-23");
    EXPECT_EQ(at("report", "time_zone"), "Europe/Stockholm");
    EXPECT_EQ(at("report", "min_count"), "5");

    // 55 chats: the total rounded, never 55; the day table is whole (no small cell in it).
    EXPECT_EQ(at("total", "chats"), "60");
    EXPECT_EQ(at("day", "2026-11-23"), "55");
    // Lanes: support 52, consultation 3.
    EXPECT_EQ(at("lane", "consultation"), "<5");
    EXPECT_EQ(at("lane", "support"), "hidden");
    // Languages: sv 40, ar 3, other 12 — the naive-total case: 55 - 40 would give ar + other = 15,
    // and with "other" shown, ar = 3. Hidden, ar is any of 1 to 4.
    EXPECT_EQ(at("language", "sv"), "40");
    EXPECT_EQ(at("language", "ar"), "<5");
    EXPECT_EQ(at("language", "other"), "hidden");
    // Age bands: 40 unknown, 12 13-17, 3 26-64, the rest none.
    EXPECT_EQ(at("age_band", "unknown"), "40");
    EXPECT_EQ(at("age_band", "26-64"), "<5");
    EXPECT_EQ(at("age_band", "13-17"), "hidden");
    EXPECT_EQ(at("age_band", "under-13"), "0");
    EXPECT_EQ(at("age_band", "65+"), "0");
    EXPECT_EQ(at("topic", "honour"), "40");
    EXPECT_EQ(at("topic", "unknown"), "<5");
    EXPECT_EQ(at("topic", "relationship"), "hidden");
    EXPECT_EQ(at("topic", "fgm"), "0");
    EXPECT_EQ(at("outcome", "referred"), "<5");
    EXPECT_EQ(at("outcome", "supported"), "hidden");
    EXPECT_EQ(at("outcome", "emergency"), "0");
    // No exact small count anywhere, and nothing from outside the day.
    for (const auto& [key, value] : c) {
        if (key.first == "report") continue;
        for (const auto* small : {"1", "2", "3", "4"}) EXPECT_NE(value, small) << key.first << "," << key.second;
        EXPECT_EQ(value.find("100"), std::string::npos);
        EXPECT_NE(value, "155");
    }

    // The other populations.
    EXPECT_EQ(at("total", "abandoned"), "0");
    EXPECT_EQ(at("abandoned_lane", "support"), "0");
    EXPECT_EQ(at("total", "closed_visits"), "10");
    EXPECT_EQ(at("closed_visits_reason", "outside_hours"), "9");
    EXPECT_EQ(at("closed_visits_reason", "no_counsellor"), "0");
    EXPECT_EQ(at("total", "paired"), "30");
    EXPECT_EQ(at("wait_time", "0-30s"), "20");
    EXPECT_EQ(at("wait_time", "60m+"), "<5");
    EXPECT_EQ(at("wait_time", "30s-1m"), "hidden");
    EXPECT_EQ(at("wait_time", "5m-10m"), "0");
    EXPECT_EQ(at("total", "chats_closed"), "30");
    EXPECT_EQ(at("chat_length", "5m-10m"), "25");
    EXPECT_EQ(at("chat_length", "0-2m"), "0");
}

TEST(Report, TheMailboxPopulationsWithSmallCountsSuppressed)
{
    const std::vector<store::counter_row> rows{
        {day_start, std::string(letters_received), "lane=support", 30},
        {day_start + 3600, std::string(letters_received), "lane=consultation", 2},
        {day_start - 3600, std::string(letters_received), "lane=support", 100},  // the day before
        {day_start + 3600, std::string(letters_replied), "lane=support", 25},
        {day_start + 3600, std::string(threads_answered), "lane=support,in_time=yes", 20},
        {day_start + 7200, std::string(threads_answered), "lane=support,in_time=no", 3},
        {day_start + 7200, std::string(threads_answered), "lane=consultation,in_time=yes", 6},
    };
    const auto c = cells_of(make_report(rows, the_day, stockholm(), 5).csv);
    EXPECT_EQ(c.at({"total", "letters"}), "30") << "32, rounded";
    EXPECT_EQ(c.at({"letters_lane", "consultation"}), "<5");
    EXPECT_EQ(c.at({"letters_lane", "support"}), "hidden") << "else 32 - 30 gives the 2 away";
    EXPECT_EQ(c.at({"total", "replies"}), "30");
    EXPECT_EQ(c.at({"replies_lane", "support"}), "25");
    EXPECT_EQ(c.at({"replies_lane", "consultation"}), "0");
    EXPECT_EQ(c.at({"total", "threads_answered"}), "30");
    EXPECT_EQ(c.at({"answered_lane", "support"}), "23");
    EXPECT_EQ(c.at({"answered_lane", "consultation"}), "6");
    EXPECT_EQ(c.at({"answered_in_time", "no"}), "<5");
    EXPECT_EQ(c.at({"answered_in_time", "yes"}), "hidden");
    EXPECT_EQ(c.at({"total", "chats"}), "0") << "letters are not chats";
}

TEST(Report, TheLanguagesComeInOrderWithOtherLast)
{
    std::vector<store::counter_row> rows;
    for (const auto* language : {"sv", "other", "ar", "en"})
        rows.push_back({day_start, std::string(chats_ended),
                        "lane=support,language=" + std::string(language) + ",age_band=unknown,topic=unknown,outcome=other", 10});
    const auto file = make_report(rows, the_day, stockholm(), 5);
    std::vector<std::string> order;
    for (const auto& record : read_csv(file.csv))
        if (record.at(0) == "language") order.push_back(record.at(1));
    EXPECT_EQ(order, (std::vector<std::string>{"ar", "en", "sv", "other"}));
}

TEST(Report, ASmallPopulationIsHiddenWhole)
{
    // One chat all day: every table would give it away.
    const std::vector<store::counter_row> rows{
        {day_start + 3600, std::string(chats_ended), "lane=support,language=sv,age_band=13-17,topic=fgm,outcome=supported", 1}};
    const auto c = cells_of(make_report(rows, the_day, stockholm(), 5).csv);
    EXPECT_EQ(c.at({"total", "chats"}), "<5");
    for (const auto& [key, value] : c) {
        if (key.first == "lane" || key.first == "language" || key.first == "age_band" || key.first == "topic" ||
            key.first == "outcome" || key.first == "day") {
            EXPECT_EQ(value, "hidden") << key.first << "," << key.second;
        }
    }
}

TEST(Report, AThresholdOfTenHidesMore)
{
    const auto c = cells_of(make_report(sample_rows(), the_day, stockholm(), 10).csv);
    EXPECT_EQ(c.at({"report", "min_count"}), "10");
    // 9 visits, all outside hours: no table of them can hide the 9, so all of it is hidden.
    EXPECT_EQ(c.at({"closed_visits_reason", "outside_hours"}), "hidden");
    EXPECT_EQ(c.at({"closed_visits_lane", "consultation"}), "hidden");
    EXPECT_EQ(c.at({"total", "closed_visits"}), "<10");
    EXPECT_EQ(c.at({"language", "ar"}), "<10");
}

TEST(Report, ReadFromTheStoreInTheOpeningHoursZone)
{
    store::store db(":memory:");
    db.add_to_counters(sample_rows());
    const auto file = read_report(db, the_day, 5);
    EXPECT_EQ(file.csv, make_report(sample_rows(), the_day, stockholm(), 5).csv);
}

TEST(Report, TheAdminCommandWritesTheSameFile)
{
    test::temp_dir dir;
    {
        store::store db((dir.path() / "tillit.db").string());
        db.add_to_counters(sample_rows());
    }
    const auto run = [&](std::vector<std::string> args, std::string* out = nullptr, std::string* err = nullptr) {
        args.insert(args.begin(), {"--data-dir", dir.path().string()});
        std::istringstream in;
        std::ostringstream o;
        std::ostringstream e;
        const int code = admin::run_admin(args, in, o, e);
        if (out) *out = o.str();
        if (err) *err = e.str();
        return code;
    };
    const auto expected = make_report(sample_rows(), the_day, stockholm(), 5).csv;
    std::string out;
    EXPECT_EQ(run({"report", "--from", "2026-11-23", "--to", "2026-11-24"}, &out), 0);
    EXPECT_EQ(out, expected);

    const auto file = dir.path() / "report.csv";
    EXPECT_EQ(run({"report", "--from=2026-11-23", "--to=2026-11-24", "--output", file.string()}, &out), 0);
    EXPECT_TRUE(out.empty()) << "the report went to the file";
    std::ifstream written(file, std::ios::binary);
    std::ostringstream contents;
    contents << written.rdbuf();
    EXPECT_EQ(contents.str(), expected);
    EXPECT_FALSE(std::filesystem::exists(file.string() + ".partial"));

    EXPECT_EQ(run({"report", "--from", "2026-11-23", "--to", "2026-11-24", "--min-count", "10"}, &out), 0);
    EXPECT_NE(out.find("report,min_count,10\r\n"), std::string::npos);

    std::string err;
    EXPECT_EQ(run({"report", "--from", "2026-11-23"}, nullptr, &err), 2);
    EXPECT_NE(err.find("--to"), std::string::npos) << err;
    EXPECT_NE(err.find("tillit-admin report --help"), std::string::npos) << err;
    EXPECT_EQ(run({"report", "--from", "2026-11-24", "--to", "2026-11-23"}), 2);
    EXPECT_EQ(run({"report", "--from", "23/11/2026", "--to", "2026-11-24"}), 2);
    EXPECT_EQ(run({"report", "--from", "2026-11-23", "--to", "2026-11-24", "--min-count", "2"}), 2);
    EXPECT_EQ(run({"report", "--from", "2026-11-23", "--to", "2026-11-24", "extra"}), 2);
    EXPECT_EQ(run({"report", "--help"}, &out), 0);
    EXPECT_NE(out.find("usage: tillit-admin report"), std::string::npos);
    EXPECT_EQ(run({"--help"}, &out), 0);
    EXPECT_NE(out.find("report --from"), std::string::npos);
}

} // namespace
} // namespace tillit::stats
