// Reads the few fields the generator needs from a server message without parsing all of it.
// tillit-server (Boost.JSON) and the peer (JSON.stringify) write no spaces and put "type" first,
// and no string value the generator reads can hold a quote or a backslash (B64, codes, types).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tillit::bench {

// The value of `"key":"…"`, or empty when absent. `key_pattern` is `"key":"` with its quotes.
std::string_view string_field(std::string_view json, std::string_view key_pattern);
// The value of `"key":123`, or nullopt. `key_pattern` is `"key":`.
std::optional<std::uint64_t> int_field(std::string_view json, std::string_view key_pattern);

inline std::string_view message_type(std::string_view json) { return string_field(json, "\"type\":\""); }

} // namespace tillit::bench
