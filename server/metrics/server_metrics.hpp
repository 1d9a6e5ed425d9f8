// server_metrics: the in-memory counters behind /metrics that busy paths bump: chat frames
// relayed, error messages sent by code (protocol::errc), and the wait-time histogram since the server started.
// Relaxed atomics only (no lock, no allocation): every member may be called from any thread at
// any time. Nothing here counts a person: lanes and error codes are the only labels.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "protocol/error.hpp"
#include "stats/buckets.hpp"

namespace tillit::metrics {

// The label values of tillit_errors_sent_total: every code of protocol::errc (docs/protocol.md,
// "Errors") in its order, then "other", which stays at zero now that every error the server
// sends is one of the enum's; it is kept so that the series scrapers know stay the same.
inline constexpr std::array<std::string_view, protocol::errc_count + 1> error_codes = [] {
    std::array<std::string_view, protocol::errc_count + 1> codes{};
    for (std::size_t i = 0; i < protocol::errc_count; ++i) codes[i] = protocol::code_texts[i];
    codes.back() = "other";
    return codes;
}();

// The lanes of the wait histogram, in the order of values::waits.
enum class wait_lane : std::size_t { support, consultation };

inline constexpr std::size_t lane_count = 2;
inline constexpr std::size_t wait_bucket_count = stats::wait_bounds_seconds.size() + 1;

class server_metrics {
public:
    // A chat frame accepted for the other side.
    void frame_relayed() noexcept { frames_relayed_.fetch_add(1, std::memory_order_relaxed); }
    // An error message with `code` went out.
    void error_sent(protocol::errc code) noexcept
    {
        errors_[protocol::code_index(code)].fetch_add(1, std::memory_order_relaxed);
    }
    // A pairing after `waited` in lane `l`.
    void waited(wait_lane l, std::chrono::nanoseconds waited) noexcept;

    struct wait_histogram {
        std::array<std::uint64_t, wait_bucket_count> buckets{};  // per bucket, not cumulative
        std::uint64_t count = 0;
        double sum_seconds = 0;
    };
    struct values {
        std::uint64_t frames_relayed = 0;
        std::array<std::uint64_t, error_codes.size()> errors{};
        std::array<wait_histogram, lane_count> waits{};  // support, consultation
    };
    // A reading of every counter. Each is read atomically; together they may be a moment apart.
    [[nodiscard]] values read() const noexcept;

private:
    struct lane_waits {
        std::array<std::atomic<std::uint64_t>, wait_bucket_count> buckets{};
        std::atomic<std::uint64_t> sum_milliseconds{0};
    };
    std::atomic<std::uint64_t> frames_relayed_{0};
    std::array<std::atomic<std::uint64_t>, error_codes.size()> errors_{};
    std::array<lane_waits, lane_count> waits_{};
};

} // namespace tillit::metrics
