// Unit: /metrics' text (metrics/exposition.hpp) checked line by line by the strict reader of the
// exposition format in tests/support/prometheus_text, and the reader itself refusing what
// Prometheus would refuse.
#include "metrics/exposition.hpp"

#include <gtest/gtest.h>

#include "support/prometheus_text.hpp"

namespace tillit::metrics {
namespace {

using namespace std::chrono_literals;

TEST(Exposition, EveryMetricIsWellFormed)
{
    server_metrics m;
    m.frame_relayed();
    m.frame_relayed();
    m.error_sent(protocol::errc::bad_json);
    m.waited(wait_lane::support, 20s);
    m.waited(wait_lane::support, 90s);
    m.waited(wait_lane::support, 3h);
    exposition_input in;
    in.languages = {"ar", "sv", "other"};
    in.waiting[{wait_lane::support, "sv"}] = 2;
    in.waiting[{wait_lane::consultation, "other"}] = 1;
    in.counsellors = {3, 1, 1, 1};
    in.open_connections = 7;
    in.counters = m.read();

    const auto text = exposition_text(in);
    const auto doc = test::parse_prometheus_text(text);
    EXPECT_EQ(doc.order, (std::vector<std::string>{"tillit_queue_waiting", "tillit_wait_seconds", "tillit_counsellors",
                                                   "tillit_open_connections", "tillit_frames_relayed_total",
                                                   "tillit_errors_sent_total"}));
    EXPECT_EQ(doc.families.at("tillit_queue_waiting").type, "gauge");
    EXPECT_EQ(doc.families.at("tillit_queue_waiting").samples.size(), 6u) << "two lanes × three languages, zeros too";
    EXPECT_EQ(test::prom_value(doc, "tillit_queue_waiting", {{"lane", "support"}, {"language", "sv"}}), 2);
    EXPECT_EQ(test::prom_value(doc, "tillit_queue_waiting", {{"lane", "consultation"}, {"language", "other"}}), 1);
    EXPECT_EQ(test::prom_value(doc, "tillit_queue_waiting", {{"lane", "support"}, {"language", "ar"}}), 0);

    EXPECT_EQ(doc.families.at("tillit_wait_seconds").type, "histogram");
    EXPECT_EQ(test::prom_value(doc, "tillit_wait_seconds_bucket", {{"lane", "support"}, {"le", "30"}}), 1);
    EXPECT_EQ(test::prom_value(doc, "tillit_wait_seconds_bucket", {{"lane", "support"}, {"le", "120"}}), 2);
    EXPECT_EQ(test::prom_value(doc, "tillit_wait_seconds_bucket", {{"lane", "support"}, {"le", "3600"}}), 2);
    EXPECT_EQ(test::prom_value(doc, "tillit_wait_seconds_bucket", {{"lane", "support"}, {"le", "+Inf"}}), 3);
    EXPECT_EQ(test::prom_value(doc, "tillit_wait_seconds_count", {{"lane", "support"}}), 3);
    EXPECT_DOUBLE_EQ(test::prom_value(doc, "tillit_wait_seconds_sum", {{"lane", "support"}}), 20 + 90 + 3 * 3600);
    EXPECT_EQ(test::prom_value(doc, "tillit_wait_seconds_count", {{"lane", "consultation"}}), 0);

    EXPECT_EQ(test::prom_value(doc, "tillit_counsellors", {{"state", "on_duty"}}), 3);
    EXPECT_EQ(test::prom_value(doc, "tillit_counsellors", {{"state", "away"}}), 1);
    EXPECT_EQ(test::prom_value(doc, "tillit_open_connections"), 7);
    EXPECT_EQ(doc.families.at("tillit_frames_relayed_total").type, "counter");
    EXPECT_EQ(test::prom_value(doc, "tillit_frames_relayed_total"), 2);
    EXPECT_EQ(test::prom_value(doc, "tillit_errors_sent_total", {{"code", "bad_json"}}), 1);
    EXPECT_EQ(doc.families.at("tillit_errors_sent_total").samples.size(), error_codes.size());
}

TEST(Exposition, LabelValuesAreEscaped)
{
    EXPECT_EQ(escape_label_value(R"(a"b\c)"), R"(a\"b\\c)");
    EXPECT_EQ(escape_label_value("two\nlines"), R"(two\nlines)");
}

TEST(Exposition, TheReaderRefusesWhatPrometheusWould)
{
    const auto refuses = [](std::string_view text) {
        try {
            test::parse_prometheus_text(text);
        } catch (const std::runtime_error&) {
            return true;
        }
        return false;
    };
    EXPECT_FALSE(refuses("# HELP a_total A.\n# TYPE a_total counter\na_total 1\n"));
    EXPECT_TRUE(refuses("# TYPE a_total counter\na_total 1")) << "no final line feed";
    EXPECT_TRUE(refuses("a_total 1\n# TYPE a_total counter\n")) << "TYPE after the sample";
    EXPECT_TRUE(refuses("# TYPE 1a gauge\n1a 1\n")) << "bad metric name";
    EXPECT_TRUE(refuses("# TYPE a gauge\na{1x=\"y\"} 1\n")) << "bad label name";
    EXPECT_TRUE(refuses("# TYPE a gauge\na{x=y} 1\n")) << "unquoted label value";
    EXPECT_TRUE(refuses("# TYPE a gauge\na{x=\"\\t\"} 1\n")) << "bad escape";
    EXPECT_TRUE(refuses("# TYPE a gauge\na one\n")) << "bad value";
    EXPECT_TRUE(refuses("# TYPE a gauge\na  1\n")) << "two spaces";
    EXPECT_TRUE(refuses("# TYPE a gauge\na{x=\"1\"} 1\na{x=\"1\"} 2\n")) << "repeated series";
    EXPECT_TRUE(refuses("# TYPE a gauge\n# TYPE b gauge\nb 1\na 1\n")) << "a family in two pieces";
    EXPECT_TRUE(refuses("# TYPE a gauge\n# a comment\na 1\n"));
    EXPECT_TRUE(refuses("# TYPE a gauge\r\na 1\r\n"));
    const std::string histogram_head = "# TYPE h histogram\n";
    EXPECT_FALSE(refuses(histogram_head + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n"));
    EXPECT_TRUE(refuses(histogram_head + "h_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n")) << "not cumulative";
    EXPECT_TRUE(refuses(histogram_head + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"2\"} 2\nh_sum 3\nh_count 2\n")) << "no +Inf";
    EXPECT_TRUE(refuses(histogram_head + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 5\n")) << "count";
    EXPECT_TRUE(refuses(histogram_head + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n")) << "no _sum";
    EXPECT_TRUE(refuses("# TYPE c counter\nc -1\n")) << "negative counter";
}

} // namespace
} // namespace tillit::metrics
