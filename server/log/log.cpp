// Structured log lines: {"time":"…Z","level":"info","event":"…",…} on standard error.
#include "log/log.hpp"

#include <atomic>
#include <chrono>
#include <ctime>
#include <string>

#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace tillit::log {

namespace {

std::atomic<level> minimum{level::info};

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

} // namespace

void set_min_level(level min) { minimum.store(min, std::memory_order_relaxed); }

void write(level lvl, std::string_view event, std::initializer_list<field> fields)
{
    if (lvl < minimum.load(std::memory_order_relaxed)) return;

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
    for (const auto& f : fields) {
        line += ',';
        append_quoted(line, f.key);
        line += ':';
        if (const auto* number = std::get_if<std::int64_t>(&f.value)) line += std::to_string(*number);
        else if (const auto* flag = std::get_if<bool>(&f.value)) line += *flag ? "true" : "false";
        else append_quoted(line, std::get<std::string_view>(f.value));
    }
    line += "}\n";
    // One write per line keeps lines whole when threads log at once; a failed log write is
    // nothing the server can act on.
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, line.data(), line.size());
}

} // namespace tillit::log
