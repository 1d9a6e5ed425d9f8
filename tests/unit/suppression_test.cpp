// Unit: the report's disclosure control (stats/suppression.hpp, docs/statistics.md "Small counts"):
// primary and secondary suppression, a reader who knows the exact total from another table, the
// whole-population fallback, and the rounded total. A brute-force "reader" works out every value
// a hidden cell could have from what is published, and the tests ask that a small cell always
// keeps at least two.
#include "stats/suppression.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <random>
#include <set>

namespace tillit::stats {
namespace {

constexpr std::int64_t k = 5;

std::vector<std::string> texts(const std::vector<std::int64_t>& counts, const std::vector<cell_shown>& shown)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < counts.size(); ++i) out.push_back(cell_text(counts[i], shown[i], k));
    return out;
}

// What a reader can work out of one published table when they know its exact total: for every
// cell not shown as a number, every value it could have. Their knowledge is the documented one:
// "<5" is 1 to 4, "hidden" is at least 5 and at most the smallest non-zero number shown (secondary
// cells are hidden smallest first; without any number shown, at most the total).
std::vector<std::set<std::int64_t>> reader_options(const std::vector<std::string>& published, std::int64_t total)
{
    std::int64_t shown_sum = 0;
    std::optional<std::int64_t> smallest_shown;
    std::vector<std::pair<std::int64_t, std::int64_t>> ranges;  // per withheld cell
    std::vector<std::size_t> where;
    for (std::size_t i = 0; i < published.size(); ++i) {
        if (published[i] == "<" + std::to_string(k)) {
            ranges.emplace_back(1, k - 1);
            where.push_back(i);
        } else if (published[i] == "hidden") {
            ranges.emplace_back(k, -1);  // upper end filled below
            where.push_back(i);
        } else {
            const std::int64_t v = std::stoll(published[i]);
            shown_sum += v;
            if (v > 0) smallest_shown = std::min(smallest_shown.value_or(v), v);
        }
    }
    for (auto& r : ranges)
        if (r.second < 0) r.second = smallest_shown.value_or(total);
    std::vector<std::set<std::int64_t>> options(published.size());
    std::vector<std::int64_t> values(ranges.size());
    const std::function<void(std::size_t, std::int64_t)> go = [&](std::size_t i, std::int64_t left) {
        if (i == ranges.size()) {
            if (left != 0) return;
            for (std::size_t j = 0; j < values.size(); ++j) options[where[j]].insert(values[j]);
            return;
        }
        if (i + 1 == ranges.size()) {  // the last one takes what is left, if it may
            if (left < ranges[i].first || left > ranges[i].second) return;
            values[i] = left;
            go(i + 1, 0);
            return;
        }
        for (auto v = ranges[i].first; v <= ranges[i].second && v <= left; ++v) {
            values[i] = v;
            go(i + 1, left - v);
        }
    };
    go(0, total - shown_sum);
    return options;
}

void expect_small_cells_keep_two_values(const std::vector<std::int64_t>& counts, const std::vector<cell_shown>& shown)
{
    std::int64_t total = 0;
    for (const auto c : counts) total += c;
    const auto published = texts(counts, shown);
    const auto options = reader_options(published, total);
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (shown[i] == cell_shown::exact) continue;
        EXPECT_TRUE(options[i].contains(counts[i])) << "the truth must stay possible, cell " << i;
        if (shown[i] == cell_shown::small) {
            EXPECT_GE(options[i].size(), 2u) << "cell " << i << " (" << counts[i] << ") is given away";
        }
    }
}

TEST(Suppression, SmallCountsAreShownBelowTheThresholdAndZeroStaysZero)
{
    const std::vector<std::int64_t> counts{0, 3, 12, 20, 4};
    const auto shown = protect_table(counts, k);
    ASSERT_TRUE(shown);
    const auto published = texts(counts, *shown);
    EXPECT_EQ(published[0], "0");
    EXPECT_EQ(published[1], "<5");
    EXPECT_EQ(published[4], "<5");
    EXPECT_EQ(published[3], "20");
    for (const auto& text : published) {
        EXPECT_NE(text, "3");
        EXPECT_NE(text, "4");
    }
    EXPECT_EQ(cell_text(7, cell_shown::small, 10), "<10") << "the threshold's own number";
}

TEST(Suppression, ATableWithoutSmallCountsIsShownWhole)
{
    const std::vector<std::int64_t> counts{0, 5, 12, 40};
    const auto shown = protect_table(counts, k);
    ASSERT_TRUE(shown);
    for (const auto s : *shown) EXPECT_EQ(s, cell_shown::exact);
}

// The case the rule exists for. Languages: sv 40, ar 3, other 12; the lane table (support 45,
// consultation 10) has no small cell and so gives the exact total, 55.
TEST(Suppression, ANaiveTotalWouldRevealTheHiddenCellButTheReportDoesNot)
{
    const std::vector<std::int64_t> lanes{45, 10};
    const std::vector<std::int64_t> languages{40, 3, 12};
    const auto lane_shown = protect_table(lanes, k);
    ASSERT_TRUE(lane_shown);
    std::int64_t total_from_lanes = 0;
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        ASSERT_EQ((*lane_shown)[i], cell_shown::exact);
        total_from_lanes += lanes[i];
    }
    EXPECT_EQ(total_from_lanes, 55);

    // Primary suppression alone: 55 - 40 - 12 = 3, the hidden cell is back.
    const std::vector<cell_shown> primary_only{cell_shown::exact, cell_shown::small, cell_shown::exact};
    EXPECT_FALSE(is_protected(languages, primary_only, k));
    EXPECT_EQ(reader_options(texts(languages, primary_only), total_from_lanes)[1], (std::set<std::int64_t>{3}));

    // The report: the smallest other non-zero cell goes too, and 3 is one of four possibilities.
    const auto shown = protect_table(languages, k);
    ASSERT_TRUE(shown);
    EXPECT_EQ(texts(languages, *shown), (std::vector<std::string>{"40", "<5", "hidden"}));
    EXPECT_EQ(reader_options(texts(languages, *shown), total_from_lanes)[1], (std::set<std::int64_t>{1, 2, 3, 4}));
    expect_small_cells_keep_two_values(languages, *shown);
    // The grand total is not printed as 55 either.
    EXPECT_EQ(total_text(55, k), "60");
}

TEST(Suppression, WithExactlyOneSmallCellAtLeastOneMoreIsHidden)
{
    for (const auto& counts : std::vector<std::vector<std::int64_t>>{{1, 30}, {4, 9, 17}, {2, 0, 100, 0}}) {
        const auto shown = protect_table(counts, k);
        ASSERT_TRUE(shown);
        EXPECT_GE(std::count(shown->begin(), shown->end(), cell_shown::hidden), 1) << counts.size();
        expect_small_cells_keep_two_values(counts, *shown);
    }
}

// Hiding only the smallest other cell is not enough when it ties with a cell still shown: the
// reader then knows the hidden one exactly (it is at least 5 and at most the 5 still shown), and
// with it the small one. The audit hides the tie too.
TEST(Suppression, ATieWithTheSecondaryCellIsHiddenToo)
{
    const std::vector<std::int64_t> counts{2, 5, 5, 30};
    const std::vector<cell_shown> brief_rule{cell_shown::small, cell_shown::hidden, cell_shown::exact, cell_shown::exact};
    EXPECT_FALSE(is_protected(counts, brief_rule, k));
    EXPECT_EQ(reader_options(texts(counts, brief_rule), 42)[0], (std::set<std::int64_t>{2}));
    const auto shown = protect_table(counts, k);
    ASSERT_TRUE(shown);
    EXPECT_EQ(texts(counts, *shown), (std::vector<std::string>{"<5", "hidden", "hidden", "30"}));
    expect_small_cells_keep_two_values(counts, *shown);
}

TEST(Suppression, TwoSmallCellsAtTheirLeastAreProtectedToo)
{
    // 1 + 1 = 2 with the total known would say both are 1.
    const std::vector<std::int64_t> counts{1, 1, 30};
    const auto shown = protect_table(counts, k);
    ASSERT_TRUE(shown);
    EXPECT_EQ((*shown)[2], cell_shown::hidden);
    expect_small_cells_keep_two_values(counts, *shown);
}

TEST(Suppression, APopulationThatCannotBeProtectedIsHiddenWhole)
{
    // 1 + 5 = 6: even with both hidden, a reader who knows 6 finds 1 (the other is at least 5).
    EXPECT_FALSE(protect_table(std::vector<std::int64_t>{1, 5}, k));
    const auto shown = protect_population({{6, 0}, {1, 5, 0}}, k);
    ASSERT_EQ(shown.size(), 2u);
    ASSERT_EQ(shown[1].size(), 3u);
    for (const auto& table : shown)
        for (const auto s : table) EXPECT_EQ(s, cell_shown::hidden) << "zeros included";
    EXPECT_EQ(cell_text(0, cell_shown::hidden, k), "hidden");
}

TEST(Suppression, TheTotalIsRoundedToTensOrShownBelowTheThreshold)
{
    EXPECT_EQ(total_text(0, k), "0");
    EXPECT_EQ(total_text(1, k), "<5");
    EXPECT_EQ(total_text(4, k), "<5");
    EXPECT_EQ(total_text(5, k), "10");
    EXPECT_EQ(total_text(14, k), "10");
    EXPECT_EQ(total_text(15, k), "20");
    EXPECT_EQ(total_text(52, k), "50");
    EXPECT_EQ(total_text(1234, k), "1230");
    EXPECT_EQ(total_text(3, 3), "10") << "never 0 for a non-zero total";
    EXPECT_EQ(total_text(19, 20), "<20");
}

// Many random tables: whatever the counts, every small cell keeps two possible values (or the
// table cannot be protected, and the population is hidden whole).
TEST(Suppression, RandomTablesNeverGiveASmallCellAway)
{
    std::mt19937 random(20261123);
    std::uniform_int_distribution<int> size(1, 5);
    std::uniform_int_distribution<int> pick(0, 9);
    int protected_tables = 0;
    for (int round = 0; round < 2000; ++round) {
        std::vector<std::int64_t> counts(static_cast<std::size_t>(size(random)));
        for (auto& c : counts) {
            const int p = pick(random);
            c = p < 2 ? 0 : p < 6 ? std::uniform_int_distribution<int>(1, 4)(random) : std::uniform_int_distribution<int>(5, 25)(random);
        }
        const auto shown = protect_table(counts, k);
        if (!shown) continue;
        ++protected_tables;
        ASSERT_TRUE(is_protected(counts, *shown, k));
        for (std::size_t i = 0; i < counts.size(); ++i) {
            if (counts[i] == 0) {
                EXPECT_EQ((*shown)[i], cell_shown::exact);
            } else if (counts[i] < k) {
                EXPECT_EQ((*shown)[i], cell_shown::small);
            }
        }
        expect_small_cells_keep_two_values(counts, *shown);
        if (HasFailure()) {
            std::string text;
            for (const auto c : counts) text += std::to_string(c) + " ";
            FAIL() << "counts: " << text;
        }
    }
    EXPECT_GT(protected_tables, 1500);
}

} // namespace
} // namespace tillit::stats
