// time_zone: one IANA time zone, converting instants between UTC and local wall-clock time (date/tz.h).
//
// A thin wrapper over Howard Hinnant's date library as Debian builds it (libhowardhinnant-date-dev:
// USE_OS_TZDB=1, no remote API, so it reads /usr/share/zoneinfo and never downloads). It adds the
// two things Tillit needs on top: load() refuses a name the way the settings validation does, and
// to_utc() has one fixed rule for local times that name no instant or two (see there).
//
// Limit: with USE_OS_TZDB, date uses only the transitions a TZif file lists and ignores its POSIX
// footer (HowardHinnant/date#760). Debian's tzdata writes "fat" files that list them through 2037,
// so conversions are right until then; TimeZone.SystemZoneFilesListTransitionsThrough2037 fails if
// the system ever ships "slim" files (which would be wrong even for today's dates).
//
// Immutable once loaded: every const member may be called from any thread at the same time
// (date loads a zone's file once, under std::call_once).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace tillit::hours {

class time_zone {
public:
    // The zone /usr/share/zoneinfo/NAME. nullopt when the name fails store::check_timezone (unsafe
    // or unknown: the settings validation gives people the reason) or the time-zone database does
    // not list it (for example the "right/" zones, which count leap seconds). Never throws on bad
    // input; may read zoneinfo, so call it off the I/O threads (at start-up or when the operator
    // changes the opening hours).
    [[nodiscard]] static std::optional<time_zone> load(std::string_view name);

    // Coordinated Universal Time itself (offset 0 at every instant), without reading a file: the
    // fallback where no zone is configured.
    [[nodiscard]] static time_zone utc();

    [[nodiscard]] const std::string& name() const noexcept { return name_; }

    // Local time minus UTC at instant t (+3600 s for CET). Before the first transition the
    // zone's local mean time applies.
    [[nodiscard]] std::chrono::seconds utc_offset(std::chrono::sys_seconds t) const;

    [[nodiscard]] std::chrono::local_seconds to_local(std::chrono::sys_seconds t) const;

    // The instant shown as local time t. Where t does not name exactly one instant, the offset in
    // effect just before the transition is used, so that:
    //   - in a gap (spring forward), t is read as if the clocks had not moved yet: 02:30 on the
    //     Stockholm spring-forward day is 01:30 UTC, shown afterwards as 03:30 CEST;
    //   - in a fold (fall back), t is the earlier of its two instants: 02:30 on the autumn day is
    //     00:30 UTC (02:30 CEST), not 01:30 UTC (02:30 CET).
    // This is Python's fold=0 (PEP 495). date::choose::earliest differs in a gap (it gives the
    // transition itself, 01:00 UTC), hence this rule is kept here.
    [[nodiscard]] std::chrono::sys_seconds to_utc(std::chrono::local_seconds t) const;

private:
    time_zone() = default;

    std::string name_;
    const date::time_zone* zone_ = nullptr;  // owned by date's database, which lives until exit; null for utc()
};

} // namespace tillit::hours
