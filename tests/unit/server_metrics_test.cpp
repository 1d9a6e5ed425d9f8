// Unit: the in-memory counters behind /metrics (metrics/server_metrics.hpp): errors counted by
// their protocol code, the wait histogram, and counting from many threads at once (tsan preset).
#include "metrics/server_metrics.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "protocol/events.hpp"

namespace tillit::metrics {
namespace {

using namespace std::chrono_literals;

std::size_t index_of(std::string_view code)
{
    for (std::size_t i = 0; i < error_codes.size(); ++i)
        if (error_codes[i] == code) return i;
    throw std::runtime_error("no such code");
}

TEST(ServerMetrics, ErrorsAreCountedByTheirCode)
{
    server_metrics m;
    m.error_sent(protocol::errc::bad_json);
    m.error_sent(protocol::errc::out_of_order);
    m.error_sent(protocol::errc::out_of_order);
    const auto v = m.read();
    EXPECT_EQ(v.errors[index_of("bad_json")], 1u);
    EXPECT_EQ(v.errors[index_of("out_of_order")], 2u);
    EXPECT_EQ(v.errors[index_of("rate_limited")], 0u);
    EXPECT_EQ(v.errors[index_of("other")], 0u);
}

// The label of each code is the code the client reads in the frame.
TEST(ServerMetrics, TheLabelIsTheCodeOnTheWire)
{
    for (std::size_t i = 0; i < protocol::errc_count; ++i) {
        const auto code = static_cast<protocol::errc>(i + 1);
        const auto frame = protocol::frame(protocol::error_reply{code});
        EXPECT_TRUE(frame.starts_with(R"({"type":"error","code":")" + std::string(error_codes[i]) + "\"")) << frame;
    }
}

// The label values are the codes of docs/protocol.md's table of errors, all of them and no more.
TEST(ServerMetrics, TheErrorCodesAreThoseOfTheProtocol)
{
    std::ifstream file(std::string(TILLIT_VECTORS_DIR) + "/../../docs/protocol.md");
    ASSERT_TRUE(file) << "docs/protocol.md";
    std::ostringstream text;
    text << file.rdbuf();
    const auto doc = text.str();
    const auto start = doc.find("\n## Errors");
    const auto end = doc.find("\n## ", start + 1);
    ASSERT_NE(start, std::string::npos);
    std::set<std::string> documented;
    const std::regex row(R"(\n\| `([a-z_]+)` \|)");
    const auto section = doc.substr(start, end - start);
    for (std::sregex_iterator it(section.begin(), section.end(), row), last; it != last; ++it) documented.insert((*it)[1].str());
    std::set<std::string> counted(error_codes.begin(), error_codes.end() - 1);
    EXPECT_EQ(counted, documented);
    EXPECT_EQ(error_codes.back(), "other");
}

TEST(ServerMetrics, CountsFromManyThreadsAddUp)
{
    server_metrics m;
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&m, t] {
            for (int i = 0; i < 1000; ++i) {
                m.frame_relayed();
                m.error_sent(protocol::errc::bad_message);
                m.waited(t % 2 == 0 ? wait_lane::support : wait_lane::consultation, i % 2 == 0 ? 10s : 2h);
            }
        });
    threads.clear();
    const auto v = m.read();
    EXPECT_EQ(v.frames_relayed, 4000u);
    EXPECT_EQ(v.errors[index_of("bad_message")], 4000u);
    EXPECT_EQ(v.errors[index_of("bad_json")], 0u);
    for (const auto& lane : v.waits) {
        EXPECT_EQ(lane.count, 2000u);
        EXPECT_EQ(lane.buckets.front(), 1000u);
        EXPECT_EQ(lane.buckets.back(), 1000u) << "+Inf";
        EXPECT_DOUBLE_EQ(lane.sum_seconds, 1000 * 10.0 + 1000 * 7200.0);
    }
}

} // namespace
} // namespace tillit::metrics
