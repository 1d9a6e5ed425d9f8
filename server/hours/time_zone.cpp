// time_zone: the date library's zones behind Tillit's name check and its rule for gaps and folds.
#include "hours/time_zone.hpp"

#include <date/tz.h>

#include <stdexcept>
#include <utility>

#include "store/settings.hpp"

namespace tillit::hours {

std::optional<time_zone> time_zone::load(std::string_view name)
{
    // check_timezone refuses names that could leave zoneinfo and names of files that are not TZif.
    if (!store::check_timezone(name)) return std::nullopt;
    // "posix/Europe/Stockholm" is a copy of "Europe/Stockholm" that date's database does not list.
    constexpr std::string_view posix_copy = "posix/";
    const std::string_view listed = name.substr(0, posix_copy.size()) == posix_copy ? name.substr(posix_copy.size()) : name;
    time_zone zone;
    try {
        zone.zone_ = date::locate_zone(listed);
    } catch (const std::runtime_error&) {
        return std::nullopt;  // "... not found in timezone database"
    }
    zone.name_ = std::string(name);
    return zone;
}

time_zone time_zone::utc()
{
    time_zone zone;
    zone.name_ = "UTC";  // no date zone: offset 0 at every instant
    return zone;
}

std::chrono::seconds time_zone::utc_offset(std::chrono::sys_seconds t) const
{
    if (zone_ == nullptr) return std::chrono::seconds{0};
    return zone_->get_info(t).offset;
}

std::chrono::local_seconds time_zone::to_local(std::chrono::sys_seconds t) const
{
    return std::chrono::local_seconds{t.time_since_epoch() + utc_offset(t)};
}

std::chrono::sys_seconds time_zone::to_utc(std::chrono::local_seconds t) const
{
    if (zone_ == nullptr) return std::chrono::sys_seconds{t.time_since_epoch()};
    // For a unique time `first` is its period; in a gap it is the period before the gap; in a
    // fold it is the earlier period (the one with the larger offset), giving the earlier instant.
    const date::local_info info = zone_->get_info(date::local_seconds{t.time_since_epoch()});
    return std::chrono::sys_seconds{t.time_since_epoch() - info.first.offset};
}

} // namespace tillit::hours
