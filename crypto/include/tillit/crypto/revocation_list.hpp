// The root-signed revocation list: identity keys the centre no longer vouches for.
//   blob = "tillit-revocations-v1" ‖ issued_at (8, BE) ‖ not_after (8, BE) ‖ count (4, BE) ‖ count × IK_pk ‖ Sign_O(all before)
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/result.hpp"

namespace tillit::crypto {

inline constexpr std::string_view revocation_label = "tillit-revocations-v1";
inline constexpr std::size_t max_revoked_keys = 4096;

struct revocation_list {
    std::uint64_t issued_at = 0;  // unix seconds
    std::uint64_t not_after = 0;  // unix seconds; the list is refused from then on
    std::vector<public_key> revoked;

    [[nodiscard]] bool contains(const public_key& identity_key) const noexcept;
};

// Encodes and signs the list with the root key. Errors: too_large (more than max_revoked_keys).
[[nodiscard]] result<std::vector<unsigned char>> sign_revocation_list(const signing_keypair& root,
                                                                      const revocation_list& list);

// Checks the signature against the root public key, the format, and that now < not_after.
// Errors: malformed, bad_signature, expired.
[[nodiscard]] result<revocation_list> open_revocation_list(const public_key& root, std::span<const unsigned char> blob,
                                                           std::uint64_t now);

// The same without the expiry check: for the admin command that extends an old list.
// Errors: malformed, bad_signature.
[[nodiscard]] result<revocation_list> open_revocation_list_ignoring_expiry(const public_key& root,
                                                                           std::span<const unsigned char> blob);

} // namespace tillit::crypto
