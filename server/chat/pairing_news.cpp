// pairing_news: rooms and queue places as protocol events.
#include "chat/pairing_news.hpp"

namespace tillit::chat {

protocol::paired paired_news(const chat_room& room, bool language_differs, std::string token, boost::json::value bundle)
{
    const auto& request = room.request();
    return {room.sid_text(), room.epoch(),       std::string(to_string(request.lane)), request.language,
            language_differs, std::move(token), std::move(bundle)};
}

protocol::assigned assigned_news(const chat_room& room, bool language_differs, clock::duration waited, bool returning)
{
    const auto& request = room.request();
    return {room.sid_text(),
            room.epoch(),
            std::string(to_string(request.lane)),
            request.language,
            language_differs,
            request.age_band,
            request.topic,
            std::chrono::duration_cast<std::chrono::seconds>(waited).count(),
            returning};
}

protocol::seeker_epoch seeker_epoch_news(const chat_room& room, std::string token, boost::json::value bundle,
                                         std::string_view reason)
{
    return {room.sid_text(), room.epoch(), std::move(token), std::move(bundle), std::string(reason)};
}

protocol::queue_position queue_news(std::size_t position, std::optional<std::chrono::seconds> estimated_wait)
{
    return {position, estimated_wait ? std::optional<std::int64_t>(estimated_wait->count()) : std::nullopt};
}

} // namespace tillit::chat
