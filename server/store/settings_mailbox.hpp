// settings_mailbox: the operator's mailbox settings (retention, reply time, thread limit): the
// type, its limits and defaults, its checks, its canonical JSON in the settings table, and
// loading and saving it. Error policy as settings.hpp.
//
// JSON (key "mailbox"; format_mailbox_settings writes exactly this form):
//   {"retention_days":30,"reply_hours":48,"max_threads":5000}
// A database without the row (every one made before the mailbox) has the defaults.
#pragma once

#include <string>
#include <string_view>

#include "store/settings_error.hpp"
#include "store/store.hpp"

namespace tillit::store {

inline constexpr std::string_view mailbox_settings_key = "mailbox";

// One setting's name (as tillit-admin and the docs call it), range and default.
struct mailbox_setting_limits {
    std::string_view name;
    std::string_view unit;
    int min = 1;
    int max = 1;
    int fallback = 1;
};
inline constexpr mailbox_setting_limits retention_days_limits{"mailbox-retention-days", "days", 1, 90, 30};
inline constexpr mailbox_setting_limits reply_hours_limits{"mailbox-reply-hours", "hours", 1, 168, 48};
inline constexpr mailbox_setting_limits max_threads_limits{"mailbox-max-threads", "threads", 1, 1'000'000, 5000};

struct mailbox_settings {
    // A thread is deleted this long after its last letter.
    int retention_days = retention_days_limits.fallback;
    // A help-seeker's letter is answered within this time (the reply-by shown to both sides).
    int reply_hours = reply_hours_limits.fallback;
    // At most this many threads are stored; a new one beyond it is refused (`mailbox_full`).
    int max_threads = max_threads_limits.fallback;
    bool operator==(const mailbox_settings&) const = default;
};

// Each value within its limits; else settings_errc::invalid_value, e.g.
// "mailbox-retention-days must be from 1 to 90 (days), not 120".
[[nodiscard]] settings_result<void> validate(const mailbox_settings& settings);
// "30" -> 30 when it is a whole number within `limits`; else invalid_value naming the setting.
[[nodiscard]] settings_result<int> parse_mailbox_setting(const mailbox_setting_limits& limits, std::string_view text);

[[nodiscard]] settings_result<mailbox_settings> parse_mailbox_settings(std::string_view json);
[[nodiscard]] std::string format_mailbox_settings(const mailbox_settings& settings);

// The stored settings; the defaults when the row is missing; an error when it is not valid.
[[nodiscard]] settings_result<mailbox_settings> load_mailbox_settings(store& db);
// What the server uses: the stored settings, or the defaults when the row is missing or not
// valid (only a hand-edited database has an invalid one). Throws store_error when the database
// fails. The store's thread.
[[nodiscard]] mailbox_settings read_mailbox_settings(store& db);
// Throws std::invalid_argument for values validate refuses.
void save_mailbox_settings(store& db, const mailbox_settings& settings);

} // namespace tillit::store
