// Base64 (URL-safe, no padding: what travels in JSON) and hex encodings of byte strings.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tillit::crypto {

[[nodiscard]] std::string to_base64(std::span<const unsigned char> bytes);
// Returns nullopt for anything that is not URL-safe unpadded base64.
[[nodiscard]] std::optional<std::vector<unsigned char>> from_base64(std::string_view text);

[[nodiscard]] std::string to_hex(std::span<const unsigned char> bytes);
[[nodiscard]] std::optional<std::vector<unsigned char>> from_hex(std::string_view text);

} // namespace tillit::crypto
