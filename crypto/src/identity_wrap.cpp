// secretbox wrapping of the identity key's seed under the login-derived `wrap` value.
#include "tillit/crypto/identity_wrap.hpp"

#include <sodium.h>

#include "tillit/crypto/sodium_init.hpp"
#include "wire.hpp"

namespace tillit::crypto {

static_assert(wrapped_identity_key_bytes == crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + crypto_sign_SEEDBYTES);

result<std::vector<unsigned char>> wrap_identity_key(std::span<const unsigned char> wrap, const signing_keypair& identity)
{
    ensure_sodium();
    if (wrap.size() != crypto_secretbox_KEYBYTES) return crypto_error::malformed;
    auto seed = seed_of(identity);
    if (!seed) return seed.error();
    std::vector<unsigned char> blob(wrapped_identity_key_bytes);
    randombytes_buf(blob.data(), crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(blob.data() + crypto_secretbox_NONCEBYTES, seed->data(), seed->size(), blob.data(), wrap.data());
    return blob;
}

result<signing_keypair> unwrap_identity_key(std::span<const unsigned char> wrap, std::span<const unsigned char> blob,
                                            const public_key& expected)
{
    ensure_sodium();
    if (wrap.size() != crypto_secretbox_KEYBYTES || blob.size() != wrapped_identity_key_bytes) return crypto_error::malformed;
    auto seed = wire::secure(crypto_sign_SEEDBYTES);
    if (!seed) return crypto_error::out_of_memory;
    const auto boxed = blob.subspan(crypto_secretbox_NONCEBYTES);
    if (crypto_secretbox_open_easy(seed->data(), boxed.data(), boxed.size(), blob.data(), wrap.data()) != 0)
        return crypto_error::unwrap_failed;
    auto keys = signing_keypair_from_seed(seed->span());
    if (!keys) return keys.error();
    if (sodium_memcmp(keys->pk.data(), expected.data(), expected.size()) != 0) return crypto_error::unwrap_failed;
    return keys;
}

} // namespace tillit::crypto
