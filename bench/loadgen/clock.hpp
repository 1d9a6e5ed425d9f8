// One clock for the whole generator: CLOCK_MONOTONIC in nanoseconds, the same in every process on
// this machine, so a send time written by one worker can be read by another.
#pragma once

#include <cstdint>
#include <ctime>

namespace tillit::bench {

inline std::uint64_t now_ns() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

} // namespace tillit::bench
