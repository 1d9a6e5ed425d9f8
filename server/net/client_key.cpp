// client_key: BLAKE2b of the address bytes under a per-process random key.
#include "net/client_key.hpp"

#include <sodium.h>

#include "tillit/crypto/secure_buffer.hpp"
#include "tillit/crypto/sodium_init.hpp"

namespace tillit::net {

namespace {

const crypto::secure_buffer& process_key()
{
    static const crypto::secure_buffer key = [] {
        crypto::ensure_sodium();
        crypto::secure_buffer k(crypto_generichash_KEYBYTES);
        randombytes_buf(k.data(), k.size());
        return k;
    }();
    return key;
}

} // namespace

client_key make_client_key(const boost::asio::ip::address& address)
{
    client_key out{};
    if (address.is_v4()) {
        const auto bytes = address.to_v4().to_bytes();
        crypto_generichash(out.data(), out.size(), bytes.data(), bytes.size(), process_key().data(), process_key().size());
    } else {
        const auto bytes = address.to_v6().to_bytes();
        crypto_generichash(out.data(), out.size(), bytes.data(), bytes.size(), process_key().data(), process_key().size());
    }
    return out;
}

} // namespace tillit::net
