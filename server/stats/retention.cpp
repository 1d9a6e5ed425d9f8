// retention: the cut-off and the pruning.
#include "stats/retention.hpp"

#include "stats/calendar.hpp"

namespace tillit::stats {

store::unix_seconds retention_cutoff(store::unix_seconds now, unsigned days)
{
    return hour_of(now) - static_cast<store::unix_seconds>(days) * 24 * seconds_per_hour;
}

int prune_statistics(store::store& db, store::unix_seconds now, unsigned days)
{
    return db.delete_counters_before(retention_cutoff(now, days));
}

} // namespace tillit::stats
