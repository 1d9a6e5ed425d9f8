// supervisor_watch: the dashboard feed of one supervisor's connection.
#include "app/supervisor_watch.hpp"

#include "app/session_sink.hpp"

#include <utility>

namespace tillit::app {

supervisor_watch::supervisor_watch(const std::shared_ptr<net::websocket_session>& connection,
                                   std::shared_ptr<chat::pairing_actor> actor)
    : connection_(connection), actor_(std::move(actor))
{
}

bool supervisor_watch::on_message(std::string_view type)
{
    if (type == "watch") {
        // The actor answers at once with a dashboard, also when already watching.
        watching_ = true;
        actor_->watch(weak_from_this());
    } else if (type == "unwatch") {
        // Answered by the actor with "unwatched", after any dashboard it has already sent.
        watching_ = false;
        actor_->unwatch(weak_from_this());
    } else {
        return false;
    }
    return true;
}

void supervisor_watch::on_closed()
{
    // The weak_ptr would expire with the connection anyway; this only frees the place sooner.
    if (std::exchange(watching_, false)) actor_->unwatch(weak_from_this());
}

void supervisor_watch::notify(const protocol::event& e)
{
    if (auto connection = connection_.lock()) send_event(*connection, e);
}

} // namespace tillit::app
