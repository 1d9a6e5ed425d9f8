// series: hourly and daily buckets of the counters for the supervisors' charts.
#include "stats/series.hpp"

#include <array>
#include <cmath>

#include "stats/buckets.hpp"
#include "stats/counter_keys.hpp"

namespace tillit::stats {

namespace {

struct accumulator {
    series_point point;
    std::array<std::int64_t, wait_bounds_seconds.size() + 1> waits{};
};

void add_row(accumulator& a, const store::counter_row& row)
{
    if (row.name == wait_seconds) {
        a.point.chats += row.value;
        if (const auto i = parse_bucket_label(wait_bounds_seconds, label_value(row.labels, "bucket").value_or("")))
            a.waits[*i] += row.value;
    } else if (row.name == abandoned) {
        a.point.abandoned += row.value;
    } else if (row.name == closed_visits) {
        a.point.closed_visits += row.value;
    } else if (row.name == letters_received) {
        a.point.letters += row.value;
    } else if (row.name == letters_replied) {
        a.point.replies += row.value;
    } else if (row.name == threads_answered) {
        // Anything but "yes" (there is nothing else) counts as late: never flatter the centre.
        (label_value(row.labels, "in_time") == "yes" ? a.point.answered_in_time : a.point.answered_late) += row.value;
    }
}

std::vector<series_point> finish(std::vector<accumulator>& buckets)
{
    std::vector<series_point> out;
    out.reserve(buckets.size());
    for (auto& b : buckets) {
        const auto whole = [](std::optional<double> v) {
            return v ? std::optional<std::int64_t>(std::llround(*v)) : std::nullopt;
        };
        b.point.wait_p50_seconds = whole(estimate_quantile(wait_bounds_seconds, b.waits, 0.5));
        b.point.wait_p90_seconds = whole(estimate_quantile(wait_bounds_seconds, b.waits, 0.9));
        out.push_back(b.point);
    }
    return out;
}

std::chrono::local_days today(unix_seconds now, const hours::time_zone& zone) { return local_day_of(now, zone); }

} // namespace

hour_span hourly_span(unix_seconds now)
{
    const auto last = hour_of(now);
    return {last - (hourly_points - 1) * seconds_per_hour, last + seconds_per_hour};
}

hour_span daily_span(unix_seconds now, const hours::time_zone& zone)
{
    const auto last = today(now, zone);
    return hours_around({last - std::chrono::days(daily_points - 1), last + std::chrono::days(1)}, zone);
}

std::vector<series_point> hourly_series(const std::vector<store::counter_row>& rows, unix_seconds now)
{
    const auto span = hourly_span(now);
    std::vector<accumulator> buckets(hourly_points);
    for (int i = 0; i < hourly_points; ++i) buckets[static_cast<std::size_t>(i)].point.start = span.from + i * seconds_per_hour;
    for (const auto& row : rows) {
        if (row.hour < span.from || row.hour >= span.to) continue;
        add_row(buckets[static_cast<std::size_t>((row.hour - span.from) / seconds_per_hour)], row);
    }
    return finish(buckets);
}

std::vector<series_point> daily_series(const std::vector<store::counter_row>& rows, unix_seconds now, const hours::time_zone& zone)
{
    const auto first = today(now, zone) - std::chrono::days(daily_points - 1);
    std::vector<accumulator> buckets(daily_points);
    for (int i = 0; i < daily_points; ++i)
        buckets[static_cast<std::size_t>(i)].point.start = start_of(first + std::chrono::days(i), zone);
    for (const auto& row : rows) {
        const auto index = (local_day_of(row.hour, zone) - first).count();
        if (index < 0 || index >= daily_points) continue;
        add_row(buckets[static_cast<std::size_t>(index)], row);
    }
    return finish(buckets);
}

std::vector<series_point> read_hourly_series(store::store& db, unix_seconds now)
{
    const auto span = hourly_span(now);
    return hourly_series(db.counter_rows(span.from, span.to), now);
}

std::vector<series_point> read_daily_series(store::store& db, unix_seconds now)
{
    const auto zone = centre_time_zone(db);
    const auto span = daily_span(now, zone);
    return daily_series(db.counter_rows(span.from, span.to), now, zone);
}

} // namespace tillit::stats
