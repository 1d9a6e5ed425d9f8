// session_sink: protocol events onto a WebSocket.
#include "app/session_sink.hpp"

namespace tillit::app {

void send_event(net::websocket_session& connection, const protocol::event& e, net::strike counted)
{
    if (const auto* error = std::get_if<protocol::error_reply>(&e)) connection.send_error(*error, counted);
    else connection.send(protocol::frame(e));
}

void session_sink::send(const protocol::event& e)
{
    if (auto connection = connection_.lock()) send_event(*connection, e);
}

} // namespace tillit::app
