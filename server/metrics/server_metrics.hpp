// server_metrics: the in-memory counters behind /metrics that busy paths bump: chat frames
// relayed, error messages sent by code, and the wait-time histogram since the server started.
// Relaxed atomics only (no lock, no allocation): every member may be called from any thread at
// any time. Nothing here counts a person: lanes and error codes are the only labels.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "chat/chat_types.hpp"
#include "stats/buckets.hpp"

namespace tillit::metrics {

// Every error code of docs/protocol.md ("Errors"); anything else is counted as "other".
inline constexpr std::array<std::string_view, 27> error_codes{
    "bad_json", "unknown_type", "bad_message", "rate_limited", "internal", "not_signed_in", "already_signed_in",
    "password_change_required", "login_failed", "login_locked", "account_disabled", "busy", "session_expired",
    "session_invalid", "already_joined", "resume_failed", "too_many_joins", "blocked", "not_in_chat", "no_such_chat", "bad_capacity",
    "not_certified", "transfer_unavailable", "out_of_order", "peer_backlog_full", "chat_ended", "other"};

// The code of an outgoing frame if it is an error message ({"type":"error","code":"…",…}, the
// form every error takes), as an index into error_codes; -1 when it is not an error. Pure.
[[nodiscard]] int error_code_index(std::string_view frame) noexcept;

inline constexpr std::size_t lane_count = 2;
inline constexpr std::size_t wait_bucket_count = stats::wait_bounds_seconds.size() + 1;

class server_metrics {
public:
    // A chat frame accepted for the other side.
    void frame_relayed() noexcept { frames_relayed_.fetch_add(1, std::memory_order_relaxed); }
    // An outgoing text frame: counted if it is an error message.
    void frame_sent(std::string_view frame) noexcept;
    // A pairing after `waited` in lane `l`.
    void waited(chat::lane l, std::chrono::nanoseconds waited) noexcept;

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
