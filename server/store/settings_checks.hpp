// settings_checks: validation of the operator's settings and of their pieces (times of day,
// day ranges, time zone names, language codes), also used by tillit-admin to check its input.
// Each returns a settings_result: the value (or nothing, for a check), or settings_errc::
// invalid_value with the problem in words an operator can act on.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/settings_error.hpp"
#include "store/settings_types.hpp"

namespace tillit::store {

// --- pieces, also used by tillit-admin to check command-line input ---

// "HH:MM" -> minutes after midnight; "24:00" only when allow_midnight_end.
[[nodiscard]] std::optional<int> parse_time_of_day(std::string_view text, bool allow_midnight_end);
[[nodiscard]] std::string format_time_of_day(int minute);
// "closed" -> no ranges; "09:00-12:00,13:00-17:00" -> sorted ranges, checked by validate_day.
[[nodiscard]] settings_result<std::vector<time_range>> parse_day_ranges(std::string_view text);
// "closed" or "09:00-12:00,13:00-17:00".
[[nodiscard]] std::string format_day_ranges(const std::vector<time_range>& ranges);
// Whether the name is safe (no "..", no leading "/", plain characters) and names a TZif file
// under /usr/share/zoneinfo; otherwise why not.
[[nodiscard]] settings_result<void> check_timezone(std::string_view name);
// A language code: 2 or 3 lowercase ASCII letters.
[[nodiscard]] bool is_language_code(std::string_view code);

// --- whole values ---
[[nodiscard]] settings_result<void> validate_day(const std::vector<time_range>& ranges);
[[nodiscard]] settings_result<void> validate(const opening_hours& hours);
[[nodiscard]] settings_result<void> validate(const std::vector<emergency_number>& numbers);
[[nodiscard]] settings_result<void> validate(const closed_texts& texts);

} // namespace tillit::store
