// stats_recorder: the server's way into the hourly statistics counters (docs/statistics.md). Any
// thread may count; counts are added up in memory under a short lock and written by the store's
// thread in one transaction, with at most one write queued at a time. So counting never waits
// for the disk, and a flood of events costs a write per batch, not one each. It also keeps the
// languages that enabled counsellor accounts serve: a help-seeker's language outside them is
// counted as "other", so that label stays few-valued whatever codes clients send.
//
// What it writes is aggregate only: an hour, a counter name, a few fixed-vocabulary labels and a
// number. No time finer than the hour, nothing about one person or chat.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "store/store.hpp"
#include "store/store_service.hpp"

namespace tillit::app {

class stats_recorder {
public:
    using clock_function = std::function<store::unix_seconds()>;

    // Reads the served languages at once (blocks: start-up, before the I/O threads run). `now`
    // tells the time for the hour of each count (the system clock unless a test gives another).
    // Throws store_error.
    explicit stats_recorder(store::store_service& db, clock_function now = {});
    stats_recorder(const stats_recorder&) = delete;
    stats_recorder& operator=(const stats_recorder&) = delete;

    // Counting: any thread; quick; never blocks on I/O. Lanes, reasons, age bands, topics and
    // outcomes are the fixed values of stats/counter_keys.hpp; languages are bounded here.
    void paired(std::string_view lane, std::chrono::nanoseconds waited);
    void chat_closed(std::string_view lane, std::chrono::nanoseconds length);
    void abandoned(std::string_view lane, std::string_view language);
    void closed_visit(std::string_view lane, std::string_view reason);
    void chat_tagged(std::string_view lane, std::string_view language, std::string_view age_band, std::string_view topic,
                     std::string_view outcome);
    // The mailbox: a help-seeker's letter came, a counsellor replied, and the reply answered
    // letters that waited, within their reply-by time or after it.
    void letter_received(std::string_view lane);
    void letter_replied(std::string_view lane);
    void thread_answered(std::string_view lane, bool in_time);

    // Completes once everything counted before the call is in the database. Any executor;
    // rethrows the store's error (the counts are then kept for the next write).
    boost::asio::awaitable<void> flushed();
    // Writes what is pending and stops: later counts are dropped. Blocks; call once at shutdown,
    // after the I/O threads have stopped and before store_service::stop(). Never throws.
    void stop();

    // Re-reads the served languages. On the store's thread (store_service::run or post).
    void refresh_languages(store::store& db);
    // The served languages, sorted, as label values for /metrics. Any thread.
    [[nodiscard]] std::vector<std::string> served_languages() const;
    // `language` when served, else "other". Any thread.
    [[nodiscard]] std::string bounded_language(std::string_view language) const;

private:
    using key = std::tuple<store::unix_seconds, std::string, std::string>;  // hour, name, labels

    void add(std::string_view name, std::string labels);
    // Takes the pending counts and writes them. On the store's thread; throws store_error after
    // putting the counts back.
    void write_pending(store::store& db);

    store::store_service& db_;
    clock_function now_;
    mutable std::mutex mutex_;  // guards everything below
    std::map<key, std::int64_t> pending_;
    bool write_queued_ = false;
    bool stopped_ = false;
    std::vector<std::string> served_;
};

} // namespace tillit::app
