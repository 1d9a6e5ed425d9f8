// chat_types: the vocabulary of queueing and chats shared by the pairing book, the pairing actor,
// the relay and the connection handlers. Nothing here identifies a person.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tillit::chat {

using clock = std::chrono::steady_clock;
using ticket_id = std::uint64_t;       // a help-seeker's place in the queue
using chat_id = std::uint64_t;         // one pairing of a help-seeker with a counsellor
using counsellor_id = std::int64_t;    // the counsellor's account id

// Stands for "the same client", to refuse a blocked one for a while: a keyed hash of its address
// made by the network side (net/client_key.hpp, where it has the same type; app/ checks that), so
// that chat/ never sees an address.
using client_key = std::array<unsigned char, 16>;

enum class lane { support, consultation };
[[nodiscard]] std::string_view to_string(lane l);
[[nodiscard]] std::optional<lane> parse_lane(std::string_view text);

// Why a help-seeker was not queued (the "closed" message's reason).
enum class closed_reason { outside_hours, no_counsellor };
[[nodiscard]] std::string_view to_string(closed_reason r);

// What a help-seeker chose on the entry page. Age band and topic are optional and only ever
// end up in aggregate counters.
struct seeker_request {
    chat::lane lane = lane::support;
    std::string language;                 // "sv", "en", "ar", ...
    std::optional<std::string> age_band;  // "under-13", "13-17", "18-25", "26-64", "65+"
    std::optional<std::string> topic;     // "honour", "forced-marriage", "fgm", "relationship", "other"
    // The counsellor who answered this help-seeker's letters (a `join` with a mailbox code):
    // preferred while on duty (docs/protocol.md, "Mailbox").
    std::optional<counsellor_id> preferred_counsellor;
};

[[nodiscard]] bool valid_language(std::string_view code);
[[nodiscard]] bool valid_age_band(std::string_view band);
[[nodiscard]] bool valid_topic(std::string_view topic);

} // namespace tillit::chat
