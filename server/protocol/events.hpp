// events: the messages the pairing actor and the chat rooms send to a help-seeker's, a
// counsellor's or a supervisor's connection (docs/protocol.md), as typed values, and their one
// wire form. chat/ builds these; the connection edge (app/) turns them into frames with frame().
// Fields hold what the wire holds (lanes and reasons as their wire words): this folder includes
// nothing of the server's. Pure; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json/fwd.hpp>
#include <boost/json/value.hpp>

#include "protocol/error.hpp"

namespace tillit::protocol {

// The counsellor's key bundle for help-seekers (docs/protocol.md, "The counsellor's key bundle"),
// kept by the pairing actor as the JSON value it sends (bundle_value) in "paired", "epoch", ...
struct key_bundle {
    std::string identity_key;  // base64, as the server has it on file
    std::string pseudonym;
    std::string certificate;  // base64
    std::string shift_key;    // base64, as the console sent it
    std::uint64_t shift_not_after = 0;
    std::string shift_signature;  // base64
    std::optional<std::string> revocation_list;
};
[[nodiscard]] boost::json::value bundle_value(const key_bundle& b);

// {"type":"error","code":…,"message":…} with the optional fields in this order.
struct error_reply {
    errc code = errc::internal;
    std::string message;  // empty: the code's default text (error_category().message)
    std::optional<std::string> chat;
    std::optional<std::uint64_t> seq;
    std::optional<std::uint64_t> expected;
    std::optional<std::int64_t> retry_after;
    std::optional<std::string> claimed_by;  // thread_claimed: the colleague's pseudonym
};

// "queue": the help-seeker's place and estimated wait (null when unknown).
struct queue_position {
    std::size_t position = 0;
    std::optional<std::int64_t> estimated_wait_seconds;
};

// "closed": nobody can be queued now, and where else to turn.
struct closed_notice {
    struct emergency_number {
        std::string label;
        std::string number;
    };
    std::string reason;  // "outside_hours" or "no_counsellor"
    std::vector<emergency_number> emergency_numbers;
    std::vector<std::pair<std::string, std::string>> texts;  // language, text
    std::optional<std::int64_t> next_opening;
    std::optional<std::string> next_opening_local;
};

// "paired": the help-seeker's news of a chat.
struct paired {
    std::string chat;
    std::uint32_t epoch = 0;
    std::string lane;
    std::string language;
    bool language_differs = false;
    std::string token;
    boost::json::value bundle;  // the counsellor's key bundle, or null
};

// "assigned": the counsellor's news of a chat (also when a connection takes chats over).
struct assigned {
    std::string chat;
    std::uint32_t epoch = 0;
    std::string lane;
    std::string language;
    bool language_differs = false;
    std::optional<std::string> age_band;
    std::optional<std::string> topic;
    std::int64_t waited_seconds = 0;
    bool returning = false;  // an epoch already ran: this connection may lack its keys
};

// "requeued": back in the queue ("counsellor_gone", "counsellor_full").
struct requeued {
    std::string reason;
};

// "epoch" for the counsellor: a new key epoch began.
struct epoch_started {
    std::string chat;
    std::uint32_t epoch = 0;
};

// "epoch" for the help-seeker: a new epoch, a token, the counsellor's bundle (or null).
struct seeker_epoch {
    std::string chat;
    std::uint32_t epoch = 0;
    std::string token;
    boost::json::value bundle;
    std::string reason;  // empty: no "reason" field
};

// The messages that carry nothing but their type and the chat id.
struct chat_note {
    enum class kind {
        transfer_unavailable,
        transfer_pending,
        transfer_request,
        transfer_declined,
        transfer_failed,
        transferred,  // to the counsellor who handed the chat on
        moved_elsewhere,
        peer_back,
    };
    kind what = kind::peer_back;
    std::string chat;
};

// "transferred" for the help-seeker: a new counsellor, so a new epoch, token and bundle.
struct transferred {
    std::string chat;
    std::uint32_t epoch = 0;
    std::string token;
    boost::json::value bundle;
};

// "duty": on (with the capacity) or off.
struct duty_state {
    bool on = false;
    unsigned capacity = 0;  // only when on
};

// "unwatched": the last message of a dashboard feed.
struct unwatched {};

// The mailbox in the dashboard: threads waiting for an answer, the hour of the oldest unanswered
// letter, how many are past their reply-by time, threads answered since local midnight.
struct mailbox_load {
    std::size_t waiting = 0;
    std::optional<std::int64_t> oldest_waiting_since;  // unix; shown as an age in seconds
    std::size_t past_reply_by = 0;
    std::size_t answered_today = 0;
    bool operator==(const mailbox_load&) const = default;
};

// "dashboard": the supervisors' aggregate picture (docs/protocol.md, "Supervisor").
struct dashboard_update {
    struct waiting_group {
        std::string lane;
        std::string language;
        std::size_t count = 0;
        std::int64_t longest_wait_seconds = 0;
    };
    struct lane_load {
        std::string lane;
        std::size_t waiting = 0;
        std::optional<std::int64_t> longest_wait_seconds;
    };
    std::int64_t at = 0;  // unix seconds
    std::vector<waiting_group> waiting;
    std::vector<lane_load> lanes;
    std::size_t on_duty = 0, busy = 0, free = 0, away = 0;
    std::size_t chats_in_progress = 0;
    std::size_t abandoned_last_hour = 0;
    protocol::mailbox_load mailbox;
};

// "msg": a chat frame to the receiving side. The hot path: views, serialised by hand (the
// chat id and payload are base64, nothing to escape) before the call that takes it returns.
struct chat_msg {
    std::string_view chat;
    std::uint64_t seq = 0;
    std::string_view payload;
};

// "delivered": the other side has every frame up to seq.
struct delivered {
    std::string_view chat;
    std::uint64_t seq = 0;
};

// "peer_away": the other side's connection dropped; the chat waits this long for it.
struct peer_away {
    std::string_view chat;
    std::int64_t waits_seconds = 0;
};

// "undelivered": these frames of the sender's will never arrive.
struct undelivered {
    std::string_view chat;
    std::vector<std::uint64_t> seqs;
};

// "chat_ended", with why.
struct chat_ended {
    std::string_view chat;
    std::string_view reason;
};

// Everything chat/ sends to a connection. chat_msg, delivered, peer_away, undelivered and
// chat_ended hold views: an event of those kinds lives only for the call that carries it.
using event = std::variant<error_reply, queue_position, closed_notice, paired, assigned, requeued, epoch_started, seeker_epoch,
                           chat_note, transferred, duty_state, unwatched, dashboard_update, chat_msg, delivered, peer_away,
                           undelivered, chat_ended>;

// The wire form (one JSON text) of an event.
[[nodiscard]] std::string frame(const event& e);
[[nodiscard]] std::string frame(const error_reply& e);
[[nodiscard]] std::string frame(const chat_msg& e);

// Boost.JSON conversions (json::value_from) of the events that are built as JSON objects.
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const error_reply& e);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const queue_position& e);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const closed_notice& e);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const paired& e);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const assigned& e);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const requeued& e);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const epoch_started& e);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const seeker_epoch& e);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const chat_note& e);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const transferred& e);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const duty_state& e);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const unwatched& e);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const dashboard_update& e);

[[nodiscard]] std::string_view to_string(chat_note::kind k) noexcept;

} // namespace tillit::protocol
