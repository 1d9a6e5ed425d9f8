// chat_clients: help-seekers and counsellors as the integration tests play them, over real
// WebSockets: joining, going on duty, waiting for a message of a given type, relaying.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "support/ws_client.hpp"

namespace tillit::test {

// Reads until a message of `type` arrives and returns it; messages of other types are skipped.
// Throws std::runtime_error on time-out, with the types that were skipped.
boost::json::object receive_type(ws_client& client, std::string_view type, std::chrono::milliseconds timeout = 30s);

// Sends join and returns the first answer that is not a queue position: "closed", "paired", or
// the first "queue" message when `want_queue`.
boost::json::object join(ws_client& client, std::string_view lane, std::string_view language, bool want_queue = true);

// Logs in (see staff_login) and goes on duty with `capacity`; returns the duty answer.
boost::json::object go_on_duty(ws_client& client, const std::string& pseudonym, const std::string& password,
                               unsigned capacity);

// A relayed frame: {"type":"msg","chat":…,"seq":…,"payload":…}.
void send_frame(ws_client& client, std::string_view chat, std::uint64_t seq, std::string_view payload);

} // namespace tillit::test
