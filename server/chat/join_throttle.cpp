// join_throttle: a sliding window of join times per client.
#include "chat/join_throttle.hpp"

#include <algorithm>

namespace tillit::chat {

std::optional<std::chrono::seconds> join_throttle::admit(const client_key& key, clock::time_point now)
{
    if (per_minute_ == 0) return std::nullopt;
    auto& times = joins_[key];
    while (!times.empty() && now - times.front() >= window) times.pop_front();
    if (times.size() < per_minute_) {
        times.push_back(now);
        return std::nullopt;
    }
    const auto wait = std::chrono::ceil<std::chrono::seconds>(times.front() + window - now);
    return std::max(wait, std::chrono::seconds(1));
}

void join_throttle::forget_quiet(clock::time_point now)
{
    std::erase_if(joins_, [now](const auto& entry) { return entry.second.empty() || now - entry.second.back() >= window; });
}

} // namespace tillit::chat
