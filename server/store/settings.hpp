// settings: the operator's typed settings (opening hours, emergency numbers, closed-hours
// texts), their validation, and their canonical JSON as kept in the store's settings table.
//
// JSON formats (keys in this order; format_* always writes exactly this form):
//   "opening_hours":     {"timezone":"Europe/Stockholm","days":{"mon":[{"open":"08:00","close":"16:00"}],
//                          "tue":[...],"wed":[...],"thu":[...],"fri":[...],"sat":[],"sun":[]}}
//                        times "HH:MM" in the named zone; "close" may be "24:00"; [] = closed.
//   "emergency_numbers": [{"label":"Emergency: police, ambulance","number":"112"}, ...]
//   "closed_text":       {"ar":"...","en":"...","sv":"..."}   (language code -> text)
//
// Error policy: parse_* and validate_* return the problem as a message for the operator;
// load_* throw store_error only when the database fails; save_* throw std::invalid_argument
// for values that validate_* rejects (callers parse first, so that is a programming error).
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.hpp"

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

// A value or the reason there is none, in words an operator can act on.
template <class T>
struct parse_result {
    std::optional<T> value;
    std::string error;  // set exactly when value is empty

    [[nodiscard]] explicit operator bool() const noexcept { return value.has_value(); }
    static parse_result failure(std::string message) { return {std::nullopt, std::move(message)}; }
};

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

// --- pieces, also used by tillit-admin to check command-line input ---

// "HH:MM" -> minutes after midnight; "24:00" only when allow_midnight_end.
[[nodiscard]] std::optional<int> parse_time_of_day(std::string_view text, bool allow_midnight_end);
[[nodiscard]] std::string format_time_of_day(int minute);
// "closed" -> no ranges; "09:00-12:00,13:00-17:00" -> sorted ranges, checked by validate_day.
[[nodiscard]] parse_result<std::vector<time_range>> parse_day_ranges(std::string_view text);
// "closed" or "09:00-12:00,13:00-17:00".
[[nodiscard]] std::string format_day_ranges(const std::vector<time_range>& ranges);
// Empty when the name is safe (no "..", no leading "/", plain characters) and names a TZif
// file under /usr/share/zoneinfo; otherwise why not.
[[nodiscard]] std::string check_timezone(std::string_view name);
// A language code: 2 or 3 lowercase ASCII letters.
[[nodiscard]] bool is_language_code(std::string_view code);

// --- whole values: empty string = valid ---
[[nodiscard]] std::string validate_day(const std::vector<time_range>& ranges);
[[nodiscard]] std::string validate(const opening_hours& hours);
[[nodiscard]] std::string validate(const std::vector<emergency_number>& numbers);
[[nodiscard]] std::string validate(const closed_texts& texts);

// --- JSON ---
[[nodiscard]] parse_result<opening_hours> parse_opening_hours(std::string_view json);
[[nodiscard]] std::string format_opening_hours(const opening_hours& hours);
[[nodiscard]] parse_result<std::vector<emergency_number>> parse_emergency_numbers(std::string_view json);
[[nodiscard]] std::string format_emergency_numbers(const std::vector<emergency_number>& numbers);
[[nodiscard]] parse_result<closed_texts> parse_closed_texts(std::string_view json);
[[nodiscard]] std::string format_closed_texts(const closed_texts& texts);

// --- over the store: load_* fail (as a value) when the key is missing or its JSON is bad ---
[[nodiscard]] parse_result<opening_hours> load_opening_hours(store& db);
[[nodiscard]] parse_result<std::vector<emergency_number>> load_emergency_numbers(store& db);
[[nodiscard]] parse_result<closed_texts> load_closed_texts(store& db);
void save_opening_hours(store& db, const opening_hours& hours);
void save_emergency_numbers(store& db, const std::vector<emergency_number>& numbers);
void save_closed_texts(store& db, const closed_texts& texts);

} // namespace tillit::store
