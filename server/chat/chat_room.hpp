// chat_room: the relay between the two sides of one chat. Frames go from the sender's
// connection through the room straight to the peer's connection, never through the pairing
// actor. Per direction the room checks sequence numbers (in order, duplicates dropped), keeps
// what the peer has not acknowledged (bounded) to resend after a reconnect, tells the sender what
// was accepted and delivered, and tells it what was not when that can no longer happen. It also
// tells each side when the other's connection drops and comes back (peer_away, peer_back), and
// holds the chat's resume-token generation.
// Thread-safe: one mutex per room guards its state (both sides' strands call in).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "chat/activity_observer.hpp"
#include "chat/chat_types.hpp"
#include "chat/resume_token.hpp"
#include "chat/chat_sink.hpp"
#include "protocol/events.hpp"

namespace tillit::chat {

inline constexpr std::size_t max_payload_chars = 8192;      // base64 of at most 4 KiB padded ciphertext, and headroom
inline constexpr std::size_t max_unacknowledged_frames = 256; // per direction, held for a side that is away

// How long a chat waits for each side once its connection dropped, as told to the other side.
struct absence_waits {
    std::chrono::seconds seeker{120};
    std::chrono::seconds counsellor{60};
};

class chat_room {
public:
    enum class relay_result { accepted, duplicate, out_of_order, backlog_full, ended };

    // `observer` (may be null) hears of every frame accepted (activity_observer::frame_relayed).
    chat_room(session_id sid, std::uint32_t epoch, seeker_request request, std::int64_t joined_unix, counsellor_id counsellor,
              std::shared_ptr<activity_observer> observer = nullptr, absence_waits waits = {});

    [[nodiscard]] const session_id& sid() const { return sid_; }
    [[nodiscard]] const std::string& sid_text() const { return sid_text_; }
    [[nodiscard]] const seeker_request& request() const { return request_; }
    [[nodiscard]] std::int64_t joined_unix() const { return joined_unix_; }
    [[nodiscard]] counsellor_id counsellor() const;
    [[nodiscard]] std::uint32_t epoch() const;

    // A frame from `from` with its sequence number and opaque payload (already checked to be
    // base64 of at most max_payload_chars). `expected` receives the next sequence number wanted.
    relay_result relay(side from, std::uint64_t seq, std::string_view payload, std::uint64_t& expected);
    // `by` has received every frame up to `seq`.
    void acknowledge(side by, std::uint64_t seq);

    // Connects a side (again); frames after `last_received` that it has not acknowledged are sent
    // again. If the other side had been told this one was away, it is told it is back (peer_back).
    void attach(side s, const std::shared_ptr<chat_sink>& connection, std::uint64_t last_received);
    // Forgets a side's connection if it is still `connection`, and tells the other side how long
    // the chat now waits for it (peer_away), unless the chat has ended.
    void detach(side s, const std::shared_ptr<chat_sink>& connection);
    [[nodiscard]] bool attached(side s) const;
    // How long a side has been without a connection (zero while connected).
    [[nodiscard]] clock::duration away_for(side s, clock::time_point now) const;

    // Starts a new key epoch (CRYPTO.md): in-order delivery could not be restored, so sequence
    // numbers start again at 1 and each sender is told which of its frames were not delivered.
    // Returns the new epoch.
    std::uint32_t new_epoch();
    // Hands the counsellor side to another counsellor (a transfer): also a new epoch.
    std::uint32_t change_counsellor(counsellor_id to);

    // Ends the chat for both sides with `reason`; each is told, and told what it sent that was
    // not delivered. Returns false if it had already ended.
    bool end(std::string_view reason);
    [[nodiscard]] bool ended() const;

    // Sends an event to one side if it is connected; returns whether it was (checked and sent
    // under the room's lock, so an attach cannot fall in between).
    bool tell(side s, const protocol::event& e);

    // The help-seeker's resume tokens carry this; only the newest generation resumes, and the one
    // before it until the newest has shown that it arrived (a `resumed` lost with its connection
    // must not strand the help-seeker: docs/protocol.md, "Resume token").
    [[nodiscard]] std::uint64_t token_generation() const;
    // Spends a token of `generation` if it may still resume, and makes a new generation; false
    // when it may not (spent, or never this chat's).
    bool spend_token(std::uint64_t generation);
    // A token of `generation` (issued before a restart) resumes until the newest shows it arrived.
    void keep_unconfirmed_token(std::uint64_t generation);
    // The help-seeker's connection sent a frame after receiving the newest token: older ones are spent.
    void token_arrived();

private:
    struct frame {
        std::uint64_t seq;
        std::string payload;  // opaque base64, as the sender gave it
    };
    struct endpoint {
        std::weak_ptr<chat_sink> connection;
        clock::time_point away_since = clock::now();  // meaningful while no connection is attached
        std::uint64_t next_from = 1;     // next sequence number expected from this side
        std::uint64_t acknowledged = 0;  // highest sequence number this side has received
        std::deque<frame> unacknowledged;  // frames to this side
        bool announced_away = false;  // the other side was told this one dropped (peer_away)
    };
    endpoint& of(side s) { return ends_[static_cast<int>(s)]; }
    endpoint& peer_of(side s) { return ends_[1 - static_cast<int>(s)]; }
    void send_locked(endpoint& to, const protocol::event& e);
    void send_frame_locked(endpoint& to, const frame& f);
    void acknowledge_locked(side by, std::uint64_t seq);
    void report_undelivered_locked(side receiver);

    const session_id sid_;
    const std::string sid_text_;
    const seeker_request request_;
    const std::int64_t joined_unix_;
    const std::shared_ptr<activity_observer> observer_;
    const absence_waits waits_;
    mutable std::mutex mutex_;
    std::uint64_t token_generation_;
    std::uint64_t unconfirmed_generation_ = 0;  // still resumes until token_arrived(); 0: none
    counsellor_id counsellor_;
    std::uint32_t epoch_;
    bool ended_ = false;
    endpoint ends_[2];
};

} // namespace tillit::chat
