// replies: the messages a connection's own handlers answer with (docs/protocol.md: "left",
// "resumed", "accepted", the staff login messages, "tags_saved", statistics), as typed values,
// and their one wire form. Pure; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

namespace tillit::protocol {

struct left {};  // the help-seeker left the queue

// "resumed": the chat found again (new_epoch: the keys must be agreed again).
struct resumed {
    std::string chat;
    std::uint32_t epoch = 0;
    bool new_epoch = false;
    std::string token;
    boost::json::value bundle;
};

// "accepted": a chat frame was taken for the other side (or was already on its way).
struct accepted {
    std::string chat;
    std::uint64_t seq = 0;
};

struct tags_saved {};
struct logged_out {};
struct password_changed {};

// "login_salt": the salt for a pseudonym (a made-up one for an unknown pseudonym).
struct login_salt {
    std::string salt;  // base64
};

// "login_ok". Carries the session token: the caller wipes the frame once it is sent.
struct login_ok {
    std::int64_t expires_at = 0;
    std::string pseudonym;
    std::string role;
    std::vector<std::string> languages;
    std::vector<std::string> lanes;
    bool must_change_password = false;
    std::optional<std::string> identity_public_key;   // base64
    std::optional<std::string> wrapped_identity_key;  // base64
    std::optional<std::string> certificate;           // base64
    std::optional<std::string> token;                 // only on a login, not on a session resumed
};

// "identity_key_saved": certified at once (development mode) or awaiting certification.
struct identity_key_saved {
    std::optional<std::string> certificate;  // base64; nullopt: "awaiting_certification"
};

// "stats": chart points over 24 hours or 30 days.
struct stats_reply {
    struct bucket {
        std::int64_t start = 0;
        std::int64_t chats = 0;
        std::int64_t abandoned = 0;
        std::int64_t closed_visits = 0;
        std::optional<std::int64_t> wait_p50_seconds;
        std::optional<std::int64_t> wait_p90_seconds;
        std::int64_t letters = 0;           // the mailbox: help-seekers' letters received
        std::int64_t replies = 0;           // counsellors' replies
        std::int64_t answered_in_time = 0;  // threads answered before their reply-by time
        std::int64_t answered_late = 0;     // and after it
    };
    std::string range;
    std::vector<bucket> buckets;
};

// "report": a CSV file for a period.
struct report_reply {
    std::string from;
    std::string to;
    std::string filename;
    std::string csv;
};

[[nodiscard]] std::string frame(const left&);
[[nodiscard]] std::string frame(const resumed& r);
[[nodiscard]] std::string frame(const accepted& r);
[[nodiscard]] std::string frame(const tags_saved&);
[[nodiscard]] std::string frame(const logged_out&);
[[nodiscard]] std::string frame(const password_changed&);
[[nodiscard]] std::string frame(const login_salt& r);
[[nodiscard]] std::string frame(const login_ok& r);
[[nodiscard]] std::string frame(const identity_key_saved& r);
[[nodiscard]] std::string frame(const stats_reply& r);
[[nodiscard]] std::string frame(const report_reply& r);

} // namespace tillit::protocol
