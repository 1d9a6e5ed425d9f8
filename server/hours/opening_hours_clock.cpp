// opening_hours_clock: the week's ranges laid onto real time around a given instant.
#include "hours/opening_hours_clock.hpp"

#include <cstdio>
#include <stdexcept>
#include <utility>

namespace tillit::hours {

namespace {

using std::chrono::days;
using std::chrono::local_days;
using std::chrono::local_seconds;
using std::chrono::minutes;
using std::chrono::sys_seconds;

constexpr int minutes_per_day = 24 * 60;

// 0 = Monday .. 6 = Sunday, the index of store::opening_hours::days.
std::size_t day_index(local_days day)
{
    return std::chrono::weekday{day}.iso_encoding() - 1;
}

// Calls f(open, close) for every range on the local days from now's local date through horizon
// days after, as real time. The day before is included too: to_utc's choices make yesterday's
// ranges end by the first instant of today, so it is cheap insurance rather than a known need.
template <class F>
void for_each_range(const store::opening_hours& hours, const time_zone& zone, sys_seconds now, F&& f)
{
    const local_days today = std::chrono::floor<days>(zone.to_local(now));
    const auto last = today + std::chrono::duration_cast<days>(opening_hours_clock::horizon);
    for (local_days day = today - days{1}; day <= last; day += days{1}) {
        for (const auto& range : hours.days[day_index(day)]) {
            const bool valid = range.open_minute >= 0 && range.open_minute < range.close_minute &&
                               range.close_minute <= minutes_per_day;
            if (!valid) continue;
            const sys_seconds open = zone.to_utc(local_seconds{day} + minutes{range.open_minute});
            const sys_seconds close = zone.to_utc(local_seconds{day} + minutes{range.close_minute});
            // A range wholly inside a spring-forward gap never happens.
            if (open < close) f(open, close);
        }
    }
}

} // namespace

opening_hours_clock::opening_hours_clock(store::opening_hours hours, time_zone zone)
    : hours_(std::move(hours)), zone_(std::move(zone))
{
    if (zone_.name() != hours_.timezone)
        throw std::invalid_argument("opening_hours_clock: zone " + zone_.name() + " is not the hours' zone " +
                                    hours_.timezone);
}

bool opening_hours_clock::is_open(sys_seconds now) const
{
    bool open_now = false;
    for_each_range(hours_, zone_, now, [&](sys_seconds open, sys_seconds close) {
        if (open <= now && now < close) open_now = true;
    });
    return open_now;
}

std::optional<sys_seconds> opening_hours_clock::next_opening(sys_seconds now) const
{
    std::optional<sys_seconds> next;
    for_each_range(hours_, zone_, now, [&](sys_seconds open, sys_seconds close) {
        const sys_seconds candidate = open <= now && now < close ? now : open;
        if (candidate >= now && (!next || candidate < *next)) next = candidate;
    });
    if (next && *next - now > horizon) return std::nullopt;
    return next;
}

std::string opening_hours_clock::local_text(sys_seconds t) const
{
    const local_seconds local = zone_.to_local(t);
    const local_days day = std::chrono::floor<days>(local);
    const std::chrono::year_month_day date{day};
    const std::chrono::hh_mm_ss time{std::chrono::floor<minutes>(local - day)};
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()));
    return std::string(text) + " " + zone_.name();
}

std::optional<std::string> opening_hours_clock::next_opening_text(sys_seconds now) const
{
    const auto next = next_opening(now);
    if (!next) return std::nullopt;
    return local_text(*next);
}

} // namespace tillit::hours
