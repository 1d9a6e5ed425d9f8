// exposition: writing the text format.
#include "metrics/exposition.hpp"

#include <cstdio>
#include <set>

namespace tillit::metrics {

namespace {

constexpr std::array<wait_lane, lane_count> all_lanes{wait_lane::support, wait_lane::consultation};

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help)
{
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, std::string_view name, std::initializer_list<std::pair<std::string_view, std::string_view>> labels,
            std::string_view value)
{
    out.append(name);
    if (labels.size() > 0) {
        out += '{';
        bool first = true;
        for (const auto& [key, text] : labels) {
            if (!first) out += ',';
            first = false;
            out.append(key).append("=\"").append(escape_label_value(text)).append("\"");
        }
        out += '}';
    }
    out.append(" ").append(value).append("\n");
}

std::string number(std::uint64_t v) { return std::to_string(v); }

std::string decimal(double v)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.3f", v);
    return text;
}

} // namespace

std::string_view lane_label(wait_lane l) noexcept
{
    return l == wait_lane::support ? "support" : "consultation";
}

std::string escape_label_value(std::string_view value)
{
    std::string out;
    for (const char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string exposition_text(const exposition_input& in)
{
    std::string out;

    header(out, "tillit_queue_waiting", "gauge", "Help-seekers waiting in the queue now, by lane and language.");
    std::set<std::pair<wait_lane, std::string>> series;
    for (const auto l : all_lanes)
        for (const auto& language : in.languages) series.emplace(l, language);
    for (const auto& [key, count] : in.waiting) series.insert(key);
    for (const auto l : all_lanes)
        for (const auto& [lane, language] : series) {
            if (lane != l) continue;
            const auto found = in.waiting.find({lane, language});
            sample(out, "tillit_queue_waiting", {{"lane", lane_label(lane)}, {"language", language}},
                   number(found == in.waiting.end() ? 0 : found->second));
        }

    header(out, "tillit_wait_seconds", "histogram", "Time from joining the queue to being paired, since the server started.");
    for (std::size_t l = 0; l < all_lanes.size(); ++l) {
        const auto lane = lane_label(all_lanes[l]);
        const auto& w = in.counters.waits[l];
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b < w.buckets.size(); ++b) {
            cumulative += w.buckets[b];
            const auto le = b < stats::wait_bounds_seconds.size() ? std::to_string(stats::wait_bounds_seconds[b]) : std::string("+Inf");
            sample(out, "tillit_wait_seconds_bucket", {{"lane", lane}, {"le", le}}, number(cumulative));
        }
        sample(out, "tillit_wait_seconds_sum", {{"lane", lane}}, decimal(w.sum_seconds));
        sample(out, "tillit_wait_seconds_count", {{"lane", lane}}, number(cumulative));
    }

    header(out, "tillit_counsellors", "gauge", "Counsellors by state: on_duty = busy + free + away.");
    sample(out, "tillit_counsellors", {{"state", "on_duty"}}, number(in.counsellors.on_duty));
    sample(out, "tillit_counsellors", {{"state", "busy"}}, number(in.counsellors.busy));
    sample(out, "tillit_counsellors", {{"state", "free"}}, number(in.counsellors.free));
    sample(out, "tillit_counsellors", {{"state", "away"}}, number(in.counsellors.away));

    header(out, "tillit_open_connections", "gauge", "Open TCP connections (HTTP and WebSocket).");
    sample(out, "tillit_open_connections", {}, number(in.open_connections));

    header(out, "tillit_frames_relayed_total", "counter", "Chat frames accepted and passed on to the other side, since the server started.");
    sample(out, "tillit_frames_relayed_total", {}, number(in.counters.frames_relayed));

    header(out, "tillit_errors_sent_total", "counter", "Error messages sent to clients, by code, since the server started.");
    for (std::size_t i = 0; i < error_codes.size(); ++i)
        sample(out, "tillit_errors_sent_total", {{"code", error_codes[i]}}, number(in.counters.errors[i]));
    return out;
}

} // namespace tillit::metrics
