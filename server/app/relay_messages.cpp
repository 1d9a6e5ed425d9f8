// relay_messages: sequence numbers and payloads checked, then handed to the room.
#include "app/relay_messages.hpp"

#include <boost/json/serialize.hpp>

#include "app/json_fields.hpp"

namespace tillit::app {

namespace json = boost::json;

std::string handle_relay(chat::chat_room& room, chat::side from, std::string_view type, const json::object& message)
{
    const auto seq = count_field(message, "seq");
    if (!seq || *seq == 0) return error_text("bad_message", "A sequence number \"seq\" from 1 up is needed.");
    if (type == "ack") {
        room.acknowledge(from, *seq);
        return {};
    }
    const auto payload = string_field(message, "payload");
    if (!payload || payload->empty() || payload->size() > chat::max_payload_chars || !is_base64_text(*payload))
        return error_text("bad_message", "The payload must be base64 text of at most 8192 characters.",
                          {{"chat", room.sid_text()}, {"seq", *seq}});
    std::uint64_t expected = 0;
    switch (room.relay(from, *seq, *payload, expected)) {
    case chat::chat_room::relay_result::accepted:
    case chat::chat_room::relay_result::duplicate:  // sent again after a reconnect: it is already on its way
        return json::serialize(json::object{{"type", "accepted"}, {"chat", room.sid_text()}, {"seq", *seq}});
    case chat::chat_room::relay_result::out_of_order:
        return error_text("out_of_order", "Messages must be numbered one after another.",
                          {{"chat", room.sid_text()}, {"seq", *seq}, {"expected", expected}});
    case chat::chat_room::relay_result::backlog_full:
        return error_text("peer_backlog_full", "The other side is not receiving: this message was not accepted.",
                          {{"chat", room.sid_text()}, {"seq", *seq}});
    case chat::chat_room::relay_result::ended:
        return error_text("chat_ended", "This chat has ended: the message was not accepted.",
                          {{"chat", room.sid_text()}, {"seq", *seq}});
    }
    return {};
}

} // namespace tillit::app
