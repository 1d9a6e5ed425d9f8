// buckets: bucketing, bucket labels and the quantile estimate.
#include "stats/buckets.hpp"

namespace tillit::stats {

namespace {

std::string duration_text(std::int64_t seconds)
{
    if (seconds % 60 != 0) return std::to_string(seconds) + "s";
    return std::to_string(seconds / 60) + "m";
}

} // namespace

std::size_t bucket_index(std::span<const std::int64_t> bounds, std::chrono::nanoseconds d)
{
    for (std::size_t i = 0; i < bounds.size(); ++i)
        if (d <= std::chrono::seconds(bounds[i])) return i;
    return bounds.size();
}

std::string bucket_label(std::span<const std::int64_t> bounds, std::size_t index)
{
    return index < bounds.size() ? std::to_string(bounds[index]) : std::string("inf");
}

std::optional<std::size_t> parse_bucket_label(std::span<const std::int64_t> bounds, std::string_view label)
{
    for (std::size_t i = 0; i <= bounds.size(); ++i)
        if (bucket_label(bounds, i) == label) return i;
    return std::nullopt;
}

std::string bucket_range_text(std::span<const std::int64_t> bounds, std::size_t index)
{
    if (bounds.empty()) return "all";
    if (index >= bounds.size()) return duration_text(bounds.back()) + "+";
    if (index == 0) return "0-" + duration_text(bounds[0]);
    return duration_text(bounds[index - 1]) + "-" + duration_text(bounds[index]);
}

std::optional<double> estimate_quantile(std::span<const std::int64_t> bounds, std::span<const std::int64_t> counts, double q)
{
    if (counts.size() != bounds.size() + 1 || bounds.empty()) return std::nullopt;
    std::int64_t total = 0;
    for (const auto c : counts) total += c;
    if (total <= 0) return std::nullopt;
    const double rank = q * static_cast<double>(total);
    std::int64_t below = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] <= 0 || static_cast<double>(below + counts[i]) < rank) {
            below += counts[i];
            continue;
        }
        if (i == bounds.size()) return static_cast<double>(bounds.back());
        const double start = i == 0 ? 0.0 : static_cast<double>(bounds[i - 1]);
        const double end = static_cast<double>(bounds[i]);
        return start + (end - start) * (rank - static_cast<double>(below)) / static_cast<double>(counts[i]);
    }
    return static_cast<double>(bounds.back());
}

} // namespace tillit::stats
