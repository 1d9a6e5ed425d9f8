// chat_types: parsing and validation of the entry page's choices.
#include "chat/chat_types.hpp"

#include <algorithm>
#include <array>

namespace tillit::chat {

std::string_view to_string(lane l) { return l == lane::support ? "support" : "consultation"; }

std::string_view to_string(closed_reason r) { return r == closed_reason::outside_hours ? "outside_hours" : "no_counsellor"; }

std::optional<lane> parse_lane(std::string_view text)
{
    if (text == "support") return lane::support;
    if (text == "consultation") return lane::consultation;
    return std::nullopt;
}

bool valid_language(std::string_view code)
{
    return (code.size() == 2 || code.size() == 3) &&
           std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool valid_age_band(std::string_view band)
{
    static constexpr std::array<std::string_view, 5> bands = {"under-13", "13-17", "18-25", "26-64", "65+"};
    return std::find(bands.begin(), bands.end(), band) != bands.end();
}

bool valid_topic(std::string_view topic)
{
    static constexpr std::array<std::string_view, 5> topics = {"honour", "forced-marriage", "fgm", "relationship", "other"};
    return std::find(topics.begin(), topics.end(), topic) != topics.end();
}

} // namespace tillit::chat
