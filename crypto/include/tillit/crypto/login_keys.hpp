// The counsellor login derivation of CRYPTO.md ("Login of counsellors"):
//   master = Argon2id(password, salt); auth = KDF(master, 1); wrap = KDF(master, 2)
// The browser runs derive_login_keys; the server only ever sees `auth`, and stores
// hash_login_value(auth). Errors are values: nothing here throws on bad input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <sodium.h>

#include "tillit/crypto/secure_buffer.hpp"

namespace tillit::crypto {

inline constexpr std::size_t login_salt_bytes = crypto_pwhash_SALTBYTES;  // 16
inline constexpr std::size_t login_value_bytes = 32;                      // auth and wrap
inline constexpr char login_kdf_context[crypto_kdf_CONTEXTBYTES + 1] = "tillitlg";
inline constexpr std::uint64_t login_auth_subkey_id = 1;
inline constexpr std::uint64_t login_wrap_subkey_id = 2;

// Argon2id cost of the browser-side derivation. Fixed in protocol version 1 so that the server
// needs to tell a client nothing but the salt.
inline constexpr unsigned long long login_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
inline constexpr std::size_t login_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

struct login_keys {
    secure_buffer auth;  // sent to the server at login
    secure_buffer wrap;  // never leaves the browser: opens the wrapped identity key
};

// Returns nullopt when the salt has the wrong size or Argon2id cannot get its memory.
[[nodiscard]] std::optional<login_keys> derive_login_keys(std::string_view password,
                                                          std::span<const unsigned char> salt);

[[nodiscard]] std::vector<unsigned char> random_login_salt();

// Server side: the Argon2id string (crypto_pwhash_str) of a login value, and its check.
// hash_login_value returns nullopt only when Argon2id cannot get its memory.
[[nodiscard]] std::optional<std::string> hash_login_value(std::span<const unsigned char> auth);
[[nodiscard]] bool verify_login_value(std::string_view stored_hash, std::span<const unsigned char> auth);

// A one-time password for a new or reset account: 20 characters from an alphabet without
// look-alikes, in groups of 5 (about 100 bits).
[[nodiscard]] std::string random_one_time_password();

} // namespace tillit::crypto
