// seeker_mailbox: the help-seeker's mailbox messages (docs/protocol.md, "Mailbox"): the roster,
// a first letter, reading a thread with the code, another letter, deleting the thread. Each is
// answered once, by the mailbox service; none of its errors counts against the connection (a
// help-seeker is never thrown out for a mistake). Runs on the connection's strand.
#pragma once

#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include "mailbox/mailbox_service.hpp"
#include "net/websocket_session.hpp"

namespace tillit::app {

// Whether `type` is one of the help-seeker's mailbox messages.
[[nodiscard]] bool is_seeker_mailbox_message(std::string_view type);

// Answers one; returns true when it was carried out (not an error).
boost::asio::awaitable<bool> handle_seeker_mailbox(mailbox::mailbox_service& service, net::websocket_session& connection,
                                                   std::string_view type, const boost::json::object& message);

} // namespace tillit::app
