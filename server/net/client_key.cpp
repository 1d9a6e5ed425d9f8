// client_key: BLAKE2b of the address bytes (an IPv6 address's /64) under a per-process random key.
#include "net/client_key.hpp"

#include <algorithm>

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
    // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d: they are IPv4 clients all the same.
    const bool mapped = address.is_v6() && address.to_v6().is_v4_mapped();
    if (address.is_v4() || mapped) {
        const auto bytes = mapped ? boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6()).to_bytes()
                                  : address.to_v4().to_bytes();
        crypto_generichash(out.data(), out.size(), bytes.data(), bytes.size(), process_key().data(), process_key().size());
    } else {
        // One IPv6 host holds a whole /64 (privacy addresses rotate through it): the /64 is the client.
        auto bytes = address.to_v6().to_bytes();
        std::fill(bytes.begin() + 8, bytes.end(), 0);
        crypto_generichash(out.data(), out.size(), bytes.data(), bytes.size(), process_key().data(), process_key().size());
    }
    return out;
}

} // namespace tillit::net
