// suppression: primary and secondary suppression, the audit, and the rounded total.
#include "stats/suppression.hpp"

#include <algorithm>

namespace tillit::stats {

bool is_protected(std::span<const std::int64_t> counts, std::span<const cell_shown> shown, std::int64_t threshold)
{
    if (counts.size() != shown.size()) return false;
    const std::int64_t k = threshold;
    // The smallest exact non-zero cell bounds every hidden cell from above.
    std::optional<std::int64_t> ceiling;
    for (std::size_t i = 0; i < counts.size(); ++i)
        if (shown[i] == cell_shown::exact && counts[i] > 0) ceiling = std::min(ceiling.value_or(counts[i]), counts[i]);

    // What the reader knows of the withheld cells: their sum (total minus the exact cells), and
    // for each a range. Sums of the ranges' ends:
    std::int64_t withheld = 0;
    std::int64_t lowest = 0;
    std::int64_t highest = 0;
    bool unbounded = false;
    bool any_small = false;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (shown[i] == cell_shown::small) {
            if (counts[i] < 1 || counts[i] >= k) return false;  // not what a small cell may be
            any_small = true;
            withheld += counts[i];
            lowest += 1;
            highest += k - 1;
        } else if (shown[i] == cell_shown::hidden) {
            if (counts[i] < k) return false;  // only whole-population hiding hides these (rule 3)
            withheld += counts[i];
            lowest += k;
            if (ceiling) highest += *ceiling;
            else unbounded = true;
        }
    }
    if (!any_small) return true;
    // One small cell's possible values: the rest of the withheld sum must fit the others' ranges.
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (shown[i] != cell_shown::small) continue;
        const std::int64_t others_lowest = lowest - 1;
        const std::int64_t low = unbounded ? 1 : std::max<std::int64_t>(1, withheld - (highest - (k - 1)));
        const std::int64_t high = std::min(k - 1, withheld - others_lowest);
        if (high - low < 1) return false;
    }
    return true;
}

std::optional<std::vector<cell_shown>> protect_table(std::span<const std::int64_t> counts, std::int64_t threshold)
{
    std::vector<cell_shown> shown(counts.size(), cell_shown::exact);
    bool any_small = false;
    for (std::size_t i = 0; i < counts.size(); ++i)
        if (counts[i] >= 1 && counts[i] < threshold) {
            shown[i] = cell_shown::small;
            any_small = true;
        }
    if (!any_small) return shown;
    while (!is_protected(counts, shown, threshold)) {
        // The smallest exact non-zero cell (the first of equals) goes next.
        std::optional<std::size_t> next;
        for (std::size_t i = 0; i < counts.size(); ++i)
            if (shown[i] == cell_shown::exact && counts[i] > 0 && (!next || counts[i] < counts[*next])) next = i;
        if (!next) return std::nullopt;
        shown[*next] = cell_shown::hidden;
    }
    return shown;
}

std::vector<std::vector<cell_shown>> protect_population(const std::vector<std::vector<std::int64_t>>& tables,
                                                        std::int64_t threshold)
{
    std::vector<std::vector<cell_shown>> out;
    out.reserve(tables.size());
    for (const auto& table : tables) {
        auto shown = protect_table(table, threshold);
        if (!shown) {
            // Rule 3: this population is too small to break down without giving someone away.
            out.clear();
            for (const auto& t : tables) out.emplace_back(t.size(), cell_shown::hidden);
            return out;
        }
        out.push_back(std::move(*shown));
    }
    return out;
}

std::string cell_text(std::int64_t count, cell_shown how, std::int64_t threshold)
{
    switch (how) {
    case cell_shown::exact: return std::to_string(count);
    case cell_shown::small: return "<" + std::to_string(threshold);
    case cell_shown::hidden: return "hidden";
    }
    return "hidden";
}

std::string total_text(std::int64_t total, std::int64_t threshold)
{
    if (total <= 0) return "0";
    if (total < threshold) return "<" + std::to_string(threshold);
    // Never 0 for a non-zero total (with a threshold under 5, 3 would round to 0).
    return std::to_string(std::max<std::int64_t>(10, (total + 5) / 10 * 10));
}

} // namespace tillit::stats
