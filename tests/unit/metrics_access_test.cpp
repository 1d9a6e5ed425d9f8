// Unit: who may read /metrics (net/metrics_access.hpp): loopback without proxy headers, or the
// bearer token (from anywhere); nobody else, whatever they send.
#include "net/metrics_access.hpp"

#include <gtest/gtest.h>

namespace tillit::net {
namespace {

namespace http = boost::beast::http;
using boost::asio::ip::make_address;

http::fields headers(std::initializer_list<std::pair<std::string, std::string>> list)
{
    http::fields out;
    for (const auto& [name, value] : list) out.insert(name, value);
    return out;
}

TEST(MetricsAccess, LoopbackWithoutProxyHeadersIsLetIn)
{
    const metrics_access gate("");
    for (const auto* address : {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"})
        EXPECT_TRUE(gate.allows(make_address(address), {})) << address;
}

TEST(MetricsAccess, ARequestThatCameThroughAProxyIsNotLocal)
{
    const metrics_access gate("");
    for (const auto* header : {"X-Forwarded-For", "x-forwarded-for", "Forwarded", "X-Real-IP"})
        EXPECT_FALSE(gate.allows(make_address("127.0.0.1"), headers({{header, "203.0.113.9"}}))) << header;
    EXPECT_FALSE(gate.allows(make_address("127.0.0.1"), headers({{"X-Forwarded-For", ""}}))) << "even empty";
}

TEST(MetricsAccess, OtherAddressesNeedTheToken)
{
    const metrics_access no_token("");
    const metrics_access with_token("a-long-enough-metrics-token");
    for (const auto* address : {"192.0.2.7", "10.0.0.1", "::ffff:192.0.2.7", "2001:db8::1", "0.0.0.0"}) {
        EXPECT_FALSE(no_token.allows(make_address(address), {})) << address;
        EXPECT_FALSE(no_token.allows(make_address(address), headers({{"Authorization", "Bearer "}}))) << address;
        EXPECT_FALSE(with_token.allows(make_address(address), {})) << address;
        EXPECT_TRUE(with_token.allows(make_address(address), headers({{"Authorization", "Bearer a-long-enough-metrics-token"}})))
            << address;
        EXPECT_TRUE(with_token.allows(make_address(address), headers({{"Authorization", "bearer a-long-enough-metrics-token"}})))
            << "the scheme is case-insensitive";
        for (const auto* wrong : {"Bearer a-long-enough-metrics-toke", "Bearer a-long-enough-metrics-token2", "Bearer",
                                  "Basic a-long-enough-metrics-token", "a-long-enough-metrics-token",
                                  "Bearer A-LONG-ENOUGH-METRICS-TOKEN"})
            EXPECT_FALSE(with_token.allows(make_address(address), headers({{"Authorization", wrong}}))) << wrong;
    }
    // Through a proxy from anywhere, the token still works.
    EXPECT_TRUE(with_token.allows(make_address("127.0.0.1"), headers({{"X-Forwarded-For", "203.0.113.9"},
                                                                       {"Authorization", "Bearer a-long-enough-metrics-token"}})));
}

} // namespace
} // namespace tillit::net
