// stats_recorder: counts added up in memory, written in batches on the store's thread.
#include "app/stats_recorder.hpp"

#include "log/log.hpp"
#include "stats/buckets.hpp"
#include "stats/calendar.hpp"
#include "stats/counter_keys.hpp"

namespace tillit::app {

namespace {

store::unix_seconds system_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace

stats_recorder::stats_recorder(store::store_service& db, clock_function now) : db_(db), now_(now ? std::move(now) : system_now)
{
    db_.call([this](store::store& s) { refresh_languages(s); });
}

void stats_recorder::paired(std::string_view lane, std::chrono::nanoseconds waited)
{
    const auto bucket = stats::bucket_label(stats::wait_bounds_seconds, stats::bucket_index(stats::wait_bounds_seconds, waited));
    add(stats::wait_seconds, stats::format_labels({{"lane", lane}, {"bucket", bucket}}));
}

void stats_recorder::chat_closed(std::string_view lane, std::chrono::nanoseconds length)
{
    const auto bucket =
        stats::bucket_label(stats::length_bounds_seconds, stats::bucket_index(stats::length_bounds_seconds, length));
    add(stats::chat_length_seconds, stats::format_labels({{"lane", lane}, {"bucket", bucket}}));
}

void stats_recorder::letter_received(std::string_view lane)
{
    add(stats::letters_received, stats::format_labels({{"lane", lane}}));
}

void stats_recorder::letter_replied(std::string_view lane)
{
    add(stats::letters_replied, stats::format_labels({{"lane", lane}}));
}

void stats_recorder::thread_answered(std::string_view lane, bool in_time)
{
    add(stats::threads_answered, stats::format_labels({{"lane", lane}, {"in_time", in_time ? "yes" : "no"}}));
}

void stats_recorder::abandoned(std::string_view lane, std::string_view language)
{
    add(stats::abandoned, stats::format_labels({{"lane", lane}, {"language", bounded_language(language)}}));
}

void stats_recorder::closed_visit(std::string_view lane, std::string_view reason)
{
    add(stats::closed_visits, stats::format_labels({{"lane", lane}, {"reason", reason}}));
}

void stats_recorder::chat_tagged(std::string_view lane, std::string_view language, std::string_view age_band,
                                 std::string_view topic, std::string_view outcome)
{
    add(stats::chats_ended, stats::format_labels({{"lane", lane},
                                                  {"language", bounded_language(language)},
                                                  {"age_band", age_band},
                                                  {"topic", topic},
                                                  {"outcome", outcome}}));
}

void stats_recorder::add(std::string_view name, std::string labels)
{
    const auto hour = stats::hour_of(now_());
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        pending_[{hour, std::string(name), std::move(labels)}] += 1;
        if (write_queued_) return;  // the queued write will take this too
        write_queued_ = true;
    }
    db_.post([this](store::store& s) {
        try {
            write_pending(s);
        } catch (const std::exception& e) {
            log::error("statistics_write_failed", {{"error", e.what()}});
        }
    });
}

void stats_recorder::write_pending(store::store& db)
{
    std::map<key, std::int64_t> taken;
    {
        std::lock_guard lock(mutex_);
        taken.swap(pending_);
        write_queued_ = false;
    }
    if (taken.empty()) return;
    std::vector<store::counter_row> rows;
    rows.reserve(taken.size());
    for (const auto& [k, value] : taken) rows.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), value});
    try {
        db.add_to_counters(rows);
    } catch (...) {
        // Kept for the next write (the next count queues one), not lost to a busy moment.
        std::lock_guard lock(mutex_);
        for (const auto& [k, value] : taken) pending_[k] += value;
        throw;
    }
}

boost::asio::awaitable<void> stats_recorder::flushed()
{
    // The store's thread runs one thing at a time, in order: whatever was counted before this
    // call is either written already or still pending, and written now.
    auto writing = db_.run([this](store::store& s) { write_pending(s); });
    co_await std::move(writing);
}

void stats_recorder::stop()
{
    try {
        db_.call([this](store::store& s) { write_pending(s); });
    } catch (const std::exception& e) {
        log::error("statistics_write_failed", {{"error", e.what()}});
    }
    std::lock_guard lock(mutex_);
    stopped_ = true;
    pending_.clear();
}

void stats_recorder::refresh_languages(store::store& db)
{
    auto languages = db.served_languages();
    std::lock_guard lock(mutex_);
    served_ = std::move(languages);
}

std::vector<std::string> stats_recorder::served_languages() const
{
    std::lock_guard lock(mutex_);
    return served_;
}

std::string stats_recorder::bounded_language(std::string_view language) const
{
    std::lock_guard lock(mutex_);
    return stats::bounded_language(language, served_);
}

} // namespace tillit::app
