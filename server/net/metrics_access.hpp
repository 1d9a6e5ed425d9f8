// metrics_access: who may read /metrics. A peer on a loopback address whose request carries no
// proxy header (X-Forwarded-For, Forwarded, X-Real-IP: a request that has them came through a
// proxy, from anywhere), or anyone with `Authorization: Bearer <metrics-token>` when a token is
// configured, compared in constant time. Everyone else gets the same 404 as for a missing file,
// so the endpoint's existence is not revealed. Immutable after construction: any thread.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/fields.hpp>

namespace tillit::net {

class metrics_access {
public:
    // `token` empty: token access is off. Keeps only a hash of it. Throws std::runtime_error when
    // libsodium cannot start.
    explicit metrics_access(std::string_view token);

    // Whether a request from `peer` with these headers may read /metrics.
    [[nodiscard]] bool allows(const boost::asio::ip::address& peer, const boost::beast::http::fields& headers) const;

    // A loopback address, also as an IPv4-mapped IPv6 address (::ffff:127.0.0.1).
    [[nodiscard]] static bool is_loopback(const boost::asio::ip::address& peer);
    // Whether the request names a client behind a proxy.
    [[nodiscard]] static bool came_through_proxy(const boost::beast::http::fields& headers);

private:
    [[nodiscard]] bool token_matches(std::string_view authorization) const;

    std::optional<std::array<unsigned char, 32>> token_hash_;
};

} // namespace tillit::net
