// pairing_actor: the one owner of queue and assignment state (a pairing_book) and of the table of
// chats, on a strand of its own, so that events from any number of connections are applied one
// at a time and no help-seeker is ever given to two counsellors. It pairs, tells both sides,
// sends queue positions and the supervisors' dashboard at most once a second, puts help-seekers
// back in the queue when their counsellor is gone past the grace period, ends chats whose
// help-seeker is gone, and finds chats again for sides that come back (also after a server
// restart, from their resume tokens, but only chats the live_chat_ledger had as live). Each
// resume uses its token up: the chat's token generation changes, and the connection it replaces
// is told. It limits how many queue entries one client starts per minute (join_throttle).
// Relaying itself never passes through here: see chat_room. What it tells a side is a protocol
// event (chat/pairing_news.hpp); who may join is join_gate's rule, which chats a restart may bring
// back is restorable_chats'; the time is read from settings::time_source (chat/actor_clock.hpp),
// so that tests move it by hand. Its definitions are spread over pairing_actor*.cpp by job.
//
// Every public function may be called from any thread; the awaitable ones resume the caller on
// its own executor.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/value.hpp>

#include "auth/server_secret.hpp"
#include "chat/activity_observer.hpp"
#include "chat/actor_clock.hpp"
#include "chat/chat_room.hpp"
#include "chat/dashboard_watcher.hpp"
#include "chat/join_gate.hpp"
#include "chat/live_chat_ledger.hpp"
#include "chat/pairing_book.hpp"
#include "chat/restorable_chats.hpp"
#include "chat/participant.hpp"
#include "protocol/events.hpp"

namespace tillit::chat {

// Whether help-seekers may queue now; when not, what to tell them (a "closed" message).
struct availability {
    bool open = true;
    protocol::closed_notice closed;  // when not open
    closed_reason reason = closed_reason::outside_hours;  // when not open
};
// Asked on every join with the help-seeker's lane and whether anyone serving it is on duty.
using availability_check = std::function<availability(lane l, bool anyone_on_duty)>;

class pairing_actor : public std::enable_shared_from_this<pairing_actor> {
public:
    struct settings {
        pairing_book::settings book;
        clock::duration seeker_grace = std::chrono::seconds(60);  // a help-seeker away longer ends the chat
        unsigned max_capacity = 5;
        clock::duration block_duration = std::chrono::hours(1);  // a blocked client may not join again for this long
        std::size_t joins_per_minute = 30;  // queue entries one client may start per minute; 0: no limit
        clock::duration tick_interval = std::chrono::seconds(1);  // positions, dashboards, grace periods
        actor_clock time_source;  // the real clocks, unless a test moves its own
    };

    // `observer` (may be null) hears of pairings, ends, abandonments, closed visits and relayed
    // frames, for the statistics and /metrics; the actor calls it on its strand, rooms on theirs.
    // `ledger` (may be null: nothing is restorable after a restart) notes which chats are live;
    // `restorable` are the chats it had as live when the server last stopped: they may be restored
    // from their tokens during the first `seeker_grace` after start, and are then crossed out.
    pairing_actor(boost::asio::any_io_executor executor, settings s, const auth::server_secret& secret,
                  availability_check check, std::shared_ptr<activity_observer> observer = nullptr,
                  std::shared_ptr<live_chat_ledger> ledger = nullptr, std::vector<session_id> restorable = {});

    void start();  // the once-a-second tick
    void stop();   // ends every chat (shutdown) and stops the tick

    struct join_result {
        std::optional<ticket_id> ticket;  // nullopt: closed (the participant has been told why)
    };
    // `key` stands for the client (see net/client_key.hpp), to refuse one that was blocked.
    boost::asio::awaitable<join_result> join(std::weak_ptr<participant> who, seeker_request request,
                                             std::optional<std::int64_t> joined_unix, client_key key);
    // The help-seeker left the queue (or their connection closed while waiting).
    void leave(ticket_id ticket);

    // Goes on duty (or changes capacity) and confirms it to `who` with a "duty" message before
    // any chat it brings; returns false for a capacity out of range. `bundle` is the counsellor's
    // key bundle for help-seekers (CRYPTO.md step 1) as a JSON object, or null.
    boost::asio::awaitable<bool> go_on_duty(counsellor_id id, std::weak_ptr<participant> who, std::vector<lane> lanes,
                                            std::vector<std::string> languages, unsigned capacity, boost::json::value bundle);
    // Off duty: no new chats; the ones in progress go on (and come to `who` if it is a new connection).
    void go_off_duty(counsellor_id id, std::weak_ptr<participant> who);
    // The connection `who` of counsellor `id` closed (ignored if they have connected again since).
    void counsellor_disconnected(counsellor_id id, std::weak_ptr<participant> who);

    // A side comes back with its resume token: the chat, found again or (after a restart, if it
    // was live) made anew; nullptr if the token is not good, used up, or the chat is over. A
    // restored chat whose counsellor is back and full puts the help-seeker at the front of the
    // queue instead (`ticket`, and the participant was sent "requeued").
    struct resumed {
        std::shared_ptr<chat_room> room;
        boost::json::value bundle;  // the counsellor's key bundle if they are on duty, else null
        std::string token;          // the new resume token (the one used is spent)
        std::optional<ticket_id> ticket;
    };
    // `key` stands for the resuming client: a block of this chat refuses it from now on.
    boost::asio::awaitable<resumed> resume(resume_claim claim, std::weak_ptr<participant> who, client_key key);

    // Counsellor `by` lost the keys of a chat of theirs (a reload, a new tab): a new epoch begins,
    // both sides are told ("epoch") and the help-seeker gets the bundle to run a new handshake.
    void restart_epoch(std::shared_ptr<chat_room> room, counsellor_id by);
    // The help-seeker's connection has attached to `room` (after `paired` or `resumed`): if the
    // chat still waits for a bundle that now exists, they get "epoch" with it.
    void seeker_attached(std::shared_ptr<chat_room> room);

    // Ends a chat (either side asked) and frees the counsellor's capacity.
    void end_chat(std::shared_ptr<chat_room> room, std::string reason);
    // Ends a chat and keeps its help-seeker's client from joining again for block_duration.
    void block(std::shared_ptr<chat_room> room, counsellor_id by);

    // Counsellor `from` proposes to hand the chat to counsellor `to`; the help-seeker is asked
    // (transfer_request) and the chat moves only once they consent.
    void propose_transfer(std::shared_ptr<chat_room> room, counsellor_id from, counsellor_id to);
    // The help-seeker's answer to a transfer_request.
    void answer_transfer(std::shared_ptr<chat_room> room, bool accept);

    // A supervisor's connection starts watching the dashboard: it gets one at once, then a new
    // one from the tick whenever the content (all but the time) changed. Watching again sends a
    // fresh one. The watcher is held by weak_ptr: a closed connection stops its feed by itself.
    void watch(std::weak_ptr<dashboard_watcher> who);
    // The mailbox's figures for the dashboard (the mailbox service tells them when they change).
    void set_mailbox_load(protocol::mailbox_load load);
    // Stops the feed; `who` then gets {"type":"unwatched"} as its last message of the feed.
    void unwatch(std::weak_ptr<dashboard_watcher> who);

    // The supervisors' aggregate picture now (as in "dashboard"), for /metrics.
    boost::asio::awaitable<dashboard> snapshot();

    [[nodiscard]] const auth::server_secret& secret() const { return secret_; }
    // A resume token for side `s` of `room` as it is now. Thread-safe.
    [[nodiscard]] std::string token_for(const chat_room& room, side s) const;

private:
    struct seeker_entry {
        std::weak_ptr<participant> who;
        std::optional<std::size_t> told_position;
        std::optional<std::chrono::seconds> told_wait;
        bool told_once = false;
        client_key key{};
    };
    struct chat_entry {
        std::shared_ptr<chat_room> room;
        chat_id book_chat = 0;
        std::weak_ptr<participant> seeker;
        bool restored = false;  // re-made after a restart: the counsellor side gets a new epoch when it attaches
        client_key seeker_key{};
        std::optional<counsellor_id> transfer_to;  // proposed, awaiting the help-seeker's consent
        std::optional<clock::time_point> paired_at;  // unknown for a chat made again after a restart
        bool awaiting_bundle = false;  // the help-seeker was sent a null bundle: send it one when it exists
    };

    struct watcher_entry {
        std::weak_ptr<dashboard_watcher> who;
        dashboard told;  // the content last sent, without its time
    };

    [[nodiscard]] clock::time_point time_now() const { return settings_.time_source.now(); }
    [[nodiscard]] std::int64_t unix_now() const { return settings_.time_source.unix_now(); }
    void tick();
    void pair_now();
    void send_positions();
    void send_dashboards();
    // The book's picture with the mailbox's figures. On the strand.
    [[nodiscard]] dashboard current_dashboard() const;
    void expire_now();
    // Records `who` as counsellor `id`'s connection; if it is a new one, hands it their chats.
    void counsellor_connected(counsellor_id id, const std::weak_ptr<participant>& who);
    // Hands counsellor `id`'s connection their chats (or only the chat `only`); a previous
    // connection, if still open, is told they moved.
    void attach_counsellor_chats(counsellor_id id, const session_id* only = nullptr,
                                 const std::shared_ptr<participant>& previous = nullptr);
    // Sends the help-seeker of every chat of `id` that waits for a bundle an "epoch" with it.
    void send_awaited_bundles(counsellor_id id);
    // Crosses out the restorable chats nobody came back for in time.
    void forget_unrestored(clock::time_point now);
    // Sends the help-seeker "epoch" (the chat's epoch, a token and the counsellor's bundle). Until
    // they have received one with a bundle, the chat waits for a bundle: an "epoch" told while their
    // connection is between two (after `resumed` or `paired` was sent, before it attached) is
    // lost, so seeker_attached sends it again.
    void send_seeker_epoch(chat_entry& entry, std::string_view reason);
    void finish_chat(const session_id& sid, const std::string& reason);
    // Tells the observer that the chat of `entry` is over (with its length, when known).
    void note_closed(const chat_entry& entry, clock::time_point now) const;
    [[nodiscard]] boost::json::value bundle_of(counsellor_id id) const;
    [[nodiscard]] absence_waits waits() const;
    // "paired" for the help-seeker, "assigned" for the counsellor.
    protocol::event paired_event(const chat_room& room, side s, bool language_differs, clock::duration waited,
                                 bool returning = false) const;

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    settings settings_;
    const auth::server_secret& secret_;
    availability_check availability_;
    std::shared_ptr<activity_observer> observer_;
    std::shared_ptr<live_chat_ledger> ledger_;
    restorable_chats restorable_;
    join_gate gate_;
    boost::asio::steady_timer ticker_;
    bool stopped_ = false;
    pairing_book book_;
    std::unordered_map<ticket_id, seeker_entry> seekers_;
    std::map<counsellor_id, std::weak_ptr<participant>> counsellors_;
    std::map<counsellor_id, boost::json::value> bundles_;
    std::map<session_id, chat_entry> chats_;
    std::unordered_map<chat_id, session_id> by_book_chat_;
    std::vector<watcher_entry> watchers_;
    protocol::mailbox_load mailbox_load_;
};

} // namespace tillit::chat
