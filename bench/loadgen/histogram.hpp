// A log-linear histogram of nanosecond values (32 steps per power of two, about 3 % apart):
// recording is an index computation and an increment, and histograms of several workers add up.
#pragma once

#include <array>
#include <cstdint>

#include <boost/json/value.hpp>

namespace tillit::bench {

class histogram {
public:
    static constexpr unsigned sub_bits = 5;                 // 32 steps per power of two
    static constexpr unsigned bucket_count = (64 - sub_bits + 1) << sub_bits;

    void record(std::uint64_t value_ns);
    void add(const histogram& other);

    [[nodiscard]] std::uint64_t count() const { return count_; }
    [[nodiscard]] std::uint64_t max() const { return max_; }
    // The value below which `fraction` (0 to 1) of the recorded values lie (a bucket's upper edge).
    [[nodiscard]] std::uint64_t percentile(double fraction) const;

    // Only the buckets in use, as [[index, count], ...], plus count and max.
    [[nodiscard]] boost::json::value to_json() const;
    static histogram from_json(const boost::json::value& json);
    // {"p50":…,"p99":…,"p999":…,"max":…,"count":…} in microseconds.
    [[nodiscard]] boost::json::value summary_us() const;

private:
    std::array<std::uint64_t, bucket_count> buckets_{};
    std::uint64_t count_ = 0;
    std::uint64_t max_ = 0;
};

} // namespace tillit::bench
