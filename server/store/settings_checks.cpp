// settings_checks: validation of the operator's settings and their pieces (see settings_checks.hpp).
#include "store/settings_checks.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace tillit::store {
namespace {

constexpr int minutes_per_day = 24 * 60;
constexpr std::string_view zoneinfo_dir = "/usr/share/zoneinfo/";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Strict UTF-8 (no overlongs, no surrogates): text goes into JSON and onto web pages.
bool is_valid_utf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra = 0;
        unsigned min = 0;
        unsigned cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            extra = 1;
            min = 0x80;
            cp = c & 0x1fu;
        } else if ((c & 0xf0) == 0xe0) {
            extra = 2;
            min = 0x800;
            cp = c & 0x0fu;
        } else if ((c & 0xf8) == 0xf0) {
            extra = 3;
            min = 0x10000;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (i + extra >= s.size()) return false;  // truncated sequence
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3fu);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
        i += extra + 1;
    }
    return true;
}

// Control characters have no place in a label or number; texts may hold line breaks.
bool has_control(std::string_view s, bool allow_newline)
{
    return std::any_of(s.begin(), s.end(), [&](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        if (allow_newline && c == '\n') return false;
        return c < 0x20 || c == 0x7f;
    });
}

settings_error invalid(std::string message) { return {settings_errc::invalid_value, std::move(message)}; }

settings_result<void> check_text(std::string_view what, std::string_view text, std::size_t max_bytes, bool allow_newline)
{
    const std::string name(what);
    if (text.empty()) return invalid(name + " is empty");
    if (text.size() > max_bytes) return invalid(name + " is longer than " + std::to_string(max_bytes) + " bytes");
    if (!is_valid_utf8(text)) return invalid(name + " is not valid UTF-8");
    if (has_control(text, allow_newline)) return invalid(name + " contains control characters");
    return {};
}

std::string format_range(const time_range& r)
{
    return format_time_of_day(r.open_minute) + "-" + format_time_of_day(r.close_minute);
}

} // namespace

std::optional<int> parse_time_of_day(std::string_view text, bool allow_midnight_end)
{
    if (text.size() != 5 || text[2] != ':' || !is_digit(text[0]) || !is_digit(text[1]) || !is_digit(text[3]) ||
        !is_digit(text[4]))
        return std::nullopt;
    const int hour = (text[0] - '0') * 10 + (text[1] - '0');
    const int minute = (text[3] - '0') * 10 + (text[4] - '0');
    if (minute > 59) return std::nullopt;
    if (hour == 24 && minute == 0 && allow_midnight_end) return minutes_per_day;
    if (hour > 23) return std::nullopt;
    return hour * 60 + minute;
}

std::string format_time_of_day(int minute)
{
    const int h = minute / 60;
    const int m = minute % 60;
    std::string out(5, ':');
    out[0] = static_cast<char>('0' + h / 10);
    out[1] = static_cast<char>('0' + h % 10);
    out[3] = static_cast<char>('0' + m / 10);
    out[4] = static_cast<char>('0' + m % 10);
    return out;
}

settings_result<std::vector<time_range>> parse_day_ranges(std::string_view text)
{
    if (text == "closed") return std::vector<time_range>{};
    if (text.empty()) return invalid("no hours given (use HH:MM-HH:MM or \"closed\")");
    std::vector<time_range> ranges;
    while (true) {
        const auto comma = text.find(',');
        const auto item = text.substr(0, comma);
        const auto dash = item.find('-');
        if (dash == std::string_view::npos)
            return invalid("\"" + std::string(item) + "\" is not HH:MM-HH:MM");
        const auto open = parse_time_of_day(item.substr(0, dash), false);
        const auto close = parse_time_of_day(item.substr(dash + 1), true);
        if (!open || !close)
            return invalid("\"" + std::string(item) + "\" is not HH:MM-HH:MM (00:00 to 24:00)");
        if (ranges.size() == max_ranges_per_day)
            return invalid("more than " + std::to_string(max_ranges_per_day) + " ranges in one day");
        ranges.push_back({*open, *close});
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    std::sort(ranges.begin(), ranges.end(), [](const time_range& a, const time_range& b) { return a.open_minute < b.open_minute; });
    if (auto valid = validate_day(ranges); !valid) return valid.error();
    return ranges;
}

std::string format_day_ranges(const std::vector<time_range>& ranges)
{
    if (ranges.empty()) return "closed";
    std::string out;
    for (const auto& r : ranges) {
        if (!out.empty()) out += ',';
        out += format_range(r);
    }
    return out;
}

settings_result<void> check_timezone(std::string_view name)
{
    const std::string quoted = "\"" + std::string(name) + "\"";
    if (name.empty() || name.size() > 64) return invalid("time zone name must be 1 to 64 characters");
    // The name becomes a path: refuse anything that could leave zoneinfo.
    if (name.find("..") != std::string_view::npos || name.front() == '/')
        return invalid("time zone " + quoted + " is not a valid name");
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '/' || c == '_' ||
                        c == '-' || c == '+';
        if (!ok) return invalid("time zone " + quoted + " is not a valid name");
    }
    const std::filesystem::path path = std::string(zoneinfo_dir) + std::string(name);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return invalid("unknown time zone " + quoted + " (not in /usr/share/zoneinfo)");
    std::ifstream file(path, std::ios::binary);
    char magic[4] = {};
    if (!file.read(magic, sizeof magic) || std::string_view(magic, sizeof magic) != "TZif")
        return invalid("unknown time zone " + quoted + " (not a time zone file)");
    return {};
}

bool is_language_code(std::string_view code)
{
    return code.size() >= 2 && code.size() <= 3 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

settings_result<void> validate_day(const std::vector<time_range>& ranges)
{
    if (ranges.size() > max_ranges_per_day) return invalid("more than " + std::to_string(max_ranges_per_day) + " ranges in one day");
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        const auto& r = ranges[i];
        if (r.open_minute < 0 || r.open_minute >= minutes_per_day || r.close_minute > minutes_per_day)
            return invalid("range out of the day (00:00 to 24:00)");
        if (r.open_minute >= r.close_minute) return invalid(format_range(r) + ": opening must be before closing");
        // Ranges are kept sorted by opening; touching ranges (12:00-13:00,13:00-14:00) are fine.
        if (i > 0) {
            const auto& previous = ranges[i - 1];
            if (r.open_minute < previous.open_minute) return invalid("ranges are not in order");
            if (r.open_minute < previous.close_minute) return invalid(format_range(previous) + " overlaps " + format_range(r));
        }
    }
    return {};
}

settings_result<void> validate(const opening_hours& hours)
{
    if (auto zone = check_timezone(hours.timezone); !zone) return zone.error();
    for (std::size_t d = 0; d < hours.days.size(); ++d)
        if (auto day = validate_day(hours.days[d]); !day) return invalid(std::string(day_names[d]) + ": " + day.error().message);
    return {};
}

settings_result<void> validate(const std::vector<emergency_number>& numbers)
{
    if (numbers.empty()) return invalid("at least one emergency number is needed");
    if (numbers.size() > max_emergency_numbers)
        return invalid("more than " + std::to_string(max_emergency_numbers) + " emergency numbers");
    for (const auto& n : numbers) {
        if (auto label = check_text("label", n.label, max_label_bytes, false); !label) return label.error();
        if (auto number = check_text("number", n.number, max_number_bytes, false); !number)
            return invalid(number.error().message + " (label \"" + n.label + "\")");
        const bool ok = std::all_of(n.number.begin(), n.number.end(), [](char c) {
            return is_digit(c) || c == ' ' || c == '-' || c == '+' || c == '(' || c == ')';
        });
        if (!ok || std::none_of(n.number.begin(), n.number.end(), is_digit))
            return invalid("number \"" + n.number + "\" may hold only digits, spaces, + - ( )");
    }
    return {};
}

settings_result<void> validate(const closed_texts& texts)
{
    if (texts.size() > max_closed_texts) return invalid("more than " + std::to_string(max_closed_texts) + " languages");
    for (const auto& [language, text] : texts) {
        if (!is_language_code(language)) return invalid("\"" + language + "\" is not a language code (2-3 lowercase letters)");
        if (auto checked = check_text("text for " + language, text, max_closed_text_bytes, true); !checked) return checked.error();
    }
    return {};
}

} // namespace tillit::store
