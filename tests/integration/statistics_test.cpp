// Integration: the aggregate statistics through the real server (docs/statistics.md). Chats
// driven by real WebSocket clients add to hourly counters in the database (waits, lengths, tags,
// help-seekers who gave up with their language bounded, closed-hours visits by reason), old
// hours are pruned at start-up, supervisors get "stats" and "report", and `tillit-admin report`,
// run as a process of its own beside the running server, writes the same CSV.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>

#include "hours/time_zone.hpp"
#include "stats/calendar.hpp"
#include "store/store.hpp"
#include "support/chat_clients.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"

namespace tillit::test {
namespace {

namespace json = boost::json;

constexpr auto password = "statistics test passphrase";

std::string text(const json::value& v) { return std::string(v.as_string()); }

std::int64_t unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::set<std::string> keys_of(const json::object& o)
{
    std::set<std::string> keys;
    for (const auto& [key, value] : o) keys.insert(std::string(key));
    return keys;
}

// Runs a program and returns its exit status (-1 if it could not run or was killed).
int run_program(const std::vector<std::string>& args)
{
    const pid_t pid = ::fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

class Statistics : public ::testing::Test {
protected:
    void SetUp() override
    {
        create_account(data(), "berit", "supervisor", password);
        create_account(data(), "anna", "counsellor", password, "sv,en");
        open_around_the_clock(data());
        start();
    }

    // Help-seekers whose language nobody speaks keep waiting (no fallback within the test).
    void start() { server = std::make_unique<server_process>(dir.path(), std::vector<std::string>{"--language-fallback", "900"}); }

    [[nodiscard]] std::filesystem::path data() const { return dir.path() / "data"; }

    // The counter over this hour and the one before (in case the hour turns during the test).
    std::int64_t counter(std::string_view name, std::string_view labels)
    {
        store::store db((data() / "tillit.db").string());
        const auto hour = stats::hour_of(unix_now());
        return db.counter(hour, name, labels) + db.counter(hour - 3600, name, labels);
    }

    // Counts are written by the server's store thread a moment after the event: wait for them.
    void expect_counter(std::string_view name, std::string_view labels, std::int64_t expected)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        std::int64_t seen = 0;
        while ((seen = counter(name, labels)) != expected && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        EXPECT_EQ(seen, expected) << name << "{" << labels << "}";
    }

    json::object sign_in(ws_client& client, const std::string& pseudonym)
    {
        auto reply = log_in(client, pseudonym, password);
        if (reply.at("type") != "login_ok") throw std::runtime_error("login failed for " + pseudonym);
        return reply;
    }

    // One chat from join to tags: the help-seeker ends it, the counsellor tags it.
    void chat_through(ws_client& counsellor, const std::string& language, const json::object& tags)
    {
        ws_client seeker(server->port());
        const auto paired = join(seeker, "support", language, false);
        ASSERT_EQ(paired.at("type"), "paired") << paired;
        const auto chat = text(paired.at("chat"));
        receive_type(counsellor, "assigned");
        seeker.send_json({{"type", "end"}});
        receive_type(seeker, "chat_ended");
        receive_type(counsellor, "chat_ended");
        json::object message = tags;
        message["type"] = "tags";
        message["chat"] = chat;
        counsellor.send_json(message);
        receive_type(counsellor, "tags_saved");
    }

    temp_dir dir;
    std::unique_ptr<server_process> server;
};

TEST_F(Statistics, ChatsWaitsLengthsAndAbandonmentsAreHourlyCountersOnly)
{
    ws_client counsellor(server->port());
    go_on_duty(counsellor, "anna", password, 2);
    chat_through(counsellor, "sv", {{"outcome", "referred"}, {"age_band", "18-25"}});
    // tags_saved means the count is in the database already.
    EXPECT_EQ(counter("chats_ended", "lane=support,language=sv,age_band=18-25,topic=unknown,outcome=referred"), 1);
    expect_counter("wait_seconds", "lane=support,bucket=30", 1);
    expect_counter("chat_length_seconds", "lane=support,bucket=120", 1);

    // A Finnish-speaking help-seeker nobody here serves gives up: counted, as "other".
    ws_client finnish(server->port());
    ASSERT_EQ(join(finnish, "support", "fi").at("type"), "queue");
    finnish.send_json({{"type", "leave"}});
    receive_type(finnish, "left");
    expect_counter("abandoned", "lane=support,language=other", 1);
    // One whose connection closes while waiting has given up too.
    {
        ws_client english(server->port());
        ws_client busy_seeker(server->port());
        ASSERT_EQ(join(busy_seeker, "consultation", "sv", false).at("type"), "paired");
        ws_client other_seeker(server->port());
        ASSERT_EQ(join(other_seeker, "consultation", "sv", false).at("type"), "paired");
        ASSERT_EQ(join(english, "consultation", "en").at("type"), "queue") << "capacity 2 is full";
        english.drop();
        expect_counter("abandoned", "lane=consultation,language=en", 1);
    }
    expect_counter("wait_seconds", "lane=consultation,bucket=30", 2);

    // Nothing finer than the hour, nothing outside the fixed vocabulary, no language not served.
    store::store db((data() / "tillit.db").string());
    const auto rows = db.counter_rows(0, unix_now() + 7200);
    const std::set<std::string> names{"chats_ended", "wait_seconds", "chat_length_seconds", "abandoned", "closed_visits"};
    const std::set<std::string> label_keys{"lane", "language", "age_band", "topic", "outcome", "bucket", "reason"};
    for (const auto& row : rows) {
        EXPECT_EQ(row.hour % 3600, 0);
        EXPECT_TRUE(names.contains(row.name)) << row.name;
        std::istringstream labels(row.labels);
        for (std::string pair; std::getline(labels, pair, ',');)
            EXPECT_TRUE(label_keys.contains(pair.substr(0, pair.find('=')))) << row.labels;
        EXPECT_EQ(row.labels.find("language=fi"), std::string::npos) << row.labels;
        EXPECT_EQ(row.labels.find("anna"), std::string::npos) << row.labels;
    }
}

TEST_F(Statistics, ClosedVisitsByReasonAndOldHoursPrunedAtStart)
{
    // Open, but nobody on duty.
    {
        ws_client first(server->port());
        EXPECT_EQ(join(first, "support", "sv").at("reason"), "no_counsellor");
        ws_client second(server->port());
        EXPECT_EQ(join(second, "consultation", "ar").at("reason"), "no_counsellor");
    }
    expect_counter("closed_visits", "lane=support,reason=no_counsellor", 1);
    expect_counter("closed_visits", "lane=consultation,reason=no_counsellor", 1);

    // Closed all week; an hour from long ago waits in the database for the restart.
    EXPECT_EQ(server->stop(SIGTERM), 0);
    std::vector<std::string> closed = {"hours", "set"};
    for (const auto* day : {"--mon", "--tue", "--wed", "--thu", "--fri", "--sat", "--sun"}) {
        closed.emplace_back(day);
        closed.emplace_back("closed");
    }
    ASSERT_EQ(admin(data(), closed), 0);
    const auto long_ago = stats::hour_of(unix_now()) - 500LL * 24 * 3600;
    {
        store::store db((data() / "tillit.db").string());
        db.add_to_counter(long_ago, "closed_visits", "lane=support,reason=outside_hours", 42);
    }
    start();
    {
        store::store db((data() / "tillit.db").string());
        EXPECT_EQ(db.counter(long_ago, "closed_visits", "lane=support,reason=outside_hours"), 0) << "older than 400 days";
    }
    EXPECT_EQ(counter("closed_visits", "lane=support,reason=no_counsellor"), 1) << "kept across the restart";
    ws_client third(server->port());
    EXPECT_EQ(join(third, "support", "sv").at("reason"), "outside_hours");
    expect_counter("closed_visits", "lane=support,reason=outside_hours", 1);
}

TEST_F(Statistics, SupervisorsGetChartBucketsForTheLastDayAndMonth)
{
    ws_client early(server->port());
    EXPECT_EQ(join(early, "support", "sv").at("reason"), "no_counsellor");
    ws_client counsellor(server->port());
    go_on_duty(counsellor, "anna", password, 1);
    ws_client seeker(server->port());
    ASSERT_EQ(join(seeker, "support", "sv", false).at("type"), "paired");
    ws_client finnish(server->port());
    ASSERT_EQ(join(finnish, "support", "fi").at("type"), "queue");
    finnish.send_json({{"type", "leave"}});
    receive_type(finnish, "left");

    ws_client supervisor(server->port());
    sign_in(supervisor, "berit");
    const std::set<std::string> bucket_keys{"start", "chats", "abandoned", "closed_visits", "wait_p50_seconds",
                                            "wait_p90_seconds", "letters", "replies", "answered_in_time", "answered_late"};
    const auto totals = [&](const json::array& buckets) {
        std::array<std::int64_t, 3> sum{};
        for (const auto& b : buckets) {
            EXPECT_EQ(keys_of(b.as_object()), bucket_keys) << b;
            sum[0] += b.at("chats").as_int64();
            sum[1] += b.at("abandoned").as_int64();
            sum[2] += b.at("closed_visits").as_int64();
            if (b.at("chats").as_int64() > 0) {
                EXPECT_LE(b.at("wait_p50_seconds").as_int64(), 30) << "paired at once";
                EXPECT_LE(b.at("wait_p90_seconds").as_int64(), 30);
            } else {
                EXPECT_TRUE(b.at("wait_p50_seconds").is_null());
            }
        }
        return sum;
    };

    supervisor.send_json({{"type", "stats"}, {"range", "24h"}});
    const auto day = receive_type(supervisor, "stats");
    EXPECT_EQ(keys_of(day), (std::set<std::string>{"type", "range", "buckets"}));
    EXPECT_EQ(day.at("range"), "24h");
    const auto& hours = day.at("buckets").as_array();
    ASSERT_EQ(hours.size(), 24u);
    const auto this_hour = stats::hour_of(unix_now());
    EXPECT_LE(this_hour - hours.back().at("start").as_int64(), 3600);
    for (std::size_t i = 1; i < hours.size(); ++i)
        EXPECT_EQ(hours[i].at("start").as_int64() - hours[i - 1].at("start").as_int64(), 3600);
    EXPECT_EQ(totals(hours), (std::array<std::int64_t, 3>{1, 1, 1})) << "exact counts for staff";

    supervisor.send_json({{"type", "stats"}, {"range", "30d"}});
    const auto month = receive_type(supervisor, "stats");
    EXPECT_EQ(month.at("range"), "30d");
    const auto& days = month.at("buckets").as_array();
    ASSERT_EQ(days.size(), 30u);
    const auto zone = hours::time_zone::load("Europe/Stockholm");
    ASSERT_TRUE(zone);
    const auto today = stats::local_day_of(unix_now(), *zone);
    const auto today_start = stats::start_of(today, *zone);
    EXPECT_TRUE(days.back().at("start").as_int64() == today_start ||
                days.back().at("start").as_int64() == stats::start_of(today - std::chrono::days(1), *zone))
        << "local midnight in the centre's zone";
    EXPECT_EQ(totals(days), (std::array<std::int64_t, 3>{1, 1, 1}));

    for (const auto& bad : {json::object{{"type", "stats"}, {"range", "7d"}}, json::object{{"type", "stats"}}}) {
        supervisor.send_json(bad);
        EXPECT_EQ(receive_type(supervisor, "error").at("code"), "bad_message");
    }
    // Not for counsellors.
    counsellor.send_json({{"type", "stats"}, {"range", "24h"}});
    EXPECT_EQ(receive_type(counsellor, "error").at("code"), "unknown_type");
    counsellor.send_json({{"type", "report"}, {"from", "2026-01-01"}, {"to", "2026-01-02"}});
    EXPECT_EQ(receive_type(counsellor, "error").at("code"), "unknown_type");
}

TEST_F(Statistics, TheReportIsSuppressedAndTheSameFromTheAdminCommand)
{
    ws_client counsellor(server->port());
    go_on_duty(counsellor, "anna", password, 1);
    chat_through(counsellor, "sv", {{"outcome", "supported"}, {"topic", "honour"}});
    // More of the same hour, as a busy day would leave them: sv 40, ar 3, other 12 in all.
    const auto hour = stats::hour_of(unix_now());
    {
        store::store db((data() / "tillit.db").string());
        db.add_to_counters({{hour, "chats_ended", "lane=support,language=sv,age_band=unknown,topic=honour,outcome=supported", 39},
                            {hour, "chats_ended", "lane=consultation,language=ar,age_band=26-64,topic=unknown,outcome=referred", 3},
                            {hour, "chats_ended", "lane=support,language=other,age_band=13-17,topic=relationship,outcome=supported", 12}});
    }
    const auto zone = hours::time_zone::load("Europe/Stockholm");
    ASSERT_TRUE(zone);
    const auto today = stats::local_day_of(hour, *zone);
    const auto from = stats::format_date(today);
    const auto to = stats::format_date(today + std::chrono::days(1));

    ws_client supervisor(server->port());
    sign_in(supervisor, "berit");
    supervisor.send_json({{"type", "report"}, {"from", from}, {"to", to}});
    const auto frame = supervisor.receive(10s);
    const auto report = json::parse(frame).as_object();
    ASSERT_EQ(report.at("type"), "report") << frame;
    EXPECT_EQ(text(report.at("filename")), "tillit-report-" + from + "-to-" + from + ".csv");
    const auto csv = text(report.at("csv"));
    EXPECT_TRUE(csv.starts_with("dimension,value,count\r\n")) << csv;
    for (const auto* expected : {"total,chats,60\r\n", "language,sv,40\r\n", "language,ar,<5\r\n", "language,other,hidden\r\n",
                                 "lane,consultation,<5\r\n", "lane,support,hidden\r\n", "report,time_zone,Europe/Stockholm\r\n",
                                 "report,min_count,5\r\n", "day,"})
        EXPECT_NE(csv.find(expected), std::string::npos) << expected << " in\n" << csv;
    EXPECT_EQ(csv.find("total,chats,55"), std::string::npos) << "the total row is rounded";
    EXPECT_EQ(csv.find(",3\r\n"), std::string::npos);
    for (const auto* name : {"anna", "berit"}) EXPECT_EQ(frame.find(name), std::string::npos) << name;

    // The operator's command, as its own process, while the server runs.
    const auto file = dir.path() / "report.csv";
    ASSERT_EQ(run_program({TILLIT_ADMIN_BINARY, "--data-dir", data().string(), "report", "--from", from, "--to", to, "--output",
                           file.string()}),
              0);
    std::ifstream written(file, std::ios::binary);
    std::ostringstream contents;
    contents << written.rdbuf();
    EXPECT_EQ(contents.str(), csv) << "the same file";
    EXPECT_EQ(run_program({TILLIT_ADMIN_BINARY, "--data-dir", data().string(), "report", "--from", to, "--to", from}), 2);

    for (const auto& bad : {json::object{{"type", "report"}, {"from", to}, {"to", from}},
                            json::object{{"type", "report"}, {"from", "yesterday"}, {"to", to}},
                            json::object{{"type", "report"}, {"from", from}}}) {
        supervisor.send_json(bad);
        EXPECT_EQ(receive_type(supervisor, "error").at("code"), "bad_message");
    }
}

} // namespace
} // namespace tillit::test
