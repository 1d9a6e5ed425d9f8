// conversation: one side's view of a chat's end-to-end content as docs/crypto.md and the session
// spec (E) define it: message numbers n and `seen`, the `sync` at the start of every epoch,
// holding messages back until the peer's sync, resending exactly what the peer lacks, dropping
// duplicates by n, delivery state, and the one order both sides compute. No I/O: the protocol
// clients (seeker_client, counsellor_client) feed it decrypted plaintexts and send what it returns.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tillit::test {

enum class chat_side { help_seeker, counsellor };

struct chat_message {
    chat_side from = chat_side::help_seeker;
    std::uint64_t n = 0;     // the sender's number for it, 1, 2, 3, …
    std::uint64_t seen = 0;  // how many of the peer's messages the sender had when writing it
    std::string text;
};

class conversation {
public:
    // `knows_own_numbering` false: a reloaded console, which lost its own messages and numbers.
    // What it writes before the peer's sync is numbered from the peer's `received` + 1 then.
    explicit conversation(chat_side self, bool knows_own_numbering = true)
        : self_(self), knows_own_numbering_(knows_own_numbering) {}

    // A new key epoch began (a restart, a new console, a transfer): the peer's sync of it is awaited.
    void begin_epoch() { peer_synced_ = false; }
    // The first content plaintext of every epoch, once the channel is ready.
    [[nodiscard]] std::string sync_plaintext() const;

    // Writes a message. Returns its plaintext when it may go out now (the peer's sync of this
    // epoch has come), nullopt when it is held (shown as waiting) until then.
    std::optional<std::string> write(const std::string& text);

    // What a decrypted content plaintext asks this side to do.
    struct reaction {
        bool shown = false;                // a new message of the peer's was taken (not a duplicate)
        bool duplicate = false;            // a message already taken: dropped
        std::vector<std::string> to_send;  // after the peer's sync: own messages it lacks, in order of n
    };
    // Handles one plaintext of the peer's (message, sync; anything else is ignored).
    reaction on_plaintext(const std::string& plaintext);

    // The relay's `delivered` for the frame that carried own message n.
    void mark_delivered(std::uint64_t n);

    // Own messages that have not been delivered (held, or sent and not yet confirmed); 0 stands
    // for one not numbered yet (written by a reloaded side before the peer's sync).
    [[nodiscard]] std::vector<std::uint64_t> waiting() const;
    [[nodiscard]] bool delivered(std::uint64_t n) const;
    [[nodiscard]] bool peer_synced() const { return peer_synced_; }
    [[nodiscard]] std::uint64_t highest_own() const { return own_.empty() ? 0 : own_.rbegin()->first; }
    [[nodiscard]] std::uint64_t highest_peer() const { return peer_.empty() ? 0 : peer_.rbegin()->first; }
    // How many of the peer's messages were dropped as duplicates (never shown twice).
    [[nodiscard]] std::uint64_t duplicates_dropped() const { return duplicates_; }
    // Own messages sent in answer to a peer's sync (held, or resent because the peer lacked them).
    [[nodiscard]] std::uint64_t sent_after_sync() const { return sent_after_sync_; }
    // Messages of the peer's that arrived with a number other than the next one (a gap: never expected).
    [[nodiscard]] std::uint64_t gaps() const { return gaps_; }

    // Both chains merged in the one order of spec E: a message comes after its sender's earlier
    // ones and after every peer message with n ≤ its seen that is here; of two that could come
    // next, the help-seeker's first.
    [[nodiscard]] std::vector<chat_message> shown() const;

    // The plaintext of a message, as sent inside a 0x04 frame.
    static std::string message_plaintext(const chat_message& m);

private:
    std::uint64_t number_next(const std::string& text);  // records an own message, returns its n

    struct own_message {
        chat_message message;
        bool delivered = false;
    };

    chat_side self_;
    bool knows_own_numbering_;
    std::vector<std::string> unnumbered_;  // written before the first sync, by a side without its numbering
    std::map<std::uint64_t, own_message> own_;
    std::map<std::uint64_t, chat_message> peer_;
    bool peer_synced_ = false;
    std::uint64_t peer_received_ = 0;  // the highest `received` of the peer's syncs: it has our 1..this
    std::uint64_t duplicates_ = 0;
    std::uint64_t gaps_ = 0;
    std::uint64_t sent_after_sync_ = 0;
};

} // namespace tillit::test
