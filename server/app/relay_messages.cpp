// relay_messages: sequence numbers and payloads checked, then handed to the room.
#include "app/relay_messages.hpp"

#include "protocol/fields.hpp"

namespace tillit::app {

namespace json = boost::json;

namespace {

relay_reply frame_error(protocol::errc code, std::string message, const chat::chat_room& room, std::uint64_t seq,
                        std::optional<std::uint64_t> expected = {})
{
    protocol::error_reply reply{code, std::move(message)};
    reply.chat = room.sid_text();
    reply.seq = seq;
    reply.expected = expected;
    return relay_reply(boost::system::in_place_error, std::move(reply));
}

} // namespace

relay_reply handle_relay(chat::chat_room& room, chat::side from, std::string_view type, const json::object& message)
{
    using protocol::errc;
    const auto seq = protocol::count_field(message, "seq");
    if (!seq || *seq == 0)
        return relay_reply(boost::system::in_place_error,
                           protocol::error_reply{errc::bad_message, "A sequence number \"seq\" from 1 up is needed."});
    if (type == "ack") {
        room.acknowledge(from, *seq);
        return std::nullopt;
    }
    const auto payload = protocol::string_field(message, "payload");
    if (!payload || payload->empty() || payload->size() > chat::max_payload_chars || !protocol::is_base64_text(*payload))
        return frame_error(errc::bad_message, "The payload must be base64 text of at most 8192 characters.", room, *seq);
    std::uint64_t expected = 0;
    switch (room.relay(from, *seq, *payload, expected)) {
    case chat::chat_room::relay_result::accepted:
    case chat::chat_room::relay_result::duplicate:  // sent again after a reconnect: it is already on its way
        return std::optional<protocol::accepted>(protocol::accepted{room.sid_text(), *seq});
    case chat::chat_room::relay_result::out_of_order: return frame_error(errc::out_of_order, {}, room, *seq, expected);
    case chat::chat_room::relay_result::backlog_full: return frame_error(errc::peer_backlog_full, {}, room, *seq);
    case chat::chat_room::relay_result::ended: return frame_error(errc::chat_ended, {}, room, *seq);
    }
    return std::nullopt;
}

void send_relay_reply(net::websocket_session& connection, const relay_reply& reply)
{
    if (!reply) connection.send_error(reply.error(), net::strike::forgiven);
    else if (*reply) connection.send(protocol::frame(**reply));
}

} // namespace tillit::app
