// client_key: a stand-in for "the same client" that lets the server refuse a blocked client for a
// while without ever holding its address: a keyed hash of the address under a key made fresh in
// memory at every start. It lives only in memory, is never logged, and means nothing after a
// restart. An IPv6 address stands for its /64 (one host or household), an IPv4 address for itself.
#pragma once

#include <array>

#include <boost/asio/ip/address.hpp>

namespace tillit::net {

using client_key = std::array<unsigned char, 16>;

// Thread-safe.
[[nodiscard]] client_key make_client_key(const boost::asio::ip::address& address);

} // namespace tillit::net
