// mailbox_store: the mailbox's rows (threads, their letters and envelopes, the counsellors'
// mailbox keys) in Tillit's database; reached as store.mailbox(), on the store's thread only.
//
// What is kept: each letter's ciphertext and its envelopes (both opaque to the server), the
// thread's public key HK_pk, BLAKE2b-256 of box_auth, lane, language, optional age band and
// topic, the counsellor who answered last, and times rounded to the hour. Nothing about the
// writer. Every time given here must be a multiple of 3600 (hour, last_letter_hour,
// waiting_since, reply_by): the table's CHECKs refuse a finer one with constraint_error.
//
// Error policy (as store.hpp): failures of the database throw store_error; a duplicate box_id,
// a full mailbox or a letter number that is not the next one are returned as values.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace tillit::store {

class database;

enum class letter_from { help_seeker, counsellor };

struct envelope_row {
    std::vector<unsigned char> reader_key;  // 32: the reader's X25519 public key (an MK_pk or HK_pk)
    std::vector<unsigned char> box;         // 72: nonce ‖ crypto_box_easy(k)
    bool operator==(const envelope_row&) const = default;
};

struct letter_row {
    int number = 0;                           // 1, 2, 3, … across both directions
    letter_from from = letter_from::help_seeker;
    unix_seconds hour = 0;                    // when it was written, rounded down to the hour
    std::optional<account_id> author;         // counsellor letters: the account that wrote it
    std::vector<unsigned char> sender_key;    // counsellor letters: the MK_pk that sealed it; else empty
    std::vector<unsigned char> ciphertext;
    std::vector<envelope_row> envelopes;      // in the order given
    bool operator==(const letter_row&) const = default;
};

struct thread_row {
    std::vector<unsigned char> box_id;      // 16
    std::vector<unsigned char> auth_hash;   // BLAKE2b-256(box_auth)
    std::vector<unsigned char> thread_key;  // HK_pk
    std::string lane;
    std::string language;
    std::optional<std::string> age_band;
    std::optional<std::string> topic;
    std::optional<account_id> counsellor;        // who answered last (the thread keeps them)
    std::optional<unix_seconds> reply_by;        // set while a help-seeker letter waits
    std::optional<unix_seconds> waiting_since;   // hour of the oldest unanswered letter
    unix_seconds last_letter_hour = 0;
    int letters = 0;                             // kept by the store: ignored on input
    bool operator==(const thread_row&) const = default;
};

struct mailbox_key_row {
    account_id account = 0;
    std::vector<unsigned char> public_key;  // MK_pk (32)
    std::vector<unsigned char> signature;   // by the account's IK (64)
    std::vector<unsigned char> wrapped;     // nonce ‖ secretbox(MK_sk) under `wrap` (72)
    unix_seconds not_after = 0;
    bool operator==(const mailbox_key_row&) const = default;
};

class mailbox_store {
public:
    // Used by store only; `db` must outlive this object.
    explicit mailbox_store(database& db) : db_(db) {}

    enum class create_result { created, exists, full };
    // Stores a new thread with its first letter (number 1) in one transaction. `exists` when the
    // box_id is taken, `full` when max_threads threads are stored already; nothing is written then.
    // The thread's `letters` is set to 1 whatever `thread` says.
    [[nodiscard]] create_result create_thread(const thread_row& thread, const letter_row& first, std::size_t max_threads);

    [[nodiscard]] std::optional<thread_row> thread(std::span<const unsigned char> box_id);
    // Every thread (summaries, no letters), the latest letter first.
    [[nodiscard]] std::vector<thread_row> threads();
    // The thread's letters with their envelopes, by number; empty for an unknown thread.
    [[nodiscard]] std::vector<letter_row> letters(std::span<const unsigned char> box_id);

    // Appends `letter` if its number is the thread's letters + 1, and sets the thread's
    // counsellor, reply_by, waiting_since and last_letter_hour to `updated`'s (its other fields
    // are ignored), in one transaction. Returns false, writing nothing, when the thread is
    // unknown or the number is not the next one.
    [[nodiscard]] bool append_letter(std::span<const unsigned char> box_id, const letter_row& letter,
                                     const thread_row& updated);

    // Deletes the thread, its letters and envelopes, then checkpoints the write-ahead log
    // (TRUNCATE) so the bytes are gone from both the database file (secure_delete zeroes them)
    // and the WAL. False when there was no such thread.
    bool delete_thread(std::span<const unsigned char> box_id);
    // Retention: deletes (as delete_thread) every thread whose last letter's hour is before the
    // cutoff; returns how many.
    int delete_threads_before(unix_seconds last_letter_hour_cutoff);

    // Stores a mailbox key; adding the same key to the same account again changes nothing.
    void add_key(const mailbox_key_row& key);
    // The account's keys, newest (latest not_after) first.
    [[nodiscard]] std::vector<mailbox_key_row> keys_of(account_id account);
    // Deletes keys whose not_after <= now that no stored envelope is addressed to and that
    // sealed no stored letter (its author entry must stay verifiable), keeping each account's
    // newest key whatever its age. Returns how many were deleted.
    int delete_unused_keys(unix_seconds now);

private:
    // PRAGMA wal_checkpoint(TRUNCATE); a no-op in memory. A reader in another process (busy)
    // leaves the log for the next checkpoint.
    void checkpoint();

    database& db_;
};

} // namespace tillit::store
