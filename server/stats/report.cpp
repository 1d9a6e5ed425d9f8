// report: gathering the period's counts into tables, protecting them, writing the CSV.
#include "stats/report.hpp"

#include <algorithm>
#include <map>
#include <span>

#include "stats/buckets.hpp"
#include "stats/counter_keys.hpp"
#include "stats/csv.hpp"
#include "stats/suppression.hpp"

namespace tillit::stats {

namespace {

// One dimension of one population: its values in report order and their exact counts.
struct table {
    std::string dimension;
    std::vector<std::string> values;
    std::vector<std::int64_t> counts;

    table(std::string name, std::vector<std::string> fixed_values)
        : dimension(std::move(name)), values(std::move(fixed_values)), counts(values.size(), 0)
    {
    }
    void add(std::string_view value, std::int64_t count)
    {
        const auto found = std::find(values.begin(), values.end(), value);
        if (found != values.end()) {
            counts[static_cast<std::size_t>(found - values.begin())] += count;
        } else {
            values.emplace_back(value);
            counts.push_back(count);
        }
    }
};

struct population {
    std::string name;
    std::int64_t total = 0;
    std::vector<table> tables;
};

template <std::size_t N>
std::vector<std::string> strings(const std::array<std::string_view, N>& items)
{
    return {items.begin(), items.end()};
}

std::vector<std::string> bucket_texts(std::span<const std::int64_t> bounds)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i <= bounds.size(); ++i) out.push_back(bucket_range_text(bounds, i));
    return out;
}

std::string label_or_unknown(std::string_view labels, std::string_view key)
{
    return std::string(label_value(labels, key).value_or("unknown"));
}

// Languages in alphabetical order, with "other" (and anything else not a code) last.
void order_languages(table& t)
{
    std::vector<std::size_t> order(t.values.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const bool a_other = t.values[a] == other_language;
        const bool b_other = t.values[b] == other_language;
        if (a_other != b_other) return b_other;
        return t.values[a] < t.values[b];
    });
    table sorted(t.dimension, {});
    for (const auto i : order) {
        sorted.values.push_back(t.values[i]);
        sorted.counts.push_back(t.counts[i]);
    }
    t = std::move(sorted);
}

std::string bucket_text_of(std::span<const std::int64_t> bounds, std::string_view labels)
{
    const auto index = parse_bucket_label(bounds, label_value(labels, "bucket").value_or(""));
    return index ? bucket_range_text(bounds, *index) : std::string("unknown");
}

void write_population(std::string& csv, const population& p, std::int64_t threshold)
{
    append_csv_record(csv, {"total", p.name, total_text(p.total, threshold)});
    std::vector<std::vector<std::int64_t>> counts;
    for (const auto& t : p.tables) counts.push_back(t.counts);
    const auto shown = protect_population(counts, threshold);
    for (std::size_t i = 0; i < p.tables.size(); ++i) {
        const auto& t = p.tables[i];
        for (std::size_t j = 0; j < t.values.size(); ++j)
            append_csv_record(csv, {t.dimension, t.values[j], cell_text(t.counts[j], shown[i][j], threshold)});
    }
}

} // namespace

report_file make_report(const std::vector<store::counter_row>& rows, const period& p, const hours::time_zone& zone,
                        std::int64_t threshold)
{
    std::vector<std::string> days;
    for (auto day = p.from; day < p.to; day += std::chrono::days(1)) days.push_back(format_date(day));

    population chats{"chats", 0,
                     {table("lane", strings(lanes)), table("language", {}), table("age_band", strings(age_bands)),
                      table("topic", strings(topics)), table("outcome", strings(outcomes)), table("day", days)}};
    population abandoned_seekers{"abandoned", 0, {table("abandoned_lane", strings(lanes)), table("abandoned_language", {})}};
    population visits{"closed_visits", 0,
                      {table("closed_visits_lane", strings(lanes)), table("closed_visits_reason", strings(closed_reasons))}};
    population pairings{"paired", 0, {table("wait_time", bucket_texts(wait_bounds_seconds))}};
    population lengths{"chats_closed", 0, {table("chat_length", bucket_texts(length_bounds_seconds))}};
    // The mailbox: letters from help-seekers, counsellors' replies, threads answered (in time or late).
    population letters{"letters", 0, {table("letters_lane", strings(lanes))}};
    population replies{"replies", 0, {table("replies_lane", strings(lanes))}};
    population answered{"threads_answered", 0,
                        {table("answered_lane", strings(lanes)), table("answered_in_time", strings(in_time_values))}};

    for (const auto& row : rows) {
        const auto day = local_day_of(row.hour, zone);
        if (day < p.from || day >= p.to || row.value <= 0) continue;
        const auto& labels = row.labels;
        const auto n = row.value;
        if (row.name == chats_ended) {
            chats.total += n;
            chats.tables[0].add(label_or_unknown(labels, "lane"), n);
            chats.tables[1].add(label_or_unknown(labels, "language"), n);
            chats.tables[2].add(label_or_unknown(labels, "age_band"), n);
            chats.tables[3].add(label_or_unknown(labels, "topic"), n);
            chats.tables[4].add(label_or_unknown(labels, "outcome"), n);
            chats.tables[5].add(format_date(day), n);
        } else if (row.name == abandoned) {
            abandoned_seekers.total += n;
            abandoned_seekers.tables[0].add(label_or_unknown(labels, "lane"), n);
            abandoned_seekers.tables[1].add(label_or_unknown(labels, "language"), n);
        } else if (row.name == closed_visits) {
            visits.total += n;
            visits.tables[0].add(label_or_unknown(labels, "lane"), n);
            visits.tables[1].add(label_or_unknown(labels, "reason"), n);
        } else if (row.name == wait_seconds) {
            pairings.total += n;
            pairings.tables[0].add(bucket_text_of(wait_bounds_seconds, labels), n);
        } else if (row.name == chat_length_seconds) {
            lengths.total += n;
            lengths.tables[0].add(bucket_text_of(length_bounds_seconds, labels), n);
        } else if (row.name == letters_received) {
            letters.total += n;
            letters.tables[0].add(label_or_unknown(labels, "lane"), n);
        } else if (row.name == letters_replied) {
            replies.total += n;
            replies.tables[0].add(label_or_unknown(labels, "lane"), n);
        } else if (row.name == threads_answered) {
            answered.total += n;
            answered.tables[0].add(label_or_unknown(labels, "lane"), n);
            answered.tables[1].add(label_or_unknown(labels, "in_time"), n);
        }
    }
    order_languages(chats.tables[1]);
    order_languages(abandoned_seekers.tables[1]);

    const auto first = format_date(p.from);
    const auto last = format_date(p.to - std::chrono::days(1));
    std::string csv;
    append_csv_record(csv, {"dimension", "value", "count"});
    append_csv_record(csv, {"report", "first_day", first});
    append_csv_record(csv, {"report", "last_day", last});
    append_csv_record(csv, {"report", "time_zone", zone.name()});
    append_csv_record(csv, {"report", "min_count", std::to_string(threshold)});
    for (const auto* each : {&chats, &abandoned_seekers, &visits, &pairings, &lengths, &letters, &replies, &answered})
        write_population(csv, *each, threshold);
    return {"tillit-report-" + first + "-to-" + last + ".csv", std::move(csv)};
}

report_file read_report(store::store& db, const period& p, std::int64_t threshold)
{
    const auto zone = centre_time_zone(db);
    const auto span = hours_around(p, zone);
    return make_report(db.counter_rows(span.from, span.to), p, zone, threshold);
}

} // namespace tillit::stats
