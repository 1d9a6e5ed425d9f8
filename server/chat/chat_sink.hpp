// chat_sink: what a chat room needs from the connection of one of its sides: a way to send it
// an event. app/ implements it over a WebSocket (app/session_sink), so that chat/ knows nothing
// of the network. A room holds its sinks by weak_ptr: a sink that is gone is a side that is away.
#pragma once

#include "protocol/events.hpp"

namespace tillit::chat {

class chat_sink {
public:
    virtual ~chat_sink() = default;
    // Queues `e` for the connection. Any thread; never blocks, and turns `e` into its frame before
    // it returns (events of some kinds hold views into the caller's data).
    virtual void send(const protocol::event& e) = 0;
};

} // namespace tillit::chat
