// rate_limiter: a token bucket for the messages of one connection: `per_second` on average,
// bursts of up to `burst`. Not thread-safe: one per connection, used on its strand.
#pragma once

#include <algorithm>
#include <chrono>

namespace tillit::net {

class rate_limiter {
public:
    using clock = std::chrono::steady_clock;

    rate_limiter(double per_second, double burst) : per_second_(per_second), burst_(burst), tokens_(burst) {}

    // True when one more message may pass at `now`.
    bool allow(clock::time_point now)
    {
        const std::chrono::duration<double> elapsed = now - last_;
        last_ = now;
        tokens_ = std::min(burst_, tokens_ + elapsed.count() * per_second_);
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

    // Messages that may pass now, as of the last allow().
    [[nodiscard]] double available() const { return tokens_; }

private:
    double per_second_;
    double burst_;
    double tokens_;
    clock::time_point last_ = clock::now();
};

} // namespace tillit::net
