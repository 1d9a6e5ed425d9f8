// service_hours: whether help-seekers may queue now, from the operator's opening hours (with
// their time zone), emergency numbers and closed-hours texts. A snapshot of those settings is
// read from the database on the store's thread every little while, so that the pairing actor
// asks without waiting for the disk. When closed, or when no counsellor serving the lane is on
// duty, the help-seeker is told so with the next opening and the emergency numbers.
// Thread-safe: one mutex guards the snapshot.
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "hours/opening_hours_clock.hpp"
#include "chat/pairing_actor.hpp"
#include "store/settings.hpp"
#include "store/store.hpp"

namespace tillit::app {

class service_hours {
public:
    // Reads the settings. On the store's thread (store_service::run). A bad setting keeps the
    // previous snapshot and is logged.
    void refresh(store::store& db);

    // The pairing actor's availability check.
    [[nodiscard]] chat::availability check(chat::lane l, bool anyone_on_duty) const;

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const hours::opening_hours_clock> clock_;  // nullptr: no valid hours yet (treated as open)
    std::vector<store::emergency_number> emergency_numbers_;
    store::closed_texts closed_texts_;
};

} // namespace tillit::app
