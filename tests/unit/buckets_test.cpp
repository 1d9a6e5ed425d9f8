// Unit: the fixed histogram buckets (stats/buckets.hpp): where a duration falls, the labels the
// counters use, the ranges the report prints, and the percentile estimate from bucket counts.
#include "stats/buckets.hpp"

#include <gtest/gtest.h>

namespace tillit::stats {
namespace {

using namespace std::chrono_literals;

TEST(Buckets, ADurationFallsInTheFirstBucketWhoseBoundIsNotBelowIt)
{
    const std::span<const std::int64_t> wait = wait_bounds_seconds;
    EXPECT_EQ(bucket_index(wait, 0s), 0u);
    EXPECT_EQ(bucket_index(wait, -5s), 0u) << "a clock step backwards counts as no wait";
    EXPECT_EQ(bucket_index(wait, 30s), 0u) << "bounds are inclusive";
    EXPECT_EQ(bucket_index(wait, 30s + 1ns), 1u);
    EXPECT_EQ(bucket_index(wait, 119s), 2u);
    EXPECT_EQ(bucket_index(wait, 3600s), 7u);
    EXPECT_EQ(bucket_index(wait, 3600s + 1ms), 8u) << "+Inf";
    EXPECT_EQ(bucket_index(wait, 48h), wait.size());

    const std::span<const std::int64_t> length = length_bounds_seconds;
    EXPECT_EQ(bucket_index(length, 90s), 0u);
    EXPECT_EQ(bucket_index(length, 121s), 1u);
    EXPECT_EQ(bucket_index(length, 2h), length.size());
}

TEST(Buckets, LabelsAndRangesNameEveryBucket)
{
    const std::span<const std::int64_t> wait = wait_bounds_seconds;
    EXPECT_EQ(bucket_label(wait, 0), "30");
    EXPECT_EQ(bucket_label(wait, 7), "3600");
    EXPECT_EQ(bucket_label(wait, 8), "inf");
    for (std::size_t i = 0; i <= wait.size(); ++i) EXPECT_EQ(parse_bucket_label(wait, bucket_label(wait, i)), i);
    EXPECT_FALSE(parse_bucket_label(wait, "31"));
    EXPECT_FALSE(parse_bucket_label(wait, ""));

    std::vector<std::string> ranges;
    for (std::size_t i = 0; i <= wait.size(); ++i) ranges.push_back(bucket_range_text(wait, i));
    EXPECT_EQ(ranges, (std::vector<std::string>{"0-30s", "30s-1m", "1m-2m", "2m-5m", "5m-10m", "10m-20m", "20m-30m", "30m-60m", "60m+"}));
    EXPECT_EQ(bucket_range_text(length_bounds_seconds, 0), "0-2m");
    EXPECT_EQ(bucket_range_text(length_bounds_seconds, 6), "60m+");
}

TEST(Buckets, PercentilesAreEstimatedWithinTheirBucket)
{
    const std::span<const std::int64_t> wait = wait_bounds_seconds;
    EXPECT_FALSE(estimate_quantile(wait, std::vector<std::int64_t>(9, 0), 0.5)) << "no data, no estimate";
    EXPECT_FALSE(estimate_quantile(wait, std::vector<std::int64_t>(3, 1), 0.5)) << "sizes must match";

    // Ten waits of up to 30 s: the median is half-way into the first bucket.
    std::vector<std::int64_t> counts(9, 0);
    counts[0] = 10;
    EXPECT_DOUBLE_EQ(*estimate_quantile(wait, counts, 0.5), 15.0);
    EXPECT_DOUBLE_EQ(*estimate_quantile(wait, counts, 0.9), 27.0);

    // Five in 0-30 s, five in 2-5 min: the median is the end of the first, p90 at 4/5 of 2-5 min.
    counts[3] = 5;
    counts[0] = 5;
    EXPECT_DOUBLE_EQ(*estimate_quantile(wait, counts, 0.5), 30.0);
    EXPECT_DOUBLE_EQ(*estimate_quantile(wait, counts, 0.9), 120.0 + 180.0 * 4.0 / 5.0);

    // In the +Inf bucket: the last finite bound (an hour or more).
    std::vector<std::int64_t> long_waits(9, 0);
    long_waits[8] = 3;
    EXPECT_DOUBLE_EQ(*estimate_quantile(wait, long_waits, 0.5), 3600.0);
}

} // namespace
} // namespace tillit::stats
