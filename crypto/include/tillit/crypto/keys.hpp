// Key types of the protocol: Ed25519 signing key pairs (root O, identity IK) and X25519 key
// pairs (shift key SPK, ephemerals e_H and e_C). Secret halves live in secure_buffer.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "tillit/crypto/result.hpp"
#include "tillit/crypto/secure_buffer.hpp"

namespace tillit::crypto {

inline constexpr std::size_t public_key_bytes = 32;  // Ed25519 and X25519 alike
inline constexpr std::size_t signature_bytes = 64;
inline constexpr std::size_t seed_bytes = 32;
inline constexpr std::size_t session_id_bytes = 16;

using public_key = std::array<unsigned char, public_key_bytes>;
using signature = std::array<unsigned char, signature_bytes>;
using session_id = std::array<unsigned char, session_id_bytes>;

// Ed25519: sk is libsodium's 64-byte secret key (seed ‖ public key).
struct signing_keypair {
    public_key pk{};
    secure_buffer sk;
};

// X25519: sk is the 32-byte scalar.
struct dh_keypair {
    public_key pk{};
    secure_buffer sk;
};

// Errors: out_of_memory when locked memory for the secret cannot be had.
[[nodiscard]] result<signing_keypair> generate_signing_keypair();
[[nodiscard]] result<dh_keypair> generate_dh_keypair();

// Deterministic key pairs (crypto_sign_seed_keypair / crypto_box_seed_keypair): for the root key
// file, which holds the seed, and for test vectors. Errors: malformed (seed not 32 bytes), out_of_memory.
[[nodiscard]] result<signing_keypair> signing_keypair_from_seed(std::span<const unsigned char> seed);
[[nodiscard]] result<dh_keypair> dh_keypair_from_seed(std::span<const unsigned char> seed);

// The 32-byte seed of a signing key pair, which is what the root key file and the wrapped
// identity key hold. Errors: out_of_memory.
[[nodiscard]] result<secure_buffer> seed_of(const signing_keypair& keys);

// Byte strings from the wire into fixed-size values. Errors: malformed (wrong length).
[[nodiscard]] result<public_key> public_key_from(std::span<const unsigned char> bytes);
[[nodiscard]] result<signature> signature_from(std::span<const unsigned char> bytes);
[[nodiscard]] result<session_id> session_id_from(std::span<const unsigned char> bytes);

} // namespace tillit::crypto
