// counter_keys: the names and label sets of Tillit's hourly statistics counters (the
// stats_counters table: one row per hour, name and label set, never a row per chat), the values
// each label may take, and the rule that keeps them few: a help-seeker may give any 2-3 letter
// language code, so a language that no enabled counsellor account serves is counted as "other".
// See docs/statistics.md. Pure functions: any thread.
#pragma once

#include <array>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tillit::stats {

// Counter names. Labels, always in this order:
inline constexpr std::string_view chats_ended = "chats_ended";            // lane, language, age_band, topic, outcome
inline constexpr std::string_view wait_seconds = "wait_seconds";          // lane, bucket (stats/buckets.hpp)
inline constexpr std::string_view chat_length_seconds = "chat_length_seconds";  // lane, bucket
inline constexpr std::string_view abandoned = "abandoned";                // lane, language
inline constexpr std::string_view closed_visits = "closed_visits";        // lane, reason
// The mailbox (issue 16):
inline constexpr std::string_view letters_received = "letters_received";  // lane: a help-seeker's letter stored
inline constexpr std::string_view letters_replied = "letters_replied";    // lane: a counsellor's reply stored
inline constexpr std::string_view threads_answered = "threads_answered";  // lane, in_time: a waiting thread answered

// The values of the fixed labels, in the order reports list them ("unknown": not given).
inline constexpr std::array<std::string_view, 2> lanes{"support", "consultation"};
inline constexpr std::array<std::string_view, 6> age_bands{"under-13", "13-17", "18-25", "26-64", "65+", "unknown"};
inline constexpr std::array<std::string_view, 6> topics{"honour", "forced-marriage", "fgm", "relationship", "other", "unknown"};
inline constexpr std::array<std::string_view, 5> outcomes{"supported", "referred", "emergency", "no_contact", "other"};
inline constexpr std::array<std::string_view, 2> closed_reasons{"outside_hours", "no_counsellor"};
// threads_answered's in_time: the reply came before the thread's reply-by time (yes) or after (no).
inline constexpr std::array<std::string_view, 2> in_time_values{"yes", "no"};
inline constexpr std::string_view other_language = "other";

// `language` when `served` (sorted, as store::served_languages gives it) holds it, else "other".
[[nodiscard]] std::string bounded_language(std::string_view language, std::span<const std::string> served);

// "key=value,key=value" in the order given. Keys and values never hold ',' or '=' (they are the
// fixed values above, language codes, "other" and bucket labels).
[[nodiscard]] std::string format_labels(std::initializer_list<std::pair<std::string_view, std::string_view>> labels);
// The value of `key` in a label string; nullopt when absent.
[[nodiscard]] std::optional<std::string_view> label_value(std::string_view labels, std::string_view key);

} // namespace tillit::stats
