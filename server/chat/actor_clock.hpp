// actor_clock: the two clocks the pairing actor reads: steady time for waits, grace periods and
// blocks, and unix seconds for what a token or a dashboard carries. The real ones by default;
// tests pass clocks they move by hand (tests/unit/pairing_actor_test.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "chat/chat_types.hpp"

namespace tillit::chat {

struct actor_clock {
    std::function<clock::time_point()> now = [] { return clock::now(); };
    std::function<std::int64_t()> unix_now = [] {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    };
};

} // namespace tillit::chat
