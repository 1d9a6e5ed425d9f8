// Unit: the statistics' label strings and the bounded language (stats/counter_keys.hpp).
#include "stats/counter_keys.hpp"

#include <gtest/gtest.h>

namespace tillit::stats {
namespace {

TEST(CounterKeys, ALanguageNoCounsellorServesIsCountedAsOther)
{
    const std::vector<std::string> served{"ar", "en", "sv"};
    EXPECT_EQ(bounded_language("sv", served), "sv");
    EXPECT_EQ(bounded_language("ar", served), "ar");
    EXPECT_EQ(bounded_language("fi", served), "other");
    EXPECT_EQ(bounded_language("zzz", served), "other");
    EXPECT_EQ(bounded_language("sv", {}), "other") << "nobody serves anything yet";
}

TEST(CounterKeys, LabelsAreWrittenInOrderAndReadBack)
{
    const auto labels = format_labels({{"lane", "support"}, {"language", "sv"}, {"bucket", "inf"}});
    EXPECT_EQ(labels, "lane=support,language=sv,bucket=inf");
    EXPECT_EQ(label_value(labels, "lane"), "support");
    EXPECT_EQ(label_value(labels, "language"), "sv");
    EXPECT_EQ(label_value(labels, "bucket"), "inf");
    EXPECT_FALSE(label_value(labels, "lan"));
    EXPECT_FALSE(label_value(labels, "topic"));
    EXPECT_FALSE(label_value("", "lane"));
}

} // namespace
} // namespace tillit::stats
