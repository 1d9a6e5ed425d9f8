// Unit: a repeated log event is written a few times a minute and then summarised, with time passed
// in; and log::write itself, its lines counted on a redirected standard error.
#include "log/repeat_limiter.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "log/log.hpp"
#include "support/temp_dir.hpp"

namespace tillit::log {
namespace {

using namespace std::chrono_literals;
using clock = repeat_limiter::clock;
constexpr auto at_info = config::log_level::info;
constexpr auto at_warn = config::log_level::warn;

TEST(RepeatLimiter, AnEventPastItsLinesPerMinuteIsCountedAndSummarisedOnceTheMinuteIsOver)
{
    repeat_limiter limiter(3, 1min);
    const auto t0 = clock::time_point() + 1h;
    int written = 0;
    for (int i = 0; i < 500; ++i) written += limiter.admit("websocket_refused", i == 7 ? at_warn : at_info, t0 + i * 100ms) ? 1 : 0;
    EXPECT_EQ(written, 3);
    EXPECT_TRUE(limiter.ended(t0 + 59s).empty()) << "the minute is not over yet";

    const auto summaries = limiter.ended(t0 + 60s);
    ASSERT_EQ(summaries.size(), 1u);
    EXPECT_EQ(summaries[0].event, "websocket_refused");
    EXPECT_EQ(summaries[0].suppressed, 497u);
    EXPECT_EQ(summaries[0].level, at_warn) << "the highest level among the lines left out";
    EXPECT_TRUE(limiter.ended(t0 + 61s).empty()) << "each summary once";

    // A new minute: three lines again.
    written = 0;
    for (int i = 0; i < 10; ++i) written += limiter.admit("websocket_refused", at_info, t0 + 61s + i * 1ms) ? 1 : 0;
    EXPECT_EQ(written, 3);
}

TEST(RepeatLimiter, EventsAreCountedApartAndAQuietEventIsNeverSummarised)
{
    repeat_limiter limiter(2, 1min);
    const auto t0 = clock::time_point() + 1h;
    for (int i = 0; i < 5; ++i) limiter.admit("flood", at_info, t0);
    EXPECT_TRUE(limiter.admit("chat_started", at_info, t0)) << "another event has its own lines";
    EXPECT_TRUE(limiter.admit("chat_started", at_info, t0 + 1s));
    // Two a minute, every minute: always written, never summarised.
    for (int minute = 1; minute < 5; ++minute) {
        EXPECT_TRUE(limiter.admit("chat_started", at_info, t0 + minute * 1min + 1s));
        EXPECT_TRUE(limiter.admit("chat_started", at_info, t0 + minute * 1min + 2s));
    }
    const auto summaries = limiter.ended(t0 + 10min);
    ASSERT_EQ(summaries.size(), 1u);
    EXPECT_EQ(summaries[0].event, "flood");
    EXPECT_EQ(summaries[0].suppressed, 3u);
}

TEST(RepeatLimiter, FlushGivesWhatIsOwedBeforeTheMinuteIsOver)
{
    repeat_limiter limiter(1, 1min);
    const auto t0 = clock::time_point() + 1h;
    limiter.admit("a", at_info, t0);
    limiter.admit("a", at_info, t0 + 1s);
    limiter.admit("b", at_info, t0 + 2s);
    const auto owed = limiter.flush();
    ASSERT_EQ(owed.size(), 1u);
    EXPECT_EQ(owed[0].event, "a");
    EXPECT_EQ(owed[0].suppressed, 1u);
    EXPECT_TRUE(limiter.flush().empty());
}

// Standard error goes to a file while it lives.
class captured_stderr {
public:
    explicit captured_stderr(const std::filesystem::path& file) : path_(file)
    {
        saved_ = ::dup(STDERR_FILENO);
        const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, STDERR_FILENO);
        ::close(fd);
    }
    ~captured_stderr() { restore(); }
    std::string restore()
    {
        if (saved_ >= 0) {
            ::dup2(saved_, STDERR_FILENO);
            ::close(saved_);
            saved_ = -1;
        }
        std::ifstream in(path_);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }

private:
    std::filesystem::path path_;
    int saved_ = -1;
};

std::size_t count(const std::string& text, const std::string& needle)
{
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

TEST(Log, AFloodOfOneEventFromManyThreadsIsAFewLinesAndOneSummary)
{
    test::temp_dir dir;
    set_lines_per_event(5);
    captured_stderr captured(dir.path() / "stderr.log");
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([] {
            for (int i = 0; i < 250; ++i) info("repeat_test_flood", {{"n", i}});
        });
    for (auto& t : threads) t.join();
    info("repeat_test_other");
    flush_repeats();
    const auto text = captured.restore();
    set_lines_per_event(20);

    EXPECT_EQ(count(text, "\"event\":\"repeat_test_flood\",\"n\""), 5u) << text;
    EXPECT_EQ(count(text, "{\"time\""), 7u) << "5 lines, the other event, one summary:\n" << text;
    EXPECT_NE(text.find("\"event\":\"repeat_test_flood\",\"suppressed\":995,\"window_seconds\":60}"), std::string::npos) << text;
    EXPECT_NE(text.find("\"event\":\"repeat_test_other\""), std::string::npos);
}

} // namespace
} // namespace tillit::log
