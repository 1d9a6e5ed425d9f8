// trusted_proxies: the addresses of reverse proxies whose X-Forwarded-For header is believed
// (trusted-proxies), and from it the address that stands for a client. That address serves only
// to make the in-memory client_key (blocks): it is never stored, logged or sent anywhere.
#pragma once

#include <string>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/fields.hpp>

namespace tillit::net {

class trusted_proxies {
public:
    // `addresses`: IPv4 or IPv6 addresses. Throws std::invalid_argument for one that is not.
    explicit trusted_proxies(const std::vector<std::string>& addresses);

    // The peer itself, unless it is a trusted proxy: then the nearest address in X-Forwarded-For
    // (read from the right, past further trusted proxies) that is not one. A header that does not
    // parse gives the peer: everyone behind that proxy is then one client, which is the safe side
    // for blocks. Thread-safe.
    [[nodiscard]] boost::asio::ip::address client_address(const boost::asio::ip::address& peer,
                                                          const boost::beast::http::fields& headers) const;

    [[nodiscard]] bool empty() const { return trusted_.empty(); }
    // Whether `address` is one of the trusted proxies. Thread-safe.
    [[nodiscard]] bool trusts(const boost::asio::ip::address& address) const;

private:

    std::vector<boost::asio::ip::address> trusted_;
};

// An IPv4-mapped IPv6 address (::ffff:a.b.c.d, a dual-stack listener's view of IPv4) as IPv4.
[[nodiscard]] boost::asio::ip::address unmapped(const boost::asio::ip::address& address);

} // namespace tillit::net
