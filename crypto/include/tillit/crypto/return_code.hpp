// The mailbox return code R (docs/crypto.md "Mailbox, version 1"): 20 characters of Crockford
// base32 (the first 100 bits of 13 random bytes, 5 bits per character, most significant first),
// shown as 5 groups of 4 joined by '-'. Only the help-seeker holds it; the server never sees it.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "tillit/crypto/result.hpp"

namespace tillit::crypto {

inline constexpr std::string_view return_code_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::size_t return_code_chars = 20;
inline constexpr std::size_t return_code_random_bytes = 13;  // 104 bits, of which the first 100 are used

// True for exactly 20 characters of the alphabet (what normalise_return_code returns).
[[nodiscard]] bool is_normalised_return_code(std::string_view code) noexcept;

// The code of 13 given random bytes (make_return_code draws them; vectors fix them).
// Errors: malformed (not 13 bytes).
[[nodiscard]] result<std::string> return_code_from_bytes(std::span<const unsigned char> random);

// A fresh code from the CSPRNG, normalised (20 characters, not grouped). Never fails.
[[nodiscard]] std::string make_return_code();

// What a person typed, as the 20-character code: every byte that is not an ASCII letter or digit
// is dropped (spaces, '-', '.', '_', and every byte of a non-ASCII character), letters are
// upper-cased, and O→0, I→1, L→1, U→V. Errors: malformed (not 20 characters of the alphabet then).
[[nodiscard]] result<std::string> normalise_return_code(std::string_view typed);

// Groups of 4 joined by '-', for showing: "7K3M-Q9XD-2HRT-VW4B-ZP8N". Never fails.
[[nodiscard]] std::string format_return_code(std::string_view code);

} // namespace tillit::crypto
