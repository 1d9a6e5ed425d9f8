// join_gate: who may start a queue entry now. A client a counsellor blocked lately may not (until
// the block runs out), nor one that started too many in the last minute (join_throttle). Pure
// logic with the time passed in, owned by the pairing actor (its strand); in memory only.
#pragma once

#include <cstddef>
#include <map>
#include <optional>

#include "chat/chat_types.hpp"
#include "chat/join_throttle.hpp"
#include "protocol/events.hpp"

namespace tillit::chat {

class join_gate {
public:
    // `joins_per_minute` 0: no limit on joins (blocks still hold).
    explicit join_gate(std::size_t joins_per_minute) : throttle_(joins_per_minute) {}

    // nullopt, and the join is counted; or the error for the client: blocked, or too_many_joins
    // with retry_after (a refused join is not counted).
    [[nodiscard]] std::optional<protocol::error_reply> refusal(const client_key& key, clock::time_point now);

    // No join from `key` until `until`.
    void block(const client_key& key, clock::time_point until);

    // Forgets blocks that ran out and clients quiet for a minute (call once in a while).
    void forget_expired(clock::time_point now);

private:
    join_throttle throttle_;
    std::map<client_key, clock::time_point> blocked_until_;
};

} // namespace tillit::chat
