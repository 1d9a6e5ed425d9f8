// Fingerprint of the root public key: BLAKE2b-256 in hex groups of four.
#include "tillit/crypto/fingerprint.hpp"

#include <array>

#include <sodium.h>

#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/sodium_init.hpp"

namespace tillit::crypto {

std::string root_fingerprint(const public_key& root)
{
    ensure_sodium();
    std::array<unsigned char, 32> hash{};
    crypto_generichash(hash.data(), hash.size(), root.data(), root.size(), nullptr, 0);
    const auto hex = to_hex(hash);
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 4) {
        if (i > 0) out += ' ';
        out += hex.substr(i, 4);
    }
    return out;
}

} // namespace tillit::crypto
