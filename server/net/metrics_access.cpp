// metrics_access: loopback without proxy headers, or the bearer token.
#include "net/metrics_access.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace tillit::net {

namespace {

namespace http = boost::beast::http;

// Hashing both sides to the same length lets sodium_memcmp compare them in constant time
// whatever the length of what was sent.
std::array<unsigned char, 32> hash_of(std::string_view text)
{
    std::array<unsigned char, 32> out{};
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
    return out;
}

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

metrics_access::metrics_access(std::string_view token)
{
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    if (!token.empty()) token_hash_ = hash_of(token);
}

bool metrics_access::is_loopback(const boost::asio::ip::address& peer)
{
    if (peer.is_v6() && peer.to_v6().is_v4_mapped())
        return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, peer.to_v6()).is_loopback();
    return peer.is_loopback();
}

bool metrics_access::came_through_proxy(const http::fields& headers)
{
    return headers.find("X-Forwarded-For") != headers.end() || headers.find(http::field::forwarded) != headers.end() ||
           headers.find("X-Real-IP") != headers.end();
}

bool metrics_access::token_matches(std::string_view authorization) const
{
    if (!token_hash_) return false;
    constexpr std::string_view scheme = "Bearer";
    if (authorization.size() <= scheme.size() || !iequals(authorization.substr(0, scheme.size()), scheme) ||
        authorization[scheme.size()] != ' ')
        return false;
    auto presented = authorization.substr(scheme.size());
    while (!presented.empty() && presented.front() == ' ') presented.remove_prefix(1);
    while (!presented.empty() && presented.back() == ' ') presented.remove_suffix(1);
    const auto presented_hash = hash_of(presented);
    return sodium_memcmp(presented_hash.data(), token_hash_->data(), presented_hash.size()) == 0;
}

bool metrics_access::allows(const boost::asio::ip::address& peer, const http::fields& headers) const
{
    if (const auto authorization = headers.find(http::field::authorization); authorization != headers.end())
        if (token_matches(authorization->value())) return true;
    return is_loopback(peer) && !came_through_proxy(headers);
}

} // namespace tillit::net
