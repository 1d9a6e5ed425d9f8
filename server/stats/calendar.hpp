// calendar: whole hours and whole days in the centre's time zone, as the statistics use them:
// dates written YYYY-MM-DD, a report's period of days, the local day an hour belongs to (the
// day in which it starts), and the zone itself: the opening hours' zone, or UTC when none is set
// or it cannot be read. Pure functions except centre_time_zone (the store's thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include "hours/time_zone.hpp"
#include "store/store.hpp"

namespace tillit::stats {
enum class period_errc;
}
template <>
struct boost::system::is_error_code_enum<tillit::stats::period_errc> : std::true_type {};

namespace tillit::stats {

using unix_seconds = std::int64_t;
inline constexpr unix_seconds seconds_per_hour = 3600;

// The start of the hour that holds t.
[[nodiscard]] constexpr unix_seconds hour_of(unix_seconds t)
{
    return t - ((t % seconds_per_hour) + seconds_per_hour) % seconds_per_hour;
}

// Strictly YYYY-MM-DD (a real date); nullopt for anything else.
[[nodiscard]] std::optional<std::chrono::local_days> parse_date(std::string_view text);
[[nodiscard]] std::string format_date(std::chrono::local_days day);

// Local days [from, to): `to` is the first day not included.
struct period {
    std::chrono::local_days from;
    std::chrono::local_days to;
};
inline constexpr int max_period_days = 3660;

// Why two dates make no period; the category's message() is the text for people.
enum class period_errc {
    bad_date = 1,         // not YYYY-MM-DD, or no such day
    end_not_after_start,  // `to` is not after `from`
    too_long,             // longer than max_period_days
};
[[nodiscard]] const boost::system::error_category& period_category() noexcept;
[[nodiscard]] inline boost::system::error_code make_error_code(period_errc e) noexcept
{
    return {static_cast<int>(e), period_category()};
}

// A period from two dates, or why not.
[[nodiscard]] boost::system::result<period> parse_period(std::string_view from, std::string_view to);

// The local day in which the hour that starts at `hour` begins.
[[nodiscard]] std::chrono::local_days local_day_of(unix_seconds hour, const hours::time_zone& zone);
// The instant local midnight of `day` begins (the earlier one in a fold).
[[nodiscard]] unix_seconds start_of(std::chrono::local_days day, const hours::time_zone& zone);
// Hours [from, to) that certainly hold every hour of `p` (with an hour to spare on each side,
// for zones whose midnight is not on a UTC hour); filter with local_day_of.
struct hour_span {
    unix_seconds from = 0;
    unix_seconds to = 0;
};
[[nodiscard]] hour_span hours_around(const period& p, const hours::time_zone& zone);

// The zone of the opening-hours setting, or UTC. On the store's thread (or with the store).
// Throws store_error when the database fails.
[[nodiscard]] hours::time_zone centre_time_zone(store::store& db);

} // namespace tillit::stats
