// Certificates of counsellor identity keys, made with the centre's root key O:
//   cert = Sign_O("tillit-cert-v1" ‖ IK_pk ‖ len(pseudonym) (1 byte) ‖ pseudonym (UTF-8) ‖ not_after (8, BE))
// On the wire and in the database a certificate is not_after (8, BE) ‖ signature (64): 72 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/result.hpp"
#include "tillit/crypto/revocation_list.hpp"

namespace tillit::crypto {

inline constexpr std::string_view certificate_label = "tillit-cert-v1";
inline constexpr std::size_t max_pseudonym_bytes = 64;
inline constexpr std::size_t certificate_bytes = 8 + signature_bytes;

struct certificate {
    std::uint64_t not_after = 0;  // unix seconds; invalid from then on
    signature sig{};
};

// The exact bytes O signs. Errors: malformed (pseudonym empty or longer than 64 bytes).
[[nodiscard]] result<std::vector<unsigned char>> certificate_message(const public_key& identity_key,
                                                                     std::string_view pseudonym, std::uint64_t not_after);

// Errors: malformed (pseudonym).
[[nodiscard]] result<certificate> make_certificate(const signing_keypair& root, const public_key& identity_key,
                                                   std::string_view pseudonym, std::uint64_t not_after);

[[nodiscard]] std::vector<unsigned char> encode_certificate(const certificate& cert);
// Errors: malformed (not 72 bytes).
[[nodiscard]] result<certificate> decode_certificate(std::span<const unsigned char> bytes);

// Checks, in this order: the signature against the root public key (bad_signature; a wrong
// root, IK, pseudonym or not_after all land here), now < not_after (expired), and that
// `revoked`, when given, does not list the identity key (revoked). Errors: also malformed.
[[nodiscard]] result<void> verify_certificate(const public_key& root, const public_key& identity_key,
                                              std::string_view pseudonym, const certificate& cert, std::uint64_t now,
                                              const revocation_list* revoked);

} // namespace tillit::crypto
