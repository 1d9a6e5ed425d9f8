// pairing_actor: events applied in order on one strand; the tick; telling both sides.
#include "chat/pairing_actor.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <boost/json/value.hpp>

#include "async/offload.hpp"
#include "log/log.hpp"

namespace tillit::chat {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr auto tick_interval = std::chrono::seconds(1);
constexpr std::int64_t max_token_age_seconds = 24 * 3600;

std::int64_t unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool same_owner(const std::weak_ptr<dashboard_watcher>& a, const std::weak_ptr<dashboard_watcher>& b)
{
    return !a.owner_before(b) && !b.owner_before(a);
}

protocol::queue_position queue_event(std::size_t position, std::optional<std::chrono::seconds> wait)
{
    return {position, wait ? std::optional<std::int64_t>(wait->count()) : std::nullopt};
}

protocol::chat_note note(protocol::chat_note::kind what, const chat_room& room) { return {what, room.sid_text()}; }

} // namespace

pairing_actor::pairing_actor(asio::any_io_executor executor, settings s, const auth::server_secret& secret,
                             availability_check check, std::shared_ptr<activity_observer> observer,
                             std::shared_ptr<live_chat_ledger> ledger, std::vector<session_id> restorable)
    : strand_(asio::make_strand(executor)),
      settings_(s),
      secret_(secret),
      availability_(std::move(check)),
      observer_(std::move(observer)),
      ledger_(std::move(ledger)),
      restorable_(restorable.begin(), restorable.end()),
      restorable_until_(clock::now() + s.seeker_grace),
      join_throttle_(s.joins_per_minute),
      ticker_(strand_),
      book_(s.book)
{
}

void pairing_actor::start()
{
    asio::post(strand_, [self = shared_from_this()] { self->tick(); });
}

void pairing_actor::stop()
{
    // Chats are not ended: their sides come back with resume tokens after a restart.
    asio::post(strand_, [self = shared_from_this()] {
        self->stopped_ = true;
        self->ticker_.cancel();
    });
}

void pairing_actor::tick()
{
    if (stopped_) return;
    std::erase_if(blocked_until_, [now = clock::now()](const auto& entry) { return entry.second <= now; });
    join_throttle_.forget_quiet(clock::now());
    forget_unrestored(clock::now());
    expire_now();
    pair_now();
    send_positions();
    send_dashboards();
    ticker_.expires_after(tick_interval);
    ticker_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec) self->tick();
    });
}

std::string pairing_actor::token_for(const chat_room& room, side s) const
{
    resume_claim claim{room.sid(), s, room.epoch(), room.counsellor(), room.request(), room.joined_unix(), room.token_generation()};
    return issue_resume_token(claim, secret_);
}

absence_waits pairing_actor::waits() const
{
    return {std::chrono::duration_cast<std::chrono::seconds>(settings_.seeker_grace),
            std::chrono::duration_cast<std::chrono::seconds>(settings_.book.counsellor_grace)};
}

json::value pairing_actor::bundle_of(counsellor_id id) const
{
    const auto found = bundles_.find(id);
    return found == bundles_.end() ? json::value(nullptr) : found->second;
}

protocol::event pairing_actor::paired_event(const chat_room& room, side s, bool language_differs, clock::duration waited,
                                           bool returning) const
{
    const auto& request = room.request();
    if (s == side::seeker)
        return protocol::paired{room.sid_text(),    room.epoch(), std::string(to_string(request.lane)), request.language,
                                language_differs, token_for(room, side::seeker), bundle_of(room.counsellor())};
    // A connection that takes over a chat in an epoch that already ran may lack its keys (a
    // reload): `returning` says it may ask for a new epoch (restart_epoch).
    return protocol::assigned{room.sid_text(),
                              room.epoch(),
                              std::string(to_string(request.lane)),
                              request.language,
                              language_differs,
                              request.age_band,
                              request.topic,
                              std::chrono::duration_cast<std::chrono::seconds>(waited).count(),
                              returning};
}

asio::awaitable<pairing_actor::join_result> pairing_actor::join(std::weak_ptr<participant> who, seeker_request request,
                                                               std::optional<std::int64_t> joined_unix, client_key key)
{
    auto applied = async::offload(strand_, [this, who, request = std::move(request), joined_unix, key]() mutable {
        const auto now = clock::now();
        if (const auto blocked = blocked_until_.find(key); blocked != blocked_until_.end() && blocked->second > now) {
            if (auto p = who.lock()) p->notify(protocol::error_reply{protocol::errc::blocked});
            return join_result{};
        }
        // Checked before anything is counted: a script joining and leaving in a loop must not
        // drive the "abandoned" statistics or the log.
        if (const auto wait = join_throttle_.admit(key, now)) {
            if (auto p = who.lock()) {
                protocol::error_reply refusal{protocol::errc::too_many_joins};
                refusal.retry_after = wait->count();
                p->notify(refusal);
            }
            return join_result{};
        }
        const auto verdict = availability_(request.lane, book_.anyone_serving(request.lane));
        if (!verdict.open) {
            if (observer_) observer_->closed_visit(request.lane, verdict.reason);
            if (auto p = who.lock()) p->notify(verdict.closed);
            return join_result{};
        }
        // A help-seeker who was waiting before a restart keeps their place.
        std::optional<clock::time_point> joined;
        if (joined_unix && *joined_unix <= unix_now() && unix_now() - *joined_unix < max_token_age_seconds)
            joined = now - std::chrono::seconds(unix_now() - *joined_unix);
        const auto ticket = book_.join(std::move(request), now, joined);
        seekers_[ticket] = {who, {}, {}, false, key};
        pair_now();
        if (book_.is_waiting(ticket)) {
            for (const auto& p : book_.positions(now))
                if (p.ticket == ticket) {
                    auto& entry = seekers_[ticket];
                    entry.told_position = p.position;
                    entry.told_wait = p.estimated_wait;
                    entry.told_once = true;
                    if (auto seeker = who.lock()) seeker->notify(queue_event(p.position, p.estimated_wait));
                }
        }
        return join_result{ticket};
    });
    co_return co_await std::move(applied);
}

void pairing_actor::leave(ticket_id ticket)
{
    asio::post(strand_, [self = shared_from_this(), ticket] {
        const auto* request = self->book_.request_of(ticket);
        const auto gave_up = request ? std::optional<seeker_request>(*request) : std::nullopt;
        if (self->book_.leave(ticket, clock::now())) {
            log::info("queue_left");
            if (self->observer_ && gave_up) self->observer_->abandoned(gave_up->lane, gave_up->language);
        }
        self->seekers_.erase(ticket);
    });
}

asio::awaitable<bool> pairing_actor::go_on_duty(counsellor_id id, std::weak_ptr<participant> who, std::vector<lane> lanes,
                                                std::vector<std::string> languages, unsigned capacity, json::value bundle)
{
    auto applied = async::offload(strand_, [this, id, who, lanes = std::move(lanes), languages = std::move(languages),
                                            capacity, bundle = std::move(bundle)]() mutable {
        if (capacity < 1 || capacity > settings_.max_capacity) return false;
        const bool new_bundle = !bundle.is_null();
        if (new_bundle || !bundles_.contains(id)) bundles_[id] = std::move(bundle);  // a capacity change keeps the shift key
        book_.go_on_duty(id, std::move(lanes), std::move(languages), capacity);
        // Help-seekers who were told "no bundle yet" (a restart, a console that came back without
        // its shift key) get it now, not only when they happen to reconnect.
        if (new_bundle) send_awaited_bundles(id);
        // Confirmed before any chat this brings, so the console knows its state first.
        if (auto counsellor = who.lock())
            counsellor->notify(protocol::duty_state{true, capacity});
        counsellor_connected(id, who);
        pair_now();
        return true;
    });
    co_return co_await std::move(applied);
}

void pairing_actor::go_off_duty(counsellor_id id, std::weak_ptr<participant> who)
{
    asio::post(strand_, [self = shared_from_this(), id, who] {
        self->book_.go_off_duty(id);
        self->counsellor_connected(id, who);
    });
}

void pairing_actor::counsellor_disconnected(counsellor_id id, std::weak_ptr<participant> who)
{
    asio::post(strand_, [self = shared_from_this(), id, who] {
        const auto found = self->counsellors_.find(id);
        // A late notice from an old connection must not mark a counsellor who is back as gone.
        if (found == self->counsellors_.end() || found->second.owner_before(who) || who.owner_before(found->second)) return;
        self->book_.counsellor_disconnected(id, clock::now());
        self->counsellors_.erase(found);
    });
}

void pairing_actor::counsellor_connected(counsellor_id id, const std::weak_ptr<participant>& who)
{
    const auto found = counsellors_.find(id);
    const bool same = found != counsellors_.end() && !found->second.owner_before(who) && !who.owner_before(found->second);
    const auto previous = found == counsellors_.end() || same ? nullptr : found->second.lock();
    counsellors_[id] = who;
    book_.counsellor_reconnected(id);
    if (!same) attach_counsellor_chats(id, nullptr, previous);
}

protocol::seeker_epoch pairing_actor::seeker_epoch_event(chat_entry& entry, std::string_view reason)
{
    auto bundle = bundle_of(entry.room->counsellor());
    entry.awaiting_bundle = bundle.is_null();
    return {entry.room->sid_text(), entry.room->epoch(), token_for(*entry.room, side::seeker), std::move(bundle),
            std::string(reason)};
}

void pairing_actor::attach_counsellor_chats(counsellor_id id, const session_id* only, const std::shared_ptr<participant>& previous)
{
    const auto found = counsellors_.find(id);
    if (found == counsellors_.end()) return;
    const auto who = found->second.lock();
    if (!who) return;
    for (auto& [sid, entry] : chats_) {
        if (entry.room->counsellor() != id || (only != nullptr && sid != *only)) continue;
        const bool returning = !entry.restored;
        if (entry.restored) {
            // The chat was made again after a restart (already in its new epoch): now that its
            // counsellor is back, the help-seeker gets their bundle to run the new handshake.
            entry.restored = false;
            entry.room->tell(side::seeker, seeker_epoch_event(entry, ""));
        }
        if (previous) previous->moved_elsewhere(entry.room);
        who->enter_chat(entry.room, paired_event(*entry.room, side::counsellor, false, {}, returning));
    }
}

void pairing_actor::send_awaited_bundles(counsellor_id id)
{
    for (auto& [sid, entry] : chats_)
        if (entry.awaiting_bundle && !entry.restored && entry.room->counsellor() == id)
            entry.room->tell(side::seeker, seeker_epoch_event(entry, ""));
}

void pairing_actor::forget_unrestored(clock::time_point now)
{
    if (restorable_.empty() || now < restorable_until_) return;
    // Nobody came back for these within the grace period: those chats are over.
    if (ledger_)
        for (const auto& sid : restorable_) ledger_->closed(sid);
    restorable_.clear();
}

void pairing_actor::restart_epoch(std::shared_ptr<chat_room> room, counsellor_id by)
{
    asio::post(strand_, [self = shared_from_this(), room = std::move(room), by] {
        const auto found = self->chats_.find(room->sid());
        if (found == self->chats_.end() || room->ended() || room->counsellor() != by) return;
        // Old frames are reported undelivered to their senders (the clients' sync resends what
        // the other side lacks), numbering starts again, and both sides run a new handshake.
        const auto epoch = room->new_epoch();
        room->tell(side::counsellor, protocol::epoch_started{room->sid_text(), epoch});
        room->tell(side::seeker, self->seeker_epoch_event(found->second, "counsellor_reconnected"));
        log::info("epoch_restarted");
    });
}

asio::awaitable<pairing_actor::resumed> pairing_actor::resume(resume_claim claim, std::weak_ptr<participant> who,
                                                              client_key key)
{
    auto applied = async::offload(strand_, [this, claim = std::move(claim), who, key]() mutable -> resumed {
        if (claim.side != side::seeker) return {};
        if (const auto found = chats_.find(claim.sid); found != chats_.end()) {
            auto& entry = found->second;
            // An ended chat never comes back; a token resumes once (the newest generation only).
            if (entry.room->ended() || claim.generation != entry.room->token_generation()) return {};
            entry.room->rotate_token_generation();
            const auto previous = entry.seeker.lock();
            if (previous && previous != who.lock()) previous->moved_elsewhere(entry.room);
            entry.seeker = who;
            entry.seeker_key = key;  // the client as it is now, also from a new network
            auto bundle = bundle_of(entry.room->counsellor());
            if (entry.room->epoch() != claim.epoch) entry.awaiting_bundle = bundle.is_null();
            return {entry.room, std::move(bundle), token_for(*entry.room, side::seeker), {}};
        }
        // Not known: the server restarted. Only a chat that was live when it stopped is made again
        // (one that ended, e.g. blocked, stays ended); its counsellor finds it when they come back,
        // and if they do not within the grace period the help-seeker is queued again.
        if (!restorable_.contains(claim.sid)) return {};
        if (claim.counsellor == 0 || unix_now() - claim.joined_unix > max_token_age_seconds) return {};
        restorable_.erase(claim.sid);
        const auto now = clock::now();
        const auto joined = now - std::chrono::seconds(std::max<std::int64_t>(0, unix_now() - claim.joined_unix));
        if (!book_.can_restore_to(claim.counsellor)) {
            // Their counsellor is back and full: no chat takes anyone past their capacity. The
            // help-seeker goes to the front of the queue instead.
            if (ledger_) ledger_->closed(claim.sid);
            const auto ticket = book_.put_back(claim.request, joined);
            seekers_[ticket] = {who, {}, {}, false, key};
            if (auto p = who.lock()) p->notify(protocol::requeued{"counsellor_full"});
            log::info("requeued", {{"reason", "counsellor_full"}});
            return {nullptr, nullptr, {}, ticket};
        }
        // In-order delivery cannot be restored across a restart: a new epoch from the start.
        auto room = std::make_shared<chat_room>(claim.sid, claim.epoch + 1, claim.request, claim.joined_unix, claim.counsellor,
                                                observer_, waits());
        const auto book_chat = book_.restore_chat(claim.counsellor, claim.request, joined, now);
        auto bundle = bundle_of(claim.counsellor);
        chats_[claim.sid] = {room, book_chat, who, true, key, {}, {}, bundle.is_null()};
        by_book_chat_[book_chat] = claim.sid;
        log::info("chat_restored");
        attach_counsellor_chats(claim.counsellor, &claim.sid);
        return {room, std::move(bundle), token_for(*room, side::seeker), {}};
    });
    co_return co_await std::move(applied);
}

void pairing_actor::end_chat(std::shared_ptr<chat_room> room, std::string reason)
{
    asio::post(strand_, [self = shared_from_this(), room = std::move(room), reason = std::move(reason)] {
        self->finish_chat(room->sid(), reason);
        self->pair_now();
    });
}

void pairing_actor::block(std::shared_ptr<chat_room> room, counsellor_id by)
{
    asio::post(strand_, [self = shared_from_this(), room = std::move(room), by] {
        const auto found = self->chats_.find(room->sid());
        if (found == self->chats_.end() || room->counsellor() != by) return;
        self->blocked_until_[found->second.seeker_key] = clock::now() + self->settings_.block_duration;
        self->finish_chat(room->sid(), "blocked");
        self->pair_now();
    });
}

void pairing_actor::propose_transfer(std::shared_ptr<chat_room> room, counsellor_id from, counsellor_id to)
{
    asio::post(strand_, [self = shared_from_this(), room = std::move(room), from, to] {
        const auto found = self->chats_.find(room->sid());
        using kind = protocol::chat_note::kind;
        if (found == self->chats_.end() || room->counsellor() != from) return;
        if (to == from || !self->book_.has_room_for(to, room->request().lane))
            return room->tell(side::counsellor, note(kind::transfer_unavailable, *room));
        found->second.transfer_to = to;
        room->tell(side::seeker, note(kind::transfer_request, *room));
        room->tell(side::counsellor, note(kind::transfer_pending, *room));
    });
}

void pairing_actor::answer_transfer(std::shared_ptr<chat_room> room, bool accept)
{
    asio::post(strand_, [self = shared_from_this(), room = std::move(room), accept] {
        const auto found = self->chats_.find(room->sid());
        if (found == self->chats_.end() || !found->second.transfer_to) return;
        const auto to = *std::exchange(found->second.transfer_to, std::nullopt);
        const auto from = room->counsellor();
        using kind = protocol::chat_note::kind;
        if (!accept) return room->tell(side::counsellor, note(kind::transfer_declined, *room));
        const auto target = self->counsellors_.find(to);
        auto next = target == self->counsellors_.end() ? nullptr : target->second.lock();
        if (!next || !self->book_.transfer(found->second.book_chat, to)) {
            room->tell(side::counsellor, note(kind::transfer_failed, *room));
            return room->tell(side::seeker, note(kind::transfer_failed, *room));
        }
        const auto previous_found = self->counsellors_.find(from);
        auto previous = previous_found == self->counsellors_.end() ? nullptr : previous_found->second.lock();
        // A new counsellor means new keys: the room starts a new epoch and tells the help-seeker.
        const auto epoch = room->change_counsellor(to);
        if (previous) previous->leave_chat(room, note(kind::transferred, *room), std::nullopt);
        auto bundle = self->bundle_of(to);
        found->second.awaiting_bundle = bundle.is_null();
        room->tell(side::seeker,
                   protocol::transferred{room->sid_text(), epoch, self->token_for(*room, side::seeker), std::move(bundle)});
        next->enter_chat(room, self->paired_event(*room, side::counsellor, false, {}));
        log::info("chat_transferred");
    });
}

void pairing_actor::note_closed(const chat_entry& entry, clock::time_point now) const
{
    if (observer_ && entry.paired_at) observer_->chat_closed(entry.room->request().lane, now - *entry.paired_at);
}

void pairing_actor::finish_chat(const session_id& sid, const std::string& reason)
{
    const auto found = chats_.find(sid);
    if (found == chats_.end()) return;
    if (found->second.room->end(reason)) note_closed(found->second, clock::now());
    book_.chat_ended(found->second.book_chat);
    by_book_chat_.erase(found->second.book_chat);
    if (ledger_) ledger_->closed(sid);
    chats_.erase(found);
    log::info("chat_ended", {{"reason", reason}});
}

void pairing_actor::pair_now()
{
    const auto now = clock::now();
    for (auto& made : book_.assign(now)) {
        const auto seeker_found = seekers_.find(made.ticket);
        auto seeker = seeker_found == seekers_.end() ? nullptr : seeker_found->second.who.lock();
        const auto seeker_found_key = seeker_found == seekers_.end() ? client_key{} : seeker_found->second.key;
        if (seeker_found != seekers_.end()) seekers_.erase(seeker_found);
        const auto counsellor_found = counsellors_.find(made.counsellor);
        auto counsellor = counsellor_found == counsellors_.end() ? nullptr : counsellor_found->second.lock();
        if (!seeker) {
            // Gone between joining and now (their leave is on its way): free the place again.
            book_.unpaired(made.chat, now);
            if (observer_) observer_->abandoned(made.request.lane, made.request.language);
            continue;
        }
        if (observer_) observer_->paired(made.request.lane, made.waited);
        const auto joined_unix = unix_now() - std::chrono::duration_cast<std::chrono::seconds>(made.waited).count();
        auto room = std::make_shared<chat_room>(random_session_id(), 0, made.request, joined_unix, made.counsellor, observer_,
                                                waits());
        const bool no_bundle = bundle_of(made.counsellor).is_null();
        chats_[room->sid()] = {room, made.chat, seeker, false, seeker_found_key, {}, now, no_bundle};
        by_book_chat_[made.chat] = room->sid();
        // Both sides hear of the chat once it is noted as live (enter_chat only posts, from any thread).
        auto tell_both = [room, seeker, counsellor = std::weak_ptr<participant>(counsellor),
                          seeker_news = paired_event(*room, side::seeker, made.language_differs, made.waited),
                          counsellor_news = paired_event(*room, side::counsellor, made.language_differs, made.waited)]() mutable {
            seeker->enter_chat(room, std::move(seeker_news));
            if (auto c = counsellor.lock()) c->enter_chat(room, std::move(counsellor_news));
        };
        if (ledger_) ledger_->opened(room->sid(), std::move(tell_both));
        else tell_both();
        log::info("paired", {{"lane", to_string(made.request.lane)}, {"language_differs", made.language_differs}});
    }
}

void pairing_actor::send_positions()
{
    for (const auto& p : book_.positions(clock::now())) {
        const auto found = seekers_.find(p.ticket);
        if (found == seekers_.end()) continue;
        auto& entry = found->second;
        if (entry.told_once && entry.told_position == p.position && entry.told_wait == p.estimated_wait) continue;
        entry.told_once = true;
        entry.told_position = p.position;
        entry.told_wait = p.estimated_wait;
        if (auto seeker = entry.who.lock()) seeker->notify(queue_event(p.position, p.estimated_wait));
    }
}

void pairing_actor::expire_now()
{
    const auto now = clock::now();
    for (const auto& put_back : book_.expire(now)) {
        const auto sid = by_book_chat_.find(put_back.old_chat);
        if (sid == by_book_chat_.end()) continue;
        const auto found = chats_.find(sid->second);
        by_book_chat_.erase(sid);
        if (found == chats_.end()) continue;
        auto entry = std::move(found->second);
        chats_.erase(found);
        if (ledger_) ledger_->closed(entry.room->sid());
        if (entry.room->end("counsellor_gone")) note_closed(entry, now);
        auto seeker = entry.seeker.lock();
        if (!seeker) {
            book_.withdraw(put_back.ticket);  // gone during the chat, not while waiting
            continue;
        }
        seekers_[put_back.ticket] = {entry.seeker, {}, {}, false, entry.seeker_key};
        seeker->leave_chat(entry.room, protocol::requeued{"counsellor_gone"}, put_back.ticket);
        log::info("requeued", {{"reason", "counsellor_gone"}});
    }
    // A help-seeker away longer than the grace period has gone: end their chat.
    std::vector<session_id> gone;
    for (const auto& [sid, entry] : chats_)
        if (entry.room->away_for(side::seeker, now) > settings_.seeker_grace) gone.push_back(sid);
    for (const auto& sid : gone) finish_chat(sid, "help_seeker_gone");
}

asio::awaitable<dashboard> pairing_actor::snapshot()
{
    auto taking = async::offload(strand_, [this] { return book_.snapshot(clock::now()); });
    co_return co_await std::move(taking);
}

void pairing_actor::watch(std::weak_ptr<dashboard_watcher> who)
{
    asio::post(strand_, [self = shared_from_this(), who = std::move(who)] {
        auto watcher = who.lock();
        if (!watcher) return;
        auto current = self->book_.snapshot(clock::now());
        watcher->notify(dashboard_event(current, unix_now()));
        const auto found = std::find_if(self->watchers_.begin(), self->watchers_.end(),
                                        [&](const watcher_entry& entry) { return same_owner(entry.who, who); });
        if (found != self->watchers_.end()) found->told = std::move(current);
        else self->watchers_.push_back({who, std::move(current)});
    });
}

void pairing_actor::unwatch(std::weak_ptr<dashboard_watcher> who)
{
    asio::post(strand_, [self = shared_from_this(), who = std::move(who)] {
        std::erase_if(self->watchers_, [&](const watcher_entry& entry) { return same_owner(entry.who, who); });
        // Sent from this strand, so after every dashboard sent to it before.
        if (auto watcher = who.lock()) watcher->notify(protocol::unwatched{});
    });
}

void pairing_actor::send_dashboards()
{
    std::erase_if(watchers_, [](const watcher_entry& entry) { return entry.who.expired(); });
    if (watchers_.empty()) return;
    const auto current = book_.snapshot(clock::now());
    std::optional<protocol::event> update;  // made once, only if someone needs it
    for (auto& entry : watchers_) {
        if (entry.told == current) continue;
        auto watcher = entry.who.lock();
        if (!watcher) continue;
        if (!update) update = dashboard_event(current, unix_now());
        watcher->notify(*update);
        entry.told = current;
    }
}

} // namespace tillit::chat
