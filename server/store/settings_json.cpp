// settings_json: parsing and writing the settings' canonical JSON (see settings_json.hpp).
#include "store/settings_json.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "store/settings_checks.hpp"

namespace tillit::store {
namespace {

namespace json = boost::json;

std::optional<json::value> parse_json(std::string_view text, std::string& error)
{
    boost::system::error_code ec;
    auto value = json::parse(text, ec);
    if (ec) {
        error = "not valid JSON: " + ec.message();
        return std::nullopt;
    }
    return value;
}

const json::string* string_member(const json::object& o, std::string_view key)
{
    const auto* v = o.if_contains(key);
    return v != nullptr ? v->if_string() : nullptr;
}

} // namespace

parse_result<opening_hours> parse_opening_hours(std::string_view text)
{
    using result = parse_result<opening_hours>;
    std::string error;
    const auto value = parse_json(text, error);
    if (!value) return result::failure(error);
    const auto* root = value->if_object();
    if (root == nullptr) return result::failure("opening hours must be a JSON object");
    const auto* tz = string_member(*root, "timezone");
    if (tz == nullptr) return result::failure("opening hours need a \"timezone\" string");
    const auto* days = root->if_contains("days");
    if (days == nullptr || !days->is_object()) return result::failure("opening hours need a \"days\" object");

    opening_hours hours;
    hours.timezone = std::string(*tz);
    for (const auto& [key, ranges] : days->get_object()) {
        const auto day = std::find(day_names.begin(), day_names.end(), std::string_view(key));
        if (day == day_names.end()) return result::failure("unknown day \"" + std::string(key) + "\"");
        const auto* list = ranges.if_array();
        if (list == nullptr) return result::failure(std::string(key) + ": must be an array of ranges");
        auto& out = hours.days[static_cast<std::size_t>(day - day_names.begin())];
        for (const auto& item : *list) {
            const auto* range = item.if_object();
            const auto* open = range != nullptr ? string_member(*range, "open") : nullptr;
            const auto* close = range != nullptr ? string_member(*range, "close") : nullptr;
            if (open == nullptr || close == nullptr)
                return result::failure(std::string(key) + ": each range needs \"open\" and \"close\" strings");
            const auto o = parse_time_of_day(*open, false);
            const auto c = parse_time_of_day(*close, true);
            if (!o || !c) return result::failure(std::string(key) + ": times must be HH:MM");
            out.push_back({*o, *c});
        }
        std::sort(out.begin(), out.end(), [](const time_range& a, const time_range& b) { return a.open_minute < b.open_minute; });
    }
    if (auto problem = validate(hours); !problem.empty()) return result::failure(std::move(problem));
    return {std::move(hours), {}};
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

parse_result<std::vector<emergency_number>> parse_emergency_numbers(std::string_view text)
{
    using result = parse_result<std::vector<emergency_number>>;
    std::string error;
    const auto value = parse_json(text, error);
    if (!value) return result::failure(error);
    const auto* list = value->if_array();
    if (list == nullptr) return result::failure("emergency numbers must be a JSON array");
    std::vector<emergency_number> numbers;
    for (const auto& item : *list) {
        const auto* o = item.if_object();
        const auto* label = o != nullptr ? string_member(*o, "label") : nullptr;
        const auto* number = o != nullptr ? string_member(*o, "number") : nullptr;
        if (label == nullptr || number == nullptr)
            return result::failure("each emergency number needs \"label\" and \"number\" strings");
        numbers.push_back({std::string(*label), std::string(*number)});
    }
    if (auto problem = validate(numbers); !problem.empty()) return result::failure(std::move(problem));
    return {std::move(numbers), {}};
}

std::string format_emergency_numbers(const std::vector<emergency_number>& numbers)
{
    json::array list;
    for (const auto& n : numbers) list.push_back(json::object{{"label", n.label}, {"number", n.number}});
    return json::serialize(list);
}

parse_result<closed_texts> parse_closed_texts(std::string_view text)
{
    using result = parse_result<closed_texts>;
    std::string error;
    const auto value = parse_json(text, error);
    if (!value) return result::failure(error);
    const auto* root = value->if_object();
    if (root == nullptr) return result::failure("closed texts must be a JSON object");
    closed_texts texts;
    for (const auto& [language, item] : *root) {
        const auto* s = item.if_string();
        if (s == nullptr) return result::failure("text for " + std::string(language) + " must be a string");
        texts[std::string(language)] = std::string(*s);
    }
    if (auto problem = validate(texts); !problem.empty()) return result::failure(std::move(problem));
    return {std::move(texts), {}};
}

std::string format_closed_texts(const closed_texts& texts)
{
    json::object root;
    for (const auto& [language, text] : texts) root[language] = text;  // std::map: sorted by language
    return json::serialize(root);
}

} // namespace tillit::store
