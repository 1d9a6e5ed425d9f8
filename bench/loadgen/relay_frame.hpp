// A relayed frame, pre-encoded once per chat and direction and stamped in place for each send:
// the payload begins with 32 hex digits (send time in ns, sequence number, chat number), which
// are in the B64 alphabet, so the server relays them like any ciphertext.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "connection.hpp"

namespace tillit::bench {

inline constexpr std::size_t stamp_chars = 32;

struct stamp {
    std::uint64_t sent_ns;
    std::uint32_t seq;
    std::uint32_t chat;
};

std::optional<stamp> read_stamp(std::string_view payload);

class relay_frame {
public:
    // `chat_id` empty: the help-seeker's form (no chat field) or the floor's (payload only).
    relay_frame(framing kind, std::string_view chat_id, std::size_t ciphertext_bytes);

    // Appends the frame to `c` with `seq` and the send time stamped.
    void send(connection& c, std::uint32_t seq, std::uint32_t chat_number, std::uint64_t sent_ns) const;

private:
    std::string message_;  // the JSON (or, for the floor, the payload)
    std::size_t seq_offset_ = 0;
    std::size_t stamp_offset_ = 0;
    bool has_seq_field_ = true;
};

} // namespace tillit::bench
