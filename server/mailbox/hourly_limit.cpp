// hourly_limit: a sliding hour of event times per client key.
#include "mailbox/hourly_limit.hpp"

#include <algorithm>

namespace tillit::mailbox {

std::optional<std::int64_t> hourly_limit::refusal(const client_key& key, unix_seconds now) const
{
    if (per_hour_ == 0) return std::nullopt;
    const auto found = events_.find(key);
    if (found == events_.end()) return std::nullopt;
    const auto& times = found->second;
    const auto recent = std::count_if(times.begin(), times.end(), [&](unix_seconds t) { return now - t < window; });
    if (static_cast<std::size_t>(recent) < per_hour_) return std::nullopt;
    // The oldest recent event leaves the window first.
    const auto oldest = *std::find_if(times.begin(), times.end(), [&](unix_seconds t) { return now - t < window; });
    return std::max<std::int64_t>(1, oldest + window - now);
}

void hourly_limit::count(const client_key& key, unix_seconds now)
{
    if (per_hour_ == 0) return;
    auto& times = events_[key];
    while (!times.empty() && now - times.front() >= window) times.pop_front();
    times.push_back(now);
    while (times.size() > per_hour_) times.pop_front();
}

void hourly_limit::forget_quiet(unix_seconds now)
{
    std::erase_if(events_, [&](const auto& entry) { return entry.second.empty() || now - entry.second.back() >= window; });
}

} // namespace tillit::mailbox
