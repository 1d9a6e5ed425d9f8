// The keys of the mailbox (docs/crypto.md "Mailbox, version 1"):
//   rk = BLAKE2b-256(message = R (20 ASCII bytes), key = "tillit-mailbox-v1")
//   box_id = KDF(16, 1, "tillitmb", rk); box_auth = KDF(32, 2, …); HK = crypto_box_seed_keypair(KDF(32, 3, …))
//   a counsellor's mailbox key MK (X25519): Sign_IK("tillit-mbk-v1" ‖ MK_pk ‖ BE(not_after, 8)),
//   wrapped = nonce (24) ‖ crypto_secretbox_easy(MK_sk (32), nonce, wrap)   (72 bytes)
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/result.hpp"
#include "tillit/crypto/secure_buffer.hpp"

namespace tillit::crypto {

inline constexpr std::string_view return_code_hash_key = "tillit-mailbox-v1";
inline constexpr char mailbox_kdf_context[9] = "tillitmb";
inline constexpr std::string_view mailbox_key_label = "tillit-mbk-v1";
inline constexpr std::size_t box_id_bytes = 16;
inline constexpr std::size_t box_auth_bytes = 32;
inline constexpr std::size_t wrapped_mailbox_key_bytes = 24 + 16 + 32;
inline constexpr std::uint64_t mailbox_key_lifetime_seconds = 30 * 86400;     // a new MK's not_after = now + this
inline constexpr std::uint64_t mailbox_key_renew_before_seconds = 7 * 86400;  // a new MK when the newest has less left

using box_id = std::array<unsigned char, box_id_bytes>;
using box_auth_hash = std::array<unsigned char, 32>;

struct thread_keys {
    box_id id{};              // names the thread
    secure_buffer box_auth;   // proves the code to the server
    dh_keypair thread_key;    // HK: receives the replies
};

// From a normalised code (return_code.hpp). Errors: malformed (not 20 characters of the alphabet), out_of_memory.
[[nodiscard]] result<thread_keys> derive_thread_keys(std::string_view normalised);

// What the server stores instead of box_auth: BLAKE2b-256(box_auth), unkeyed. Never fails.
[[nodiscard]] box_auth_hash hash_box_auth(std::span<const unsigned char> box_auth);

// The exact bytes IK signs.
[[nodiscard]] std::vector<unsigned char> mailbox_key_message(const public_key& mailbox_key, std::uint64_t not_after);

// Never fails for valid key objects.
[[nodiscard]] signature sign_mailbox_key(const signing_keypair& identity, const public_key& mailbox_key, std::uint64_t not_after);

// Errors, in this order: bad_signature (also a wrong IK or not_after), expired (now >= not_after).
[[nodiscard]] result<void> verify_mailbox_key(const public_key& identity_key, const public_key& mailbox_key,
                                              std::uint64_t not_after, const signature& sig, std::uint64_t now);

// MK's secret under `wrap` (login_keys.hpp), a fresh random nonce each time. Errors: malformed (wrap not 32 bytes).
[[nodiscard]] result<std::vector<unsigned char>> wrap_mailbox_key(std::span<const unsigned char> wrap, const dh_keypair& mailbox_key);

// FOR TEST VECTORS ONLY: the same with the caller's nonce. Errors: malformed (wrap or nonce size).
[[nodiscard]] result<std::vector<unsigned char>> wrap_mailbox_key_for_vectors(std::span<const unsigned char> wrap,
                                                                              const dh_keypair& mailbox_key,
                                                                              std::span<const unsigned char> nonce);

// Opens the blob; crypto_scalarmult_base of the secret must equal `expected` (the MK_pk on file),
// so a swapped blob is refused. Errors: malformed (sizes), unwrap_failed (wrong wrap, altered
// blob, another key), out_of_memory.
[[nodiscard]] result<dh_keypair> unwrap_mailbox_key(std::span<const unsigned char> wrap, std::span<const unsigned char> blob,
                                                    const public_key& expected);

} // namespace tillit::crypto
