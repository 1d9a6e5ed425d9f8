// relay_messages: the "msg" and "ack" messages of either side of a chat (docs/protocol.md,
// "Relay"), turned into chat_room calls and the reply the sender gets.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "chat/chat_room.hpp"

namespace tillit::app {

// Handles a message of type "msg" or "ack" from side `from` of `room`. Returns the reply for the
// sender (empty when there is none).
[[nodiscard]] std::string handle_relay(chat::chat_room& room, chat::side from, std::string_view type,
                                       const boost::json::object& message);

} // namespace tillit::app
