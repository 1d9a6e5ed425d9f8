// mailbox_service: the mailbox's one owner (issue 16; docs/protocol.md, "Mailbox"). Letters and
// threads live in the database (store/mailbox_store.hpp: ciphertext, envelopes, hours, nothing
// about the writer); claims, the wrong-code and letter limits per client key, the counsellors
// watching their mailbox and the figures for the dashboard live here, in memory.
//
// Threads: everything of this class runs on the store's own thread (store_service), which is
// therefore the mailbox's strand: each public awaitable hops there and resumes its caller on the
// caller's executor; watch/unwatch post there. Watchers are told from that thread (their
// mailbox_changed must be thread-safe, as a connection's send is). Bad input comes back as an
// error_reply in the result; a failing database throws store_error in the caller.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/result.hpp>

#include "hours/time_zone.hpp"
#include "mailbox/claim_book.hpp"
#include "mailbox/hourly_limit.hpp"
#include "mailbox/thread_listing.hpp"
#include "protocol/events.hpp"
#include "protocol/mailbox_frames.hpp"
#include "store/mailbox_store.hpp"
#include "store/store_service.hpp"

namespace tillit::mailbox {

template <class T>
using outcome = boost::system::result<T, protocol::error_reply>;

using bytes = std::vector<unsigned char>;

// A letter as its writer sealed it (CRYPTO.md, "A letter"); sizes checked by the caller.
struct sealed_letter {
    bytes ciphertext;
    std::vector<store::envelope_row> envelopes;
};

// What a help-seeker holds: the thread's name and the proof of the code.
struct thread_code {
    bytes box_id;    // 16 bytes
    bytes box_auth;  // 32 bytes
};

struct new_thread_request {
    thread_code code;
    bytes thread_key;  // HK_pk, 32 bytes
    std::string lane, language;
    std::optional<std::string> age_band, topic;
    std::optional<std::string> counsellor;  // "keep in touch" after a chat: this pseudonym answers first
    sealed_letter letter;
};

struct letter_request {
    thread_code code;
    std::int64_t number = 0;
    sealed_letter letter;
};

struct key_request {
    bytes public_key;  // 32
    bytes signature;   // 64, by the account's identity key
    std::int64_t not_after = 0;
    bytes wrapped;     // 72
};

struct reply_request {
    bytes box_id;
    std::int64_t number = 0;
    bytes sender_key;  // one of the counsellor's unexpired mailbox keys
    sealed_letter letter;
};

// A signed-in counsellor, as the mailbox needs them.
struct staff_member {
    std::int64_t account = 0;
    std::string pseudonym;
    std::vector<std::string> lanes;
};

class mailbox_watcher {
public:
    virtual ~mailbox_watcher() = default;
    // A "mailbox" frame: the list changed. Called from the store's thread.
    virtual void mailbox_changed(std::string frame) = 0;
};

// What the mailbox tells the rest of the server (statistics, the dashboard), from its thread.
struct mailbox_events {
    std::function<void(std::string_view lane)> letter_received;
    std::function<void(std::string_view lane)> letter_replied;
    std::function<void(std::string_view lane, bool in_time)> thread_answered;
    std::function<void(const protocol::mailbox_load&)> load_changed;
};

class mailbox_service : public std::enable_shared_from_this<mailbox_service> {
public:
    struct settings {
        std::size_t letters_per_hour = 10;          // per client key
        std::size_t attempts_per_hour = 10;         // codes that did not match, per client key
        std::int64_t claim_seconds = 300;
        std::int64_t max_letters_per_thread = 100;
    };
    using clock_function = std::function<std::int64_t()>;  // unix seconds

    mailbox_service(store::store_service& db, settings limits, mailbox_events events, clock_function now);

    // Starts the once-a-second upkeep (claims, lists, dashboard figures, retention) on `ex`.
    void start(boost::asio::any_io_executor ex);
    void stop();

    // The help-seeker's side. `key` is the client's (net/client_key.hpp).
    boost::asio::awaitable<protocol::mailbox_roster> roster(std::string lane);
    boost::asio::awaitable<outcome<protocol::letter_saved>> create_thread(client_key key, new_thread_request request);
    boost::asio::awaitable<outcome<protocol::seeker_thread>> open_thread(client_key key, thread_code code);
    boost::asio::awaitable<outcome<protocol::letter_saved>> add_letter(client_key key, letter_request request);
    boost::asio::awaitable<outcome<protocol::thread_deleted>> delete_thread(client_key key, thread_code code);
    // The counsellor who last answered the thread, for a live chat with them; nullopt for a wrong
    // code (counted as a failed attempt) or a thread nobody answered.
    boost::asio::awaitable<std::optional<std::int64_t>> answering_counsellor(client_key key, thread_code code);

    // The counsellor's side.
    boost::asio::awaitable<protocol::mailbox_keys_list> keys_of(std::int64_t account);
    boost::asio::awaitable<outcome<protocol::mailbox_key_saved>> add_key(std::int64_t account, key_request request);
    void watch(std::weak_ptr<mailbox_watcher> who, staff_member member);
    void unwatch(std::weak_ptr<mailbox_watcher> who);
    boost::asio::awaitable<outcome<protocol::counsellor_thread>> open_for(staff_member member, bytes box_id);
    boost::asio::awaitable<outcome<protocol::thread_released>> release(staff_member member, bytes box_id);
    boost::asio::awaitable<outcome<protocol::reply_saved>> reply(staff_member member, reply_request request);

private:
    struct watcher_entry {
        std::weak_ptr<mailbox_watcher> who;
        viewer as;
        std::optional<protocol::mailbox_listing> told;
    };

    // Everything below runs on the store's thread.
    void load(store::store& s);
    void tick(store::store& s);
    void publish(store::store& s);  // lists to watchers, figures to the dashboard, when changed
    void sweep(store::store& s);    // retention
    std::optional<std::string> pseudonym(store::store& s, std::int64_t account);
    std::vector<protocol::roster_entry> lane_roster(store::store& s, std::string_view lane, std::int64_t now);
    std::optional<protocol::roster_entry> author_entry(store::store& s, std::int64_t account, const bytes& mailbox_key);
    // The thread if `code` opens it; else the error (a wrong code counts against `key`).
    outcome<store::thread_row> check_code(const client_key& key, const thread_code& code, std::int64_t now);
    // Stores `letter` as the thread's next, with the thread's fields as in `updated` (its count and
    // last letter's hour follow the letter); letter_number when another letter came first.
    outcome<store::thread_row> append(store::store& s, store::thread_row updated, store::letter_row letter);
    std::size_t answered_today(std::int64_t now);
    std::int64_t midnight_before(std::int64_t now) const;
    void reread_settings(store::store& s);

    store::store_service& db_;
    settings limits_;
    mailbox_events events_;
    clock_function now_;
    std::unique_ptr<boost::asio::steady_timer> timer_;

    // On the store's thread:
    bool loaded_ = false;
    thread_map threads_;
    claim_book claims_;
    hourly_limit letters_;
    hourly_limit attempts_;
    std::vector<watcher_entry> watchers_;
    std::map<std::int64_t, std::string> names_;  // account id -> pseudonym
    std::optional<protocol::mailbox_load> load_told_;
    std::int64_t reply_seconds_ = 48 * 3600;
    std::int64_t retention_seconds_ = 30 * 86400;
    std::size_t max_threads_ = 5000;
    std::int64_t last_sweep_ = 0;
    std::int64_t last_settings_read_ = 0;
    std::optional<hours::time_zone> zone_;  // the centre's, for "answered today"
    std::int64_t day_started_ = 0;          // local midnight the count below belongs to
    std::size_t answered_before_start_ = 0;  // from the statistics counters, for that day
    std::vector<std::int64_t> answered_at_;  // answers since start (unix), trimmed to the day
};

} // namespace tillit::mailbox
