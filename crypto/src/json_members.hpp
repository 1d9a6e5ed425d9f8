// Internal: reads the top-level members of one JSON object without a JSON library (tillit::crypto
// uses libsodium only), so that open_letter can check a letter's body as the browser does.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tillit::crypto::json_members {

enum class member_kind { absent, string, other };

struct member {
    member_kind kind = member_kind::absent;
    std::optional<std::string> ascii;  // a string's value, escapes decoded, while it is all ASCII; nullopt otherwise
};

// Strict UTF-8, as the browser's TextDecoder with fatal: true.
[[nodiscard]] bool is_utf8(std::string_view text) noexcept;

// The LAST top-level member called `name` (as JSON.parse keeps the last of duplicates), or
// nullopt when `text` is not exactly one JSON object (JSON whitespace around it allowed). Checks
// the syntax of the whole text as JSON.parse does (numbers, escapes, literals), nesting up to 64 deep.
[[nodiscard]] std::optional<member> find(std::string_view text, std::string_view name);

} // namespace tillit::crypto::json_members
