// login_throttle: failure counting and exponential lockout per account name.
#include "auth/login_throttle.hpp"

#include <algorithm>

namespace tillit::auth {

login_throttle::login_throttle(unsigned max_failures, std::chrono::seconds first_lockout, std::size_t max_tracked_names)
    : max_failures_(max_failures), first_lockout_(first_lockout), max_tracked_names_(max_tracked_names)
{
}

std::optional<std::chrono::seconds> login_throttle::locked_for(std::string_view name, clock::time_point now)
{
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(std::string(name));
    if (it == entries_.end() || it->second.locked_until <= now) return std::nullopt;
    return std::chrono::ceil<std::chrono::seconds>(it->second.locked_until - now);
}

void login_throttle::record_failure(std::string_view name, clock::time_point now)
{
    std::lock_guard lock(mutex_);
    auto it = entries_.find(std::string(name));
    if (it == entries_.end()) {
        if (entries_.size() >= max_tracked_names_) evict_one_locked(now);
        it = entries_.emplace(std::string(name), entry{}).first;
    }
    auto& e = it->second;
    ++e.failures;
    e.last_failure = now;
    if (e.failures >= max_failures_) {
        // 1x, 2x, 4x … the first lockout, capped at a day.
        const unsigned doublings = std::min(e.failures - max_failures_, 16u);
        const auto lockout = std::min<std::chrono::seconds>(first_lockout_ * (1LL << doublings), std::chrono::hours(24));
        e.locked_until = now + lockout;
    }
}

void login_throttle::record_success(std::string_view name)
{
    std::lock_guard lock(mutex_);
    entries_.erase(std::string(name));
}

void login_throttle::evict_one_locked(clock::time_point now)
{
    // Prefer a name whose lockout is over, else the one that failed longest ago: a flood of
    // made-up names must not push out a name that is under attack right now.
    auto victim = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (it->second.locked_until <= now && it->second.failures < max_failures_) {
            victim = it;
            break;
        }
        if (it->second.last_failure < victim->second.last_failure) victim = it;
    }
    if (victim != entries_.end()) entries_.erase(victim);
}

} // namespace tillit::auth
