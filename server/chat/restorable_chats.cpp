// restorable_chats: which chats a restart may bring back, and until when.
#include "chat/restorable_chats.hpp"

namespace tillit::chat {

bool restorable_chats::take(const resume_claim& claim, std::int64_t unix_now)
{
    if (!live_.contains(claim.sid)) return false;
    if (claim.counsellor == 0 || unix_now - claim.joined_unix > max_token_age_seconds) return false;
    live_.erase(claim.sid);
    return true;
}

std::vector<session_id> restorable_chats::expire(clock::time_point now)
{
    if (live_.empty() || now < until_) return {};
    std::vector<session_id> gone(live_.begin(), live_.end());
    live_.clear();
    return gone;
}

} // namespace tillit::chat
