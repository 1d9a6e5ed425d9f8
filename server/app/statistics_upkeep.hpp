// statistics_upkeep: the statistics' chores while the server runs: every 30 s the languages that
// enabled counsellor accounts serve are read again (tillit-admin changes accounts under a running
// server), and once a day the hourly rows older than `stats-retention-days` are deleted (the
// server also does that once at start-up, before it listens).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "app/stats_recorder.hpp"
#include "store/store_service.hpp"

namespace tillit::app {

// Runs until `pause` is cancelled (shutdown), on the executor it is spawned on; the database work
// runs on the store's thread. Failures are logged and tried again at the next round.
boost::asio::awaitable<void> keep_statistics(store::store_service& db, stats_recorder& recorder, unsigned retention_days,
                                             boost::asio::steady_timer& pause);

// Deletes the rows older than the retention; returns how many. On the store's thread (or
// store_service::call at start-up). Throws store_error.
int prune_old_statistics(store::store& db, unsigned retention_days);

} // namespace tillit::app
