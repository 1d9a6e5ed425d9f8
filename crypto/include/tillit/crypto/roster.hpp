// The mailbox roster (docs/crypto.md "Mailbox, version 1"): one entry per counsellor able to
// answer letters, and its check against the pinned root key before anyone seals a letter to it
// or believes a reply from it.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/result.hpp"

namespace tillit::crypto {

struct roster_entry {
    public_key identity_key{};        // IK_pk
    std::string pseudonym;            // as certified
    certificate cert;                 // not_after and O's signature (72 bytes encoded)
    public_key mailbox_key{};         // MK_pk
    std::uint64_t mailbox_not_after = 0;
    signature mailbox_signature{};    // IK's signature of MK (mailbox_keys.hpp)
};

// Checks, in this order: the revocation list when `revocations` is not empty (malformed,
// bad_signature, expired: a bad list refuses every entry), the certificate (bad_signature,
// expired, revoked), IK's signature of MK (bad_signature), MK's expiry (expired: at >=
// mailbox_not_after). `at` is now when writing a letter, and the letter's hour when checking the
// author of a received reply (against the current list). Errors: also malformed (pseudonym).
[[nodiscard]] result<void> verify_roster_entry(const roster_entry& entry, const public_key& root,
                                               std::span<const unsigned char> revocations, std::uint64_t at);

} // namespace tillit::crypto
