// suppression: disclosure control for the report's tables, so that no count of fewer than
// `threshold` people (default 5) can be read or worked back out (docs/statistics.md, "Small
// counts"). Every table of one population (the chats ended, say, by lane, by language, by day …)
// sums to the same total, which a reader may know exactly from any table without hidden cells;
// so each table is protected on its own under that assumption:
//
//  1. primary: every count from 1 to threshold − 1 is shown as "<threshold" (0 stays 0);
//  2. secondary: while some small cell could still be pinned to one value from the table's
//     exact total, the smallest other non-zero cell is hidden too ("hidden"), and so on (with
//     exactly one small cell this always hides at least one more cell);
//  3. if even hiding every non-zero cell cannot protect a table, every cell of every table of
//     that population, zeros included, is hidden;
//  4. the population's total is shown rounded to a multiple of 10, or "<threshold" under it.
//
// Pure functions of their arguments: any thread. Counts are never negative.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tillit::stats {

// The thresholds an operator may choose (`report-min-count`, `tillit-admin report --min-count`):
// with 2, "<2" would say "exactly 1".
inline constexpr std::int64_t min_threshold = 3;
inline constexpr std::int64_t max_threshold = 1000;
inline constexpr std::int64_t default_threshold = 5;

enum class cell_shown {
    exact,   // shown as the number
    small,   // 1 to threshold − 1, shown as "<threshold"
    hidden,  // hidden to protect a small cell (secondary), or the whole population (rule 3)
};

// Whether a reader who sees `shown` and knows the table's exact total, that each small cell is
// 1 to threshold − 1, and that each hidden cell is at least `threshold` and at most the smallest
// exact non-zero cell (rule 2 hides the smallest first), still has at least two possible values
// for every small cell. A table without small cells is protected.
[[nodiscard]] bool is_protected(std::span<const std::int64_t> counts, std::span<const cell_shown> shown,
                                std::int64_t threshold);

// Rules 1 and 2 for one table; nullopt when the table cannot be protected (rule 3 applies).
[[nodiscard]] std::optional<std::vector<cell_shown>> protect_table(std::span<const std::int64_t> counts,
                                                                   std::int64_t threshold);

// Rules 1 to 3 for every table of one population, in the same order and shape as `tables`.
[[nodiscard]] std::vector<std::vector<cell_shown>> protect_population(const std::vector<std::vector<std::int64_t>>& tables,
                                                                      std::int64_t threshold);

// The text of one cell: "12", "<5" or "hidden".
[[nodiscard]] std::string cell_text(std::int64_t count, cell_shown how, std::int64_t threshold);

// Rule 4: "0", "<5" (1 to threshold − 1), else the nearest multiple of 10 (halves up), at least 10: 52 → "50".
[[nodiscard]] std::string total_text(std::int64_t total, std::int64_t threshold);

} // namespace tillit::stats
