// report_command: `tillit-admin report --from YYYY-MM-DD --to YYYY-MM-DD [--min-count N] [--output FILE]`.
#include "admin/report_command.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>

#include "stats/calendar.hpp"
#include "stats/report.hpp"
#include "stats/suppression.hpp"

namespace tillit::admin {
namespace {

namespace fs = std::filesystem;

std::int64_t checked_min_count(const std::string* text)
{
    if (text == nullptr) return stats::default_threshold;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < stats::min_threshold || value > stats::max_threshold)
        throw usage_error{"--min-count expects a whole number from " + std::to_string(stats::min_threshold) + " to " +
                          std::to_string(stats::max_threshold)};
    return value;
}

// Writes beside the target and renames, so that a reader never sees half a report.
void write_file(const fs::path& target, const std::string& text)
{
    const fs::path partial = target.string() + ".partial";
    {
        std::ofstream file(partial, std::ios::binary | std::ios::trunc);
        file << text;
        file.flush();
        if (!file) throw operation_error{"cannot write " + partial.string()};
    }
    std::error_code ec;
    fs::rename(partial, target, ec);
    if (ec) {
        fs::remove(partial, ec);
        throw operation_error{"cannot write " + target.string()};
    }
}

int report(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {"from", "to", "min-count", "output"}, {});
    expect_positionals(a, 0, "");
    const auto* from = a.option("from");
    const auto* to = a.option("to");
    if (from == nullptr || to == nullptr) throw usage_error{"report needs --from and --to (YYYY-MM-DD)"};
    const auto parsed = stats::parse_period(*from, *to);
    if (!parsed) throw usage_error{parsed.error().message()};
    const auto threshold = checked_min_count(a.option("min-count"));

    auto db = open_store(c);
    const auto file = stats::read_report(db, *parsed, threshold);
    if (const auto* output = a.option("output")) {
        if (output->empty()) throw usage_error{"--output is empty"};
        write_file(*output, file.csv);
        c.err << "wrote " << *output << "\n";
    } else {
        c.out << file.csv;
    }
    return 0;
}

constexpr command commands[] = {
    {"report", "", report, R"(usage: tillit-admin report --from YYYY-MM-DD --to YYYY-MM-DD [--min-count N] [--output FILE]

Writes the statistics report for the days from --from up to, not including, --to (days in the
time zone of the opening hours) as CSV: totals and tables by lane, language, age band, topic,
outcome and day, help-seekers who gave up waiting, closed-hours visits, waits and chat lengths.
Every count from 1 to N-1 is shown as "<N", further cells are "hidden" where a small one could
otherwise be worked out, and totals are rounded to tens (docs/statistics.md).
  --min-count  N, from 3 to 1000 (default 5)
  --output     write to FILE instead of standard output
Safe while tillit-server runs.
)"},
};

} // namespace

std::span<const command> report_commands() { return commands; }

} // namespace tillit::admin
