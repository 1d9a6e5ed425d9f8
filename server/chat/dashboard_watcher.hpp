// dashboard_watcher: how the pairing actor reaches a supervisor's connection that watches the
// dashboard. The actor holds it only by weak_ptr and calls notify on its own strand;
// implementations only hand the frame to their connection (which posts it to its own strand), so
// the actor never waits for a connection.
#pragma once

#include "protocol/events.hpp"

namespace tillit::chat {

class dashboard_watcher {
public:
    virtual ~dashboard_watcher() = default;
    // A "dashboard" or "unwatched" message for this connection.
    virtual void notify(const protocol::event& e) = 0;
};

} // namespace tillit::chat
