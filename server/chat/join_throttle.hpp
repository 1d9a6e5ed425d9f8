// join_throttle: how many queue entries one client may start per minute (issue 14, item 8). A
// person joins, leaves and joins again a few times at most; a script doing it thousands of times
// would drive the "abandoned" statistics and the log. Pure logic with the time passed in, owned by
// the pairing actor (its strand); keyed by client_key, in memory only, forgotten after a
// quiet minute.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <optional>

#include "chat/chat_types.hpp"

namespace tillit::chat {

class join_throttle {
public:
    static constexpr auto window = std::chrono::minutes(1);

    // `per_minute` 0 turns the limit off.
    explicit join_throttle(std::size_t per_minute) : per_minute_(per_minute) {}

    // Counts a join by `key` at `now` and returns nullopt, or, past the limit, counts nothing and
    // returns how long until the next join would be allowed (at least a second).
    std::optional<std::chrono::seconds> admit(const client_key& key, clock::time_point now);

    // Forgets clients with no join in the last minute (call once in a while).
    void forget_quiet(clock::time_point now);

    [[nodiscard]] std::size_t clients() const { return joins_.size(); }

private:
    std::size_t per_minute_;
    std::map<client_key, std::deque<clock::time_point>> joins_;  // each client's joins within the window
};

} // namespace tillit::chat
