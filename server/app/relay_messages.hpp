// relay_messages: the "msg" and "ack" messages of either side of a chat (docs/protocol.md,
// "Relay"), turned into chat_room calls and the reply the sender gets.
#pragma once

#include <string_view>
#include <optional>

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include "chat/chat_room.hpp"
#include "net/websocket_session.hpp"
#include "protocol/replies.hpp"

namespace tillit::app {

// "accepted" for a frame, nothing for an ack; or an error about this frame (the reply the sender
// gets: an error_reply, which carries more than its code).
using relay_reply = boost::system::result<std::optional<protocol::accepted>, protocol::error_reply>;

// Handles a message of type "msg" or "ack" from side `from` of `room`. Errors: bad_message,
// out_of_order, peer_backlog_full, chat_ended (with the chat and seq).
[[nodiscard]] relay_reply handle_relay(chat::chat_room& room, chat::side from, std::string_view type,
                                       const boost::json::object& message);

// Sends the reply, if any, to the sender. Never a strike: a chat's frames come from the chat's
// state, not from a broken client (docs/protocol.md, "Errors").
void send_relay_reply(net::websocket_session& connection, const relay_reply& reply);

} // namespace tillit::app
