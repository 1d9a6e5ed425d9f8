// Unit: which WebSocket upgrade requests may go on (path exactly /ws, an allowed Origin).
#include <gtest/gtest.h>

#include "net/upgrade_check.hpp"

namespace tillit::test {
namespace {

namespace http = boost::beast::http;
using net::upgrade_verdict;

http::request<http::string_body> upgrade(std::string_view target, std::string_view origin = {})
{
    http::request<http::string_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "chat.example.org");
    if (!origin.empty()) req.set(http::field::origin, origin);
    return req;
}

TEST(UpgradeCheck, OnlyExactlyTheWebSocketPath)
{
    const net::origin_policy same_origin({});
    EXPECT_EQ(net::check_upgrade(upgrade("/ws"), same_origin), upgrade_verdict::accept);
    for (const auto* target : {"/ws?token=abc", "/ws#x", "/ws/", "/WS", "/", "/ws;x", "//ws"})
        EXPECT_EQ(net::check_upgrade(upgrade(target), same_origin), upgrade_verdict::not_found) << target;
}

TEST(UpgradeCheck, AForeignOriginIsRefused)
{
    const net::origin_policy same_origin({});
    EXPECT_EQ(net::check_upgrade(upgrade("/ws", "https://chat.example.org"), same_origin), upgrade_verdict::accept);
    EXPECT_EQ(net::check_upgrade(upgrade("/ws", "https://evil.example"), same_origin), upgrade_verdict::foreign_origin);
    EXPECT_EQ(net::check_upgrade(upgrade("/ws?x", "https://evil.example"), same_origin), upgrade_verdict::not_found)
        << "the path is checked first";
}

} // namespace
} // namespace tillit::test
