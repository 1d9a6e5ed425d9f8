// Unit: which Origins may open a WebSocket.
#include "net/origin_policy.hpp"

#include <gtest/gtest.h>

namespace tillit::net {
namespace {

TEST(OriginPolicy, SameOriginByDefault)
{
    const origin_policy policy({});
    EXPECT_TRUE(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
    EXPECT_TRUE(policy.allows("https://Chat.Example.org", "chat.example.org"));
    EXPECT_FALSE(policy.allows("http://127.0.0.1:8081", "127.0.0.1:8080"));
    EXPECT_FALSE(policy.allows("https://evil.example", "chat.example.org"));
    EXPECT_FALSE(policy.allows("null", "chat.example.org"));
    EXPECT_FALSE(policy.allows("ftp://chat.example.org", "chat.example.org"));
    EXPECT_FALSE(policy.allows("https://chat.example.org", ""));
}

TEST(OriginPolicy, AllowListReplacesSameOrigin)
{
    const origin_policy policy({"https://chat.example.org"});
    EXPECT_TRUE(policy.allows("https://chat.example.org", "127.0.0.1:8080"));
    EXPECT_FALSE(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
    EXPECT_FALSE(policy.allows("https://chat.example.org.evil.example", "127.0.0.1:8080"));
}

TEST(OriginPolicy, WithTlsInTheServerSameOriginIsHttpsOnly)
{
    const origin_policy policy({}, true);
    EXPECT_TRUE(policy.allows("https://chat.example.org", "chat.example.org"));
    EXPECT_FALSE(policy.allows("http://chat.example.org", "chat.example.org")) << "a plain-HTTP page is another origin";
}

TEST(OriginPolicy, NoOriginIsNotABrowserAndIsAllowed)
{
    EXPECT_TRUE(origin_policy({}).allows("", "127.0.0.1:8080"));
}

} // namespace
} // namespace tillit::net
