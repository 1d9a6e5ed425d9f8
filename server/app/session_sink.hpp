// session_sink: where chat/ meets the network. send_event puts one protocol event on a
// WebSocket (an error through send_error, so that /metrics counts it by code; anything else as
// its frame), and session_sink is chat's sink (chat/chat_sink.hpp) over one websocket_session.
// Any thread: the session posts to its own strand.
#pragma once

#include <memory>

#include "chat/chat_sink.hpp"
#include "net/websocket_session.hpp"
#include "protocol/events.hpp"

namespace tillit::app {

// Sends `e` on `connection`. An error counts toward the connection's limit of mistakes only with
// strike::counts; what chat/ sends never does (docs/protocol.md, "Errors").
void send_event(net::websocket_session& connection, const protocol::event& e, net::strike counted = net::strike::forgiven);

class session_sink final : public chat::chat_sink {
public:
    explicit session_sink(std::weak_ptr<net::websocket_session> connection) : connection_(std::move(connection)) {}

    void send(const protocol::event& e) override;

private:
    std::weak_ptr<net::websocket_session> connection_;
};

} // namespace tillit::app
