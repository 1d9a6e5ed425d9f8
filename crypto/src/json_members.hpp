// Internal: reads the top-level members of one JSON object without a JSON library (tillit::crypto
// uses libsodium only), so that open_letter can check a letter's body as the browser does.
#pragma once

#include <optional>
#include <string_view>

namespace tillit::crypto::json_members {

enum class member_kind { absent, string, other };

struct member {
    member_kind kind = member_kind::absent;
    std::string_view raw;     // a string's bytes between the quotes, escapes NOT decoded
    bool has_escapes = false; // raw holds a backslash: compare it with nothing
};

// The LAST top-level member called `name` (as JSON.parse keeps the last of duplicates), or
// nullopt when `text` is not exactly one JSON object (whitespace around it allowed). Checks the
// syntax of the whole text, but not that numbers or escapes are well-formed in detail.
[[nodiscard]] std::optional<member> find(std::string_view text, std::string_view name);

} // namespace tillit::crypto::json_members
