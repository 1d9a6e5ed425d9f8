// buckets: the fixed histogram buckets of wait time (join → paired) and chat length (paired →
// end), shared by the hourly counters, the report, the supervisors' stats and /metrics, and the
// percentile estimate made from bucket counts (docs/statistics.md, "Histograms").
// Pure functions of their arguments: any thread.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tillit::stats {

// Upper bounds in seconds, inclusive; one more bucket (+Inf) holds everything above the last.
inline constexpr std::array<std::int64_t, 8> wait_bounds_seconds{30, 60, 120, 300, 600, 1200, 1800, 3600};
inline constexpr std::array<std::int64_t, 6> length_bounds_seconds{120, 300, 600, 1200, 1800, 3600};

// The bucket of `d`: the first i with d <= bounds[i], or bounds.size() (+Inf). A negative d
// counts as 0.
[[nodiscard]] std::size_t bucket_index(std::span<const std::int64_t> bounds, std::chrono::nanoseconds d);

// The bucket's label value in the counters: its bound in seconds ("30") or "inf".
[[nodiscard]] std::string bucket_label(std::span<const std::int64_t> bounds, std::size_t index);
// The inverse of bucket_label; nullopt for anything else.
[[nodiscard]] std::optional<std::size_t> parse_bucket_label(std::span<const std::int64_t> bounds, std::string_view label);

// The bucket's range for people, as the report shows it: "0-30s", "30s-1m", …, "60m+".
[[nodiscard]] std::string bucket_range_text(std::span<const std::int64_t> bounds, std::size_t index);

// Estimates quantile q (0 < q < 1) from per-bucket counts (not cumulative; bounds.size() + 1 of
// them) the way Prometheus' histogram_quantile does: the bucket where the cumulative count
// reaches q × total, linearly within it (the first bucket starting at 0). A quantile that falls
// in the +Inf bucket is given as the last finite bound. nullopt when every count is zero or the
// sizes do not match.
[[nodiscard]] std::optional<double> estimate_quantile(std::span<const std::int64_t> bounds,
                                                      std::span<const std::int64_t> counts, double q);

} // namespace tillit::stats
