// Generation and loading of Ed25519 and X25519 key pairs into sodium-allocated memory.
#include "tillit/crypto/keys.hpp"

#include <algorithm>

#include <sodium.h>

#include "tillit/crypto/sodium_init.hpp"
#include "wire.hpp"

namespace tillit::crypto {

namespace {

template <std::size_t N>
result<std::array<unsigned char, N>> fixed(std::span<const unsigned char> bytes)
{
    if (bytes.size() != N) return crypto_error::malformed;
    std::array<unsigned char, N> out{};
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}

} // namespace

result<signing_keypair> generate_signing_keypair()
{
    ensure_sodium();
    auto sk = wire::secure(crypto_sign_SECRETKEYBYTES);
    if (!sk) return crypto_error::out_of_memory;
    signing_keypair keys{{}, std::move(*sk)};
    crypto_sign_keypair(keys.pk.data(), keys.sk.data());
    return keys;
}

result<dh_keypair> generate_dh_keypair()
{
    ensure_sodium();
    auto sk = wire::secure(crypto_box_SECRETKEYBYTES);
    if (!sk) return crypto_error::out_of_memory;
    dh_keypair keys{{}, std::move(*sk)};
    crypto_box_keypair(keys.pk.data(), keys.sk.data());
    return keys;
}

result<signing_keypair> signing_keypair_from_seed(std::span<const unsigned char> seed)
{
    ensure_sodium();
    if (seed.size() != crypto_sign_SEEDBYTES) return crypto_error::malformed;
    auto sk = wire::secure(crypto_sign_SECRETKEYBYTES);
    if (!sk) return crypto_error::out_of_memory;
    signing_keypair keys{{}, std::move(*sk)};
    crypto_sign_seed_keypair(keys.pk.data(), keys.sk.data(), seed.data());
    return keys;
}

result<dh_keypair> dh_keypair_from_seed(std::span<const unsigned char> seed)
{
    ensure_sodium();
    if (seed.size() != crypto_box_SEEDBYTES) return crypto_error::malformed;
    auto sk = wire::secure(crypto_box_SECRETKEYBYTES);
    if (!sk) return crypto_error::out_of_memory;
    dh_keypair keys{{}, std::move(*sk)};
    crypto_box_seed_keypair(keys.pk.data(), keys.sk.data(), seed.data());
    return keys;
}

result<secure_buffer> seed_of(const signing_keypair& keys)
{
    auto seed = wire::secure(crypto_sign_SEEDBYTES);
    if (!seed) return crypto_error::out_of_memory;
    crypto_sign_ed25519_sk_to_seed(seed->data(), keys.sk.data());
    return std::move(*seed);
}

result<public_key> public_key_from(std::span<const unsigned char> bytes) { return fixed<public_key_bytes>(bytes); }
result<signature> signature_from(std::span<const unsigned char> bytes) { return fixed<signature_bytes>(bytes); }
result<session_id> session_id_from(std::span<const unsigned char> bytes) { return fixed<session_id_bytes>(bytes); }

} // namespace tillit::crypto
