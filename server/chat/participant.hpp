// participant: how the pairing actor reaches a help-seeker's or a counsellor's connection. The
// actor calls these on its own strand; implementations only post work to their connection's
// strand, so the actor never waits for a connection.
#pragma once

#include <memory>
#include <optional>
#include "chat/chat_types.hpp"
#include "protocol/events.hpp"

namespace tillit::chat {

class chat_room;

class participant {
public:
    virtual ~participant() = default;
    // A control message for this participant (queue position, closed, an error, ...). The
    // implementation turns it into its frame before it returns.
    virtual void notify(const protocol::event& e) = 0;
    // This participant is now a side of `room`; `announcement` goes out before any of its frames.
    virtual void enter_chat(std::shared_ptr<chat_room> room, protocol::event announcement) = 0;
    // This participant is no longer a side of `room`: put back in the queue with `new_ticket`
    // (a help-seeker whose counsellor is gone), or transferred away (a counsellor).
    virtual void leave_chat(std::shared_ptr<chat_room> room, protocol::event announcement,
                            std::optional<ticket_id> new_ticket) = 0;
    // Another connection of the same person took `room` over (a resume with the current token, or
    // a counsellor's new tab): this one is told so and no longer sends or receives for it.
    virtual void moved_elsewhere(std::shared_ptr<chat_room> room) = 0;
};

} // namespace tillit::chat
