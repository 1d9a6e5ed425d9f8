// mailbox_values: small pure pieces the mailbox service shares between its two sides: a thread's
// key in memory, the hour a letter is filed under, the stored hash of a code's proof and its
// constant-time check, who may answer letters, a roster entry from an account and its key, and
// the mailbox-key signature check.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/events.hpp"
#include "protocol/mailbox_frames.hpp"
#include "store/mailbox_store.hpp"
#include "store/store.hpp"

namespace tillit::mailbox {

// The map key of a thread: its box id's bytes.
[[nodiscard]] inline std::string box_key(std::span<const unsigned char> box_id)
{
    return {box_id.begin(), box_id.end()};
}

// Letters are filed under the hour they came, nothing finer (CRYPTO.md, "A letter", 4).
[[nodiscard]] inline std::int64_t hour_of(std::int64_t unix) { return unix - unix % 3600; }

// BLAKE2b-256 of box_auth: all the server keeps of the code.
[[nodiscard]] std::vector<unsigned char> auth_hash(std::span<const unsigned char> box_auth);
// Whether box_auth hashes to `stored`, in constant time.
[[nodiscard]] bool auth_matches(std::span<const unsigned char> box_auth, std::span<const unsigned char> stored);

// thread_full, or letter_number (with the expected number) when `number` is not the thread's next.
[[nodiscard]] std::optional<protocol::error_reply> next_number_refusal(const store::thread_row& t, std::int64_t number,
                                                                       std::int64_t max_letters);

// An enabled, certified counsellor account serving `lane`.
[[nodiscard]] bool can_answer_letters(const store::account& a, std::string_view lane);

[[nodiscard]] protocol::roster_entry entry_of(const store::account& a, const store::mailbox_key_row& key);

// Whether `signature` is the account's identity key's over the mailbox key and its expiry, and
// the key has not expired at `now`.
[[nodiscard]] bool mailbox_key_signed(std::span<const unsigned char> identity_key, std::span<const unsigned char> public_key,
                                      std::int64_t not_after, std::span<const unsigned char> signature, std::int64_t now);

// Threads answered from `day_start` to `now` by the statistics counters (threads_answered).
[[nodiscard]] std::size_t answered_in_counters(store::store& s, std::int64_t day_start, std::int64_t now);

} // namespace tillit::mailbox
