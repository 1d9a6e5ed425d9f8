// Unit: failed-login throttling with a controlled clock.
#include "auth/login_throttle.hpp"

#include <gtest/gtest.h>

namespace tillit::auth {
namespace {

using namespace std::chrono_literals;
const auto t0 = login_throttle::clock::time_point{} + 1000h;

TEST(LoginThrottle, LocksAfterTheLimitAndDoublesTheLockout)
{
    login_throttle throttle(3, 60s);
    throttle.record_failure("anna", t0);
    throttle.record_failure("anna", t0);
    EXPECT_FALSE(throttle.locked_for("anna", t0));
    throttle.record_failure("anna", t0);
    EXPECT_EQ(throttle.locked_for("anna", t0), 60s);
    EXPECT_EQ(throttle.locked_for("anna", t0 + 59s), 1s);
    EXPECT_FALSE(throttle.locked_for("anna", t0 + 60s));
    throttle.record_failure("anna", t0 + 61s);
    EXPECT_EQ(throttle.locked_for("anna", t0 + 61s), 120s);
    EXPECT_FALSE(throttle.locked_for("berit", t0 + 61s)) << "other accounts are not affected";
}

TEST(LoginThrottle, SuccessClearsTheCount)
{
    login_throttle throttle(3, 60s);
    throttle.record_failure("anna", t0);
    throttle.record_failure("anna", t0);
    throttle.record_success("anna");
    throttle.record_failure("anna", t0);
    throttle.record_failure("anna", t0);
    EXPECT_FALSE(throttle.locked_for("anna", t0));
}

TEST(LoginThrottle, LockoutIsCappedAtADay)
{
    login_throttle throttle(1, 3600s);
    for (int i = 0; i < 40; ++i) throttle.record_failure("anna", t0);
    EXPECT_EQ(throttle.locked_for("anna", t0), 86400s);
}

TEST(LoginThrottle, AFloodOfNamesDoesNotEvictALockedAccount)
{
    login_throttle throttle(2, 60s, 100);
    throttle.record_failure("anna", t0);
    throttle.record_failure("anna", t0);
    for (int i = 0; i < 1000; ++i) throttle.record_failure("made-up-" + std::to_string(i), t0 + 1s);
    EXPECT_TRUE(throttle.locked_for("anna", t0 + 2s));
}

} // namespace
} // namespace tillit::auth
