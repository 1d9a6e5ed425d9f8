// settings_mailbox: checks, JSON, load and save of the mailbox settings (see settings_mailbox.hpp).
#include "store/settings_mailbox.hpp"

#include <charconv>
#include <cstdint>
#include <stdexcept>

#include <boost/json.hpp>

namespace tillit::store {
namespace {

namespace json = boost::json;

std::string out_of_range(const mailbox_setting_limits& limits, std::string_view given)
{
    return std::string(limits.name) + " must be a whole number from " + std::to_string(limits.min) + " to " +
           std::to_string(limits.max) + " (" + std::string(limits.unit) + "), not " + std::string(given);
}

settings_result<void> check(const mailbox_setting_limits& limits, std::int64_t value)
{
    if (value < limits.min || value > limits.max)
        return settings_error{settings_errc::invalid_value, out_of_range(limits, std::to_string(value))};
    return {};
}

// The member as an int within its limits.
settings_result<int> member(const json::object& root, std::string_view key, const mailbox_setting_limits& limits)
{
    const auto* value = root.if_contains(key);
    if (value == nullptr || !value->is_int64())
        return settings_error{settings_errc::wrong_shape, "mailbox settings need a whole number \"" + std::string(key) + "\""};
    if (auto valid = check(limits, value->get_int64()); !valid) return valid.error();
    return static_cast<int>(value->get_int64());
}

} // namespace

settings_result<void> validate(const mailbox_settings& settings)
{
    if (auto valid = check(retention_days_limits, settings.retention_days); !valid) return valid;
    if (auto valid = check(reply_hours_limits, settings.reply_hours); !valid) return valid;
    return check(max_threads_limits, settings.max_threads);
}

settings_result<int> parse_mailbox_setting(const mailbox_setting_limits& limits, std::string_view text)
{
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        return settings_error{settings_errc::invalid_value, out_of_range(limits, "\"" + std::string(text) + "\"")};
    if (auto valid = check(limits, value); !valid) return valid.error();
    return value;
}

settings_result<mailbox_settings> parse_mailbox_settings(std::string_view text)
{
    boost::system::error_code ec;
    const auto value = json::parse(text, ec);
    if (ec) return settings_error{settings_errc::not_json, "not valid JSON: " + ec.message()};
    const auto* root = value.if_object();
    if (root == nullptr) return settings_error{settings_errc::wrong_shape, "mailbox settings must be a JSON object"};
    const auto retention = member(*root, "retention_days", retention_days_limits);
    if (!retention) return retention.error();
    const auto reply = member(*root, "reply_hours", reply_hours_limits);
    if (!reply) return reply.error();
    const auto threads = member(*root, "max_threads", max_threads_limits);
    if (!threads) return threads.error();
    return mailbox_settings{*retention, *reply, *threads};
}

std::string format_mailbox_settings(const mailbox_settings& settings)
{
    json::object root;
    root["retention_days"] = settings.retention_days;
    root["reply_hours"] = settings.reply_hours;
    root["max_threads"] = settings.max_threads;
    return json::serialize(root);
}

settings_result<mailbox_settings> load_mailbox_settings(store& db)
{
    const auto text = db.setting(mailbox_settings_key);
    if (!text) return mailbox_settings{};
    auto parsed = parse_mailbox_settings(*text);
    if (!parsed)
        return settings_error{parsed.error().code, "setting \"" + std::string(mailbox_settings_key) +
                                                       "\" is invalid: " + parsed.error().message};
    return parsed;
}

mailbox_settings read_mailbox_settings(store& db)
{
    auto loaded = load_mailbox_settings(db);
    return loaded ? *loaded : mailbox_settings{};
}

void save_mailbox_settings(store& db, const mailbox_settings& settings)
{
    if (auto valid = validate(settings); !valid) throw std::invalid_argument(valid.error().message);
    db.put_setting(mailbox_settings_key, format_mailbox_settings(settings));
}

} // namespace tillit::store
