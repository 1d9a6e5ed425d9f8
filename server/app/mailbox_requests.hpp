// mailbox_requests: a client's mailbox messages (docs/protocol.md, "Mailbox") read into typed
// requests, with every size checked: binary values are base64 of exact lengths, a letter's
// ciphertext is a whole number of 1 KiB blocks (CRYPTO.md: at most 16), envelopes 1 to 64.
// A message of the wrong form comes back as the bad_message error saying what was wrong.
// Pure; any thread.
#pragma once

#include <boost/json/object.hpp>

#include "mailbox/mailbox_service.hpp"

namespace tillit::app {

[[nodiscard]] mailbox::outcome<std::string> roster_lane(const boost::json::object& message);
[[nodiscard]] mailbox::outcome<mailbox::new_thread_request> new_thread_request(const boost::json::object& message);
// The `box_id` and `box_auth` of a message (mailbox_open, letter, mailbox_delete).
[[nodiscard]] mailbox::outcome<mailbox::thread_code> thread_code(const boost::json::object& message);
// join's optional `mailbox` object; nullopt when absent, an error when malformed.
[[nodiscard]] mailbox::outcome<std::optional<mailbox::thread_code>> join_mailbox_code(const boost::json::object& message);
[[nodiscard]] mailbox::outcome<mailbox::letter_request> letter_request(const boost::json::object& message);
[[nodiscard]] mailbox::outcome<mailbox::key_request> key_request(const boost::json::object& message);
// A counsellor's `box_id` (thread_open, thread_release).
[[nodiscard]] mailbox::outcome<mailbox::bytes> box_id_field(const boost::json::object& message);
[[nodiscard]] mailbox::outcome<mailbox::reply_request> reply_request(const boost::json::object& message);

} // namespace tillit::app
