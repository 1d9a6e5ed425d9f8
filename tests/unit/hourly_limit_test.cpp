// hourly_limit: at most N letters (or wrong codes) per client in any hour, then a wait that says
// when the next is allowed.
#include "mailbox/hourly_limit.hpp"

#include <gtest/gtest.h>

namespace tillit::mailbox {
namespace {

const client_key one{1};
const client_key other{2};

TEST(HourlyLimit, OnePastTheLimitIsRefusedUntilTheOldestLeavesTheHour)
{
    hourly_limit limit(3);
    for (int i = 0; i < 3; ++i) {
        EXPECT_FALSE(limit.refusal(one, 1000 + i * 10).has_value());
        limit.count(one, 1000 + i * 10);
    }
    const auto wait = limit.refusal(one, 1100);
    ASSERT_TRUE(wait.has_value());
    EXPECT_EQ(*wait, 1000 + 3600 - 1100) << "the first event leaves the window then";
    EXPECT_FALSE(limit.refusal(one, 4600).has_value());
    EXPECT_FALSE(limit.refusal(other, 1100).has_value()) << "another client is not held up";
}

TEST(HourlyLimit, ZeroTurnsItOffAndQuietClientsAreForgotten)
{
    hourly_limit off(0);
    for (int i = 0; i < 100; ++i) off.count(one, 1000);
    EXPECT_FALSE(off.refusal(one, 1000).has_value());

    hourly_limit limit(2);
    limit.count(one, 1000);
    limit.count(other, 3000);
    limit.forget_quiet(4600);
    EXPECT_EQ(limit.clients(), 1u);
}

} // namespace
} // namespace tillit::mailbox
