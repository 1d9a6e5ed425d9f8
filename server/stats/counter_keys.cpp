// counter_keys: label strings and the bounded language.
#include "stats/counter_keys.hpp"

#include <algorithm>

namespace tillit::stats {

std::string bounded_language(std::string_view language, std::span<const std::string> served)
{
    const bool known = std::binary_search(served.begin(), served.end(), language,
                                          [](std::string_view a, std::string_view b) { return a < b; });
    return known ? std::string(language) : std::string(other_language);
}

std::string format_labels(std::initializer_list<std::pair<std::string_view, std::string_view>> labels)
{
    std::string out;
    for (const auto& [key, value] : labels) {
        if (!out.empty()) out += ',';
        out.append(key).append("=").append(value);
    }
    return out;
}

std::optional<std::string_view> label_value(std::string_view labels, std::string_view key)
{
    while (!labels.empty()) {
        const auto comma = labels.find(',');
        const auto pair = labels.substr(0, comma);
        if (const auto equals = pair.find('='); equals != std::string_view::npos && pair.substr(0, equals) == key)
            return pair.substr(equals + 1);
        if (comma == std::string_view::npos) break;
        labels.remove_prefix(comma + 1);
    }
    return std::nullopt;
}

} // namespace tillit::stats
