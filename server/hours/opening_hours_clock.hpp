// opening_hours_clock: answers "is the centre open now, and if not, when does it next open?" from the operator's hours.
//
// Each range is a wall-clock interval in the hours' time zone, turned into an interval of real
// time with time_zone::to_utc (so a range starting in a spring-forward gap starts when the clocks
// have moved on, and 02:00-03:00 on the fall-back day lasts two real hours). A range that ends at
// 24:00 meets one starting at 00:00 the next day, so the two are one continuous opening.
//
// Immutable once built: every const member may be called from any thread at the same time.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "hours/time_zone.hpp"
#include "store/settings.hpp"

namespace tillit::hours {

class opening_hours_clock {
public:
    // How far next_opening looks ahead: a week, plus a day for the time-zone and DST slack.
    static constexpr std::chrono::hours horizon{8 * 24};

    // The hours are expected to have passed store::validate; a range that is empty or reaches
    // outside 00:00..24:00 is ignored rather than trusted. The zone is the one named by
    // hours.timezone (time_zone::load(hours.timezone)).
    // Throws std::invalid_argument when zone.name() != hours.timezone (a programming error).
    opening_hours_clock(store::opening_hours hours, time_zone zone);

    // Whether `now` falls inside an opening range.
    [[nodiscard]] bool is_open(std::chrono::sys_seconds now) const;

    // The earliest instant at or after `now` at which the centre is open: `now` itself when it is
    // open, else the start of the next range. nullopt when not open at any time in the next
    // `horizon` (a week with no ranges).
    [[nodiscard]] std::optional<std::chrono::sys_seconds> next_opening(std::chrono::sys_seconds now) const;

    // t as wall-clock time in the zone, for display: "2026-11-24T08:00 Europe/Stockholm".
    [[nodiscard]] std::string local_text(std::chrono::sys_seconds t) const;

    // local_text(*next_opening(now)), or nullopt when next_opening is.
    [[nodiscard]] std::optional<std::string> next_opening_text(std::chrono::sys_seconds now) const;

    [[nodiscard]] const store::opening_hours& hours() const noexcept { return hours_; }
    [[nodiscard]] const time_zone& zone() const noexcept { return zone_; }

private:
    store::opening_hours hours_;
    time_zone zone_;
};

} // namespace tillit::hours
