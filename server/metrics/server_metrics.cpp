// server_metrics: error codes recognised in outgoing frames, and the relaxed counters.
#include "metrics/server_metrics.hpp"

namespace tillit::metrics {

namespace {
constexpr std::string_view error_opening = R"({"type":"error","code":")";
constexpr auto other_index = static_cast<int>(error_codes.size() - 1);
} // namespace

int error_code_index(std::string_view frame) noexcept
{
    if (!frame.starts_with(error_opening)) return -1;
    frame.remove_prefix(error_opening.size());
    const auto code = frame.substr(0, frame.find('"'));
    for (std::size_t i = 0; i + 1 < error_codes.size(); ++i)
        if (error_codes[i] == code) return static_cast<int>(i);
    return other_index;
}

void server_metrics::frame_sent(std::string_view frame) noexcept
{
    if (const auto index = error_code_index(frame); index >= 0)
        errors_[static_cast<std::size_t>(index)].fetch_add(1, std::memory_order_relaxed);
}

void server_metrics::waited(chat::lane l, std::chrono::nanoseconds waited) noexcept
{
    auto& w = waits_[l == chat::lane::support ? 0 : 1];
    w.buckets[stats::bucket_index(stats::wait_bounds_seconds, waited)].fetch_add(1, std::memory_order_relaxed);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(waited).count();
    w.sum_milliseconds.fetch_add(static_cast<std::uint64_t>(ms > 0 ? ms : 0), std::memory_order_relaxed);
}

server_metrics::values server_metrics::read() const noexcept
{
    values v;
    v.frames_relayed = frames_relayed_.load(std::memory_order_relaxed);
    for (std::size_t i = 0; i < errors_.size(); ++i) v.errors[i] = errors_[i].load(std::memory_order_relaxed);
    for (std::size_t l = 0; l < lane_count; ++l) {
        auto& out = v.waits[l];
        for (std::size_t b = 0; b < wait_bucket_count; ++b) {
            out.buckets[b] = waits_[l].buckets[b].load(std::memory_order_relaxed);
            out.count += out.buckets[b];
        }
        out.sum_seconds = static_cast<double>(waits_[l].sum_milliseconds.load(std::memory_order_relaxed)) / 1000.0;
    }
    return v;
}

} // namespace tillit::metrics
