// retention: how long the hourly statistics are kept (`stats-retention-days`, default 400): the
// rows of hours before the cut-off are deleted at start-up and once a day.
#pragma once

#include <cstdint>

#include "store/store.hpp"

namespace tillit::stats {

// The first hour kept at `now`: the start of the current hour, `days` × 24 hours back. Pure.
[[nodiscard]] store::unix_seconds retention_cutoff(store::unix_seconds now, unsigned days);

// Deletes the rows of hours before retention_cutoff(now, days); returns how many. On the store's
// thread. Throws store_error.
int prune_statistics(store::store& db, store::unix_seconds now, unsigned days);

} // namespace tillit::stats
