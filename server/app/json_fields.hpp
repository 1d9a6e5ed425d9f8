// json_fields: reading typed fields of a client's JSON message, and the error replies, shared by
// the connection handlers. Missing or mistyped fields come back as nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace tillit::app {

[[nodiscard]] std::optional<std::string_view> string_field(const boost::json::object& message, std::string_view key);
// A non-negative integer field.
[[nodiscard]] std::optional<std::uint64_t> count_field(const boost::json::object& message, std::string_view key);
[[nodiscard]] std::optional<bool> bool_field(const boost::json::object& message, std::string_view key);
// URL-safe base64 text (only its alphabet is checked; the server never decodes chat payloads).
[[nodiscard]] bool is_base64_text(std::string_view text);

// Parses a client's frame: a JSON object of limited depth with a string "type"; nullopt otherwise.
[[nodiscard]] std::optional<boost::json::object> parse_message(std::string_view text);

// Overwrites every string value in `message` (at any depth) with zero bytes, before it is freed:
// frames carry login values and session tokens.
void wipe_strings(boost::json::object& message);

// {"type":"error","code":…,"message":…} with optional extra fields.
[[nodiscard]] std::string error_text(std::string_view code, std::string_view message, boost::json::object extra = {});

} // namespace tillit::app
