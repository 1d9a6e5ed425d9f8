// calendar: dates, periods and local days for the statistics.
#include "stats/calendar.hpp"

#include <charconv>
#include <cstdio>

#include "store/settings.hpp"

namespace tillit::stats {

namespace {

std::optional<int> digits(std::string_view text)
{
    int value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace

std::optional<std::chrono::local_days> parse_date(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto y = digits(text.substr(0, 4));
    const auto m = digits(text.substr(5, 2));
    const auto d = digits(text.substr(8, 2));
    if (!y || !m || !d) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                           std::chrono::day{static_cast<unsigned>(*d)}};
    if (!date.ok()) return std::nullopt;
    return std::chrono::local_days{date};
}

std::string format_date(std::chrono::local_days day)
{
    const std::chrono::year_month_day date{day};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()));
    return text;
}

namespace {

class period_error_category final : public boost::system::error_category {
public:
    [[nodiscard]] const char* name() const noexcept override { return "tillit.period"; }
    [[nodiscard]] std::string message(int value) const override
    {
        switch (static_cast<period_errc>(value)) {
        case period_errc::bad_date: return "dates are written YYYY-MM-DD";
        case period_errc::end_not_after_start: return "the end date must come after the start date (it is not included)";
        case period_errc::too_long: return "a period is at most " + std::to_string(max_period_days) + " days";
        }
        return "not a period";
    }
};

} // namespace

const boost::system::error_category& period_category() noexcept
{
    static const period_error_category instance;
    return instance;
}

boost::system::result<period> parse_period(std::string_view from, std::string_view to)
{
    const auto first = parse_date(from);
    const auto end = parse_date(to);
    if (!first || !end) return period_errc::bad_date;
    if (*end <= *first) return period_errc::end_not_after_start;
    if (*end - *first > std::chrono::days(max_period_days)) return period_errc::too_long;
    return period{*first, *end};
}

std::chrono::local_days local_day_of(unix_seconds hour, const hours::time_zone& zone)
{
    return std::chrono::floor<std::chrono::days>(zone.to_local(std::chrono::sys_seconds{std::chrono::seconds{hour}}));
}

unix_seconds start_of(std::chrono::local_days day, const hours::time_zone& zone)
{
    return zone.to_utc(std::chrono::local_seconds{day}).time_since_epoch().count();
}

hour_span hours_around(const period& p, const hours::time_zone& zone)
{
    return {hour_of(start_of(p.from, zone)) - seconds_per_hour, hour_of(start_of(p.to, zone)) + 2 * seconds_per_hour};
}

hours::time_zone centre_time_zone(store::store& db)
{
    const auto opening = store::load_opening_hours(db);
    if (opening)
        if (auto zone = hours::time_zone::load(opening->timezone)) return std::move(*zone);
    return hours::time_zone::utc();
}

} // namespace tillit::stats
