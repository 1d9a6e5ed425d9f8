// restorable_chats: the chats the live_chat_ledger had as live when the server last stopped, and
// the rule for making one again from a help-seeker's resume token: only within the first grace
// period after start, only once, only with a counsellor named and a token under a day old. Pure
// logic with the time passed in, owned by the pairing actor (its strand).
#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include "chat/chat_types.hpp"
#include "chat/resume_token.hpp"

namespace tillit::chat {

class restorable_chats {
public:
    static constexpr std::int64_t max_token_age_seconds = 24 * 3600;

    // `live` may be restored until `until` (the server's start plus the help-seeker grace).
    restorable_chats(const std::vector<session_id>& live, clock::time_point until) : live_(live.begin(), live.end()), until_(until) {}

    // Whether `claim`'s chat may be made again now; if so it is crossed out (a chat comes back once).
    [[nodiscard]] bool take(const resume_claim& claim, std::int64_t unix_now);

    // Past `until`: the chats nobody came back for, crossed out and returned (they are over).
    [[nodiscard]] std::vector<session_id> expire(clock::time_point now);

private:
    std::set<session_id> live_;
    clock::time_point until_;
};

} // namespace tillit::chat
