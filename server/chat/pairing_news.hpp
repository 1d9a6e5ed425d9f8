// pairing_news: the protocol events that tell a side about its chat or its place in the queue,
// made from a room as it is now: "paired" (help-seeker), "assigned" (counsellor), "epoch" for the
// help-seeker, "queue". Pure; the pairing actor calls them on its strand.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "chat/chat_room.hpp"
#include "protocol/events.hpp"

namespace tillit::chat {

// `token` is the help-seeker's new resume token, `bundle` the counsellor's key bundle (or null).
[[nodiscard]] protocol::paired paired_news(const chat_room& room, bool language_differs, std::string token,
                                           boost::json::value bundle);
// `returning`: an epoch already ran, so this connection may lack its keys and may ask for a new one.
[[nodiscard]] protocol::assigned assigned_news(const chat_room& room, bool language_differs, clock::duration waited,
                                               bool returning);
// `reason` empty: none is given.
[[nodiscard]] protocol::seeker_epoch seeker_epoch_news(const chat_room& room, std::string token, boost::json::value bundle,
                                                       std::string_view reason);
[[nodiscard]] protocol::queue_position queue_news(std::size_t position, std::optional<std::chrono::seconds> estimated_wait);

} // namespace tillit::chat
