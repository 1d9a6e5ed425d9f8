// trusted_proxies: X-Forwarded-For read from the right.
#include "net/trusted_proxies.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace tillit::net {

namespace asio = boost::asio;

namespace {

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<asio::ip::address> parse_address(std::string_view text)
{
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(std::string(text), ec);
    if (ec) return std::nullopt;
    return unmapped(address);
}

} // namespace

asio::ip::address unmapped(const asio::ip::address& address)
{
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
    return address;
}

trusted_proxies::trusted_proxies(const std::vector<std::string>& addresses)
{
    for (const auto& text : addresses) {
        const auto address = parse_address(trimmed(text));
        if (!address) throw std::invalid_argument("not an IP address: " + text);
        trusted_.push_back(*address);
    }
}

bool trusted_proxies::trusts(const asio::ip::address& address) const
{
    return std::find(trusted_.begin(), trusted_.end(), unmapped(address)) != trusted_.end();
}

asio::ip::address trusted_proxies::client_address(const asio::ip::address& peer,
                                                  const boost::beast::http::fields& headers) const
{
    if (!trusts(peer)) return peer;
    // Several headers count as one list, in order (RFC 9110, 5.3).
    std::vector<std::string_view> hops;
    for (auto [field, end] = headers.equal_range("X-Forwarded-For"); field != end; ++field) {
        std::string_view list = field->value();
        for (;;) {
            const auto comma = list.find(',');
            hops.push_back(trimmed(list.substr(0, comma)));
            if (comma == std::string_view::npos) break;
            list.remove_prefix(comma + 1);
        }
    }
    // Each proxy appends the address it saw: the rightmost hop that no trusted proxy added is the client.
    for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
        const auto address = parse_address(*hop);
        if (!address) return peer;
        if (!trusts(*address)) return *address;
    }
    return peer;
}

} // namespace tillit::net
