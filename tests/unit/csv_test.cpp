// Unit: RFC 4180 quoting (stats/csv.hpp).
#include "stats/csv.hpp"

#include <gtest/gtest.h>

namespace tillit::stats {
namespace {

TEST(Csv, FieldsAreQuotedOnlyWhenTheyMustBe)
{
    EXPECT_EQ(csv_field("support"), "support");
    EXPECT_EQ(csv_field("<5"), "<5");
    EXPECT_EQ(csv_field(""), "");
    EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
}

TEST(Csv, RecordsEndWithCrLf)
{
    std::string out;
    append_csv_record(out, {"dimension", "value", "count"});
    append_csv_record(out, {"language", "x,y", "<5"});
    EXPECT_EQ(out, "dimension,value,count\r\nlanguage,\"x,y\",<5\r\n");
}

} // namespace
} // namespace tillit::stats
