// Making and checking root-key certificates of counsellor identity keys.
#include "tillit/crypto/certificate.hpp"

#include <algorithm>

#include <sodium.h>

#include "tillit/crypto/sodium_init.hpp"
#include "wire.hpp"

namespace tillit::crypto {

result<std::vector<unsigned char>> certificate_message(const public_key& identity_key, std::string_view pseudonym,
                                                       std::uint64_t not_after)
{
    if (pseudonym.empty() || pseudonym.size() > max_pseudonym_bytes) return crypto_error::malformed;
    wire::bytes out;
    wire::append(out, certificate_label);
    wire::append(out, identity_key);
    wire::append_be(out, pseudonym.size(), 1);
    wire::append(out, pseudonym);
    wire::append_be(out, not_after, 8);
    return out;
}

result<certificate> make_certificate(const signing_keypair& root, const public_key& identity_key, std::string_view pseudonym,
                                     std::uint64_t not_after)
{
    ensure_sodium();
    const auto message = certificate_message(identity_key, pseudonym, not_after);
    if (!message) return message.error();
    certificate cert{not_after, {}};
    crypto_sign_detached(cert.sig.data(), nullptr, message->data(), message->size(), root.sk.data());
    return cert;
}

std::vector<unsigned char> encode_certificate(const certificate& cert)
{
    wire::bytes out;
    wire::append_be(out, cert.not_after, 8);
    wire::append(out, cert.sig);
    return out;
}

result<certificate> decode_certificate(std::span<const unsigned char> bytes)
{
    if (bytes.size() != certificate_bytes) return crypto_error::malformed;
    certificate cert{wire::read_be(bytes.first(8)), {}};
    std::copy(bytes.begin() + 8, bytes.end(), cert.sig.begin());
    return cert;
}

result<void> verify_certificate(const public_key& root, const public_key& identity_key, std::string_view pseudonym,
                                const certificate& cert, std::uint64_t now, const revocation_list* revoked)
{
    ensure_sodium();
    const auto message = certificate_message(identity_key, pseudonym, cert.not_after);
    if (!message) return message.error();
    if (crypto_sign_verify_detached(cert.sig.data(), message->data(), message->size(), root.data()) != 0)
        return crypto_error::bad_signature;
    if (now >= cert.not_after) return crypto_error::expired;
    if (revoked != nullptr && revoked->contains(identity_key)) return crypto_error::revoked;
    return {};
}

} // namespace tillit::crypto
