// Signing and checking of shift keys with a counsellor's identity key.
#include "tillit/crypto/shift_key.hpp"

#include <sodium.h>

#include "tillit/crypto/sodium_init.hpp"
#include "wire.hpp"

namespace tillit::crypto {

std::vector<unsigned char> shift_key_message(const public_key& shift_key, std::uint64_t not_after)
{
    wire::bytes out;
    wire::append(out, shift_key_label);
    wire::append(out, shift_key);
    wire::append_be(out, not_after, 8);
    return out;
}

signature sign_shift_key(const signing_keypair& identity, const public_key& shift_key, std::uint64_t not_after)
{
    ensure_sodium();
    const auto message = shift_key_message(shift_key, not_after);
    signature sig{};
    crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), identity.sk.data());
    return sig;
}

result<void> verify_shift_key(const public_key& identity_key, const public_key& shift_key, std::uint64_t not_after,
                              const signature& sig, std::uint64_t now)
{
    ensure_sodium();
    const auto message = shift_key_message(shift_key, not_after);
    if (crypto_sign_verify_detached(sig.data(), message.data(), message.size(), identity_key.data()) != 0)
        return crypto_error::bad_signature;
    if (now >= not_after) return crypto_error::expired;
    return {};
}

} // namespace tillit::crypto
