// join_gate: blocks first, then the per-minute limit.
#include "chat/join_gate.hpp"

#include <algorithm>

namespace tillit::chat {

std::optional<protocol::error_reply> join_gate::refusal(const client_key& key, clock::time_point now)
{
    if (const auto blocked = blocked_until_.find(key); blocked != blocked_until_.end() && blocked->second > now)
        return protocol::error_reply{protocol::errc::blocked};
    // Checked before anything is counted: a script joining and leaving in a loop must not drive
    // the "abandoned" statistics or the log.
    if (const auto wait = throttle_.admit(key, now)) {
        protocol::error_reply refusal{protocol::errc::too_many_joins};
        refusal.retry_after = wait->count();
        return refusal;
    }
    return std::nullopt;
}

void join_gate::block(const client_key& key, clock::time_point until) { blocked_until_[key] = until; }

void join_gate::forget_expired(clock::time_point now)
{
    std::erase_if(blocked_until_, [now](const auto& entry) { return entry.second <= now; });
    throttle_.forget_quiet(now);
}

} // namespace tillit::chat
