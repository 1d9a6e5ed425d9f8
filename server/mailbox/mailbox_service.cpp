// mailbox_service: the help-seeker's side (roster, letters, reading and deleting a thread with the
// code) and the upkeep (claims, lists, dashboard figures, retention). The counsellor's side is in
// mailbox_service_staff.cpp.
#include "mailbox/mailbox_service.hpp"

#include <algorithm>
#include <chrono>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <sodium.h>

#include "mailbox/mailbox_values.hpp"
#include "stats/calendar.hpp"
#include "store/settings_mailbox.hpp"
#include "tillit/crypto/encoding.hpp"

namespace tillit::mailbox {

namespace asio = boost::asio;
using protocol::errc;

mailbox_service::mailbox_service(store::store_service& db, settings limits, mailbox_events events, clock_function now)
    : db_(db), limits_(limits), events_(std::move(events)), now_(std::move(now)),
      claims_(limits.claim_seconds), letters_(limits.letters_per_hour), attempts_(limits.attempts_per_hour)
{
}

void mailbox_service::start(asio::any_io_executor ex)
{
    // The timer and the loop share one strand, so that stop()'s cancel never races the loop.
    const auto upkeep = asio::make_strand(ex);
    timer_ = std::make_unique<asio::steady_timer>(upkeep);
    asio::co_spawn(
        upkeep,
        [self = shared_from_this()]() -> asio::awaitable<void> {
            for (;;) {
                auto ticking = self->db_.run([self](store::store& s) { self->tick(s); });
                try {
                    co_await std::move(ticking);
                } catch (const std::exception&) {
                    // The database failed this once (store_service logs nothing by itself); the
                    // next tick tries again, and requests report `internal` meanwhile.
                }
                self->timer_->expires_after(std::chrono::seconds(1));
                auto [ec] = co_await self->timer_->async_wait(asio::as_tuple(asio::use_awaitable));
                if (ec) co_return;
            }
        },
        asio::detached);
}

void mailbox_service::stop()
{
    if (timer_) asio::post(timer_->get_executor(), [self = shared_from_this()] { self->timer_->cancel(); });
}

// ---- upkeep (store's thread) ----

void mailbox_service::load(store::store& s)
{
    if (loaded_) return;
    loaded_ = true;
    reread_settings(s);
    threads_.clear();
    for (auto& t : s.mailbox().threads()) threads_.emplace(box_key(t.box_id), std::move(t));
    const auto now = now_();
    day_started_ = midnight_before(now);
    answered_before_start_ = answered_in_counters(s, day_started_, now);
}

void mailbox_service::reread_settings(store::store& s)
{
    const auto read = store::read_mailbox_settings(s);
    reply_seconds_ = std::int64_t{read.reply_hours} * 3600;
    retention_seconds_ = std::int64_t{read.retention_days} * 86400;
    max_threads_ = static_cast<std::size_t>(read.max_threads);
    zone_ = stats::centre_time_zone(s);
    last_settings_read_ = now_();
}

std::int64_t mailbox_service::midnight_before(std::int64_t now) const
{
    const auto zone = zone_ ? *zone_ : hours::time_zone::utc();
    return stats::start_of(stats::local_day_of(hour_of(now), zone), zone);
}

void mailbox_service::tick(store::store& s)
{
    load(s);
    const auto now = now_();
    claims_.expire(now);
    letters_.forget_quiet(now);
    attempts_.forget_quiet(now);
    if (now - last_settings_read_ >= 30) reread_settings(s);
    if (now - last_sweep_ >= 600) sweep(s);
    publish(s);
}

void mailbox_service::sweep(store::store& s)
{
    const auto now = now_();
    last_sweep_ = now;
    if (s.mailbox().delete_threads_before(now - retention_seconds_) > 0) {
        thread_map kept;
        for (auto& t : s.mailbox().threads()) kept.emplace(box_key(t.box_id), std::move(t));
        for (const auto& [box, t] : threads_)
            if (!kept.contains(box)) claims_.forget(box);
        threads_ = std::move(kept);
    }
    s.mailbox().delete_unused_keys(now);
}

void mailbox_service::publish(store::store& s)
{
    const auto now = now_();
    std::erase_if(watchers_, [](const watcher_entry& w) { return w.who.expired(); });
    const pseudonym_of names = [this, &s](std::int64_t account) { return pseudonym(s, account); };
    for (auto& w : watchers_) {
        auto listing = list_for(threads_, w.as, claims_, names, now, reply_seconds_);
        if (w.told == listing) continue;
        if (auto watcher = w.who.lock()) watcher->mailbox_changed(protocol::frame(listing));
        w.told = std::move(listing);
    }
    const auto load = load_of(threads_, now, answered_today(now));
    if (load_told_ != load) {
        if (events_.load_changed) events_.load_changed(load);
        load_told_ = load;
    }
}

std::size_t mailbox_service::answered_today(std::int64_t now)
{
    const auto midnight = midnight_before(now);
    if (midnight != day_started_) {  // a new day
        day_started_ = midnight;
        answered_before_start_ = 0;
    }
    std::erase_if(answered_at_, [&](std::int64_t at) { return at < day_started_; });
    return answered_before_start_ + answered_at_.size();
}

std::optional<std::string> mailbox_service::pseudonym(store::store& s, std::int64_t account)
{
    if (const auto found = names_.find(account); found != names_.end()) return found->second;
    const auto a = s.find_account(account);
    if (!a) return std::nullopt;
    names_[account] = a->pseudonym;
    return a->pseudonym;
}

std::vector<protocol::roster_entry> mailbox_service::lane_roster(store::store& s, std::string_view lane, std::int64_t now)
{
    std::vector<protocol::roster_entry> roster;
    for (const auto& a : s.list_accounts()) {
        if (!can_answer_letters(a, lane)) continue;
        const auto keys = s.mailbox().keys_of(a.id);
        if (keys.empty() || keys.front().not_after <= now) continue;
        roster.push_back(entry_of(a, keys.front()));
    }
    return roster;
}

std::optional<protocol::roster_entry> mailbox_service::author_entry(store::store& s, std::int64_t account,
                                                                     const bytes& mailbox_key)
{
    const auto a = s.find_account(account);
    if (!a || a->certificate.empty()) return std::nullopt;
    for (const auto& k : s.mailbox().keys_of(account))
        if (k.public_key == mailbox_key) return entry_of(*a, k);
    return std::nullopt;
}

outcome<store::thread_row> mailbox_service::check_code(const client_key& key, const thread_code& code, std::int64_t now)
{
    if (const auto wait = attempts_.refusal(key, now))
        return protocol::error_reply{.code = errc::too_many_attempts, .retry_after = *wait};
    const auto found = threads_.find(box_key(code.box_id));
    if (found == threads_.end() || !auth_matches(code.box_auth, found->second.auth_hash)) {
        attempts_.count(key, now);
        return protocol::error_reply{.code = errc::no_such_thread};
    }
    return found->second;
}

outcome<store::thread_row> mailbox_service::append(store::store& s, store::thread_row updated, store::letter_row letter)
{
    letter.number = updated.letters + 1;
    updated.letters = letter.number;
    updated.last_letter_hour = letter.hour;
    if (!s.mailbox().append_letter(updated.box_id, letter, updated))  // another letter came first
        return protocol::error_reply{.code = errc::letter_number, .expected = static_cast<std::uint64_t>(letter.number)};
    threads_[box_key(updated.box_id)] = updated;
    return updated;
}

// ---- the help-seeker's side ----

asio::awaitable<protocol::mailbox_roster> mailbox_service::roster(std::string lane)
{
    auto reading = db_.run([self = shared_from_this(), lane = std::move(lane)](store::store& s) {
        self->load(s);
        return protocol::mailbox_roster{lane, self->lane_roster(s, lane, self->now_()), s.setting("revocation_list"),
                                        self->reply_seconds_ / 3600};
    });
    co_return co_await std::move(reading);
}

asio::awaitable<outcome<protocol::letter_saved>> mailbox_service::create_thread(client_key key, new_thread_request request)
{
    auto creating = db_.run([self = shared_from_this(), key, request = std::move(request)](
                                store::store& s) -> outcome<protocol::letter_saved> {
        self->load(s);
        const auto now = self->now_();
        if (const auto wait = self->letters_.refusal(key, now))
            return protocol::error_reply{.code = errc::too_many_letters, .retry_after = *wait};
        const auto hour = hour_of(now);
        store::thread_row row;
        row.box_id = request.code.box_id;
        row.auth_hash = auth_hash(request.code.box_auth);
        row.thread_key = request.thread_key;
        row.lane = request.lane;
        row.language = request.language;
        row.age_band = request.age_band;
        row.topic = request.topic;
        if (request.counsellor) {
            // "Keep in touch with this counsellor": they answer first, if they can answer letters.
            const auto a = s.find_account(*request.counsellor);
            if (a && can_answer_letters(*a, request.lane)) row.counsellor = a->id;
        }
        row.reply_by = hour + self->reply_seconds_;
        row.waiting_since = hour;
        row.last_letter_hour = hour;
        row.letters = 1;
        store::letter_row first{1, store::letter_from::help_seeker, hour, std::nullopt, {}, request.letter.ciphertext,
                                request.letter.envelopes};
        switch (s.mailbox().create_thread(row, first, self->max_threads_)) {
        case store::mailbox_store::create_result::exists: return protocol::error_reply{.code = errc::thread_exists};
        case store::mailbox_store::create_result::full: return protocol::error_reply{.code = errc::mailbox_full};
        case store::mailbox_store::create_result::created: break;
        }
        self->letters_.count(key, now);
        self->threads_[box_key(row.box_id)] = row;
        if (self->events_.letter_received) self->events_.letter_received(row.lane);
        self->publish(s);
        return protocol::letter_saved{crypto::to_base64(row.box_id), 1, row.reply_by};
    });
    co_return co_await std::move(creating);
}

asio::awaitable<outcome<protocol::seeker_thread>> mailbox_service::open_thread(client_key key, thread_code code)
{
    auto reading = db_.run([self = shared_from_this(), key, code = std::move(code)](
                               store::store& s) -> outcome<protocol::seeker_thread> {
        self->load(s);
        const auto found = self->check_code(key, code, self->now_());
        if (!found) return found.error();
        const auto& t = *found;
        protocol::seeker_thread thread{crypto::to_base64(t.box_id), t.lane, t.language, t.reply_by,
                                       t.counsellor ? self->pseudonym(s, *t.counsellor) : std::nullopt, {},
                                       s.setting("revocation_list")};
        for (const auto& l : s.mailbox().letters(t.box_id)) {
            const bool from_counsellor = l.from == store::letter_from::counsellor;
            protocol::seeker_thread::letter out{l.number, from_counsellor, l.hour, crypto::to_base64(l.ciphertext), {}, {}};
            for (const auto& e : l.envelopes)
                if (e.reader_key == t.thread_key) out.envelope = crypto::to_base64(e.box);
            if (from_counsellor && l.author) out.author = self->author_entry(s, *l.author, l.sender_key);
            thread.letters.push_back(std::move(out));
        }
        return thread;
    });
    co_return co_await std::move(reading);
}

asio::awaitable<outcome<protocol::letter_saved>> mailbox_service::add_letter(client_key key, letter_request request)
{
    auto adding = db_.run([self = shared_from_this(), key, request = std::move(request)](
                              store::store& s) -> outcome<protocol::letter_saved> {
        self->load(s);
        const auto now = self->now_();
        const auto found = self->check_code(key, request.code, now);
        if (!found) return found.error();
        if (const auto wait = self->letters_.refusal(key, now))
            return protocol::error_reply{.code = errc::too_many_letters, .retry_after = *wait};
        const auto& t = *found;
        if (auto refusal = next_number_refusal(t, request.number, self->limits_.max_letters_per_thread)) return *refusal;
        auto updated = t;
        if (!updated.reply_by) {  // the first letter since the last answer starts the clock
            updated.reply_by = hour_of(now) + self->reply_seconds_;
            updated.waiting_since = hour_of(now);
        }
        const auto stored = self->append(s, std::move(updated),
                                         {0, store::letter_from::help_seeker, hour_of(now), std::nullopt, {},
                                          request.letter.ciphertext, request.letter.envelopes});
        if (!stored) return stored.error();
        self->letters_.count(key, now);
        if (self->events_.letter_received) self->events_.letter_received(t.lane);
        self->publish(s);
        return protocol::letter_saved{crypto::to_base64(t.box_id), stored->letters, stored->reply_by};
    });
    co_return co_await std::move(adding);
}

asio::awaitable<outcome<protocol::thread_deleted>> mailbox_service::delete_thread(client_key key, thread_code code)
{
    auto deleting = db_.run([self = shared_from_this(), key, code = std::move(code)](
                                store::store& s) -> outcome<protocol::thread_deleted> {
        self->load(s);
        const auto found = self->check_code(key, code, self->now_());
        if (!found) return found.error();
        s.mailbox().delete_thread(found->box_id);
        self->threads_.erase(box_key(found->box_id));
        self->claims_.forget(box_key(found->box_id));
        self->publish(s);
        return protocol::thread_deleted{crypto::to_base64(found->box_id)};
    });
    co_return co_await std::move(deleting);
}

asio::awaitable<std::optional<std::int64_t>> mailbox_service::answering_counsellor(client_key key, thread_code code)
{
    auto finding = db_.run([self = shared_from_this(), key, code = std::move(code)](store::store& s) {
        self->load(s);
        const auto found = self->check_code(key, code, self->now_());
        return found ? found->counsellor : std::nullopt;
    });
    co_return co_await std::move(finding);
}

} // namespace tillit::mailbox
