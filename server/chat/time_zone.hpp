// time_zone: one IANA time zone read from its TZif file, converting instants between UTC and local wall-clock time.
//
// Reads the 64-bit (version 2+) data of /usr/share/zoneinfo/NAME, or the 32-bit data of a version 1
// file: the transitions, their UTC offsets, and the POSIX TZ footer ("CET-1CEST,M3.5.0,M10.5.0/3")
// that gives the offset after the last transition. GCC 12 has no std::chrono::locate_zone, hence this.
//
// Immutable once loaded: every const member may be called from any thread at the same time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tillit::chat {

class time_zone {
public:
    // Reads /usr/share/zoneinfo/NAME. nullopt when the name fails store::check_timezone (unsafe or
    // unknown), when the file cannot be read or is not a well-formed TZif file, or when it holds
    // leap-second records (the "right/" zones: sys_seconds does not count leap seconds).
    // Never throws on bad input; reads the file, so call it off the I/O threads (at start-up or
    // when the operator changes the opening hours).
    [[nodiscard]] static std::optional<time_zone> load(std::string_view name);

    // The same from the bytes of a TZif file, kept under `name` for display. nullopt as in load.
    [[nodiscard]] static std::optional<time_zone> from_tzif(std::string name, std::string_view bytes);

    // Coordinated Universal Time itself (offset 0 at every instant), without reading a file: the
    // fallback where no zone is configured.
    [[nodiscard]] static time_zone utc();

    [[nodiscard]] const std::string& name() const noexcept { return name_; }

    // Local time minus UTC at instant t (+3600 s for CET). Before the first transition the file's
    // first time type applies; after the last one the footer rule, or the last transition's offset
    // when the footer is absent or cannot be parsed. Valid for |t| below about 2^62 s.
    [[nodiscard]] std::chrono::seconds utc_offset(std::chrono::sys_seconds t) const;

    [[nodiscard]] std::chrono::local_seconds to_local(std::chrono::sys_seconds t) const;

    // The instant shown as local time t. Where t does not name exactly one instant, the offset in
    // effect just before the transition is used, so that:
    //   - in a gap (spring forward), t is read as if the clocks had not moved yet: 02:30 on the
    //     Stockholm spring-forward day is 01:30 UTC, shown afterwards as 03:30 CEST;
    //   - in a fold (fall back), t is the earlier of its two instants: 02:30 on the autumn day is
    //     00:30 UTC (02:30 CEST), not 01:30 UTC (02:30 CET).
    // This is Python's fold=0 (PEP 495). Assumes transitions are more than a day apart, as in
    // every real zone.
    [[nodiscard]] std::chrono::sys_seconds to_utc(std::chrono::local_seconds t) const;

    // The footer rule, parsed. Public so that tests and tools can name its parts; not needed to use the zone.
    struct posix_rule {
        enum class kind { month_week_day, julian_no_leap, zero_based_day };
        kind form = kind::month_week_day;
        int month = 0;    // Mm.w.d: 1..12
        int week = 0;     // Mm.w.d: 1..5, 5 = the last such weekday in the month
        int weekday = 0;  // Mm.w.d: 0 = Sunday .. 6
        int day = 0;      // Jn: 1..365 (29 February never counted); n: 0..365
        std::int64_t time = 2 * 3600;  // seconds after local midnight, -167 h .. 167 h
    };
    struct posix_tz {
        std::int64_t std_offset = 0;  // local minus UTC, seconds (the sign is flipped from the TZ string)
        bool has_dst = false;
        std::int64_t dst_offset = 0;
        posix_rule dst_start;  // in local standard time
        posix_rule dst_end;    // in local daylight time
    };
    // Parses a POSIX TZ string of the forms tzdata writes: std offset [dst [offset] ,rule,rule],
    // names alphabetic (3+ letters) or <quoted>. nullopt for anything else, including a dst name
    // without rules (POSIX leaves those rules to the implementation).
    [[nodiscard]] static std::optional<posix_tz> parse_posix_tz(std::string_view text);

private:
    time_zone() = default;

    std::string name_;
    std::vector<std::int64_t> transitions_;     // UTC seconds, strictly ascending
    std::vector<std::int32_t> offset_after_;    // offset from transitions_[i] on
    std::int32_t initial_offset_ = 0;           // before the first transition
    std::optional<posix_tz> footer_;
};

} // namespace tillit::chat
