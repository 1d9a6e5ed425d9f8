// dashboard: the supervisors' live picture of queue and staffing, in aggregate counts only: how
// many wait per lane and language and for how long, how many counsellors are on duty, busy, free
// or away, how many chats are going on, and how many help-seekers gave up waiting in the last
// hour. Nothing in it points at one person: no chat id, ticket, pseudonym or account id.
// Computed by pairing_book::snapshot on the pairing actor's strand (docs/protocol.md, "Supervisor").
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chat/chat_types.hpp"
#include "protocol/events.hpp"

namespace tillit::chat {

struct dashboard {
    // Help-seekers waiting in one lane with one language (only combinations with someone waiting).
    struct waiting_group {
        chat::lane lane = lane::support;
        std::string language;
        std::size_t count = 0;
        std::chrono::seconds longest_wait{};
        bool operator==(const waiting_group&) const = default;
    };
    struct lane_load {
        chat::lane lane = lane::support;
        std::size_t waiting = 0;
        std::optional<std::chrono::seconds> longest_wait;  // nullopt: nobody waits
        bool operator==(const lane_load&) const = default;
    };
    // on_duty = busy + free + away.
    struct staffing {
        std::size_t on_duty = 0;
        std::size_t busy = 0;   // on duty and connected, every place taken
        std::size_t free = 0;   // on duty and connected, at least one free place
        std::size_t away = 0;   // on duty, disconnected, within the counsellor grace period
        bool operator==(const staffing&) const = default;
    };

    std::vector<waiting_group> waiting;  // by lane (support, consultation), then language
    std::array<lane_load, 2> lanes{lane_load{lane::support, 0, std::nullopt}, lane_load{lane::consultation, 0, std::nullopt}};
    staffing counsellors;
    std::size_t chats_in_progress = 0;
    std::size_t abandoned_last_hour = 0;
    protocol::mailbox_load mailbox;  // the mailbox service's latest figures (pairing_actor::set_mailbox_load)

    bool operator==(const dashboard&) const = default;
};

// The "dashboard" message of this picture at `at_unix` (docs/protocol.md). Pure; any thread.
[[nodiscard]] protocol::dashboard_update dashboard_event(const dashboard& d, std::int64_t at_unix);

} // namespace tillit::chat
