// settings_commands: opening hours, emergency numbers and closed-hours texts.
#include "admin/settings_commands.hpp"

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "store/settings.hpp"

namespace tillit::admin {
namespace {

store::opening_hours loaded_hours(store::store& db)
{
    auto hours = store::load_opening_hours(db);
    if (!hours) throw operation_error{hours.error().message};
    return std::move(*hours);
}

void print_hours(std::ostream& out, const store::opening_hours& hours)
{
    out << "timezone: " << hours.timezone << "\n";
    for (std::size_t d = 0; d < hours.days.size(); ++d)
        out << store::day_names[d] << ": " << store::format_day_ranges(hours.days[d]) << "\n";
}

int hours_show(const context& c, std::span<const std::string> args)
{
    expect_positionals(parse_args(args, {}, {}), 0, "");
    auto db = open_store(c);
    print_hours(c.out, loaded_hours(db));
    return 0;
}

int hours_set(const context& c, std::span<const std::string> args)
{
    std::set<std::string, std::less<>> names{"timezone"};
    for (const auto day : store::day_names) names.emplace(day);
    const auto a = parse_args(args, names, {});
    expect_positionals(a, 0, "");
    if (a.options.empty()) throw usage_error{"nothing to set (give --timezone and/or days such as --mon 08:00-16:00)"};

    // Check all input before touching the database.
    std::optional<std::string> timezone;
    if (const auto* tz = a.option("timezone")) {
        if (auto valid = store::check_timezone(*tz); !valid) throw usage_error{valid.error().message};
        timezone = *tz;
    }
    std::array<std::optional<std::vector<store::time_range>>, 7> days;
    for (std::size_t d = 0; d < days.size(); ++d) {
        if (const auto* text = a.option(store::day_names[d])) {
            auto ranges = store::parse_day_ranges(*text);
            if (!ranges) throw usage_error{"--" + std::string(store::day_names[d]) + ": " + ranges.error().message};
            days[d] = std::move(*ranges);
        }
    }

    auto db = open_store(c);
    auto hours = loaded_hours(db);
    if (timezone) hours.timezone = *timezone;
    for (std::size_t d = 0; d < days.size(); ++d)
        if (days[d]) hours.days[d] = std::move(*days[d]);
    if (auto valid = store::validate(hours); !valid) throw usage_error{valid.error().message};
    store::save_opening_hours(db, hours);
    audit(db, "opening_hours_changed", store::opening_hours_key);
    print_hours(c.out, hours);
    return 0;
}

int emergency_show(const context& c, std::span<const std::string> args)
{
    expect_positionals(parse_args(args, {}, {}), 0, "");
    auto db = open_store(c);
    const auto numbers = store::load_emergency_numbers(db);
    if (!numbers) throw operation_error{numbers.error().message};
    // The same LABEL=NUMBER form that `emergency set` takes.
    for (const auto& n : *numbers) c.out << n.label << "=" << n.number << "\n";
    return 0;
}

int emergency_set(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {}, {});
    if (a.positionals.empty()) throw usage_error{"missing LABEL=NUMBER"};
    std::vector<store::emergency_number> numbers;
    for (const auto& item : a.positionals) {
        // The number never holds "=", a label might: split at the last one.
        const auto eq = item.rfind('=');
        if (eq == std::string::npos) throw usage_error{"\"" + item + "\" is not LABEL=NUMBER"};
        numbers.push_back({item.substr(0, eq), item.substr(eq + 1)});
    }
    if (auto valid = store::validate(numbers); !valid) throw usage_error{valid.error().message};
    auto db = open_store(c);
    store::save_emergency_numbers(db, numbers);
    audit(db, "emergency_numbers_changed", store::emergency_numbers_key);
    for (const auto& n : numbers) c.out << n.label << "=" << n.number << "\n";
    return 0;
}

int closed_text_show(const context& c, std::span<const std::string> args)
{
    expect_positionals(parse_args(args, {}, {}), 0, "");
    auto db = open_store(c);
    const auto texts = store::load_closed_texts(db);
    if (!texts) throw operation_error{texts.error().message};
    for (const auto& [language, text] : *texts) c.out << language << ": " << text << "\n";
    return 0;
}

int closed_text_set(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {}, {});
    expect_positionals(a, 2, a.positionals.empty() ? "LANG and TEXT" : "TEXT");
    const auto& language = a.positionals[0];
    const auto& text = a.positionals[1];
    if (auto valid = store::validate(store::closed_texts{{language, text}}); !valid) throw usage_error{valid.error().message};
    auto db = open_store(c);
    auto texts = store::load_closed_texts(db);
    if (!texts) throw operation_error{texts.error().message};
    (*texts)[language] = text;
    if (auto valid = store::validate(*texts); !valid) throw usage_error{valid.error().message};
    store::save_closed_texts(db, *texts);
    audit(db, "closed_text_changed", language);
    c.out << "closed text for " << language << " set\n";
    return 0;
}

constexpr command commands[] = {
    {"hours", "show", hours_show, "usage: tillit-admin hours show\n"},
    {"hours", "set", hours_set, R"(usage: tillit-admin hours set [--timezone TZ] [--mon RANGES] [--tue RANGES] ... [--sun RANGES]

RANGES: closed, or HH:MM-HH:MM[,HH:MM-HH:MM...] in the time zone (closing may be 24:00).
Days not given keep their hours. Example: --timezone Europe/Stockholm --mon 09:00-12:00,13:00-16:00 --sat closed
)"},
    {"emergency", "show", emergency_show, "usage: tillit-admin emergency show\n"},
    {"emergency", "set", emergency_set, R"(usage: tillit-admin emergency set LABEL=NUMBER [LABEL=NUMBER...]

Replaces the whole list, in the order given. Example:
  tillit-admin emergency set "Emergency: police, ambulance=112" "Kvinnofridslinjen=020-50 50 50"
)"},
    {"closed-text", "show", closed_text_show, "usage: tillit-admin closed-text show\n"},
    {"closed-text", "set", closed_text_set,
     "usage: tillit-admin closed-text set LANG TEXT\n\nSets the text shown in language LANG (e.g. sv) while the centre is closed.\n"},
};

} // namespace

std::span<const command> settings_commands() { return commands; }

} // namespace tillit::admin
