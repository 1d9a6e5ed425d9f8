// Unit: which address stands for a client behind the proxies of trusted-proxies.
#include <gtest/gtest.h>

#include <boost/beast/http/fields.hpp>

#include "net/trusted_proxies.hpp"

namespace tillit::test {
namespace {

using boost::asio::ip::make_address;
using net::trusted_proxies;

boost::beast::http::fields forwarded(std::initializer_list<std::string_view> values)
{
    boost::beast::http::fields headers;
    for (const auto v : values) headers.insert("X-Forwarded-For", v);
    return headers;
}

TEST(TrustedProxies, APeerThatIsNoTrustedProxyIsTheClientWhateverItSays)
{
    const trusted_proxies proxies({"10.0.0.1"});
    EXPECT_EQ(proxies.client_address(make_address("192.0.2.7"), forwarded({"203.0.113.77"})), make_address("192.0.2.7"));
    const trusted_proxies none({});
    EXPECT_TRUE(none.empty());
    EXPECT_EQ(none.client_address(make_address("10.0.0.1"), forwarded({"203.0.113.77"})), make_address("10.0.0.1"));
}

TEST(TrustedProxies, BehindATrustedProxyTheRightmostUntrustedHopIsTheClient)
{
    const trusted_proxies proxies({"10.0.0.1", "10.0.0.2"});
    const auto proxy = make_address("10.0.0.1");
    EXPECT_EQ(proxies.client_address(proxy, forwarded({"203.0.113.77"})), make_address("203.0.113.77"));
    // The client may put anything on the left; only what the proxies appended is believed.
    EXPECT_EQ(proxies.client_address(proxy, forwarded({"198.51.100.1, 203.0.113.77"})), make_address("203.0.113.77"));
    EXPECT_EQ(proxies.client_address(proxy, forwarded({"203.0.113.77, 10.0.0.2"})), make_address("203.0.113.77"));
    EXPECT_EQ(proxies.client_address(proxy, forwarded({"198.51.100.1", " 203.0.113.77 "})), make_address("203.0.113.77"));
    EXPECT_EQ(proxies.client_address(proxy, forwarded({"2001:db8::7"})), make_address("2001:db8::7"));
}

TEST(TrustedProxies, WhatDoesNotParseLeavesTheProxyAsTheClient)
{
    const trusted_proxies proxies({"10.0.0.1"});
    const auto proxy = make_address("10.0.0.1");
    for (const auto* value : {"", "unknown", "203.0.113.77:4711", "[2001:db8::7]", "203.0.113.77,", "999.1.1.1"})
        EXPECT_EQ(proxies.client_address(proxy, forwarded({value})), proxy) << value;
    EXPECT_EQ(proxies.client_address(proxy, {}), proxy) << "no header at all";
    EXPECT_EQ(proxies.client_address(proxy, forwarded({"10.0.0.1"})), proxy) << "only trusted hops";
}

TEST(TrustedProxies, MappedAddressesAreTheirIpv4Selves)
{
    const trusted_proxies proxies({"127.0.0.1"});
    EXPECT_EQ(proxies.client_address(make_address("::ffff:127.0.0.1"), forwarded({"::ffff:203.0.113.77"})),
              make_address("203.0.113.77"));
    EXPECT_THROW(trusted_proxies({"proxy.example.org"}), std::invalid_argument);
}

} // namespace
} // namespace tillit::test
