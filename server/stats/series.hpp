// series: the supervisors' charts from the hourly counters: the last 24 hours hour by hour, and
// the last 30 days day by day in the centre's time zone, each bucket with the chats begun
// (pairings), help-seekers who gave up waiting, closed-hours visits, the wait's median and
// 90th percentile estimated from the wait buckets, and the mailbox's letters, replies and threads
// answered in time or late (docs/statistics.md, "Live charts"). Exact
// counts: only staff see them. Pure, except the read_ functions (the store's thread).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "hours/time_zone.hpp"
#include "stats/calendar.hpp"
#include "store/store.hpp"

namespace tillit::stats {

struct series_point {
    unix_seconds start = 0;  // the bucket's first instant
    std::int64_t chats = 0;
    std::int64_t abandoned = 0;
    std::int64_t closed_visits = 0;
    std::optional<std::int64_t> wait_p50_seconds;  // nullopt: no pairing in the bucket
    std::optional<std::int64_t> wait_p90_seconds;
    std::int64_t letters = 0;           // help-seekers' letters received (letters_received)
    std::int64_t replies = 0;           // counsellors' replies (letters_replied)
    std::int64_t answered_in_time = 0;  // threads answered before their reply-by time
    std::int64_t answered_late = 0;     // threads answered after it
    bool operator==(const series_point&) const = default;
};

inline constexpr int hourly_points = 24;
inline constexpr int daily_points = 30;

// The hours [from, to) each series needs, `now` being the current time.
[[nodiscard]] hour_span hourly_span(unix_seconds now);
[[nodiscard]] hour_span daily_span(unix_seconds now, const hours::time_zone& zone);

// 24 hourly buckets, oldest first, the last being the hour that holds `now` (so far).
[[nodiscard]] std::vector<series_point> hourly_series(const std::vector<store::counter_row>& rows, unix_seconds now);
// 30 daily buckets of local days, oldest first, the last being today (so far).
[[nodiscard]] std::vector<series_point> daily_series(const std::vector<store::counter_row>& rows, unix_seconds now,
                                                     const hours::time_zone& zone);

// The same, read from the store. Throw store_error.
[[nodiscard]] std::vector<series_point> read_hourly_series(store::store& db, unix_seconds now);
[[nodiscard]] std::vector<series_point> read_daily_series(store::store& db, unix_seconds now);

} // namespace tillit::stats
