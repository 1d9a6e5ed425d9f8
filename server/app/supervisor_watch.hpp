// supervisor_watch: a signed-in supervisor's or admin's side of the protocol (docs/protocol.md,
// "Supervisor"): watch and unwatch the live dashboard of queue and staffing, which holds
// aggregate counts only. Runs on its connection's strand; as a dashboard_watcher it is reached by
// the pairing actor, which holds it by weak_ptr, so a closed connection ends its feed.
#pragma once

#include <memory>
#include <string_view>

#include "chat/dashboard_watcher.hpp"
#include "chat/pairing_actor.hpp"
#include "net/websocket_session.hpp"

namespace tillit::app {

class supervisor_watch final : public chat::dashboard_watcher, public std::enable_shared_from_this<supervisor_watch> {
public:
    supervisor_watch(const std::shared_ptr<net::websocket_session>& connection, std::shared_ptr<chat::pairing_actor> actor);

    // Handles "watch" and "unwatch"; returns false for any other type. The connection's strand.
    bool on_message(std::string_view type);
    // The connection closed: the feed stops. The connection's strand.
    void on_closed();

    // A dashboard (or "unwatched") for this connection. Called on the pairing actor's strand;
    // only queues the frame on the connection, which is safe from any thread.
    void notify(const protocol::event& e) override;

private:
    std::weak_ptr<net::websocket_session> connection_;
    std::shared_ptr<chat::pairing_actor> actor_;
    bool watching_ = false;
};

} // namespace tillit::app
