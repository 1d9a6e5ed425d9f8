// settings_types: the operator's typed settings (opening hours, emergency numbers, closed-hours
// texts), their keys in the store's settings table and the limits on them.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tillit::store {

inline constexpr std::string_view opening_hours_key = "opening_hours";
inline constexpr std::string_view emergency_numbers_key = "emergency_numbers";
inline constexpr std::string_view closed_text_key = "closed_text";

// Limits on operator input: each is far above real needs and keeps pages small.
inline constexpr std::size_t max_ranges_per_day = 8;
inline constexpr std::size_t max_emergency_numbers = 20;
inline constexpr std::size_t max_label_bytes = 100;
inline constexpr std::size_t max_number_bytes = 30;
inline constexpr std::size_t max_closed_text_bytes = 2000;
inline constexpr std::size_t max_closed_texts = 50;


struct time_range {
    int open_minute = 0;   // minutes after midnight, 0..1439
    int close_minute = 0;  // open_minute < close_minute <= 24*60
    friend bool operator==(const time_range&, const time_range&) = default;
};

inline constexpr std::array<std::string_view, 7> day_names{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

struct opening_hours {
    std::string timezone;                          // IANA name, e.g. "Europe/Stockholm"
    std::array<std::vector<time_range>, 7> days;   // mon..sun; empty = closed that day
    friend bool operator==(const opening_hours&, const opening_hours&) = default;
};

struct emergency_number {
    std::string label;
    std::string number;
    friend bool operator==(const emergency_number&, const emergency_number&) = default;
};

using closed_texts = std::map<std::string, std::string>;  // language code -> text

} // namespace tillit::store
