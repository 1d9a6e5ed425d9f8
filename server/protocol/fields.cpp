// fields: the frame parse and typed access to message fields.
#include "protocol/fields.hpp"

#include "protocol/error.hpp"

#include <algorithm>

#include <boost/json/parse.hpp>
#include <sodium.h>

namespace tillit::protocol {

namespace json = boost::json;

std::optional<std::string_view> string_field(const json::object& message, std::string_view key)
{
    const auto* value = message.if_contains(key);
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return std::string_view(value->get_string());
}

std::optional<std::uint64_t> count_field(const json::object& message, std::string_view key)
{
    const auto* value = message.if_contains(key);
    if (value == nullptr) return std::nullopt;
    if (value->is_uint64()) return value->get_uint64();
    if (value->is_int64() && value->get_int64() >= 0) return static_cast<std::uint64_t>(value->get_int64());
    return std::nullopt;
}

std::optional<bool> bool_field(const json::object& message, std::string_view key)
{
    const auto* value = message.if_contains(key);
    if (value == nullptr || !value->is_bool()) return std::nullopt;
    return value->get_bool();
}

bool is_base64_text(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

boost::system::result<json::object> parse_message(std::string_view text)
{
    boost::system::error_code ec;
    json::parse_options limits;
    limits.max_depth = 8;
    auto parsed = json::parse(text, ec, {}, limits);
    if (ec || !parsed.is_object() || !string_field(parsed.get_object(), "type")) return make_error_code(errc::bad_json);
    return std::move(parsed.get_object());
}

namespace {
void wipe_value(json::value& value)
{
    if (auto* text = value.if_string()) sodium_memzero(text->data(), text->size());
    else if (auto* object = value.if_object()) wipe_strings(*object);
    else if (auto* array = value.if_array())
        for (auto& item : *array) wipe_value(item);
}
} // namespace

void wipe_strings(json::object& message)
{
    for (auto& [key, value] : message) wipe_value(value);
}

} // namespace tillit::protocol
