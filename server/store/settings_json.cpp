// settings_json: parsing and writing the settings' canonical JSON (see settings_json.hpp).
#include "store/settings_json.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "store/settings_checks.hpp"

namespace tillit::store {
namespace {

namespace json = boost::json;

settings_error wrong_shape(std::string message) { return {settings_errc::wrong_shape, std::move(message)}; }

settings_result<json::value> parse_json(std::string_view text)
{
    boost::system::error_code ec;
    auto value = json::parse(text, ec);
    if (ec) return settings_error{settings_errc::not_json, "not valid JSON: " + ec.message()};
    return value;
}

const json::string* string_member(const json::object& o, std::string_view key)
{
    const auto* v = o.if_contains(key);
    return v != nullptr ? v->if_string() : nullptr;
}

} // namespace

settings_result<opening_hours> parse_opening_hours(std::string_view text)
{
    const auto value = parse_json(text);
    if (!value) return value.error();
    const auto* root = value->if_object();
    if (root == nullptr) return wrong_shape("opening hours must be a JSON object");
    const auto* tz = string_member(*root, "timezone");
    if (tz == nullptr) return wrong_shape("opening hours need a \"timezone\" string");
    const auto* days = root->if_contains("days");
    if (days == nullptr || !days->is_object()) return wrong_shape("opening hours need a \"days\" object");

    opening_hours hours;
    hours.timezone = std::string(*tz);
    for (const auto& [key, ranges] : days->get_object()) {
        const auto day = std::find(day_names.begin(), day_names.end(), std::string_view(key));
        if (day == day_names.end()) return wrong_shape("unknown day \"" + std::string(key) + "\"");
        const auto* list = ranges.if_array();
        if (list == nullptr) return wrong_shape(std::string(key) + ": must be an array of ranges");
        auto& out = hours.days[static_cast<std::size_t>(day - day_names.begin())];
        for (const auto& item : *list) {
            const auto* range = item.if_object();
            const auto* open = range != nullptr ? string_member(*range, "open") : nullptr;
            const auto* close = range != nullptr ? string_member(*range, "close") : nullptr;
            if (open == nullptr || close == nullptr)
                return wrong_shape(std::string(key) + ": each range needs \"open\" and \"close\" strings");
            const auto o = parse_time_of_day(*open, false);
            const auto c = parse_time_of_day(*close, true);
            if (!o || !c) return wrong_shape(std::string(key) + ": times must be HH:MM");
            out.push_back({*o, *c});
        }
        std::sort(out.begin(), out.end(), [](const time_range& a, const time_range& b) { return a.open_minute < b.open_minute; });
    }
    if (auto valid = validate(hours); !valid) return valid.error();
    return hours;
}

std::string format_opening_hours(const opening_hours& hours)
{
    json::object days;
    for (std::size_t d = 0; d < hours.days.size(); ++d) {
        json::array ranges;
        for (const auto& r : hours.days[d])
            ranges.push_back(json::object{{"open", format_time_of_day(r.open_minute)}, {"close", format_time_of_day(r.close_minute)}});
        days[day_names[d]] = std::move(ranges);
    }
    json::object root;
    root["timezone"] = hours.timezone;
    root["days"] = std::move(days);
    return json::serialize(root);
}

settings_result<std::vector<emergency_number>> parse_emergency_numbers(std::string_view text)
{
    const auto value = parse_json(text);
    if (!value) return value.error();
    const auto* list = value->if_array();
    if (list == nullptr) return wrong_shape("emergency numbers must be a JSON array");
    std::vector<emergency_number> numbers;
    for (const auto& item : *list) {
        const auto* o = item.if_object();
        const auto* label = o != nullptr ? string_member(*o, "label") : nullptr;
        const auto* number = o != nullptr ? string_member(*o, "number") : nullptr;
        if (label == nullptr || number == nullptr)
            return wrong_shape("each emergency number needs \"label\" and \"number\" strings");
        numbers.push_back({std::string(*label), std::string(*number)});
    }
    if (auto valid = validate(numbers); !valid) return valid.error();
    return numbers;
}

std::string format_emergency_numbers(const std::vector<emergency_number>& numbers)
{
    json::array list;
    for (const auto& n : numbers) list.push_back(json::object{{"label", n.label}, {"number", n.number}});
    return json::serialize(list);
}

settings_result<closed_texts> parse_closed_texts(std::string_view text)
{
    const auto value = parse_json(text);
    if (!value) return value.error();
    const auto* root = value->if_object();
    if (root == nullptr) return wrong_shape("closed texts must be a JSON object");
    closed_texts texts;
    for (const auto& [language, item] : *root) {
        const auto* s = item.if_string();
        if (s == nullptr) return wrong_shape("text for " + std::string(language) + " must be a string");
        texts[std::string(language)] = std::string(*s);
    }
    if (auto valid = validate(texts); !valid) return valid.error();
    return texts;
}

std::string format_closed_texts(const closed_texts& texts)
{
    json::object root;
    for (const auto& [language, text] : texts) root[language] = text;  // std::map: sorted by language
    return json::serialize(root);
}

} // namespace tillit::store
