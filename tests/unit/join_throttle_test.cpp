// Unit: join_throttle. A client may start a handful of queue entries per minute; past that it is
// told how long to wait, others are not affected, and a quiet client is forgotten.
#include "chat/join_throttle.hpp"

#include <gtest/gtest.h>

namespace tillit::chat {
namespace {

using namespace std::chrono_literals;

client_key key_of(unsigned char which)
{
    client_key key{};
    key[0] = which;
    return key;
}

TEST(JoinThrottle, APersonJoiningAFewTimesIsNeverStopped)
{
    join_throttle throttle(3);
    const auto start = clock::now();
    for (int i = 0; i < 3; ++i) EXPECT_FALSE(throttle.admit(key_of(1), start + i * 10s).has_value()) << "join " << i;
}

TEST(JoinThrottle, PastTheLimitTheClientIsToldHowLongToWaitAndThatWaitIsEnough)
{
    join_throttle throttle(3);
    const auto start = clock::now();
    for (int i = 0; i < 3; ++i) ASSERT_FALSE(throttle.admit(key_of(1), start + i * 1s));
    const auto refused = throttle.admit(key_of(1), start + 10s);
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(*refused, 50s) << "until the first join leaves the minute";
    EXPECT_TRUE(throttle.admit(key_of(1), start + 59s).has_value()) << "a refusal is not counted, and a minute is a minute";
    EXPECT_FALSE(throttle.admit(key_of(1), start + 60s).has_value()) << "once the wait is over";
}

TEST(JoinThrottle, OneClientsFloodLeavesOthersFree)
{
    join_throttle throttle(2);
    const auto now = clock::now();
    for (int i = 0; i < 100; ++i) throttle.admit(key_of(1), now);
    EXPECT_FALSE(throttle.admit(key_of(2), now).has_value());
    EXPECT_FALSE(throttle.admit(key_of(2), now).has_value());
}

TEST(JoinThrottle, ARefusalIsAtLeastASecond)
{
    join_throttle throttle(1);
    const auto start = clock::now();
    ASSERT_FALSE(throttle.admit(key_of(1), start));
    EXPECT_EQ(throttle.admit(key_of(1), start + 59s + 999ms), 1s);
}

TEST(JoinThrottle, ZeroMeansNoLimit)
{
    join_throttle throttle(0);
    for (int i = 0; i < 1000; ++i) ASSERT_FALSE(throttle.admit(key_of(1), clock::now()));
    EXPECT_EQ(throttle.clients(), 0u) << "nothing is kept when there is no limit";
}

TEST(JoinThrottle, AQuietClientIsForgotten)
{
    join_throttle throttle(5);
    const auto start = clock::now();
    throttle.admit(key_of(1), start);
    throttle.admit(key_of(2), start + 30s);
    throttle.forget_quiet(start + 61s);
    EXPECT_EQ(throttle.clients(), 1u);
    throttle.forget_quiet(start + 91s);
    EXPECT_EQ(throttle.clients(), 0u);
}

} // namespace
} // namespace tillit::chat
