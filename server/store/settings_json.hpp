// settings_json: the canonical JSON of the operator's settings as kept in the settings table.
//
// JSON formats (keys in this order; format_* always writes exactly this form):
//   "opening_hours":     {"timezone":"Europe/Stockholm","days":{"mon":[{"open":"08:00","close":"16:00"}],
//                          "tue":[...],"wed":[...],"thu":[...],"fri":[...],"sat":[],"sun":[]}}
//                        times "HH:MM" in the named zone; "close" may be "24:00"; [] = closed.
//   "emergency_numbers": [{"label":"Emergency: police, ambulance","number":"112"}, ...]
//   "closed_text":       {"ar":"...","en":"...","sv":"..."}   (language code -> text)
//
// parse_* check the value too (settings_checks); they fail with settings_errc::not_json,
// wrong_shape or invalid_value and a message saying what is wrong in words for the operator.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/settings_error.hpp"
#include "store/settings_types.hpp"

namespace tillit::store {

// --- JSON ---
[[nodiscard]] settings_result<opening_hours> parse_opening_hours(std::string_view json);
[[nodiscard]] std::string format_opening_hours(const opening_hours& hours);
[[nodiscard]] settings_result<std::vector<emergency_number>> parse_emergency_numbers(std::string_view json);
[[nodiscard]] std::string format_emergency_numbers(const std::vector<emergency_number>& numbers);
[[nodiscard]] settings_result<closed_texts> parse_closed_texts(std::string_view json);
[[nodiscard]] std::string format_closed_texts(const closed_texts& texts);

} // namespace tillit::store
