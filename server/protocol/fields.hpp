// fields: parsing a client's frame and reading typed fields of its JSON message, shared by the
// connection handlers. Missing or mistyped fields come back as nullopt. Pure; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

namespace tillit::protocol {

[[nodiscard]] std::optional<std::string_view> string_field(const boost::json::object& message, std::string_view key);
// A non-negative integer field.
[[nodiscard]] std::optional<std::uint64_t> count_field(const boost::json::object& message, std::string_view key);
[[nodiscard]] std::optional<bool> bool_field(const boost::json::object& message, std::string_view key);
// URL-safe base64 text (only its alphabet is checked; the server never decodes chat payloads).
[[nodiscard]] bool is_base64_text(std::string_view text);

// Parses a client's frame: a JSON object of limited depth with a string "type". Error: bad_json.
[[nodiscard]] boost::system::result<boost::json::object> parse_message(std::string_view text);

// Overwrites every string value in `message` (at any depth) with zero bytes, before it is freed:
// frames carry login values and session tokens.
void wipe_strings(boost::json::object& message);

} // namespace tillit::protocol
