// exposition: /metrics in the Prometheus text exposition format, version 0.0.4 (# HELP, # TYPE,
// then the samples of each metric; histograms as cumulative _bucket{le=…} series ending with
// le="+Inf", then _sum and _count). See docs/statistics.md ("/metrics") for the list.
// Pure: any thread.
#pragma once

#include <cstddef>
#include <map>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "metrics/server_metrics.hpp"

namespace tillit::metrics {

// A lane's label value ("support", "consultation").
[[nodiscard]] std::string_view lane_label(wait_lane l) noexcept;

inline constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

struct exposition_input {
    // Queue gauge series: every lane × each of these languages (already bounded: served
    // languages and "other"), plus any other key of `waiting`.
    std::vector<std::string> languages;
    std::map<std::pair<wait_lane, std::string>, std::size_t> waiting;  // by lane and bounded language
    struct staffing {
        std::size_t on_duty = 0;  // busy + free + away
        std::size_t busy = 0;
        std::size_t free = 0;
        std::size_t away = 0;
    } counsellors;
    std::size_t open_connections = 0;
    server_metrics::values counters;
};

[[nodiscard]] std::string exposition_text(const exposition_input& in);

// A label value escaped as the format asks (backslash, double quote, line feed).
[[nodiscard]] std::string escape_label_value(std::string_view value);

} // namespace tillit::metrics
