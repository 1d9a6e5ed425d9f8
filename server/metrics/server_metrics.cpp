// server_metrics: the relaxed counters and their reading.
#include "metrics/server_metrics.hpp"

namespace tillit::metrics {

void server_metrics::waited(wait_lane l, std::chrono::nanoseconds waited) noexcept
{
    auto& w = waits_[static_cast<std::size_t>(l)];
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
