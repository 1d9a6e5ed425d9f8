// The counsellor's bundle, as the help-seeker receives it, and its verification against the
// pinned root key (CRYPTO.md, handshake step 2). Any error means: abort, show it, never fall back.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/result.hpp"

namespace tillit::crypto {

struct counsellor_bundle {
    public_key identity_key{};     // IK_pk
    std::string pseudonym;         // as certified
    certificate cert;              // not_after and O's signature
    public_key shift_key{};        // SPK_pk
    std::uint64_t shift_not_after = 0;
    signature shift_signature{};   // IK's signature of SPK
};

// Checks the certificate against `root`, the shift key's signature against IK, both expiries
// (now < not_after) and, when `revocations` is not empty, that it is a valid, unexpired
// root-signed list (revocation_list.hpp) that does not name IK. An empty `revocations` means the
// server sent none: certificates are short-lived so that this bounds how long a revoked key lives.
// Errors: malformed, bad_signature, expired, revoked.
[[nodiscard]] result<void> verify_bundle(const public_key& root, const counsellor_bundle& bundle, std::uint64_t now,
                                         std::span<const unsigned char> revocations);

} // namespace tillit::crypto
