// Wrapping of a counsellor's identity key for storage on the server, which only `wrap` (from the
// login derivation, login_keys.hpp) opens:
//   blob = nonce (24) ‖ crypto_secretbox_easy(IK seed (32), nonce, wrap)   = 72 bytes
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/result.hpp"

namespace tillit::crypto {

inline constexpr std::size_t wrapped_identity_key_bytes = 24 + 16 + 32;

// A fresh random nonce each time. Errors: malformed (wrap not 32 bytes), out_of_memory.
[[nodiscard]] result<std::vector<unsigned char>> wrap_identity_key(std::span<const unsigned char> wrap,
                                                                   const signing_keypair& identity);

// Opens the blob and rebuilds the key pair; its public key must equal `expected` (the one the
// server holds), so a swapped blob is refused. Errors: malformed (sizes), unwrap_failed
// (wrong wrap value, altered blob, or another key), out_of_memory.
[[nodiscard]] result<signing_keypair> unwrap_identity_key(std::span<const unsigned char> wrap,
                                                          std::span<const unsigned char> blob, const public_key& expected);

} // namespace tillit::crypto
