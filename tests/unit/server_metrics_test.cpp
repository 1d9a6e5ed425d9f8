// Unit: the in-memory counters behind /metrics (metrics/server_metrics.hpp): error codes read off
// outgoing frames, the wait histogram, and counting from many threads at once (tsan preset).
#include "metrics/server_metrics.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "app/json_fields.hpp"

namespace tillit::metrics {
namespace {

using namespace std::chrono_literals;

std::size_t index_of(std::string_view code)
{
    for (std::size_t i = 0; i < error_codes.size(); ++i)
        if (error_codes[i] == code) return i;
    throw std::runtime_error("no such code");
}

TEST(ServerMetrics, ErrorsAreRecognisedByTheirCode)
{
    EXPECT_EQ(error_code_index(app::error_text("bad_json", "x")), static_cast<int>(index_of("bad_json")));
    EXPECT_EQ(error_code_index(R"({"type":"error","code":"rate_limited","message":"Too many messages: slow down."})"),
              static_cast<int>(index_of("rate_limited")));
    EXPECT_EQ(error_code_index(app::error_text("out_of_order", "x", {{"chat", "abc"}, {"seq", 3}})),
              static_cast<int>(index_of("out_of_order")));
    EXPECT_EQ(error_code_index(app::error_text("something_new", "x")), static_cast<int>(index_of("other")));
    EXPECT_EQ(error_code_index(R"({"type":"msg","chat":"a","seq":1,"payload":"error"})"), -1);
    EXPECT_EQ(error_code_index(R"({"type":"queue","position":1})"), -1);
    EXPECT_EQ(error_code_index(""), -1);
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
                m.frame_sent(app::error_text("bad_message", "x"));
                m.frame_sent(R"({"type":"accepted","chat":"a","seq":1})");
                m.waited(t % 2 == 0 ? chat::lane::support : chat::lane::consultation, i % 2 == 0 ? 10s : 2h);
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
