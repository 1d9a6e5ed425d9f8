// pairing_book: the queue of waiting help-seekers, the counsellors on duty with their capacity
// and chats, and the rule that pairs them. Pure logic with the time passed in, so that tests
// drive it with a controlled clock; it is owned by exactly one pairing_actor, whose strand makes
// every call on it sequential, which is what rules out double assignment.
//
// The rule: longest wait first (help-seekers put back after their counsellor dropped go first),
// each to a free counsellor who serves their lane, preferring one who speaks their language and
// falling back to any language once they have waited `language_fallback_after`. A counsellor
// never gets more chats than the capacity they chose.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chat/chat_types.hpp"
#include "chat/dashboard.hpp"

namespace tillit::chat {

class pairing_book {
public:
    struct settings {
        clock::duration language_fallback_after = std::chrono::minutes(2);
        clock::duration counsellor_grace = std::chrono::seconds(60);
        clock::duration service_rate_window = std::chrono::minutes(30);
    };

    struct assignment {
        ticket_id ticket = 0;
        chat_id chat = 0;
        counsellor_id counsellor = 0;
        bool language_differs = false;
        seeker_request request;
        clock::duration waited{};
    };

    struct requeued {
        chat_id old_chat = 0;
        ticket_id ticket = 0;  // the help-seeker's new place, at the front of the queue
    };

    struct queue_position {
        ticket_id ticket = 0;
        std::size_t position = 0;                             // 1 = next in their lane
        std::optional<std::chrono::seconds> estimated_wait;   // nullopt: not enough recent data
    };

    explicit pairing_book(settings s) : settings_(s) {}

    // --- help-seekers
    // `joined` is the original join time of a help-seeker coming back after a server restart.
    ticket_id join(seeker_request request, clock::time_point now, std::optional<clock::time_point> joined = {});
    // The help-seeker gave up waiting (a leave, or their connection closed): counted as abandoned
    // at `now` (see snapshot). Returns false, counting nothing, when the ticket is no longer
    // waiting (already paired or gone).
    bool leave(ticket_id ticket, clock::time_point now);
    // Takes a ticket out of the queue without counting it as abandoned: for a help-seeker put back
    // after their chat, whose connection had already gone before the chat ended.
    bool withdraw(ticket_id ticket);
    [[nodiscard]] bool is_waiting(ticket_id ticket) const { return tickets_.contains(ticket); }
    // What a waiting help-seeker chose; nullptr when the ticket is not waiting. Valid until the
    // next call that changes the queue.
    [[nodiscard]] const seeker_request* request_of(ticket_id ticket) const;

    // --- counsellors. Lanes and languages come from their account.
    void go_on_duty(counsellor_id id, std::vector<lane> lanes, std::vector<std::string> languages, unsigned capacity);
    // No new chats; the ones in progress go on.
    void go_off_duty(counsellor_id id);
    bool set_capacity(counsellor_id id, unsigned capacity);
    void counsellor_disconnected(counsellor_id id, clock::time_point now);
    void counsellor_reconnected(counsellor_id id);
    // Whether a counsellor serving `l` is on duty and connected now.
    [[nodiscard]] bool anyone_serving(lane l) const;

    // --- chats
    void chat_ended(chat_id chat);
    // A chat just made by assign whose help-seeker turned out to have gone while waiting: the
    // chat is dropped, freeing the place, and the help-seeker counts as abandoned at `now`.
    void unpaired(chat_id chat, clock::time_point now);
    // A chat that existed before a server restart, found again when one of its sides came back.
    chat_id restore_chat(counsellor_id counsellor, seeker_request request, clock::time_point joined, clock::time_point now);
    // Whether a chat restored after a restart may go to `owner`: yes unless they are back
    // with a capacity that their chats already fill (never past the capacity they chose).
    [[nodiscard]] bool can_restore_to(counsellor_id owner) const;
    // A help-seeker whose chat cannot go on, put at the front of the queue with their old join time.
    ticket_id put_back(seeker_request request, clock::time_point joined);
    // Moves a chat to another counsellor who is on duty, serves its lane and has room.
    bool transfer(chat_id chat, counsellor_id to);
    [[nodiscard]] std::optional<counsellor_id> counsellor_of(chat_id chat) const;
    // Whether counsellor `id` is on duty, connected, serves `l` and has room for one more chat.
    [[nodiscard]] bool has_room_for(counsellor_id id, lane l) const;

    // --- time. Puts back the chats of counsellors gone longer than the grace period, then pairs
    // whoever can be paired now. Call after every event and at least once a second.
    std::vector<requeued> expire(clock::time_point now);
    std::vector<assignment> assign(clock::time_point now);
    [[nodiscard]] std::vector<queue_position> positions(clock::time_point now) const;
    // The supervisors' aggregate picture at `now` (chat/dashboard.hpp): waiting per lane and
    // language, counsellors on duty (busy, free, away within the grace period), chats not ended,
    // and help-seekers who gave up waiting within the last 60 minutes (kept as per-minute counts
    // only, so an abandonment is forgotten 59 to 60 minutes after it).
    [[nodiscard]] dashboard snapshot(clock::time_point now) const;

private:
    // Queue order: put-back help-seekers first, then by join time, then by ticket.
    using queue_key = std::tuple<int, clock::time_point, ticket_id>;
    struct waiting {
        seeker_request request;
        clock::time_point joined;
    };
    struct counsellor {
        std::vector<lane> lanes;
        std::vector<std::string> languages;
        unsigned capacity = 0;
        bool on_duty = false;
        bool connected = true;
        clock::time_point disconnected_since{};
        std::set<chat_id> chats;
        [[nodiscard]] bool has_room() const { return on_duty && connected && chats.size() < capacity; }
        [[nodiscard]] bool serves(lane l) const;
        [[nodiscard]] bool speaks(const std::string& language) const;
    };
    struct active_chat {
        counsellor_id counsellor = 0;
        seeker_request request;
        clock::time_point joined;
    };

    ticket_id enqueue(int priority, seeker_request request, clock::time_point joined);
    // The counsellor to pair `w` with now, and whether their language differs.
    std::optional<std::pair<counsellor_id, bool>> choose(const waiting& w, clock::time_point now) const;
    void forget_if_idle(counsellor_id id);
    void note_service(lane l, clock::time_point now);
    void note_abandoned(clock::time_point now);

    settings settings_;
    ticket_id next_ticket_ = 1;
    chat_id next_chat_ = 1;
    std::map<queue_key, waiting> queue_;
    std::unordered_map<ticket_id, queue_key> tickets_;
    std::map<counsellor_id, counsellor> counsellors_;  // ordered: ties go to the lower id, deterministically
    std::unordered_map<chat_id, active_chat> chats_;
    std::map<lane, std::deque<clock::time_point>> recent_services_;  // pairings per lane, for the wait estimate
    // Abandonments per minute of the clock (minute number, count), oldest first, at most an
    // hour's worth: a count, never a time per person.
    std::deque<std::pair<std::int64_t, std::size_t>> abandoned_per_minute_;
};

} // namespace tillit::chat
