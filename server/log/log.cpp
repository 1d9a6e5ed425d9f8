// Structured log lines: {"time":"…Z","level":"info","event":"…",…} on standard error.
#include "log/log.hpp"

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <string>
#include <vector>

#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "log/repeat_limiter.hpp"

namespace tillit::log {

namespace {

std::atomic<level> minimum{level::info};

// Lines come from every strand: one lock around the limiter, held for a few comparisons.
std::mutex repeats_mutex;
repeat_limiter repeats(20, std::chrono::minutes(1));

constexpr std::string_view level_name(level l)
{
    switch (l) {
    case level::debug: return "debug";
    case level::info: return "info";
    case level::warn: return "warn";
    case level::error: return "error";
    }
    return "info";
}

void append_quoted(std::string& out, std::string_view text)
{
    out += boost::json::serialize(boost::json::string(text));
}

// {"time":…,"level":…,"event":… without the closing brace.
std::string line_start(level lvl, std::string_view event)
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char time_text[32];
    std::strftime(time_text, sizeof time_text, "%Y-%m-%dT%H:%M:%SZ", &utc);

    std::string line = "{\"time\":\"";
    line += time_text;
    line += "\",\"level\":\"";
    line += level_name(lvl);
    line += "\",\"event\":";
    append_quoted(line, event);
    return line;
}

// One write per line keeps lines whole when threads log at once; a failed log write is nothing
// the server can act on.
void emit(const std::string& line)
{
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, line.data(), line.size());
}

void emit_summaries(const std::vector<repeat_limiter::summary>& summaries)
{
    for (const auto& s : summaries) {
        auto line = line_start(s.level, s.event);
        line += ",\"suppressed\":" + std::to_string(s.suppressed);
        line += ",\"window_seconds\":" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(s.window).count());
        line += "}\n";
        emit(line);
    }
}

} // namespace

void set_min_level(level min) { minimum.store(min, std::memory_order_relaxed); }

void set_lines_per_event(unsigned lines_per_minute)
{
    const std::lock_guard lock(repeats_mutex);
    repeats.set_lines_per_window(lines_per_minute);
}

void flush_repeats()
{
    std::vector<repeat_limiter::summary> owed;
    {
        const std::lock_guard lock(repeats_mutex);
        owed = repeats.flush();
    }
    emit_summaries(owed);
}

void write(level lvl, std::string_view event, std::initializer_list<field> fields)
{
    if (lvl < minimum.load(std::memory_order_relaxed)) return;
    std::vector<repeat_limiter::summary> ended;
    bool admitted = false;
    {
        const std::lock_guard lock(repeats_mutex);
        const auto now = repeat_limiter::clock::now();
        ended = repeats.ended(now);  // first: a minute that is over is summarised before a new one starts
        admitted = repeats.admit(event, lvl, now);
    }
    emit_summaries(ended);
    if (!admitted) return;

    auto line = line_start(lvl, event);
    for (const auto& f : fields) {
        line += ',';
        append_quoted(line, f.key);
        line += ':';
        if (const auto* number = std::get_if<std::int64_t>(&f.value)) line += std::to_string(*number);
        else if (const auto* flag = std::get_if<bool>(&f.value)) line += *flag ? "true" : "false";
        else append_quoted(line, std::get<std::string_view>(f.value));
    }
    line += "}\n";
    emit(line);
}

} // namespace tillit::log
