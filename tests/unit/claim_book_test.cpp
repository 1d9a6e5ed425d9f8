// claim_book: one counsellor answers a thread at a time, for a few minutes, and a reply (or the
// time) frees it.
#include "mailbox/claim_book.hpp"

#include <gtest/gtest.h>

namespace tillit::mailbox {
namespace {

TEST(ClaimBook, TheFirstToOpenAThreadHoldsItAndTheSecondIsToldWho)
{
    claim_book claims(300);
    const auto first = claims.take("box", 1, "sam", 1000);
    EXPECT_EQ(first.account, 1);
    EXPECT_EQ(first.expires, 1300);
    const auto second = claims.take("box", 2, "lina", 1010);
    EXPECT_EQ(second.account, 1) << "Lina is told that Sam holds it";
    EXPECT_EQ(second.pseudonym, "sam");
    EXPECT_TRUE(claims.held_by("box", 1, 1010));
    EXPECT_FALSE(claims.held_by("box", 2, 1010));
}

TEST(ClaimBook, OpeningAgainRenewsTheHolderAndAnExpiredClaimGoesToTheNext)
{
    claim_book claims(300);
    claims.take("box", 1, "sam", 1000);
    EXPECT_EQ(claims.take("box", 1, "sam", 1200).expires, 1500) << "Sam reopening renews his hold";
    EXPECT_EQ(claims.take("box", 2, "lina", 1499).account, 1);
    EXPECT_EQ(claims.take("box", 2, "lina", 1500).account, 2) << "at its expiry the claim is free";
}

TEST(ClaimBook, OnlyTheHolderReleasesAndExpiryDropsOldClaims)
{
    claim_book claims(300);
    claims.take("a", 1, "sam", 1000);
    claims.take("b", 2, "lina", 1100);
    EXPECT_FALSE(claims.release("a", 2));
    EXPECT_TRUE(claims.release("a", 1));
    EXPECT_FALSE(claims.holder("a", 1001).has_value());
    EXPECT_FALSE(claims.expire(1399));
    EXPECT_TRUE(claims.expire(1400));
    EXPECT_FALSE(claims.holder("b", 1000).has_value());
}

} // namespace
} // namespace tillit::mailbox
