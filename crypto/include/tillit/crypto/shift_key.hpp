// Shift keys (SPK): an X25519 key per duty period, signed by the counsellor's identity key:
//   Sign_IK("tillit-spk-v1" ‖ SPK_pk ‖ not_after (8, BE))
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/result.hpp"

namespace tillit::crypto {

inline constexpr std::string_view shift_key_label = "tillit-spk-v1";

// The exact bytes IK signs.
[[nodiscard]] std::vector<unsigned char> shift_key_message(const public_key& shift_key, std::uint64_t not_after);

// Never fails for valid key objects.
[[nodiscard]] signature sign_shift_key(const signing_keypair& identity, const public_key& shift_key, std::uint64_t not_after);

// Errors: bad_signature (also a wrong IK or not_after), expired (now >= not_after).
[[nodiscard]] result<void> verify_shift_key(const public_key& identity_key, const public_key& shift_key,
                                            std::uint64_t not_after, const signature& sig, std::uint64_t now);

} // namespace tillit::crypto
