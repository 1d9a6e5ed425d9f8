// pairing_actor: events applied in order on one strand: the tick, joins, duty, pairing, resuming,
// ending and blocking. Counsellors' duty and connections, transfers and the dashboard feed are in
// pairing_actor_counsellors.cpp, pairing_actor_transfers.cpp and pairing_actor_dashboards.cpp.
#include "chat/pairing_actor.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <boost/json/value.hpp>

#include "async/offload.hpp"
#include "chat/pairing_news.hpp"
#include "log/log.hpp"

namespace tillit::chat {

namespace asio = boost::asio;
namespace json = boost::json;

pairing_actor::pairing_actor(asio::any_io_executor executor, settings s, const auth::server_secret& secret,
                             availability_check check, std::shared_ptr<activity_observer> observer,
                             std::shared_ptr<live_chat_ledger> ledger, std::vector<session_id> restorable)
    : strand_(asio::make_strand(executor)),
      settings_(s),
      secret_(secret),
      availability_(std::move(check)),
      observer_(std::move(observer)),
      ledger_(std::move(ledger)),
      restorable_(restorable, s.time_source.now() + s.seeker_grace),
      gate_(s.joins_per_minute),
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
    gate_.forget_expired(time_now());
    forget_unrestored(time_now());
    expire_now();
    pair_now();
    send_positions();
    send_dashboards();
    ticker_.expires_after(settings_.tick_interval);
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
    if (s == side::counsellor) return assigned_news(room, language_differs, waited, returning);
    return paired_news(room, language_differs, token_for(room, side::seeker), bundle_of(room.counsellor()));
}

asio::awaitable<pairing_actor::join_result> pairing_actor::join(std::weak_ptr<participant> who, seeker_request request,
                                                               std::optional<std::int64_t> joined_unix, client_key key)
{
    auto applied = async::offload(strand_, [this, who, request = std::move(request), joined_unix, key]() mutable {
        const auto now = time_now();
        if (auto refusal = gate_.refusal(key, now)) {
            if (auto p = who.lock()) p->notify(*refusal);
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
        if (joined_unix && *joined_unix <= unix_now() && unix_now() - *joined_unix < restorable_chats::max_token_age_seconds)
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
                    if (auto seeker = who.lock()) seeker->notify(queue_news(p.position, p.estimated_wait));
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
        if (self->book_.leave(ticket, self->time_now())) {
            log::info("queue_left");
            if (self->observer_ && gave_up) self->observer_->abandoned(gave_up->lane, gave_up->language);
        }
        self->seekers_.erase(ticket);
    });
}

void pairing_actor::send_seeker_epoch(chat_entry& entry, std::string_view reason)
{
    auto bundle = bundle_of(entry.room->counsellor());
    const bool none = bundle.is_null();
    const bool told = entry.room->tell(side::seeker,
                                       seeker_epoch_news(*entry.room, token_for(*entry.room, side::seeker), std::move(bundle), reason));
    entry.awaiting_bundle = none || !told;
}

void pairing_actor::seeker_attached(std::shared_ptr<chat_room> room)
{
    asio::post(strand_, [self = shared_from_this(), room = std::move(room)] {
        const auto found = self->chats_.find(room->sid());
        if (found == self->chats_.end() || found->second.room != room || room->ended()) return;
        auto& entry = found->second;
        if (entry.awaiting_bundle && !entry.restored && !self->bundle_of(room->counsellor()).is_null())
            self->send_seeker_epoch(entry, "");
    });
}

void pairing_actor::forget_unrestored(clock::time_point now)
{
    // Nobody came back for these within the grace period: those chats are over.
    for (const auto& sid : restorable_.expire(now))
        if (ledger_) ledger_->closed(sid);
}

asio::awaitable<pairing_actor::resumed> pairing_actor::resume(resume_claim claim, std::weak_ptr<participant> who,
                                                              client_key key)
{
    auto applied = async::offload(strand_, [this, claim = std::move(claim), who, key]() mutable -> resumed {
        if (claim.side != side::seeker) return {};
        if (const auto found = chats_.find(claim.sid); found != chats_.end()) {
            auto& entry = found->second;
            // An ended chat never comes back; a token resumes once (chat_room::spend_token).
            if (entry.room->ended() || !entry.room->spend_token(claim.generation)) return {};
            const auto previous = entry.seeker.lock();
            if (previous && previous != who.lock()) previous->moved_elsewhere(entry.room);
            entry.seeker = who;
            entry.seeker_key = key;  // the client as it is now, also from a new network
            auto bundle = bundle_of(entry.room->counsellor());
            entry.awaiting_bundle = bundle.is_null();  // `resumed` carries it
            return {entry.room, std::move(bundle), token_for(*entry.room, side::seeker), {}};
        }
        // Not known: the server restarted. Only a chat that was live when it stopped is made again
        // (one that ended, e.g. blocked, stays ended); its counsellor finds it when they come back,
        // and if they do not within the grace period the help-seeker is queued again.
        if (!restorable_.take(claim, unix_now())) return {};
        const auto now = time_now();
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
        room->keep_unconfirmed_token(claim.generation);  // in case this `resumed` is lost too
        auto bundle = bundle_of(claim.counsellor);
        chats_[claim.sid] = {room, book_chat, who, true, key, {}, {}, bundle.is_null()};
        by_book_chat_[book_chat] = claim.sid;
        log::info("chat_restored");
        attach_counsellor_chats(claim.counsellor, &claim.sid);
        chats_[claim.sid].awaiting_bundle = bundle.is_null();  // `resumed` carries it
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
        self->gate_.block(found->second.seeker_key, self->time_now() + self->settings_.block_duration);
        self->finish_chat(room->sid(), "blocked");
        self->pair_now();
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
    if (found->second.room->end(reason)) note_closed(found->second, time_now());
    book_.chat_ended(found->second.book_chat);
    by_book_chat_.erase(found->second.book_chat);
    if (ledger_) ledger_->closed(sid);
    chats_.erase(found);
    log::info("chat_ended", {{"reason", reason}});
}

void pairing_actor::pair_now()
{
    const auto now = time_now();
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
    for (const auto& p : book_.positions(time_now())) {
        const auto found = seekers_.find(p.ticket);
        if (found == seekers_.end()) continue;
        auto& entry = found->second;
        if (entry.told_once && entry.told_position == p.position && entry.told_wait == p.estimated_wait) continue;
        entry.told_once = true;
        entry.told_position = p.position;
        entry.told_wait = p.estimated_wait;
        if (auto seeker = entry.who.lock()) seeker->notify(queue_news(p.position, p.estimated_wait));
    }
}

void pairing_actor::expire_now()
{
    const auto now = time_now();
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

} // namespace tillit::chat
