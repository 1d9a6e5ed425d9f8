// mailbox_frames: the mailbox's answers (docs/protocol.md, "Mailbox") as typed values and their
// one wire form: the roster, a saved letter, a thread as the help-seeker and as a counsellor sees
// it, the counsellors' list of threads and their mailbox keys. Every binary value is already
// base64 text here. Pure; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tillit::protocol {

// One counsellor able to answer letters, as a writer verifies them (CRYPTO.md, "A letter").
struct roster_entry {
    std::string identity_key;
    std::string pseudonym;
    std::string certificate;
    std::string mailbox_key;
    std::int64_t mailbox_not_after = 0;
    std::string mailbox_signature;
};

struct envelope {
    std::string to;   // the reader's public key
    std::string box;  // nonce ‖ crypto_box_easy(k)
};

// "mailbox_roster": who can read a letter written now.
struct mailbox_roster {
    std::string lane;
    std::vector<roster_entry> counsellors;
    std::optional<std::string> revocation_list;
    std::int64_t reply_within_hours = 48;
};

// "letter_saved": the help-seeker's letter is stored.
struct letter_saved {
    std::string box_id;
    std::int64_t number = 0;
    std::optional<std::int64_t> reply_by;
};

// "thread", as the help-seeker reads it with their code.
struct seeker_thread {
    struct letter {
        std::int64_t number = 0;
        bool from_counsellor = false;
        std::int64_t hour = 0;
        std::string ciphertext;
        std::optional<std::string> envelope;  // the box addressed to the thread key
        std::optional<roster_entry> author;   // a counsellor's letter: who sealed it, with that key
    };
    std::string box_id;
    std::string lane;
    std::string language;
    std::optional<std::int64_t> reply_by;
    std::optional<std::string> answered_by;
    std::vector<letter> letters;
    std::optional<std::string> revocation_list;
};

struct thread_deleted {
    std::string box_id;
};

// "mailbox_keys": a counsellor's own mailbox keys still kept, newest first.
struct mailbox_keys_list {
    struct key {
        std::string public_key;
        std::string signature;
        std::int64_t not_after = 0;
        std::string wrapped;
    };
    std::vector<key> keys;
};

struct mailbox_key_saved {
    std::int64_t not_after = 0;
};

// "mailbox": the threads a counsellor sees, waiting first.
struct mailbox_listing {
    struct thread {
        std::string box_id;
        std::string lane;
        std::string language;
        std::optional<std::string> age_band;
        std::optional<std::string> topic;
        bool waiting = false;  // "waiting" or "answered"
        std::optional<std::int64_t> reply_by;
        std::optional<std::int64_t> waiting_since;
        std::int64_t last_letter = 0;
        std::int64_t letters = 0;
        std::optional<std::string> counsellor;
        std::optional<std::string> claimed_by;
        std::optional<std::int64_t> claim_expires;
        bool operator==(const thread&) const = default;
    };
    std::vector<thread> threads;
    std::int64_t reply_within_hours = 48;
    bool operator==(const mailbox_listing&) const = default;
};

struct mailbox_unwatched {};

// "thread", as a counsellor opens (and claims) it.
struct counsellor_thread {
    struct letter {
        std::int64_t number = 0;
        bool from_counsellor = false;
        std::int64_t hour = 0;
        std::string ciphertext;
        std::optional<std::string> sender_key;
        std::optional<std::string> author;
        std::vector<envelope> envelopes;  // those addressed to this counsellor's keys
    };
    std::string box_id;
    std::string thread_key;
    std::string lane;
    std::string language;
    std::optional<std::string> age_band;
    std::optional<std::string> topic;
    std::string claimed_by;
    std::int64_t claim_expires = 0;
    std::vector<letter> letters;
    std::vector<roster_entry> roster;
    std::optional<std::string> revocation_list;
};

struct thread_released {
    std::string box_id;
};

struct reply_saved {
    std::string box_id;
    std::int64_t number = 0;
};

[[nodiscard]] std::string frame(const mailbox_roster& r);
[[nodiscard]] std::string frame(const letter_saved& r);
[[nodiscard]] std::string frame(const seeker_thread& r);
[[nodiscard]] std::string frame(const thread_deleted& r);
[[nodiscard]] std::string frame(const mailbox_keys_list& r);
[[nodiscard]] std::string frame(const mailbox_key_saved& r);
[[nodiscard]] std::string frame(const mailbox_listing& r);
[[nodiscard]] std::string frame(const mailbox_unwatched&);
[[nodiscard]] std::string frame(const counsellor_thread& r);
[[nodiscard]] std::string frame(const thread_released& r);
[[nodiscard]] std::string frame(const reply_saved& r);

} // namespace tillit::protocol
