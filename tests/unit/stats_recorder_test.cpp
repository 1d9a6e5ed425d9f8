// Unit: the server's statistics recorder (app/stats_recorder.hpp) on a real store thread: counts
// from many threads at once add up (run under the tsan preset too), each in the hour it was
// counted, languages no counsellor serves become "other", and stopping writes what is pending.
#include "app/stats_recorder.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "stats/counter_keys.hpp"
#include "support/temp_dir.hpp"

namespace tillit::app {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr store::unix_seconds start = 1'800'000'000;  // 15 Jan 2027 08:00 UTC, on the hour
static_assert(start % 3600 == 0);

void create_account(store::store_service& db, const std::string& name, store::role role, std::vector<std::string> languages,
                    bool disabled = false)
{
    db.call([&](store::store& s) {
        store::new_account a;
        a.pseudonym = name;
        a.role = role;
        a.languages = std::move(languages);
        a.lanes = {"support"};
        a.login_salt = std::vector<unsigned char>(16, 1);
        a.login_hash = "not a real hash";
        (void)s.create_account(a, start);
        if (disabled) s.set_disabled(name, true);
    });
}

std::int64_t counter(store::store_service& db, store::unix_seconds hour, std::string_view name, std::string labels)
{
    return db.call([&](store::store& s) { return s.counter(hour, name, labels); });
}

class StatsRecorder : public ::testing::Test {
protected:
    // Runs until everything counted before it is in the database.
    void wait_flushed(stats_recorder& recorder)
    {
        auto done = asio::co_spawn(
            ioc,
            [&recorder]() -> asio::awaitable<void> {
                auto writing = recorder.flushed();
                co_await std::move(writing);
            },
            asio::use_future);
        ioc.restart();
        ioc.run();
        done.get();
    }

    test::temp_dir dir;
    // Declared before the store so that it outlives the store's thread, which posts to it.
    asio::io_context ioc;
    store::store_service db{(dir.path() / "tillit.db").string()};
    std::atomic<store::unix_seconds> clock{start + 125};
};

TEST_F(StatsRecorder, CountsFromManyThreadsAddUpHourByHour)
{
    stats_recorder recorder(db, [this] { return clock.load(); });
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&recorder, t] {
            for (int i = 0; i < 250; ++i) {
                recorder.closed_visit("support", "no_counsellor");
                recorder.paired(t % 2 == 0 ? "support" : "consultation", std::chrono::seconds(i % 2 == 0 ? 10 : 100));
                recorder.chat_closed("support", 7min);
            }
        });
    threads.clear();  // joins
    wait_flushed(recorder);
    EXPECT_EQ(counter(db, start, stats::closed_visits, "lane=support,reason=no_counsellor"), 1000);
    EXPECT_EQ(counter(db, start, stats::wait_seconds, "lane=support,bucket=30"), 250);
    EXPECT_EQ(counter(db, start, stats::wait_seconds, "lane=support,bucket=120"), 250);
    EXPECT_EQ(counter(db, start, stats::wait_seconds, "lane=consultation,bucket=30"), 250);
    EXPECT_EQ(counter(db, start, stats::chat_length_seconds, "lane=support,bucket=600"), 1000);

    // The next hour gets rows of its own; nothing finer than the hour is kept.
    clock = start + 3600 + 59;
    recorder.closed_visit("consultation", "outside_hours");
    wait_flushed(recorder);
    EXPECT_EQ(counter(db, start + 3600, stats::closed_visits, "lane=consultation,reason=outside_hours"), 1);
    const auto rows = db.call([](store::store& s) { return s.counter_rows(0, start + 7200); });
    for (const auto& row : rows) EXPECT_EQ(row.hour % 3600, 0) << row.name;
    EXPECT_EQ(rows.size(), 7u) << "one row per hour, name and label set";
}

TEST_F(StatsRecorder, ALanguageNoEnabledCounsellorServesIsCountedAsOther)
{
    create_account(db, "anna", store::role::counsellor, {"sv", "ar"});
    create_account(db, "berit", store::role::supervisor, {"fi"});          // supervisors serve nobody
    create_account(db, "cecilia", store::role::counsellor, {"so"}, true);  // disabled
    stats_recorder recorder(db, [this] { return clock.load(); });
    EXPECT_EQ(recorder.served_languages(), (std::vector<std::string>{"ar", "sv"}));
    EXPECT_EQ(recorder.bounded_language("sv"), "sv");
    EXPECT_EQ(recorder.bounded_language("so"), "other");

    recorder.abandoned("support", "sv");
    recorder.abandoned("support", "fi");
    recorder.abandoned("support", "xyz");
    recorder.chat_tagged("support", "so", "unknown", "honour", "supported");
    wait_flushed(recorder);
    EXPECT_EQ(counter(db, start, stats::abandoned, "lane=support,language=sv"), 1);
    EXPECT_EQ(counter(db, start, stats::abandoned, "lane=support,language=other"), 2);
    EXPECT_EQ(counter(db, start, stats::chats_ended, "lane=support,language=other,age_band=unknown,topic=honour,outcome=supported"), 1);

    // A new counsellor's language counts from the next refresh on.
    create_account(db, "dana", store::role::counsellor, {"fi"});
    db.call([&recorder](store::store& s) { recorder.refresh_languages(s); });
    recorder.abandoned("support", "fi");
    wait_flushed(recorder);
    EXPECT_EQ(counter(db, start, stats::abandoned, "lane=support,language=fi"), 1);
}

TEST_F(StatsRecorder, MailboxLettersRepliesAndAnswersByLane)
{
    stats_recorder recorder(db, [this] { return clock.load(); });
    recorder.letter_received("support");
    recorder.letter_received("support");
    recorder.letter_received("consultation");
    recorder.letter_replied("support");
    recorder.thread_answered("support", true);
    recorder.thread_answered("support", false);
    recorder.thread_answered("support", true);
    wait_flushed(recorder);
    EXPECT_EQ(counter(db, start, stats::letters_received, "lane=support"), 2);
    EXPECT_EQ(counter(db, start, stats::letters_received, "lane=consultation"), 1);
    EXPECT_EQ(counter(db, start, stats::letters_replied, "lane=support"), 1);
    EXPECT_EQ(counter(db, start, stats::threads_answered, "lane=support,in_time=yes"), 2);
    EXPECT_EQ(counter(db, start, stats::threads_answered, "lane=support,in_time=no"), 1);
}

TEST_F(StatsRecorder, StoppingWritesWhatIsPendingAndDropsLaterCounts)
{
    stats_recorder recorder(db, [this] { return clock.load(); });
    for (int i = 0; i < 5; ++i) recorder.closed_visit("support", "outside_hours");
    recorder.stop();
    recorder.closed_visit("support", "outside_hours");
    EXPECT_EQ(counter(db, start, stats::closed_visits, "lane=support,reason=outside_hours"), 5);
}

} // namespace
} // namespace tillit::app
