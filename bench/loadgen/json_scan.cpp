// Field lookup by pattern search: the messages are small and flat enough for it.
#include "json_scan.hpp"

namespace tillit::bench {

std::string_view string_field(std::string_view json, std::string_view key_pattern) {
    const auto start = json.find(key_pattern);
    if (start == std::string_view::npos) return {};
    const auto value = start + key_pattern.size();
    const auto end = json.find('"', value);
    if (end == std::string_view::npos) return {};
    return json.substr(value, end - value);
}

std::optional<std::uint64_t> int_field(std::string_view json, std::string_view key_pattern) {
    auto at = json.find(key_pattern);
    if (at == std::string_view::npos) return std::nullopt;
    at += key_pattern.size();
    std::uint64_t value = 0;
    bool any = false;
    while (at < json.size() && json[at] >= '0' && json[at] <= '9') {
        value = value * 10 + static_cast<std::uint64_t>(json[at] - '0');
        any = true;
        ++at;
    }
    return any ? std::optional<std::uint64_t>{value} : std::nullopt;
}

} // namespace tillit::bench
