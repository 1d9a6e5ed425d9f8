// report: the statistics report for a period of whole days in the centre's time zone, as CSV
// with small counts suppressed (docs/statistics.md, "The report"). Shared by tillit-server (the
// supervisors' "report" message) and `tillit-admin report`, so both write the same file.
//
// Each population of counts (chats ended, abandoned, closed-hours visits, pairings by wait,
// chats by length, the mailbox's letters, replies and threads answered) gives a rounded total and one table per dimension, every one protected by
// stats/suppression.hpp. Records are "dimension,value,count".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hours/time_zone.hpp"
#include "stats/calendar.hpp"
#include "store/store.hpp"

namespace tillit::stats {

struct report_file {
    std::string filename;  // tillit-report-FIRST-to-LAST.csv (both days included)
    std::string csv;
};

// The report from counter rows (any hours: those outside the period are left out). Pure.
[[nodiscard]] report_file make_report(const std::vector<store::counter_row>& rows, const period& p,
                                      const hours::time_zone& zone, std::int64_t threshold);

// Reads the period's counters and the centre's zone from the store and makes the report. On the
// store's thread (or with the store, in tillit-admin). Throws store_error.
[[nodiscard]] report_file read_report(store::store& db, const period& p, std::int64_t threshold);

} // namespace tillit::stats
